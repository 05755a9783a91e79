"""One router per area of the API (DESIGN §7)."""
