"""The public credit report (HTML and PDF) with the signed tree head and inclusion proofs."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
"""The portal routes of this module (``create_portal`` mounts them)."""
