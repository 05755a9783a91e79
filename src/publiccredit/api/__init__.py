"""The HTTP API (FastAPI): ``create_app`` builds it over a store; docs/api.md describes it."""

from publiccredit.api.app import app_from_env, create_app

__all__ = ["app_from_env", "create_app"]
