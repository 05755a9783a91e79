"""The active policy pack rendered for people: every list and measure with its legal basis."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
"""The portal routes of this module (``create_portal`` mounts them)."""
