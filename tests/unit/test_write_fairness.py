"""Writers across workshops: the facilitators' note limit, the fair write gate (changes,
snapshots and imports), and a locked database answered as ``busy`` (retryable), never as an
internal error."""
import sqlite3
import threading
import time

import pytest
from sqlalchemy import event, func, select

from canvas.db.models import Note, Workshop
from canvas.db.session import Database
from canvas.realtime.publish import Publisher
from canvas.services import exports, limits, notes, snapshots, workshops
from canvas.services.context import ServiceContext
from canvas.services.errors import ServiceUnavailable, TooManyRequests
from canvas.services.presence import Presence


def facilitator(ctx, title="Eigen workshop"):
    created = workshops.create_workshop(ctx, {"title": title})
    return workshops.join(ctx, {"code": created.code,
                                "facilitator_key": created.facilitator_key}).actor


def test_a_facilitator_has_a_higher_but_finite_note_limit(ctx):
    boss = facilitator(ctx)
    for i in range(limits.FACILITATOR_NOTE_BURST):
        notes.add_note(ctx, boss, {"id": f"f{i}", "block": "regie", "text": f"{i}"})
    assert limits.FACILITATOR_NOTE_BURST > limits.NOTE_BURST
    with pytest.raises(TooManyRequests) as refused:
        notes.add_note(ctx, boss, {"id": "one-too-many", "block": "regie", "text": "x"})
    assert refused.value.code == "too_fast" and refused.value.data["retry_after"] >= 1
    message = refused.value.message("en")
    assert str(limits.FACILITATOR_NOTE_BURST) in message and "0.5 seconds" in message
    # A retry of a stored note is answered, not refused; another workshop is not affected.
    assert notes.add_note(ctx, boss, {"id": "f0", "block": "regie", "text": "0"}).note["id"] == "f0"
    other = facilitator(ctx, "Andere workshop")
    notes.add_note(ctx, other, {"id": "o0", "block": "regie", "text": "ander"})


def test_the_gate_serves_waiting_workshops_round_robin():
    gate = limits.FairWriteGate(slots=1)
    order, threads = [], []
    gate.acquire("busy")  # the flooding workshop is writing
    lock = threading.Lock()

    def write(workshop, label):
        with gate.turn(workshop, timeout=5), lock:
            order.append(label)

    # Five writes of the flooding workshop queue first, then one of the quiet workshop.
    for workshop, label in [("busy", f"b{i}") for i in range(5)] + [("quiet", "q0")]:
        queued = gate.waiting(workshop)
        threads.append(threading.Thread(target=write, args=(workshop, label)))
        threads[-1].start()
        while gate.waiting(workshop) == queued:  # in the queue, in this order
            time.sleep(0.001)
    gate.release("busy")
    for thread in threads:
        thread.join(5)
    # The quiet workshop arrived last but writes before the flooding workshop's queue.
    assert order[0] == "q0", order
    assert [x for x in order if x != "q0"] == [f"b{i}" for i in range(5)]


def test_the_gate_refuses_a_workshop_with_too_many_queued_writes_and_late_turns():
    gate = limits.FairWriteGate(slots=1, per_workshop=2)
    gate.acquire("busy")
    waiting = [threading.Thread(target=lambda: gate.turn("busy", timeout=5).__enter__())
               for _ in range(2)]
    for thread in waiting:
        thread.start()
    while gate.waiting("busy") < 2:
        time.sleep(0.001)
    with pytest.raises(ServiceUnavailable) as refused:
        gate.acquire("busy")
    assert refused.value.code == "busy" and refused.value.data["retry_after"] >= 1
    assert refused.value.status == 503
    # Another workshop still queues, and gives up with "busy" when its turn does not come.
    start = time.monotonic()
    with pytest.raises(ServiceUnavailable):
        gate.acquire("quiet", timeout=0.1)
    assert time.monotonic() - start < 2
    assert gate.waiting("quiet") == 0
    for _ in range(3):
        gate.release("busy")
    for thread in waiting:
        thread.join(5)


@pytest.fixture
def file_ctx(tmp_path, new_database):
    """A context on a database file whose connections give up on a lock after 0.1 s."""
    database = Database(new_database(tmp_path))

    @event.listens_for(database.engine, "connect")
    def short_busy_timeout(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA busy_timeout=100")

    yield ServiceContext(db=database, publisher=Publisher(None), presence=Presence(),
                         export_dir=str(tmp_path / "exports"))
    database.dispose()


def test_a_locked_database_is_answered_busy_not_internal(file_ctx):
    ctx = file_ctx
    boss = facilitator(ctx)
    path = ctx.db.engine.url.database
    other_process = sqlite3.connect(path, timeout=0.1)
    other_process.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with pytest.raises(ServiceUnavailable) as refused:
            notes.add_note(ctx, boss, {"id": "n1", "block": "regie", "text": "x"})
        assert refused.value.code == "busy" and refused.value.data["retry_after"] >= 1
    finally:
        other_process.rollback()
        other_process.close()
    # Once the lock is free the same note goes through (the client's retry).
    assert notes.add_note(ctx, boss, {"id": "n1", "block": "regie", "text": "x"}).note["id"] == "n1"


def test_a_lock_released_during_the_retries_is_taken(file_ctx):
    ctx = file_ctx
    boss = facilitator(ctx)
    other_process = sqlite3.connect(ctx.db.engine.url.database, timeout=0.1,
                                    check_same_thread=False)
    other_process.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.15, other_process.rollback)  # after the first attempt gave up
    timer.start()
    try:
        assert notes.add_note(ctx, boss, {"id": "n1", "block": "regie", "text": "x"}).rev >= 1
    finally:
        timer.join()
        other_process.close()



def test_a_note_refused_busy_costs_its_sender_no_token(file_ctx):
    """The page sends a note refused ``busy`` again: it must not count twice, or a sender's own
    retries would use up their note limit."""
    ctx = file_ctx
    created = workshops.create_workshop(ctx, {"title": "Drukke zaal"})
    person = workshops.join(ctx, {"code": created.code, "name": "Ann"}).actor
    other_process = sqlite3.connect(ctx.db.engine.url.database, timeout=0.1)
    other_process.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        for attempt in range(limits.NOTE_BURST + 5):
            with pytest.raises(ServiceUnavailable):
                notes.add_note(ctx, person, {"id": f"b{attempt}", "block": "regie", "text": "x"})
    finally:
        other_process.rollback()
        other_process.close()
    # Every refusal gave its tokens back: the whole burst is still there.
    for i in range(limits.NOTE_BURST):
        notes.add_note(ctx, person, {"id": f"n{i}", "block": "regie", "text": f"{i}"})


def _in_thread(call):
    """Run ``call`` in a thread; the returned dict gets its "result" or "error"."""
    outcome = {}

    def run():
        try:
            outcome["result"] = call()
        except Exception as error:  # noqa: BLE001 - handed to the test
            outcome["error"] = error
    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_snapshot_is_written_in_its_workshops_turn(ctx):
    created = workshops.create_workshop(ctx, {"title": "Momentopname"})
    workshop_id = workshops.workshop_info(ctx, created.code).id
    ctx.writes.gate.acquire(workshop_id)  # a change of this workshop is writing
    thread, outcome = _in_thread(lambda: snapshots.take_snapshot(
        ctx, created.code, created.facilitator_key, {"label": "wacht"}))
    deadline = time.monotonic() + 5
    while ctx.writes.gate.waiting(workshop_id) == 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert ctx.writes.gate.waiting(workshop_id) == 1  # in the queue, not writing
    assert snapshots.list_snapshots(ctx, created.code) == []
    ctx.writes.gate.release(workshop_id)
    thread.join(5)
    assert outcome["result"]["label"] == "wacht"
    assert [s["label"] for s in snapshots.list_snapshots(ctx, created.code)] == ["wacht"]


def test_a_snapshot_whose_turn_does_not_come_is_refused_busy_and_not_stored(ctx):
    created = workshops.create_workshop(ctx, {"title": "Momentopname"})
    workshop_id = workshops.workshop_info(ctx, created.code).id
    ctx.writes.gate.per_workshop = 0  # no room in the queue
    ctx.writes.gate.acquire(workshop_id)
    try:
        with pytest.raises(ServiceUnavailable) as refused:
            snapshots.take_snapshot(ctx, created.code, created.facilitator_key, {})
    finally:
        ctx.writes.gate.release(workshop_id)
    assert refused.value.code == "busy" and refused.value.data["retry_after"] >= 1
    assert snapshots.list_snapshots(ctx, created.code) == []


def small_export(title="Geimporteerd"):
    return {"format": exports.FORMAT, "version": exports.VERSION,
            "workshop": {"title": title, "language": "nl"},
            "notes": [{"block": "regie", "text": f"notitie {i}"} for i in range(3)]}


def test_imports_write_in_the_imports_turn(ctx):
    ctx.writes.gate.acquire(exports.IMPORT_TURN)  # another import is writing
    thread, outcome = _in_thread(lambda: exports.import_workshop(ctx, small_export()))
    deadline = time.monotonic() + 5
    while ctx.writes.gate.waiting(exports.IMPORT_TURN) == 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert ctx.writes.gate.waiting(exports.IMPORT_TURN) == 1
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Workshop)) == 0
    ctx.writes.gate.release(exports.IMPORT_TURN)
    thread.join(5)
    imported = outcome["result"]
    state = snapshots.get_canvas(ctx, imported.code, "current")
    assert [n["text"] for n in state["notes"]] == ["notitie 0", "notitie 1", "notitie 2"]


def test_an_import_refused_busy_leaves_no_workshop_behind(ctx):
    ctx.writes.gate.per_workshop = 0
    ctx.writes.gate.acquire(exports.IMPORT_TURN)
    try:
        with pytest.raises(ServiceUnavailable) as refused:
            exports.import_workshop(ctx, small_export())
    finally:
        ctx.writes.gate.release(exports.IMPORT_TURN)
    assert refused.value.code == "busy"
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Workshop)) == 0


def test_an_import_whose_notes_fail_to_commit_leaves_no_workshop_behind(ctx, monkeypatch):
    def locked(session):
        raise limits.busy_error()
    monkeypatch.setattr(exports, "commit_or_busy", locked)
    with pytest.raises(ServiceUnavailable):
        exports.import_workshop(ctx, small_export())
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Workshop)) == 0
        assert session.scalar(select(func.count()).select_from(Note)) == 0
