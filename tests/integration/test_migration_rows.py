"""Migrations keep every row, up and down, on SQLite and PostgreSQL.

On SQLite a migration that changes a table rebuilds it; with foreign keys on, dropping the old
copy deleted the rows that pointed to it (the votes of every note when 0007 rebuilt the notes
table, the whole canvas when 0008 went down). canvas/db/migrate.py switches them off while
migrating; these tests hold it to that.
"""
import pgserver
import pytest
from sqlalchemy import text

from canvas.db import migrate
from canvas.db.session import Database

ROWS = {"workshops": 1, "participants": 2, "notes": 3, "votes": 2}


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'migrations.db'}")
        yield database.engine
        database.dispose()
        return
    if pgserver.binaries() is None and not pgserver.required():
        pytest.skip("PostgreSQL is not installed here (CI installs it)")
    with pgserver.running_postgres() as url:
        database = Database(url)
        yield database.engine
        database.dispose()


def _fill_at_0006(engine):
    """A workshop with two participants, three notes and two votes, written as revision 0006
    stored them (the models of today have more columns)."""
    when = "2026-01-01 10:00:00"
    with engine.begin() as db:
        db.execute(text(
            "INSERT INTO workshops (id, code, title, language, facilitator_key_hash, rev, "
            "settings_json, created_at, last_activity_at) VALUES "
            "(1, 'ABCDEF', 'Netwerkdag', 'nl', 'x', 5, '{}', :t, :t)"), {"t": when})
        for person in ("p1", "p2"):
            db.execute(text(
                "INSERT INTO participants (id, workshop_id, token_hash, name, is_facilitator, "
                "removed, created_at) VALUES (:id, 1, :id, 'Fatima', false, false, :t)"),
                {"id": person, "t": when})
        for note in ("n1", "n2", "n3"):
            db.execute(text(
                "INSERT INTO notes (id, workshop_id, participant_id, block, text, color, "
                "author, votes, hidden, version, created_at, updated_at) VALUES "
                "(:id, 1, 'p1', 'regie', 'Samen de wijk gezond', 'geel', '', 1, false, 1, "
                ":t, :t)"), {"id": note, "t": when})
        for person, note in (("p1", "n1"), ("p2", "n2")):
            db.execute(text(
                "INSERT INTO votes (workshop_id, participant_id, note_id, created_at) VALUES "
                "(1, :p, :n, :t)"), {"p": person, "n": note, "t": when})


def _counts(engine):
    with engine.connect() as db:
        return {table: db.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ROWS}


def test_every_row_survives_the_migrations_up_and_down(engine):
    migrate.migrate(engine, "0006")
    _fill_at_0006(engine)
    assert _counts(engine) == ROWS

    migrate.migrate(engine)  # through 0007 (rebuilds notes and votes) and 0008
    assert _counts(engine) == ROWS
    with engine.connect() as db:
        assert db.execute(text("SELECT plan_json FROM workshops")).scalar() == "[]"
        assert db.execute(text("SELECT count(*) FROM notes WHERE agreement = false")).scalar() == 3

    migrate.migrate(engine, "0006", down=True)
    assert _counts(engine) == ROWS
    migrate.migrate(engine)
    assert _counts(engine) == ROWS


def test_foreign_keys_hold_again_after_migrating(engine):
    """Switched off only while migrating: deleting a workshop still takes its notes along."""
    migrate.migrate(engine, "0006")
    _fill_at_0006(engine)
    migrate.migrate(engine)
    with engine.begin() as db:
        db.execute(text("DELETE FROM workshops"))
    assert _counts(engine) == dict.fromkeys(ROWS, 0)
