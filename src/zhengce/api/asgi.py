"""ASGI entry for multi-worker serving: `uvicorn zhengce.api.asgi:app` reads $ZHENGCE_DB."""

from __future__ import annotations

import os

from .app import create_app

app = create_app(os.environ.get("ZHENGCE_DB"), secure_cookies=bool(os.environ.get("ZHENGCE_SECURE_COOKIES")))
