"""The shape of a draft, as the library returns it and ``cads-rag draft --json`` prints it.

>>> c = Citation(n=1, law="BGB", section="623", title="Schriftform der Kündigung")
>>> Draft(language="de", answerable=True, scrubbed_question="?", text="… [1]", citations=[c],
...       drafter="compose").model_dump()["citations"][0]["law"]
'BGB'
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr

from cads_rag.draft.pii import PiiMatch
from cads_rag.library import SourceRef

CheckStatus = Literal["ok", "uncited", "unsupported", "expired"]


class Citation(BaseModel):
    """One numbered source of a draft: a §/Article unit or a guide page (``law == "guide"``)."""

    n: int
    law: str
    section: str
    absatz: str = ""
    title: str = ""
    url: str = ""
    quote: str = Field("", description="The decisive words of the unit, in its original wording.")
    sources: list[SourceRef] | None = Field(None, description="For a guide page: the provisions it rests on.")
    node_id: str = ""
    citation: str = Field("", description='How the unit is cited, e.g. "§ 623 BGB".')
    kind: str = ""
    lang: str = ""
    stand: str = ""
    valid_from: str = ""
    valid_until: str = ""
    content_hash: str = ""


class Check(BaseModel):
    """The verdict on one sentence of a draft."""

    sentence: str
    status: CheckStatus
    detail: str = ""


class ApprovedMatch(BaseModel):
    """An approved answer to a similar post, offered with its provenance. A ``stale`` one
    (a provision it cites changed or is no longer in force) is shown as stale, never as current."""

    review_id: int
    similarity: float
    language: str
    question: str
    text: str
    status: str
    approved_by: str
    approved_at: str
    posted_url: str | None = None
    stale: bool = False
    stale_reasons: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list, description="The units it relied on, as approved.")


class Draft(BaseModel):
    """A draft answer to one post (see issue 5 for the JSON contract)."""

    language: str
    answerable: bool
    scrubbed_question: str
    text: str
    citations: list[Citation] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    pii: list[PiiMatch] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    drafter: str
    as_of: str = ""
    myth: str = Field("", description="Id of the myth page the post repeats, if any.")
    approved_answers: list[ApprovedMatch] = Field(
        default_factory=list, description="Approved answers to similar posts (any language), best first."
    )
    reused_review_id: int | None = Field(None, description="The approved answer this draft reuses, if any.")
    review_id: int | None = Field(None, description="The review this draft was saved as (``--save``).")
    timings_ms: dict[str, float] = Field(default_factory=dict)
    _match_keys: dict | None = PrivateAttr(default=None)  # what finds this draft again (cads_rag.draft.matching)

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(check.status == "ok" for check in self.checks)
