"""The list of snapshots on SQLite and PostgreSQL, on databases made by the migrations: its
stored counts stay what each snapshot's page and poster show through any later moderation,
and migration 0006 fills them for snapshots stored before it."""
import random

import pgserver
import pytest
from sqlalchemy import inspect

from canvas.db import migrate
from canvas.db.session import Database
from canvas.realtime.publish import Publisher
from canvas.services import facilitation, notes, snapshots, workshops
from canvas.services.context import ServiceContext
from canvas.services.presence import Presence


@pytest.fixture(params=["sqlite", "postgresql"])
def ctx(request, tmp_path):
    """A ServiceContext on a database brought to the newest revision by the migrations."""
    if request.param == "sqlite":
        urls = _sqlite(tmp_path)
    else:
        if pgserver.binaries() is None and not pgserver.required():
            pytest.skip("PostgreSQL is not installed here (CI installs it)")
        urls = pgserver.running_postgres()
    with urls as url:
        database = Database(url)
        migrate.upgrade(database.engine)
        yield ServiceContext(db=database, publisher=Publisher(None), presence=Presence(),
                             export_dir=str(tmp_path / "exports"))
        database.dispose()


class _sqlite:
    def __init__(self, folder):
        self.url = f"sqlite:///{folder / 'counts.db'}"

    def __enter__(self):
        return self.url

    def __exit__(self, *exc):
        return False


def _migrate(engine, revision, *, down=False):
    migrate.migrate(engine, revision, down=down)


class Room:
    """A workshop with a facilitator, driven by the service functions."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.created = workshops.create_workshop(ctx, {"title": "Tellen"})
        self.boss = workshops.join(ctx, {"code": self.created.code,
                                         "facilitator_key": self.created.facilitator_key}).actor
        self.note_ids, self.made = [], 0

    def add(self, card=False):
        self.made += 1
        note_id = f"n{self.made}"
        extra = {"block": "coalities", "coalition": {"werkvorm": "project"}} if card \
            else {"block": "regie"}
        notes.add_note(self.ctx, self.boss, {"id": note_id, "text": note_id, **extra})
        self.note_ids.append(note_id)

    def hide(self, note_id, hidden=True):
        facilitation.hide_note(self.ctx, self.boss, {"id": note_id, "hidden": hidden})

    def silent(self, on):
        facilitation.update_settings(self.ctx, self.boss, {"silent": on})

    def snap(self):
        return snapshots.take_snapshot(self.ctx, self.created.code,
                                       self.created.facilitator_key, {})

    def listed(self):
        return snapshots.list_snapshots(self.ctx, self.created.code)

    def as_shown(self):
        """Each snapshot counted from its public view, read whole (``get_canvas``)."""
        return [snapshots.summary(snapshots.get_canvas(self.ctx, self.created.code, s["id"]))
                for s in self.listed()]


def test_the_list_counts_what_each_snapshot_shows_through_any_moderation(ctx):
    room, rng = Room(ctx), random.Random(12)
    for i in range(6):
        room.add(card=i % 3 == 0)
    silent = False
    for step in range(60):
        action = rng.choice(["add", "add", "card", "hide", "hide", "show", "delete",
                             "silent", "snap", "snap"])
        if action in ("add", "card"):
            room.add(card=action == "card")
        elif action in ("hide", "show") and room.note_ids:
            room.hide(rng.choice(room.note_ids), hidden=action == "hide")
        elif action == "delete" and room.note_ids:
            note_id = room.note_ids.pop(rng.randrange(len(room.note_ids)))
            notes.delete_note(ctx, room.boss, {"id": note_id})
        elif action == "silent":
            silent = not silent
            room.silent(silent)
        elif action == "snap":
            room.snap()
        assert room.listed() == room.as_shown(), f"step {step}: {action}"
    listed = room.listed()
    assert len(listed) > 5 and any(s["notes"] for s in listed)  # the walk did something


def test_a_note_hidden_when_taken_and_again_later_is_taken_off_once(ctx):
    room = Room(ctx)
    for _ in range(3):
        room.add()
    room.add(card=True)
    room.hide("n1")
    taken = room.snap()
    assert (taken["notes"], taken["cards"]) == (3, 1)
    room.hide("n1", hidden=False)  # shown again: still out of a snapshot that hid it
    room.hide("n1")
    room.hide("n2")  # hidden since: taken off
    room.hide("n4")  # the card
    assert [(s["notes"], s["cards"]) for s in room.listed()] == [(1, 0)]
    assert room.listed() == room.as_shown()
    room.hide("n4", hidden=False)
    assert [(s["notes"], s["cards"]) for s in room.listed()] == [(2, 1)]


def test_the_migration_fills_the_counts_of_snapshots_stored_before_it(ctx):
    room = Room(ctx)
    for i in range(8):
        room.add(card=i % 4 == 0)
    room.hide("n2")
    room.snap()
    room.silent(True)
    room.add()
    room.add(card=True)
    room.snap()  # in a silent round still going on
    room.hide("n3")  # hidden since both
    expected = room.listed()
    assert expected == room.as_shown()
    engine = ctx.db.engine

    _migrate(engine, "0005", down=True)
    assert "snapshot_notes" not in inspect(engine).get_table_names()
    _migrate(engine, "head")
    assert room.listed() == expected
    room.silent(False)  # the round is over: its notes count in the second snapshot
    assert room.listed() == room.as_shown()
    assert [s["notes"] for s in room.listed()] == [6, 8]


def test_the_counts_come_before_the_notes_json_in_the_table(ctx):
    """On SQLite a column after megabytes of notes_json is read by walking its overflow pages
    (PostgreSQL keeps large values out of line, so there the order does not matter)."""
    if ctx.db.engine.dialect.name != "sqlite":
        pytest.skip("column order matters only on SQLite")
    columns = [c["name"] for c in inspect(ctx.db.engine).get_columns("snapshots")]
    assert max(columns.index(name) for name in ("notes_shown", "cards_shown", "notes_silent",
                                                  "cards_silent")) < columns.index("notes_json")
