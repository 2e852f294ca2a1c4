"""The approved-answer library: what the question retrieved and cited (its match keys), the cited units of an approval
with their content hashes and Stand dates, and staleness.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("match_keys", sa.Text))
        batch.add_column(sa.Column("stale", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("stale_reason", sa.Text))
    op.create_table(
        "approved_units",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("node_id", sa.String(300), nullable=False),
        sa.Column("law", sa.String(60), nullable=False),
        sa.Column("section", sa.String(120), nullable=False),
        sa.Column("absatz", sa.String(20), nullable=False, server_default=""),
        sa.Column("lang", sa.String(8), nullable=False, server_default=""),
        sa.Column("citation", sa.String(200), nullable=False, server_default=""),
        sa.Column("title", sa.Text, nullable=False, server_default=""),
        sa.Column("url", sa.Text, nullable=False, server_default=""),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("stand", sa.String(40), nullable=False, server_default=""),
        sa.Column("valid_from", sa.String(10), nullable=False, server_default=""),
        sa.Column("valid_until", sa.String(10), nullable=False, server_default=""),
    )
    op.create_index("ix_approved_units_review_id", "approved_units", ["review_id"])
