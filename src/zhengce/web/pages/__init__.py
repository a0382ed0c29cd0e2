"""All web pages, one module per area; `router` and `render_error` are what the app mounts."""

from fastapi import APIRouter

from ..render import render_error
from . import account, groundwater, home, library, provisions, public, regimes, search

router = APIRouter(include_in_schema=False)
for _module in (home, library, search, provisions, public, account, groundwater, regimes):
    router.include_router(_module.router)

__all__ = ["render_error", "router"]
