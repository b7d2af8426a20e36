"""Database access: engine and sessions (``session``), models and Alembic migrations."""
