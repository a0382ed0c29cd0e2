"""REST API and web service: `create_app(db_url)` builds the FastAPI application."""

from .app import create_app

__all__ = ["create_app"]
