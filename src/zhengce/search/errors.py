"""The one exception a search caller has to expect."""

from __future__ import annotations

from ..errors import UserError


class QueryError(UserError, ValueError):
    """A query that cannot be searched (empty, too long, not text). The message is Chinese + English."""
