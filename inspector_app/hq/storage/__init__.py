"""The HQ store: models, engine and transactions, Alembic migrations (SQLite or PostgreSQL)."""
