"""The unit of work (canvas/services/changes.py): every change bumps the revision, checks the
actor, commits, and only then publishes; a failed change publishes nothing."""
from datetime import timedelta

import pytest

from canvas.db.models import DeletedNote, Note, Workshop, utcnow
from canvas.realtime.fanout import Delivery
from canvas.services import facilitation, notes, workshops
from canvas.services.changes import changing
from canvas.services.errors import Forbidden, NotFound


@pytest.fixture
def people(ctx):
    created = workshops.create_workshop(ctx, {"title": "Wijknetwerk"})
    facilitator = workshops.join(ctx, {"code": created.code,
                                       "facilitator_key": created.facilitator_key}).actor
    anne = workshops.join(ctx, {"code": created.code, "name": "Anne"}).actor
    return facilitator, anne


@pytest.fixture
def sent(ctx, monkeypatch):
    """What the publisher was handed, with the note count the database held at that moment
    (read on a connection of its own: only committed rows count)."""
    record = []

    def deliver(workshop_id, deliveries):
        with ctx.db.session() as other:
            stored = other.query(Note).count()
        record.extend((d.event, stored) for d in deliveries)

    monkeypatch.setattr(ctx.publisher, "deliver", deliver)
    return record


def rev_of(ctx, actor):
    with ctx.db.session() as session:
        return session.get(Workshop, actor.workshop_id).rev


def test_a_change_bumps_the_revision_and_returns_the_settings(ctx, people):
    facilitator, _ = people
    before = rev_of(ctx, facilitator)
    with changing(ctx, facilitator) as change:
        assert change.rev == before + 1
        assert change.settings["show_authors"] is True and change.settings["silent"] is False
    assert rev_of(ctx, facilitator) == before + 1


def test_a_change_commits_before_it_publishes(ctx, people, sent):
    _, anne = people
    notes.add_note(ctx, anne, {"id": "n1", "block": "regie", "text": "Samen"})
    assert sent == [("note:added", 1), ("note:added", 1)]  # facilitators, then the room


def test_a_failed_change_rolls_back_and_publishes_nothing(ctx, people, sent):
    _, anne = people
    before = rev_of(ctx, anne)
    with pytest.raises(RuntimeError), changing(ctx, anne) as change:
        change.session.add(Note(id="n1", workshop_id=anne.workshop_id, block="regie",
                                text="Samen", color="geel"))
        change.publish([Delivery("everyone", "note:added", {})])
        raise RuntimeError("something broke halfway")
    assert sent == []
    assert rev_of(ctx, anne) == before
    with ctx.db.session() as session:
        assert session.get(Note, "n1") is None


def test_a_locked_canvas_refuses_participants_but_not_votes_or_the_facilitator(ctx, people):
    facilitator, anne = people
    facilitation.update_settings(ctx, facilitator, {"locked": True})
    with pytest.raises(Forbidden, match="locked"), changing(ctx, anne):
        pass
    with changing(ctx, anne, respect_lock=False):
        pass
    with changing(ctx, facilitator):
        pass


def test_a_removed_participant_changes_nothing(ctx, people):
    facilitator, anne = people
    facilitation.remove_participant(ctx, facilitator, {"id": anne.participant_id})
    for respect_lock in (True, False):
        with pytest.raises(Forbidden, match="participant_removed"), \
                changing(ctx, anne, respect_lock=respect_lock):
            pass


def test_a_change_of_a_deleted_workshop_is_not_found(ctx, people):
    facilitator, _ = people
    with ctx.db.session() as session:
        session.delete(session.get(Workshop, facilitator.workshop_id))
        session.commit()
    with pytest.raises(NotFound, match="workshop_not_found"), changing(ctx, facilitator):
        pass


def test_tombstones_are_pruned_after_their_retention_time(ctx, people):
    _, anne = people
    for note_id in ("old", "new"):
        notes.add_note(ctx, anne, {"id": note_id, "block": "regie", "text": note_id})
        notes.delete_note(ctx, anne, {"id": note_id})
    with ctx.db.session() as session:
        session.get(DeletedNote, "old").deleted_at = utcnow() - timedelta(
            days=notes.TOMBSTONE_DAYS + 1)
        session.commit()
    assert notes.prune_tombstones(ctx) == 1
    with ctx.db.session() as session:
        assert session.get(DeletedNote, "old") is None
        assert session.get(DeletedNote, "new") is not None
