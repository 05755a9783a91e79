"""Statistics over time with charts the app renders itself."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
"""The portal routes of this module (``create_portal`` mounts them)."""
