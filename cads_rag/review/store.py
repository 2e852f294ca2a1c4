"""ReviewStore: drafts, every revision, approvals and the audit trail in one SQL database.

Lifecycle: ``draft`` → ``edited`` (every revision kept) → ``approved`` (by a named advisor)
→ ``posted`` (optional link), or ``rejected`` (with a reason) before posting. With
``four_eyes`` the approver must be neither the draft's author nor the author of its final
text. Every change is checked against the version it was based on (optimistic locking):
a save on an older version raises :class:`ConflictError`, keeps the attempted text as a
``conflict`` revision, and changes nothing else. Writers are serialised on the audit
chain's head row, so approvals are never lost or duplicated and the chain never forks.

>>> store = ReviewStore.open("sqlite:///:memory:")
>>> review = store.create(draft, user="ana")                                  # doctest: +SKIP
>>> review = store.edit(review.id, review.text + " Gruß", user="ana", version=review.version)  # doctest: +SKIP
>>> store.approve(review.id, user="ben").status                              # doctest: +SKIP
'approved'
>>> store.verify_log().ok
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select, update

from cads_rag.review import audit
from cads_rag.review.migrate import Engines, connect, upgrade
from cads_rag.review.models import (
    ApprovedUnit,
    AuditEntry,
    ConflictError,
    FourEyesError,
    LogVerification,
    Review,
    ReviewError,
    ReviewNotFoundError,
    Revision,
    TransitionError,
)
from cads_rag.review.schema import STATUSES, approved_units, audit_head, audit_log, reviews, revisions

MAX_TEXT_CHARS = 20_000
_MARKER = re.compile(r"\[(\d{1,3})\]")
_URL = re.compile(r"^https?://\S+$")
EDITABLE = ("draft", "edited")


def check_user(user: str) -> str:
    """A named user (the audit log records it)."""
    user = (user or "").strip() if isinstance(user, str) else ""
    if not user:
        raise ReviewError("a user name is required (who did this goes into the audit log)")
    if len(user) > 120:
        raise ReviewError("the user name is longer than 120 characters")
    return user


def check_text(text: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ReviewError("the text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise ReviewError(f"the text is {len(text)} characters long; the limit is {MAX_TEXT_CHARS}")
    return text


class ReviewStore:
    """The review database at a SQLAlchemy URL (see module docstring)."""

    def __init__(self, engines: Engines, url: str, four_eyes: bool = False) -> None:
        self.engines = engines
        self.url = url
        self.four_eyes = four_eyes

    @classmethod
    def open(cls, url: str, four_eyes: bool = False) -> ReviewStore:
        """Connect and apply missing migrations (a no-op on an up-to-date database)."""
        engines = connect(url)
        upgrade(engines.write)
        return cls(engines, url, four_eyes)

    def close(self) -> None:
        self.engines.read.dispose()
        self.engines.write.dispose()

    # ------------------------------------------------------------------ writes
    def create(self, draft: Any, user: str, match_keys: dict[str, Any] | None = None) -> Review:
        """Store a new draft (a :class:`cads_rag.draft.models.Draft`) as revision 1, with the
        keys that find it again for similar posts (:mod:`cads_rag.draft.matching`)."""
        user = check_user(user)
        text = check_text(draft.text)
        data = draft.model_dump(mode="json")
        with self._write() as connection:
            at = audit.now()
            review_id = connection.execute(
                insert(reviews).values(
                    status="draft", version=1, language=draft.language, question=draft.scrubbed_question,
                    as_of=draft.as_of, drafter=draft.drafter, draft_json=audit.canonical(data), text=text,
                    author=user, created_at=at, updated_at=at,
                    match_keys=audit.canonical(match_keys) if match_keys else None,
                )
            ).inserted_primary_key[0]
            self._add_revision(connection, review_id, "draft", 0, text, user, at)
            audit.append(connection, user, "created", review_id, {
                "version": 1, "language": draft.language, "drafter": draft.drafter, "as_of": draft.as_of,
                "answerable": data.get("answerable"), "text_sha256": audit.text_sha256(text),
                "pii_removed": [p["type"] for p in data.get("pii", [])],
            }, at)
        return self.get(review_id)

    def edit(self, review_id: int, text: str, user: str, version: int) -> Review:
        """Save a new text, based on ``version`` (raises :class:`ConflictError` when stale)."""
        user = check_user(user)
        text = check_text(text)
        with self._write() as connection:
            row = self._row(connection, review_id)
            self._check_editable(row, "edit")
            if text == row["text"]:  # nothing to save
                conflict = None
            elif row["version"] != version:
                conflict = self._conflict(connection, row, version, user, text)
            else:
                self._apply_edit(connection, row, text, user)
                conflict = None
        if conflict:
            raise conflict
        return self.get(review_id)

    def approve(self, review_id: int, user: str, version: int | None = None, text: str | None = None) -> Review:
        """Approve the current text (or save ``text`` first); records the cited units."""
        user = check_user(user)
        if text is not None:
            text = check_text(text)
        with self._write() as connection:
            row = self._row(connection, review_id)
            self._check_editable(row, "approve")
            if version is not None and row["version"] != version:
                conflict = self._conflict(connection, row, version, user, text)
            else:
                conflict = None
                if text is not None and text != row["text"]:
                    row = self._apply_edit(connection, row, text, user)
                self._check_four_eyes(connection, row, user)
                self._apply_approval(connection, row, user)
        if conflict:
            raise conflict
        return self.get(review_id)

    def reject(self, review_id: int, user: str, reason: str, version: int | None = None) -> Review:
        """Reject a draft (or withdraw an approval that was not posted) with a reason."""
        user = check_user(user)
        reason = (reason or "").strip()
        if not reason:
            raise ReviewError("a reason is required to reject")
        with self._write() as connection:
            row = self._row(connection, review_id)
            if row["status"] not in (*EDITABLE, "approved"):
                raise TransitionError(f"review {review_id} is {row['status']}: only drafts and unposted approvals can be rejected")
            if version is not None and row["version"] != version:
                conflict = self._conflict(connection, row, version, user, None)
            else:
                conflict = None
                at = audit.now()
                self._update(connection, row, status="rejected", rejected_by=user, rejected_at=at, reject_reason=reason, updated_at=at)
                audit.append(connection, user, "rejected", review_id, {"version": row["version"] + 1, "reason": reason,
                                                                       "was": row["status"]}, at)
        if conflict:
            raise conflict
        return self.get(review_id)

    def post(self, review_id: int, user: str, url: str | None = None) -> Review:
        """Mark an approved answer as posted, optionally with the link to the comment."""
        user = check_user(user)
        url = (url or "").strip() or None
        if url and not _URL.match(url):
            raise ReviewError(f"{url!r} is not a web address (http:// or https://)")
        with self._write() as connection:
            row = self._row(connection, review_id)
            if row["status"] != "approved":
                raise TransitionError(f"review {review_id} is {row['status']}: only approved answers can be posted")
            at = audit.now()
            self._update(connection, row, status="posted", posted_by=user, posted_at=at, posted_url=url, updated_at=at)
            audit.append(connection, user, "posted", review_id, {"version": row["version"] + 1, "url": url}, at)
        return self.get(review_id)

    def mark_stale(self, stale: dict[int, list[str]], actor: str = "system") -> list[int]:
        """Mark approved answers stale (``{review_id: reasons}``); returns those newly marked."""
        marked = []
        if not stale:
            return marked
        with self._write() as connection:
            for review_id, reasons in stale.items():
                row = self._row(connection, review_id)
                if row["stale"] or row["status"] not in ("approved", "posted"):
                    continue
                at = audit.now()
                reason = "; ".join(reasons)
                self._update(connection, row, stale=True, stale_reason=reason, updated_at=at)
                audit.append(connection, actor, "stale", review_id, {"version": row["version"] + 1, "reasons": reasons}, at)
                marked.append(review_id)
        return marked

    # ------------------------------------------------------------------- reads
    def get(self, review_id: int) -> Review:
        """One review with its revisions and (once approved) its cited units."""
        with self.engines.read.connect() as connection:
            row = self._row(connection, review_id)
            revs = connection.execute(
                select(revisions).where(revisions.c.review_id == review_id).order_by(revisions.c.number)
            ).mappings()
            units = connection.execute(
                select(approved_units).where(approved_units.c.review_id == review_id).order_by(approved_units.c.n)
            ).mappings()
            return _review(row, [Revision(**r) for r in revs], [ApprovedUnit(**u) for u in units], full=True)

    def list(self, status: str | Iterable[str] | None = None, language: str | None = None, user: str | None = None,
             stale: bool | None = None, limit: int = 200, offset: int = 0, involving: str | None = None) -> list[Review]:
        """Reviews, newest change first, filtered by status(es), language, author (``user``),
        anyone who drafted, edited, approved, posted or rejected it (``involving``), staleness."""
        query = select(reviews).order_by(reviews.c.updated_at.desc(), reviews.c.id.desc()).limit(limit).offset(offset)
        if status:
            wanted = [status] if isinstance(status, str) else list(status)
            unknown = set(wanted) - set(STATUSES)
            if unknown:
                raise ReviewError(f"unknown status {', '.join(sorted(unknown))}: use {', '.join(STATUSES)}")
            query = query.where(reviews.c.status.in_(wanted))
        if language:
            query = query.where(reviews.c.language == language)
        if user:
            query = query.where(reviews.c.author == user)
        if involving:
            edited = select(revisions.c.review_id).where(revisions.c.author == involving)
            query = query.where(or_(reviews.c.author == involving, reviews.c.approved_by == involving,
                                    reviews.c.posted_by == involving, reviews.c.rejected_by == involving,
                                    reviews.c.id.in_(edited)))
        if stale is not None:
            query = query.where(reviews.c.stale == stale)
        with self.engines.read.connect() as connection:
            return [_review(row, [], []) for row in connection.execute(query).mappings()]

    def library(self, language: str | None = None) -> list[tuple[Review, dict[str, Any] | None]]:
        """Approved and posted answers with their cited units and match keys."""
        query = select(reviews).where(reviews.c.status.in_(("approved", "posted"))).order_by(reviews.c.id)
        if language:
            query = query.where(reviews.c.language == language)
        with self.engines.read.connect() as connection:
            rows = list(connection.execute(query).mappings())
            units: dict[int, list[ApprovedUnit]] = {}
            for unit in connection.execute(
                select(approved_units).where(approved_units.c.review_id.in_([r["id"] for r in rows])).order_by(approved_units.c.n)
            ).mappings():
                units.setdefault(unit["review_id"], []).append(ApprovedUnit(**unit))
        return [(_review(row, [], units.get(row["id"], [])), json.loads(row["match_keys"]) if row["match_keys"] else None)
                for row in rows]

    def generation(self) -> int:
        """A number that grows with every change (the audit chain's length): cheap cache key."""
        with self.engines.read.connect() as connection:
            return int(connection.execute(select(audit_head.c.seq).where(audit_head.c.id == 1)).scalar_one())

    def audit_entries(self, review_id: int | None = None) -> list[AuditEntry]:
        """The audit entries, oldest first (of one review when ``review_id`` is given)."""
        with self.engines.read.connect() as connection:
            return audit.entries(connection, review_id)

    def verify_log(self) -> LogVerification:
        """Check the audit chain and every review's text against it."""
        with self.engines.read.connect() as connection:
            return audit.verify(connection)

    def export(self, review_id: int) -> str:
        """The approved text, ready to paste into a comment: plain text whose every cited
        source has its link (links the advisor edited out are added at the end)."""
        review = self.get(review_id)
        if review.status not in ("approved", "posted"):
            raise TransitionError(f"review {review_id} is {review.status}: only approved answers are exported for posting")
        text = (review.final_text or review.text).rstrip()
        missing = [u for u in review.units if u.url and u.url not in text]
        if missing:
            text += "\n\n" + "\n".join(f"[{u.n}] {u.citation or u.title} {u.url}" for u in missing)
        return text + "\n"

    # ---------------------------------------------------------------- helpers
    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction that first takes the chain's head row: writers run one at a
        time, and each reads the state the previous one committed (PostgreSQL's READ
        COMMITTED re-reads after the lock; SQLite already holds its write lock)."""
        with self.engines.write.begin() as connection:
            connection.execute(select(audit_head.c.seq).where(audit_head.c.id == 1).with_for_update())
            yield connection

    @staticmethod
    def _row(connection: Connection, review_id: int) -> dict[str, Any]:
        row = connection.execute(select(reviews).where(reviews.c.id == review_id)).mappings().first()
        if row is None:
            raise ReviewNotFoundError(f"there is no review {review_id}")
        return dict(row)

    @staticmethod
    def _check_editable(row: dict[str, Any], action: str) -> None:
        if row["status"] in EDITABLE:
            return
        who = {"approved": row["approved_by"], "posted": row["posted_by"], "rejected": row["rejected_by"]}[row["status"]]
        when = {"approved": row["approved_at"], "posted": row["posted_at"], "rejected": row["rejected_at"]}[row["status"]]
        raise TransitionError(f"review {row['id']} was already {row['status']} by {who} at {when}: it cannot be {action}d now")

    def _check_four_eyes(self, connection: Connection, row: dict[str, Any], user: str) -> None:
        if not self.four_eyes:
            return
        last_author = connection.execute(
            select(revisions.c.author).where(revisions.c.review_id == row["id"], revisions.c.kind != "conflict")
            .order_by(revisions.c.number.desc()).limit(1)
        ).scalar_one()
        if user in (row["author"], last_author):
            raise FourEyesError(
                f"four-eyes rule: {user} wrote {'this draft' if user == row['author'] else 'its final text'}; "
                "another advisor must approve it"
            )

    @staticmethod
    def _update(connection: Connection, row: dict[str, Any], **values: Any) -> None:
        # Writers are serialised, so the version check cannot fail here; it guards against
        # a writer that bypasses the store.
        result = connection.execute(
            update(reviews).where(reviews.c.id == row["id"], reviews.c.version == row["version"])
            .values(version=row["version"] + 1, **values)
        )
        if result.rowcount != 1:
            raise ReviewError(f"review {row['id']} changed during the update; try again")

    def _apply_edit(self, connection: Connection, row: dict[str, Any], text: str, user: str) -> dict[str, Any]:
        at = audit.now()
        self._update(connection, row, status="edited", text=text, updated_at=at)
        number = self._add_revision(connection, row["id"], "edit", row["version"], text, user, at)
        audit.append(connection, user, "edited", row["id"], {"version": row["version"] + 1, "revision": number,
                                                              "text_sha256": audit.text_sha256(text)}, at)
        return {**row, "status": "edited", "text": text, "version": row["version"] + 1}

    def _apply_approval(self, connection: Connection, row: dict[str, Any], user: str) -> None:
        at = audit.now()
        units = cited_units(json.loads(row["draft_json"]).get("citations", []), row["text"])
        self._update(connection, row, status="approved", approved_by=user, approved_at=at, final_text=row["text"], updated_at=at)
        if units:
            connection.execute(insert(approved_units), [{"review_id": row["id"], **u.model_dump()} for u in units])
        audit.append(connection, user, "approved", row["id"], {
            "version": row["version"] + 1, "text_sha256": audit.text_sha256(row["text"]), "language": row["language"],
            "units": [{"n": u.n, "citation": u.citation or f"{u.law} {u.section}", "content_hash": u.content_hash,
                       "stand": u.stand} for u in units],
        }, at)

    def _conflict(self, connection: Connection, row: dict[str, Any], based_on: int, user: str,
                  text: str | None) -> ConflictError:
        at = audit.now()
        detail: dict[str, Any] = {"based_on": based_on, "current_version": row["version"]}
        if text is not None:
            detail["revision"] = self._add_revision(connection, row["id"], "conflict", based_on, text, user, at)
            detail["attempted_sha256"] = audit.text_sha256(text)
        audit.append(connection, user, "conflict", row["id"], detail, at)
        changed_by = connection.execute(
            select(audit_log.c.actor).where(audit_log.c.review_id == row["id"], audit_log.c.action != "conflict")
            .order_by(audit_log.c.seq.desc()).limit(1)
        ).scalar_one()
        return ConflictError(row["id"], based_on, row["version"], row["text"], changed_by, text)

    @staticmethod
    def _add_revision(connection: Connection, review_id: int, kind: str, based_on: int, text: str, user: str, at: str) -> int:
        number = connection.execute(
            select(func.coalesce(func.max(revisions.c.number), 0)).where(revisions.c.review_id == review_id)
        ).scalar_one() + 1
        connection.execute(insert(revisions).values(review_id=review_id, number=number, kind=kind, based_on=based_on,
                                                    text=text, author=user, created_at=at))
        return number


def cited_units(citations: list[dict[str, Any]], text: str) -> list[ApprovedUnit]:
    """The draft's citations the final text still refers to by ``[n]`` (all of them when the
    advisor removed every marker: the answer still rests on them).

    >>> c = [{"n": 1, "node_id": "a", "law": "BGB", "section": "623", "content_hash": "h"},
    ...      {"n": 2, "node_id": "b", "law": "KSchG", "section": "4", "content_hash": "k"}]
    >>> [u.n for u in cited_units(c, "Schriftform [1].")]
    [1]
    """
    used = {int(n) for n in _MARKER.findall(text)}
    kept = [c for c in citations if c.get("n") in used] or citations
    fields = ApprovedUnit.model_fields
    return [ApprovedUnit(**{k: v for k, v in c.items() if k in fields and v is not None}) for c in kept]


def _review(row: Any, revs: list[Revision], units: list[ApprovedUnit], full: bool = False) -> Review:
    data = {key: row[key] for key in Review.model_fields if key in row and key not in ("draft", "units", "revisions")}
    data["stale"] = bool(row["stale"])
    draft = json.loads(row["draft_json"]) if full else {}
    return Review(**data, draft=draft, units=units, revisions=revs)
