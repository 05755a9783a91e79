"""Subject self-service: sign-in with a subject key, own record, cases, objections, consents."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
"""The portal routes of this module (``create_portal`` mounts them)."""
