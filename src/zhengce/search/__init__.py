"""Chinese-aware full-text search over the corpus: see `index` for the on-disk design."""

from .errors import QueryError
from .filters import SearchFilters
from .index import SearchIndex
from .records import SearchRecord, records_from_documents
from .results import SearchHit

__all__ = [
    "QueryError",
    "SearchFilters",
    "SearchHit",
    "SearchIndex",
    "SearchRecord",
    "records_from_documents",
]
