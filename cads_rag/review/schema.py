"""The review database as SQLAlchemy Core tables (the schema after the last migration).

The migrations in ``cads_rag/review/migrations/versions/`` create these tables; this module
only describes them for queries. Times are ISO 8601 UTC strings (``2026-12-06T17:44:49.123456+00:00``):
portable across SQLite and PostgreSQL, sortable, and hashed verbatim by the audit chain.

>>> sorted(metadata.tables)
['approved_units', 'audit_head', 'audit_log', 'reviews', 'revisions']
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, MetaData, String, Table, Text, UniqueConstraint, false

metadata = MetaData()

STATUSES = ("draft", "edited", "approved", "posted", "rejected")

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("status", String(16), nullable=False),
    Column("version", Integer, nullable=False),  # optimistic lock: +1 on every change
    Column("language", String(8), nullable=False),
    Column("question", Text, nullable=False),  # the scrubbed post
    Column("as_of", String(10), nullable=False),
    Column("drafter", String(16), nullable=False),
    Column("draft_json", Text, nullable=False),  # the draft as drafted (no personal data)
    Column("text", Text, nullable=False),  # the current text
    Column("author", String(120), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("approved_by", String(120)),
    Column("approved_at", String(40)),
    Column("final_text", Text),
    Column("posted_by", String(120)),
    Column("posted_at", String(40)),
    Column("posted_url", Text),
    Column("rejected_by", String(120)),
    Column("rejected_at", String(40)),
    Column("reject_reason", Text),
    # migration 0002: the approved-answer library
    Column("match_keys", Text),  # JSON MatchKeys: what the post retrieved and cited (draft/matching.py)
    Column("stale", Boolean, nullable=False, server_default=false()),
    Column("stale_reason", Text),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("review_id", Integer, ForeignKey("reviews.id"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # draft | edit | conflict (a save that lost the race, kept)
    Column("based_on", Integer, nullable=False),  # the review version the author edited
    Column("text", Text, nullable=False),
    Column("author", String(120), nullable=False),
    Column("created_at", String(40), nullable=False),
    UniqueConstraint("review_id", "number", name="uq_revisions_review_number"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("action", String(32), nullable=False),
    Column("review_id", Integer),
    Column("detail", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# One row: the end of the chain. Writers lock it (SELECT … FOR UPDATE on PostgreSQL; SQLite
# write transactions are serialised by BEGIN IMMEDIATE), so the chain never forks.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

approved_units = Table(
    "approved_units",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("review_id", Integer, ForeignKey("reviews.id"), nullable=False, index=True),
    Column("n", Integer, nullable=False),
    Column("node_id", String(300), nullable=False),
    Column("law", String(60), nullable=False),
    Column("section", String(120), nullable=False),
    Column("absatz", String(20), nullable=False, server_default=""),
    Column("lang", String(8), nullable=False, server_default=""),
    Column("citation", String(200), nullable=False, server_default=""),
    Column("title", Text, nullable=False, server_default=""),
    Column("url", Text, nullable=False, server_default=""),
    Column("content_hash", String(64), nullable=False),
    Column("stand", String(40), nullable=False, server_default=""),
    Column("valid_from", String(10), nullable=False, server_default=""),
    Column("valid_until", String(10), nullable=False, server_default=""),
)
