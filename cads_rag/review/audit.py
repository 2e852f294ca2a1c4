"""The append-only audit log: every transition records who, when, what, and the hash of the
previous entry, so editing, inserting or deleting any entry breaks the chain.

An entry's hash is SHA-256 over the canonical JSON of ``seq, at, actor, action, review_id,
detail, prev_hash``. Entries that change a review's text carry ``text_sha256``; the check
also compares each review's current text with its last entry, so an edit of a review behind
the log's back is found too.

>>> entry_hash({"seq": 1, "at": "2026-12-06T00:00:00+00:00", "actor": "ana", "action": "created",
...             "review_id": 1, "detail": {}, "prev_hash": GENESIS})[:12]
'618aad7cf30b'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from cads_rag.review.models import AuditEntry, LogVerification
from cads_rag.review.schema import audit_head, audit_log, reviews

GENESIS = "0" * 64
_HASHED = ("seq", "at", "actor", "action", "review_id", "detail", "prev_hash")


def now() -> str:
    """The current UTC time as stored (ISO 8601, microseconds)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def canonical(value: Any) -> str:
    """JSON with sorted keys and no spaces: one text per value, hashed as is."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_hash(entry: dict[str, Any]) -> str:
    """The hash of one entry (``detail`` as a dict)."""
    return hashlib.sha256(canonical({key: entry[key] for key in _HASHED}).encode("utf-8")).hexdigest()


def append(connection: Connection, actor: str, action: str, review_id: int | None, detail: dict[str, Any],
           at: str | None = None) -> AuditEntry:
    """Add an entry inside the caller's write transaction (the head row is locked first)."""
    head = connection.execute(select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1).with_for_update()).one()
    entry = {"seq": head.seq + 1, "at": at or now(), "actor": actor, "action": action, "review_id": review_id,
             "detail": detail, "prev_hash": head.hash}
    entry["hash"] = entry_hash(entry)
    connection.execute(insert(audit_log).values({**entry, "detail": canonical(detail)}))
    connection.execute(update(audit_head).where(audit_head.c.id == 1).values(seq=entry["seq"], hash=entry["hash"]))
    return AuditEntry(**entry)


def entries(connection: Connection, review_id: int | None = None) -> list[AuditEntry]:
    """The log in order (of one review when ``review_id`` is given)."""
    query = select(audit_log).order_by(audit_log.c.seq)
    if review_id is not None:
        query = query.where(audit_log.c.review_id == review_id)
    return [_entry(row) for row in connection.execute(query).mappings()]


def _entry(row: Any) -> AuditEntry:
    try:
        detail = json.loads(row["detail"])
    except (TypeError, ValueError):
        detail = {"unreadable": str(row["detail"])}
    return AuditEntry(**{**dict(row), "detail": detail if isinstance(detail, dict) else {"value": detail}})


def verify(connection: Connection) -> LogVerification:
    """Check the whole chain, the head row, and each review against its last entry."""
    problems: list[str] = []
    log = list(connection.execute(select(audit_log).order_by(audit_log.c.seq)).mappings())
    previous = GENESIS
    last_text: dict[int, str] = {}
    for expected_seq, row in enumerate(log, start=1):
        seq = row["seq"]
        if seq != expected_seq:
            problems.append(f"entry {seq}: expected entry {expected_seq} here (an entry was removed or inserted)")
        if row["prev_hash"] != previous:
            problems.append(f"entry {seq}: its previous-hash does not match entry {seq - 1}")
        try:
            detail = json.loads(row["detail"])
        except (TypeError, ValueError):
            detail = None
        if detail is None or canonical(detail) != row["detail"]:
            problems.append(f"entry {seq}: its detail is not the canonical JSON that was hashed")
        elif entry_hash({**dict(row), "detail": detail}) != row["hash"]:
            problems.append(f"entry {seq}: its content does not match its hash (the entry was changed)")
        previous = row["hash"]
        if isinstance(detail, dict) and row["review_id"] is not None and "text_sha256" in detail:
            last_text[row["review_id"]] = detail["text_sha256"]
    head = connection.execute(select(audit_head).where(audit_head.c.id == 1)).mappings().first()
    if head is None or head["seq"] != len(log) or head["hash"] != previous:
        problems.append("the chain's head does not match its last entry (entries were cut off or added)")
    problems += _reviews_match_log(connection.execute(select(reviews.c.id, reviews.c.text)), last_text)
    return LogVerification(ok=not problems, entries=len(log), head_hash=previous, problems=problems)


def _reviews_match_log(rows: Iterable[Any], last_text: dict[int, str]) -> list[str]:
    problems = []
    for review_id, current in rows:
        if review_id not in last_text:
            problems.append(f"review {review_id} has no entry in the audit log")
        elif text_sha256(current) != last_text[review_id]:
            problems.append(f"review {review_id}: its text differs from the last text the audit log recorded")
    return problems
