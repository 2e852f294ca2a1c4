"""Alembic environment: migrations run on the connection :func:`cads_rag.review.migrate.upgrade`
hands over (no alembic.ini, no logging configuration, no URL of its own)."""

from alembic import context

connection = context.config.attributes["connection"]
# render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead.
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
