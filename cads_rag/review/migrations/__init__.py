"""Alembic migrations of the review database, applied by :func:`cads_rag.review.migrate.upgrade`."""
