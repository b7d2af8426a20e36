"""The vitality check's service (canvas/services/vitality.py), called directly on a real
(SQLite file) database: one score per participant and block, replacing; closed; bad input;
reset; the figures; snapshots and comparison."""
import json

import pytest
from sqlalchemy import select

from canvas import method
from canvas.db.models import VitalityRating, Workshop
from canvas.realtime.publish import Publisher
from canvas.services import compare, facilitation, limits, records, snapshots, vitality, workshops
from canvas.services.errors import BadRequest, Forbidden, TooManyRequests
from canvas.services.rules import VITALITY_RATE_BURST


class Recorder(Publisher):
    """Records what is sent to whom; folded deliveries go out at once (no waiting)."""

    def __init__(self):
        super().__init__(socketio=None)
        self.sent = []

    def send_folded(self, workshop_id, delivery):
        self.send(workshop_id, delivery, delivery.body())

    def emit(self, event, payload, room):
        self.sent.append((event, payload, room))


@pytest.fixture
def sent(ctx, monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(ctx, "publisher", recorder)
    return recorder.sent


@pytest.fixture
def room(ctx, sent):
    """A workshop with the check open, its facilitator and three participants (each on a
    connection of their own). Folded broadcasts are recorded at once (``sent``), so that no
    timer reads the database after the test."""
    created = workshops.create_workshop(ctx, {"title": "Vitaal", "language": "nl"})
    facilitator = workshops.join(ctx, {"code": created.code,
                                       "facilitator_key": created.facilitator_key}).actor
    people = [workshops.join(ctx, {"code": created.code, "name": name}, connection=f"sid-{i}")
              .actor for i, name in enumerate(("Anne", "Bo", "Cas"))]
    facilitation.update_settings(ctx, facilitator, {"vitality": True})
    sent.clear()
    return created, facilitator, people


def rows(ctx, workshop_id):
    with ctx.db.session() as session:
        return session.execute(select(VitalityRating.participant_id, VitalityRating.block,
                                      VitalityRating.score)
                               .where(VitalityRating.workshop_id == workshop_id)
                               .order_by(VitalityRating.participant_id)).all()


def figures(ctx, workshop_id):
    with ctx.db.session() as session:
        return records.vitality_figures(session, workshop_id)


def rev(ctx, workshop_id):
    with ctx.db.session() as session:
        return session.get(Workshop, workshop_id).rev


def test_rating_again_replaces_one_row_per_participant_and_block(ctx, room, sent):
    created, _, (anne, bo, _) = room
    before = rev(ctx, anne.workshop_id)
    assert vitality.rate(ctx, anne, {"block": "identiteit", "score": 2}) == \
        {"block": "identiteit", "score": 2}
    vitality.rate(ctx, anne, {"block": "identiteit", "score": 4})
    vitality.rate(ctx, anne, {"block": "regie", "score": 1})
    vitality.rate(ctx, bo, {"block": "identiteit", "score": 5})
    assert sorted(r[1:] for r in rows(ctx, anne.workshop_id)) == \
        [("identiteit", 4), ("identiteit", 5), ("regie", 1)]
    result = figures(ctx, anne.workshop_id)
    assert result["identiteit"] == {"count": 2, "mean": 4.5, "histogram": [0, 0, 0, 1, 1]}
    assert result["regie"] == {"count": 1, "mean": 1.0, "histogram": [1, 0, 0, 0, 0]}
    assert result["spelregels"] == {"count": 0, "mean": None, "histogram": [0, 0, 0, 0, 0]}
    # A total, not content: the workshop's revision does not move.
    assert rev(ctx, anne.workshop_id) == before
    # Every change was told to everyone with the figures as they were then; the last one
    # carries the final figures.
    assert [event for event, _, _ in sent] == ["vitality:updated"] * 4
    assert sent[-1][1] == {"vitality": result}


def test_the_same_score_again_writes_and_tells_nothing(ctx, room, sent):
    _, _, (anne, _, _) = room
    vitality.rate(ctx, anne, {"block": "coalities", "score": 3})
    vitality.rate(ctx, anne, {"block": "coalities", "score": 3})
    assert len(sent) == 1


def test_the_mean_is_rounded_to_two_decimals(ctx, room):
    _, _, people = room
    for person, score in zip(people, (1, 2, 2)):
        vitality.rate(ctx, person, {"block": "organisatie", "score": score})
    assert figures(ctx, people[0].workshop_id)["organisatie"] == \
        {"count": 3, "mean": 1.67, "histogram": [1, 2, 0, 0, 0]}


def test_a_closed_check_takes_no_rating(ctx, room, sent):
    _, facilitator, (anne, _, _) = room
    facilitation.update_settings(ctx, facilitator, {"vitality": False})
    sent.clear()
    with pytest.raises(Forbidden) as refused:
        vitality.rate(ctx, anne, {"block": "identiteit", "score": 3})
    assert refused.value.code == "vitality_closed"
    assert rows(ctx, anne.workshop_id) == [] and sent == []


def test_the_vitality_setting_must_be_a_boolean(ctx, room):
    _, facilitator, _ = room
    with pytest.raises(BadRequest) as refused:
        facilitation.update_settings(ctx, facilitator, {"vitality": "ja"})
    assert refused.value.code == "bad_field"


@pytest.mark.parametrize("payload, code", [
    (None, "bad_payload"),
    ({"score": 3}, "missing_field"),
    ({"block": "kwaliteit", "score": 3}, "unknown_block"),
    ({"block": 7, "score": 3}, "unknown_block"),
    ({"block": "identiteit"}, "missing_field"),
    ({"block": "identiteit", "score": 0}, "out_of_range"),
    ({"block": "identiteit", "score": 6}, "out_of_range"),
    ({"block": "identiteit", "score": 3.5}, "out_of_range"),
    ({"block": "identiteit", "score": "3"}, "out_of_range"),
    ({"block": "identiteit", "score": True}, "out_of_range"),
    ({"block": "identiteit", "score": None}, "out_of_range"),
])
def test_bad_input_is_refused_and_writes_nothing(ctx, room, sent, payload, code):
    _, _, (anne, _, _) = room
    with pytest.raises(BadRequest) as refused:
        vitality.rate(ctx, anne, payload)
    assert refused.value.code == code
    if code == "out_of_range":  # the message names the scale
        assert "1 tot en met 5" in refused.value.message("nl")
    assert rows(ctx, anne.workshop_id) == [] and sent == []


def test_only_participants_rate_and_a_removed_one_never(ctx, room):
    created, facilitator, (anne, _, _) = room
    projector = workshops.join(ctx, {"code": created.code, "view": "projector"}).actor
    for actor in (facilitator, projector):
        with pytest.raises(Forbidden) as refused:
            vitality.rate(ctx, actor, {"block": "identiteit", "score": 3})
        assert refused.value.code == "participants_rate"
    facilitation.remove_participant(ctx, facilitator, {"id": anne.participant_id})
    with pytest.raises(Forbidden) as refused:
        vitality.rate(ctx, anne, {"block": "identiteit", "score": 3})
    assert refused.value.code == "participant_removed"
    assert rows(ctx, anne.workshop_id) == []


def test_ratings_go_on_while_the_canvas_is_locked(ctx, room):
    _, facilitator, (anne, _, _) = room
    facilitation.update_settings(ctx, facilitator, {"locked": True})
    vitality.rate(ctx, anne, {"block": "identiteit", "score": 3})
    assert len(rows(ctx, anne.workshop_id)) == 1


def test_a_flood_from_one_connection_is_refused_from_memory(ctx, room, sent):
    _, _, (anne, _, _) = room
    for i in range(VITALITY_RATE_BURST):
        vitality.rate(ctx, anne, {"block": "identiteit", "score": i % 5 + 1})
    with pytest.raises(TooManyRequests) as refused:
        vitality.rate(ctx, anne, {"block": "identiteit", "score": 3})
    assert refused.value.code == "vitality_too_fast"
    assert f"hoogstens {VITALITY_RATE_BURST} scores" in refused.value.message("nl")
    assert refused.value.data["retry_after"] >= 1
    # Joining again as someone new on the same connection buys nothing.
    again = workshops.join(ctx, {"code": room[0].code, "name": "Anne 2"},
                           connection=anne.connection).actor
    limits.connection_was(ctx.limits, anne.connection, again.participant_id)
    with pytest.raises(TooManyRequests):
        vitality.rate(ctx, again, {"block": "regie", "score": 3})


def test_reset_is_for_the_facilitator_and_clears_every_rating(ctx, room, sent):
    _, facilitator, (anne, bo, _) = room
    vitality.rate(ctx, anne, {"block": "identiteit", "score": 3})
    vitality.rate(ctx, bo, {"block": "regie", "score": 5})
    with pytest.raises(Forbidden):
        vitality.reset(ctx, anne)
    sent.clear()
    vitality.reset(ctx, facilitator)
    assert rows(ctx, anne.workshop_id) == []
    assert sent[-1][0] == "vitality:updated"
    assert all(f["count"] == 0 for f in sent[-1][1]["vitality"].values())
    # After a reset the same score counts again.
    vitality.rate(ctx, anne, {"block": "identiteit", "score": 3})
    assert figures(ctx, anne.workshop_id)["identiteit"]["count"] == 1


def test_state_has_the_figures_and_a_participant_only_their_own_scores(ctx, room):
    created, _, (anne, bo, _) = room
    vitality.rate(ctx, anne, {"block": "identiteit", "score": 2})
    vitality.rate(ctx, bo, {"block": "identiteit", "score": 4})
    state = workshops.join(ctx, {"code": created.code,
                                 "participant_token": None, "name": "X"}).state
    assert state["vitality"]["identiteit"]["count"] == 2
    assert state["my_vitality"] == {}
    facilitator_state = workshops.get_state(ctx, created.code,
                                            facilitator_key=created.facilitator_key)
    assert facilitator_state["vitality"]["identiteit"] == \
        {"count": 2, "mean": 3.0, "histogram": [0, 1, 0, 1, 0]}
    assert "my_vitality" not in facilitator_state
    with ctx.db.session() as session:
        assert records.vitality_of(session, anne.workshop_id, anne.participant_id) == \
            {"identiteit": 2}
    # Every block of the method is asked, in both languages.
    assert set(method.VITALITY_QUESTIONS) == set(method.BLOCK_KEYS)
    for block in method.localized("en")["blocks"]:
        assert block["vitality_question"].startswith("How strong")


def test_a_snapshot_keeps_the_figures_and_comparison_shows_the_change(ctx, room):
    created, _, (anne, bo, cas) = room
    vitality.rate(ctx, anne, {"block": "identiteit", "score": 2})
    vitality.rate(ctx, bo, {"block": "identiteit", "score": 3})
    taken = snapshots.take_snapshot(ctx, created.code, created.facilitator_key,
                                    {"label": "Start"})
    kept = figures(ctx, anne.workshop_id)
    vitality.rate(ctx, anne, {"block": "identiteit", "score": 4})
    vitality.rate(ctx, cas, {"block": "identiteit", "score": 5})
    assert snapshots.get_canvas(ctx, created.code, str(taken["id"]))["vitality"] == kept
    assert figures(ctx, anne.workshop_id)["identiteit"]["count"] == 3  # the live ones moved on
    result = compare.compare_moments(ctx, created.code, str(taken["id"]), "current")
    assert result["vitality"]["identiteit"] == {
        "from": {"count": 2, "mean": 2.5, "histogram": [0, 1, 1, 0, 0]},
        "to": {"count": 3, "mean": 4.0, "histogram": [0, 0, 1, 1, 1]}}
    assert set(result["vitality"]) == set(method.BLOCK_KEYS)
    assert result["vitality"]["regie"]["from"]["count"] == 0
    # Totals only: no participant appears anywhere in what a comparison carries.
    text = json.dumps(result["vitality"])
    for person in (anne, bo, cas):
        assert person.participant_id not in text


def test_a_snapshot_without_figures_compares_as_nobody_rated():
    assert compare.compare_vitality({}, {})["identiteit"] == {
        "from": {"count": 0, "mean": None, "histogram": [0, 0, 0, 0, 0]},
        "to": {"count": 0, "mean": None, "histogram": [0, 0, 0, 0, 0]}}


def test_a_returning_participant_gets_their_own_scores_and_votes_and_a_new_one_none(ctx, room):
    created, _, _ = room
    first = workshops.join(ctx, {"code": created.code, "name": "Dirk"}, connection="sid-d")
    assert first.state["my_vitality"] == {}
    assert first.state["votes"] == {"used": 0, "by_note": {}, "by_cluster": {}}
    vitality.rate(ctx, first.actor, {"block": "regie", "score": 5})
    again = workshops.join(ctx, {"code": created.code, "name": "Dirk",
                                 "participant_token": first.participant["token"]},
                           connection="sid-d2")
    assert again.actor.participant_id == first.actor.participant_id
    assert again.state["my_vitality"] == {"regie": 5}
