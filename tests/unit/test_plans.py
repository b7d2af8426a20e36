"""The session plan (canvas/services/plans.py), called directly: validating steps, composing a
plan, running it step by step, going back and leaving it."""
import json
from datetime import datetime

import pytest
from test_services import RecordingPublisher

from canvas import method
from canvas.db.models import Workshop
from canvas.services import notes, plans, workshops
from canvas.services.errors import BadRequest, Forbidden
from canvas.services.rules import (
    PLAN_STEPS_MAX,
    STEP_INSTRUCTION_MAX,
    STEP_SOURCE_MAX,
    STEP_VOTES_DEFAULT,
    TIMER_MAX_SECONDS,
    VOTES_MAX,
)


@pytest.fixture
def recorder(ctx, monkeypatch):
    recording = RecordingPublisher()
    monkeypatch.setattr(ctx, "publisher", recording)
    return recording


@pytest.fixture
def room(ctx):
    created = workshops.create_workshop(ctx, {"title": "Wijknetwerk", "language": "nl"})

    class Room:
        code = created.code
        key = created.facilitator_key
        facilitator = workshops.join(ctx, {"code": created.code,
                                           "facilitator_key": created.facilitator_key}).actor
        anne = workshops.join(ctx, {"code": created.code, "name": "Anne"}).actor
        projector = workshops.join(ctx, {"code": created.code, "view": "projector"}).actor
    return Room


def step(step_id, mode="write", block="identiteit", **fields):
    return {"id": step_id, "mode": mode, "block": block, **fields}


PLAN = [
    step("s-1", "silent", "identiteit", subarea="passie", question=0, duration=300,
         instruction="Schrijf in stilte."),
    step("s-2", "vote", "identiteit", votes=5, duration=120),
    step("s-3", "discuss", "spelregels", question=1),
    step("s-4", "cluster", "organisatie"),
    {"id": "s-5", "mode": "vitality", "block": None, "duration": 600},
]


def settings_of(ctx, room):
    return workshops.get_state(ctx, room.code)["settings"]


def bad_step(steps) -> BadRequest:
    with pytest.raises(BadRequest) as caught:
        plans.validate_steps(steps)
    return caught.value


# Validation: every field and every limit.

def test_a_valid_plan_is_cleaned_and_completed():
    cleaned = plans.validate_steps(PLAN + [step("s-6", "vote", extra="dropped",
                                                instruction="  Kies\x00 drie  ")])
    assert cleaned[0] == {"id": "s-1", "mode": "silent", "block": "identiteit",
                          "subarea": "passie", "question": 0, "duration": 300,
                          "instruction": "Schrijf in stilte.", "votes": None, "source": ""}
    assert cleaned[1]["votes"] == 5
    assert cleaned[4]["block"] is None and cleaned[4]["votes"] is None
    assert cleaned[5]["votes"] == STEP_VOTES_DEFAULT and "extra" not in cleaned[5]
    assert cleaned[5]["instruction"] == "Kies drie"


def test_votes_are_null_outside_vote_steps():
    assert plans.validate_steps([step("s-1", "write", votes=7)])[0]["votes"] is None


@pytest.mark.parametrize("field, value", [
    ("id", None), ("id", ""), ("id", "has space"), ("id", "x" * 65), ("id", 3),
    ("mode", None), ("mode", "dance"), ("mode", 1),
    ("block", None), ("block", "nope"),
    ("subarea", "ambitie-x"), ("subarea", "wie"),  # "wie" is organisatie's, not identiteit's
    ("question", -1), ("question", method.QUESTION_COUNTS["identiteit"]), ("question", "0"),
    ("question", True),
    ("duration", 0), ("duration", TIMER_MAX_SECONDS + 1), ("duration", 1.5),
    ("instruction", "x" * (STEP_INSTRUCTION_MAX + 1)), ("instruction", ["a"]),
    ("source", "x" * (STEP_SOURCE_MAX + 1)),
])
def test_every_field_is_checked(field, value):
    steps = [step("s-0"), {**step("s-1", subarea="passie"), field: value}]
    error = bad_step(steps)
    assert error.code == "bad_step"
    assert error.data == {"index": 1, "field": field}


@pytest.mark.parametrize("votes", [0, VOTES_MAX + 1, "3"])
def test_a_vote_step_gives_one_to_votes_max_votes(votes):
    error = bad_step([step("s-1", "vote", votes=votes)])
    assert error.data == {"index": 0, "field": "votes"}
    assert plans.validate_steps([step("s-1", "vote", votes=VOTES_MAX)])[0]["votes"] == VOTES_MAX


def test_limits_are_accepted_at_their_edge():
    edge = step("s-1", question=method.QUESTION_COUNTS["identiteit"] - 1,
                duration=TIMER_MAX_SECONDS, instruction="i" * STEP_INSTRUCTION_MAX,
                source="s" * STEP_SOURCE_MAX)
    assert plans.validate_steps([edge])[0]["duration"] == TIMER_MAX_SECONDS


def test_step_ids_are_unique():
    assert bad_step([step("s-1"), step("s-2"), step("s-1")]).data == {"index": 2, "field": "id"}


def test_a_step_that_is_no_object_is_refused():
    assert bad_step([step("s-1"), "write"]).data == {"index": 1, "field": "step"}


def test_a_vitality_step_names_no_block_sub_area_or_question():
    """The check asks about every block: what an editor kept from the step's earlier mode is
    dropped, so no page shows a block or question with it."""
    for extra in ({"subarea": "passie"}, {"question": 0},
                  {"block": "identiteit", "subarea": "passie", "question": 2}):
        [cleaned] = plans.validate_steps([{"id": "s-1", "mode": "vitality", **extra}])
        assert (cleaned["block"], cleaned["subarea"], cleaned["question"]) == (None,) * 3


def test_the_message_names_the_step_and_the_limit():
    error = bad_step([step("s-1"), step("s-2", instruction="x" * 501)])
    assert error.message("nl") == ("Stap 2 van het plan is niet geldig (veld ‘instruction’). "
                                   "‘instruction’ is te lang: hoogstens 500 tekens.")
    assert "at most 500 characters" in error.message("en")


def test_at_most_plan_steps_max_steps():
    plans.validate_steps([step(f"s-{i}") for i in range(PLAN_STEPS_MAX)])
    with pytest.raises(BadRequest) as caught:
        plans.validate_steps([step(f"s-{i}") for i in range(PLAN_STEPS_MAX + 1)])
    assert caught.value.code == "too_many_steps" and caught.value.data == {"max": PLAN_STEPS_MAX}
    assert str(PLAN_STEPS_MAX) in caught.value.message("en")


@pytest.mark.parametrize("steps", [None, {"s-1": {}}, "steps"])
def test_steps_must_be_a_list(steps):
    assert bad_step(steps).code == "bad_field"


# Composing.

def test_only_the_facilitator_composes_the_plan(ctx, room):
    for actor in (room.anne, room.projector):
        with pytest.raises(Forbidden):
            plans.update_plan(ctx, actor, {"steps": PLAN})
    with pytest.raises(Forbidden):
        plans.go_step(ctx, room.anne, {"step": 0})
    assert workshops.get_state(ctx, room.code, facilitator_key=None).get("plan") is None


def test_the_plan_is_stored_for_facilitators_without_a_revision(ctx, room, recorder):
    rev = workshops.get_state(ctx, room.code)["rev"]
    stored = plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    assert [s["id"] for s in stored] == ["s-1", "s-2", "s-3", "s-4", "s-5"]
    assert recorder.by_audience == [("facilitators", "plan:updated", {"steps": stored})]
    assert recorder.events == []  # the room hears nothing: no gap in its revisions
    with ctx.db.session() as session:
        assert json.loads(session.get(Workshop, room.facilitator.workshop_id).plan_json) \
            == stored
    assert workshops.get_state(ctx, room.code)["rev"] == rev
    assert "plan" not in workshops.get_state(ctx, room.code)


def test_the_facilitators_state_has_the_plan(ctx, room):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN[:2]})
    with ctx.db.session() as session:
        workshop = session.get(Workshop, room.facilitator.workshop_id)
        state = workshops.build_state(ctx, session, workshop, lang="nl", facilitator=True)
        public = workshops.build_state(ctx, session, workshop, lang="nl", facilitator=False)
    assert [s["id"] for s in state["plan"]["steps"]] == ["s-1", "s-2"]
    assert "plan" not in public


def test_a_refused_plan_leaves_the_stored_one(ctx, room):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    with pytest.raises(BadRequest):
        plans.update_plan(ctx, room.facilitator, {"steps": PLAN + [step("s-1")]})
    with pytest.raises(BadRequest):
        plans.update_plan(ctx, room.facilitator, {})
    with ctx.db.session() as session:
        assert len(json.loads(session.get(Workshop, room.facilitator.workshop_id)
                              .plan_json)) == 5


# Running.

def test_a_silent_step_applies_the_table_in_one_change(ctx, room, recorder):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    recorder.by_audience.clear()
    before = datetime.utcnow()
    settings, rev = plans.go_step(ctx, room.facilitator, {"step": 0})
    assert settings["focus"] == "identiteit" and settings["question"] == 0
    assert settings["silent"] is True and settings["silent_since"]
    assert settings["votes_per_participant"] == 0 and settings["participants_cluster"] is False
    assert settings["spotlight"] is None and settings["results"] is None
    assert settings["vitality"] is False
    end = datetime.fromisoformat(settings["timer_end"].rstrip("Z"))
    assert 295 <= (end - before).total_seconds() <= 305
    assert settings["step"] == {"index": 0, "total": 5, "id": "s-1", "mode": "silent",
                                "block": "identiteit", "subarea": "passie", "question": 0,
                                "duration": 300, "instruction": "Schrijf in stilte.",
                                "votes": None}
    updates = [e for e in recorder.by_audience if e[1] == "workshop:updated"]
    assert updates == [("all", "workshop:updated", {"settings": settings, "rev": rev})]
    assert settings_of(ctx, room) == settings


def test_a_vote_step_after_a_silent_one_reveals_and_opens_voting(ctx, room, recorder):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    plans.go_step(ctx, room.facilitator, {"step": 0})
    notes.add_note(ctx, room.anne, {"id": "n-1", "block": "identiteit", "text": "Samen zorg"})
    recorder.by_audience.clear()
    settings, rev = plans.go_step(ctx, room.facilitator, {"step": 1})
    assert settings["silent"] is False and settings["votes_per_participant"] == 5
    assert settings["timer_end"] and settings["step"]["index"] == 1
    events = [(audience, event) for audience, event, _ in recorder.by_audience]
    assert ("all", "workshop:updated") in events
    assert ("public", "notes:revealed") in events
    revealed = next(p for _, e, p in recorder.by_audience if e == "notes:revealed")
    assert [n["id"] for n in revealed["notes"]] == ["n-1"]


@pytest.mark.parametrize("index, expected", [
    # No vote on spelregels came before: the block large, not an empty ranking.
    (2, {"focus": "spelregels", "question": 1, "spotlight": {"block": "spelregels"},
         "results": None, "timer_end": None, "vitality": False}),
    (3, {"focus": "organisatie", "participants_cluster": True, "spotlight": None}),
    (4, {"focus": None, "question": None, "vitality": True,
         "silent": False, "votes_per_participant": 0}),
])
def test_each_mode_sets_what_the_table_says(ctx, room, index, expected):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    plans.go_step(ctx, room.facilitator, {"step": 1})  # voting open, timer running
    settings, _ = plans.go_step(ctx, room.facilitator, {"step": index})
    assert {key: settings[key] for key in expected} == expected
    assert settings["votes_per_participant"] == 0


def test_a_discussion_after_a_vote_on_its_block_shows_the_ranking(ctx, room):
    steps = [*PLAN, step("s-6", "discuss", "identiteit")]
    plans.update_plan(ctx, room.facilitator, {"steps": steps})
    settings, _ = plans.go_step(ctx, room.facilitator, {"step": 5})
    assert settings["results"] == {"block": "identiteit"}
    assert settings["spotlight"] == {"block": "identiteit"}


def test_every_vote_step_gives_the_budget_afresh_and_keeps_the_earlier_votes(ctx, room):
    """Two vote steps in a session (identity, then coalitions): the second gives everyone
    their votes again; the first round's votes stay on their notes but are spent."""
    from canvas.services import facilitation
    steps = [step("s-v1", "vote", "identiteit", votes=2), step("s-w", "write", "coalities"),
             step("s-v2", "vote", "coalities", votes=2)]
    plans.update_plan(ctx, room.facilitator, {"steps": steps})
    notes.add_note(ctx, room.anne, {"id": "n-a", "block": "identiteit", "text": "Samen"})
    notes.add_note(ctx, room.anne, {"id": "n-b", "block": "identiteit", "text": "Zorg"})
    plans.go_step(ctx, room.facilitator, {"step": 0})
    facilitation.vote(ctx, room.anne, {"id": "n-a"})
    facilitation.vote(ctx, room.anne, {"id": "n-b"})
    with pytest.raises(BadRequest):
        facilitation.vote(ctx, room.anne, {"id": "n-a"})  # two of two spent
    plans.go_step(ctx, room.facilitator, {"step": 1})
    notes.add_note(ctx, room.anne, {"id": "c-1", "block": "coalities", "text": "Buurtkamer"})
    plans.go_step(ctx, room.facilitator, {"step": 2})
    assert facilitation.vote(ctx, room.anne, {"id": "c-1"})["votes_left"] == 1
    with pytest.raises(BadRequest):  # a vote of the round before is no longer to take back
        facilitation.vote(ctx, room.anne, {"id": "n-a"}, take_back=True)
    scores = {n["id"]: n["votes"] for n in workshops.get_state(ctx, room.code)["notes"]}
    assert scores == {"n-a": 1, "n-b": 1, "c-1": 1}
    progress = workshops.get_state(ctx, room.code, facilitator_key=room.key)["votes_progress"]
    assert progress["spent"] == 1 and progress["budget"] == 2


def test_going_back_applies_the_earlier_step_again(ctx, room):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    plans.go_step(ctx, room.facilitator, {"step": 0})
    plans.go_step(ctx, room.facilitator, {"step": 1})
    settings, _ = plans.go_step(ctx, room.facilitator, {"step": 0})
    assert settings["silent"] is True and settings["votes_per_participant"] == 0
    assert settings["step"]["id"] == "s-1"


def test_locked_and_show_authors_are_left_alone(ctx, room):
    from canvas.services import facilitation
    facilitation.update_settings(ctx, room.facilitator, {"locked": True, "show_authors": False})
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    settings, _ = plans.go_step(ctx, room.facilitator, {"step": 3})
    assert settings["locked"] is True and settings["show_authors"] is False


def test_leaving_the_plan_keeps_the_other_settings(ctx, room):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    running, _ = plans.go_step(ctx, room.facilitator, {"step": 1})
    left, _ = plans.go_step(ctx, room.facilitator, {"step": None})
    assert left["step"] is None
    assert {k: v for k, v in left.items() if k != "step"} == \
        {k: v for k, v in running.items() if k != "step"}


def test_stepping_outside_the_plan_by_hand_keeps_the_step(ctx, room):
    from canvas.services import facilitation
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    plans.go_step(ctx, room.facilitator, {"step": 0})
    settings, _ = facilitation.update_settings(ctx, room.facilitator, {"focus": "regie"})
    assert settings["focus"] == "regie" and settings["step"]["id"] == "s-1"


@pytest.mark.parametrize("payload, code", [
    ({"step": 5}, "step_out_of_range"), ({"step": -1}, "step_out_of_range"),
    ({"step": "1"}, "bad_field"), ({"step": True}, "bad_field"), ({}, "missing_field"),
])
def test_a_bad_step_index_is_refused(ctx, room, payload, code):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    with pytest.raises(BadRequest) as caught:
        plans.go_step(ctx, room.facilitator, payload)
    assert caught.value.code == code
    if code == "step_out_of_range":
        assert "5" in caught.value.message("en")
    assert settings_of(ctx, room)["step"] is None


def test_an_empty_plan_has_no_step_to_go_to(ctx, room):
    with pytest.raises(BadRequest) as caught:
        plans.go_step(ctx, room.facilitator, {"step": 0})
    assert caught.value.code == "step_out_of_range"


# The running step follows the plan.

def test_the_running_step_follows_a_reorder_and_an_edit(ctx, room, recorder):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    plans.go_step(ctx, room.facilitator, {"step": 1})
    rev = workshops.get_state(ctx, room.code)["rev"]
    recorder.by_audience.clear()
    edited = [PLAN[1] | {"instruction": "Drie stemmen"}, PLAN[0], PLAN[2]]
    plans.update_plan(ctx, room.facilitator, {"steps": edited})
    state = workshops.get_state(ctx, room.code)
    running = state["settings"]["step"]
    assert running["index"] == 0 and running["total"] == 3 and running["id"] == "s-2"
    assert running["instruction"] == "Drie stemmen"
    assert state["rev"] == rev + 1
    assert [(a, e) for a, e, _ in recorder.by_audience] == [
        ("facilitators", "plan:updated"), ("all", "workshop:updated")]
    assert recorder.by_audience[1][2] == {"settings": state["settings"], "rev": rev + 1}
    # The step's settings are not applied again: voting stays as it was.
    assert state["settings"]["votes_per_participant"] == 5


def test_the_running_step_is_gone_when_removed(ctx, room, recorder):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    plans.go_step(ctx, room.facilitator, {"step": 2})
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN[:2]})
    assert settings_of(ctx, room)["step"] is None


def test_an_edit_elsewhere_leaves_the_running_step_and_the_revision(ctx, room, recorder):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    plans.go_step(ctx, room.facilitator, {"step": 0})
    rev = workshops.get_state(ctx, room.code)["rev"]
    recorder.by_audience.clear()
    recorder.events.clear()
    plans.update_plan(ctx, room.facilitator,
                      {"steps": PLAN[:2] + [PLAN[2] | {"instruction": "Wat valt op?"}] + PLAN[3:]})
    state = workshops.get_state(ctx, room.code)
    assert state["rev"] == rev and state["settings"]["step"]["index"] == 0
    assert recorder.events == []
    assert [e for _, e, _ in recorder.by_audience] == ["plan:updated"]


def test_a_step_added_before_the_running_one_moves_it(ctx, room):
    plans.update_plan(ctx, room.facilitator, {"steps": PLAN})
    plans.go_step(ctx, room.facilitator, {"step": 0})
    plans.update_plan(ctx, room.facilitator, {"steps": [step("s-0")] + PLAN})
    running = settings_of(ctx, room)["step"]
    assert (running["index"], running["total"], running["id"]) == (1, 6, "s-1")


def test_opening_voting_by_hand_starts_a_new_round_too(ctx, room):
    from canvas.services import facilitation
    notes.add_note(ctx, room.anne, {"id": "n-a", "block": "regie", "text": "Samen"})
    facilitation.update_settings(ctx, room.facilitator, {"votes_per_participant": 1})
    facilitation.vote(ctx, room.anne, {"id": "n-a"})
    joined = workshops.join(ctx, {"code": room.code, "participant_token": None, "name": "Bo"})
    assert joined.state["votes"]["used"] == 0
    # Changing the budget while open keeps the round; closing and opening starts a new one.
    facilitation.update_settings(ctx, room.facilitator, {"votes_per_participant": 2})
    assert facilitation.vote(ctx, room.anne, {"id": "n-a"})["votes_left"] == 0
    facilitation.update_settings(ctx, room.facilitator, {"votes_per_participant": 0})
    settings, _ = facilitation.update_settings(ctx, room.facilitator,
                                               {"votes_per_participant": 2})
    assert settings["votes_since"]
    assert facilitation.vote(ctx, room.anne, {"id": "n-a"})["votes_left"] == 1
    assert workshops.get_state(ctx, room.code)["notes"][0]["votes"] == 3
