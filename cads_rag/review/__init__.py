"""Review and approval: drafts, every revision, approvals, the audit trail, and the library
of approved answers.

>>> from cads_rag.review import ReviewStore
>>> store = ReviewStore.open("sqlite:///:memory:")
>>> store.list()
[]
"""

from cads_rag.review.models import (
    ConflictError,
    FourEyesError,
    Review,
    ReviewError,
    ReviewNotFoundError,
    TransitionError,
)
from cads_rag.review.store import ReviewStore

__all__ = ["ConflictError", "FourEyesError", "Review", "ReviewError", "ReviewNotFoundError", "ReviewStore", "TransitionError"]
