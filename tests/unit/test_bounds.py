"""Issue 12, points 5 and 7 at the service layer: storage bounds, cheap snapshot lists,
identities that cost something, and undoing a burst of them."""
import json

import pytest
from sqlalchemy import event, select

from canvas.db.models import Note, Vote
from canvas.services import facilitation, limits, notes, rules, snapshots, workshops
from canvas.services.errors import Conflict, TooManyRequests


@pytest.fixture
def created(ctx):
    return workshops.create_workshop(ctx, {"title": "Wijk"}, "10.0.0.1")


def facilitator_of(ctx, created):
    return workshops.join(ctx, {"code": created.code,
                                "facilitator_key": created.facilitator_key}).actor


def add(ctx, actor, note_id, **extra):
    return notes.add_note(ctx, actor, {"id": note_id, "block": "regie", "text": note_id,
                                       **extra}).note


def test_one_address_creates_a_bounded_number_of_workshops(ctx):
    for i in range(rules.WORKSHOPS_PER_ADDRESS_BURST):
        workshops.create_workshop(ctx, {"title": f"W{i}"}, "10.0.0.7")
    with pytest.raises(TooManyRequests) as refused:
        workshops.create_workshop(ctx, {"title": "one too many"}, "10.0.0.7")
    assert refused.value.code == "too_many_workshops"
    assert refused.value.data["retry_after"] >= 1
    assert str(rules.WORKSHOPS_PER_ADDRESS_BURST) in refused.value.message("en")
    workshops.create_workshop(ctx, {"title": "elsewhere"}, "10.0.0.8")  # others unaffected


def test_a_workshop_holds_a_bounded_number_of_snapshots(ctx, created):
    for i in range(rules.SNAPSHOTS_PER_WORKSHOP_MAX):
        snapshots.take_snapshot(ctx, created.code, created.facilitator_key, {"label": str(i)})
    with pytest.raises(Conflict) as refused:
        snapshots.take_snapshot(ctx, created.code, created.facilitator_key, {"label": "x"})
    assert refused.value.code == "too_many_snapshots"
    assert str(rules.SNAPSHOTS_PER_WORKSHOP_MAX) in refused.value.message("nl")
    assert len(snapshots.list_snapshots(ctx, created.code)) == rules.SNAPSHOTS_PER_WORKSHOP_MAX


def test_a_workshop_holds_a_bounded_number_of_notes(ctx, created, monkeypatch):
    monkeypatch.setattr(notes, "NOTES_PER_WORKSHOP_MAX", 3)
    facilitator = facilitator_of(ctx, created)
    for i in range(3):
        add(ctx, facilitator, f"n{i}")
    with pytest.raises(Conflict) as refused:
        add(ctx, facilitator, "n3")
    assert refused.value.code == "workshop_full" and "3" in refused.value.message("en")
    assert add(ctx, facilitator, "n0")["id"] == "n0"  # a retry of a stored note is answered


def test_the_snapshot_list_counts_as_the_snapshot_shows(ctx, created):
    facilitator = facilitator_of(ctx, created)
    anne = workshops.join(ctx, {"code": created.code, "name": "Anne"}).actor
    for i in range(4):
        add(ctx, anne, f"a{i}")
    add(ctx, anne, "card", block="coalities")
    facilitation.hide_note(ctx, facilitator, {"id": "a0", "hidden": True})
    first = snapshots.take_snapshot(ctx, created.code, created.facilitator_key, {})
    facilitation.update_settings(ctx, facilitator, {"silent": True})
    add(ctx, anne, "quiet")
    second = snapshots.take_snapshot(ctx, created.code, created.facilitator_key, {})
    facilitation.hide_note(ctx, facilitator, {"id": "a1", "hidden": True})  # hidden later

    def as_shown():
        return [snapshots.summary(snapshots.get_canvas(ctx, created.code, s["id"]))
                for s in (first, second)]

    assert snapshots.list_snapshots(ctx, created.code) == as_shown()
    facilitation.update_settings(ctx, facilitator, {"silent": False})  # the round is over
    assert snapshots.list_snapshots(ctx, created.code) == as_shown()
    counts = [(s["notes"], s["cards"]) for s in snapshots.list_snapshots(ctx, created.code)]
    assert counts == [(3, 1), (4, 1)]


def test_the_snapshot_list_never_reads_the_notes(ctx, created):
    facilitator = facilitator_of(ctx, created)
    for i in range(50):
        add(ctx, facilitator, f"f{i}")
    snapshots.take_snapshot(ctx, created.code, created.facilitator_key, {})
    statements = []
    engine = ctx.db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    loads = json.loads
    try:
        snapshots.json.loads = lambda text, *a, **k: (
            pytest.fail("notes decoded in Python") if len(text) > 2000 else loads(text, *a, **k))
        assert snapshots.list_snapshots(ctx, created.code)[0]["notes"] == 50
    finally:
        snapshots.json.loads = loads
        event.remove(engine, "before_cursor_execute", listener)
    # Only what the list shows: stored counts, never the notes' JSON, in Python or in SQL.
    assert any("FROM snapshots" in s for s in statements)
    assert not any("notes_json" in s or "json_each" in s for s in statements)


def test_joining_again_without_a_token_on_one_connection_buys_no_new_allowance(ctx, created):
    people = []
    for _ in range(rules.IDENTITIES_PER_CONNECTION):
        people.append(workshops.join(ctx, {"code": created.code}, connection="sid-1",
                                     address="10.0.0.2").actor)
    with pytest.raises(TooManyRequests) as refused:
        workshops.join(ctx, {"code": created.code}, connection="sid-1", address="10.0.0.2")
    assert refused.value.code == "too_many_identities"
    assert str(rules.IDENTITIES_PER_CONNECTION) in refused.value.message("en")
    # Notes: the connection's allowance is shared by every identity it took.
    posted = 0
    for person in people:
        for i in range(limits.NOTE_BURST):
            try:
                add(ctx, person, f"{person.participant_id}-{i}")
                posted += 1
            except TooManyRequests:
                pass
    assert posted == limits.NOTE_BURST
    # A token joins again without counting as new.
    token_join = workshops.join(ctx, {"code": created.code}, connection="sid-2",
                                address="10.0.0.2")
    workshops.join(ctx, {"code": created.code,
                         "participant_token": token_join.participant["token"]},
                   connection="sid-2", address="10.0.0.2")


def test_a_facilitator_removes_a_burst_of_identities_with_their_notes_and_votes(ctx, created):
    facilitator = facilitator_of(ctx, created)
    anne = workshops.join(ctx, {"code": created.code, "name": "Anne"}, address="10.5.5.5").actor
    add(ctx, anne, "real")
    facilitation.update_settings(ctx, facilitator, {"votes_per_participant": 3})
    fakes = []
    for i in range(6):
        fake = workshops.join(ctx, {"code": created.code, "name": "Anne"},
                              connection=f"s{i}", address="10.6.6.6").actor
        add(ctx, fake, f"spam{i}")
        facilitation.vote(ctx, fake, {"id": "real"})
        fakes.append(fake.participant_id)
    groups = facilitation.recent_identities(ctx, facilitator)
    assert groups[0] == {"count": 6, "participants": fakes}
    assert groups[1]["participants"] == [anne.participant_id]
    ids, _ = facilitation.remove_participants(ctx, facilitator, {"ids": fakes, "notes": True})
    assert ids == fakes
    with ctx.db.session() as session:
        left = session.scalars(select(Note.id)).all()
        assert left == ["real"] and session.get(Note, "real").votes == 0
        assert session.scalars(select(Vote)).all() == []
    assert facilitation.recent_identities(ctx, facilitator)[0]["participants"] == \
        [anne.participant_id]
    # Removed: their tokens no longer join; anne is untouched.
    add(ctx, anne, "still-here")
