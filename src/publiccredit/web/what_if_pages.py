"""Subject self-service: the what-if simulator and the repair application."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
"""The portal routes of this module (``create_portal`` mounts them)."""
