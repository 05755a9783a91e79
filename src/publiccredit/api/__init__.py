"""The HTTP API (FastAPI): ``create_app`` builds it over a store; docs/api.md describes it."""

from typing import Any

__all__ = ["app_from_env", "create_app"]


def __getattr__(name: str) -> Any:
    """``create_app`` and ``app_from_env``, imported on first use (PEP 562).

    Lazily, because the app mounts the portal and the portal's modules import
    the API's data functions: importing ``publiccredit.api.<module>`` first must
    not drag in the whole app (and through it the portal) half-initialised."""
    if name in __all__:
        from publiccredit.api import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
