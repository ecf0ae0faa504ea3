"""Alembic migrations of the achievements database (configured in extractor.db)."""
