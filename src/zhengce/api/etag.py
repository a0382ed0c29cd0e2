"""ETags: hash what the response is made of, answer 304 when the client already has it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse

# Responses can depend on who asks (jurisdiction), so caches must keep them per user.
PRIVATE_HEADERS = {"Cache-Control": "private, no-cache", "Vary": "Cookie, Authorization"}


def make_etag(*parts: Any) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return '"' + hashlib.sha256(blob).hexdigest()[:32] + '"'


def matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag in tags


def not_modified(etag: str) -> Response:
    return Response(status_code=304, headers={"ETag": etag, **PRIVATE_HEADERS})


def json_with_etag(request: Request, payload: Any, *key: Any) -> Response:
    """JSON with an ETag over `key` (cheap, when given) or over the payload itself."""
    etag = make_etag(*key) if key else make_etag(payload)
    if matches(request, etag):
        return not_modified(etag)
    return JSONResponse(payload, headers={"ETag": etag, **PRIVATE_HEADERS})


def bytes_with_etag(
    request: Request, body: bytes, etag: str, media_type: str = "application/json"
) -> Response:
    """A pre-serialized body (cached with its ETag)."""
    if matches(request, etag):
        return not_modified(etag)
    return Response(body, media_type=media_type, headers={"ETag": etag, **PRIVATE_HEADERS})
