"""What the review store returns: reviews with their revisions and cited units, audit
entries, the verdict on the audit chain, and the errors of the review workflow.

>>> Review.model_fields["status"].annotation
typing.Literal['draft', 'edited', 'approved', 'posted', 'rejected']
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["draft", "edited", "approved", "posted", "rejected"]


class ReviewError(ValueError):
    """A review action that cannot be done as asked; the message says why."""


class ReviewNotFoundError(ReviewError):
    """No review with that id."""


class TransitionError(ReviewError):
    """The action does not fit the review's status (e.g. editing an approved answer)."""


class FourEyesError(ReviewError):
    """The four-eyes rule is on and the approver wrote the draft or its final text."""


class ConflictError(ReviewError):
    """Someone else changed the review since the version this change was based on.

    Nothing is lost: the attempted text is kept as a ``conflict`` revision and returned here
    beside the current text, so the advisor can merge and save again on ``current_version``."""

    def __init__(self, review_id: int, based_on: int, current_version: int, current_text: str,
                 changed_by: str, attempted_text: str | None) -> None:
        self.review_id = review_id
        self.based_on = based_on
        self.current_version = current_version
        self.current_text = current_text
        self.changed_by = changed_by
        self.attempted_text = attempted_text
        kept = " Your text was kept as a conflict revision." if attempted_text is not None else ""
        super().__init__(
            f"review {review_id} was changed by {changed_by} (now version {current_version}) after the version "
            f"{based_on} you edited; reload it, merge your changes and save again.{kept}"
        )


class Revision(BaseModel):
    """One saved text of a review: the draft, an edit, or an edit that lost a race (``conflict``)."""

    number: int
    kind: Literal["draft", "edit", "conflict"]
    based_on: int
    text: str
    author: str
    created_at: str


class ApprovedUnit(BaseModel):
    """A unit an approved answer cites, as it was when approved."""

    n: int
    node_id: str
    law: str
    section: str
    absatz: str = ""
    lang: str = ""
    citation: str = ""
    title: str = ""
    url: str = ""
    content_hash: str
    stand: str = ""
    valid_from: str = ""
    valid_until: str = ""


class Review(BaseModel):
    """A draft under review, and what became of it."""

    id: int
    status: Status
    version: int = Field(description="Pass it back when editing: a save based on an older version is a conflict.")
    language: str
    question: str = Field(description="The post with personal data removed.")
    as_of: str
    drafter: str
    text: str = Field(description="The current text (the final text once approved).")
    author: str
    created_at: str
    updated_at: str
    approved_by: str | None = None
    approved_at: str | None = None
    final_text: str | None = None
    posted_by: str | None = None
    posted_at: str | None = None
    posted_url: str | None = None
    rejected_by: str | None = None
    rejected_at: str | None = None
    reject_reason: str | None = None
    stale: bool = False
    stale_reason: str | None = None
    draft: dict = Field(default_factory=dict, description="The draft as drafted (citations, checks, warnings).")
    units: list[ApprovedUnit] = Field(default_factory=list, description="Cited units recorded at approval.")
    revisions: list[Revision] = Field(default_factory=list)


class AuditEntry(BaseModel):
    """One link of the append-only audit chain."""

    seq: int
    at: str
    actor: str
    action: str
    review_id: int | None
    detail: dict
    prev_hash: str
    hash: str


class LogVerification(BaseModel):
    """The result of checking the audit chain (and the reviews against it)."""

    ok: bool
    entries: int
    head_hash: str = Field(description="Hash of the last entry: record it elsewhere to detect a cut-off tail.")
    problems: list[str] = Field(default_factory=list)
