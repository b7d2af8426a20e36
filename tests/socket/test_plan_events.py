"""The session plan over Socket.IO (plan:update, plan:go): who may, and what each kind of
client receives."""
import pytest
from inprocess import received

PLAN = [
    {"id": "s-1", "mode": "silent", "block": "identiteit", "question": 0, "duration": 300,
     "instruction": "Schrijf in stilte wat ons verbindt."},
    {"id": "s-2", "mode": "vote", "block": "identiteit", "votes": 3},
    {"id": "s-3", "mode": "discuss", "block": "identiteit"},
]


@pytest.fixture
def room(joined, workshop):
    facilitator, _ = joined(facilitator_key=workshop["facilitator_key"])
    anne, _ = joined(name="Anne")
    bram, _ = joined(name="Bram")
    projector, _ = joined(view="projector")
    for socket in (facilitator, anne, bram, projector):
        socket.get_received()

    class Room:
        pass
    r = Room()
    r.facilitator, r.anne, r.bram, r.projector = facilitator, anne, bram, projector
    r.join, r.key = joined, workshop["facilitator_key"]
    return r


def emit(socket, event, payload):
    return socket.emit(event, payload, callback=True)


@pytest.mark.parametrize("who", ["anne", "projector"])
@pytest.mark.parametrize("event, payload", [("plan:update", {"steps": PLAN}),
                                            ("plan:go", {"step": 0})])
def test_only_the_facilitator_changes_or_runs_the_plan(room, who, event, payload):
    assert emit(room.facilitator, "plan:update", {"steps": PLAN})["ok"]
    ack = emit(getattr(room, who), event, payload)
    assert ack["ok"] is False and ack["code"] == "facilitator_only" and ack["error"]
    fresh, state = room.join(facilitator_key=room.key)
    assert state["state"]["settings"]["step"] is None


def test_the_plan_goes_to_facilitators_only(room):
    ack = emit(room.facilitator, "plan:update", {"steps": PLAN})
    assert ack["ok"] and [s["id"] for s in ack["steps"]] == ["s-1", "s-2", "s-3"]
    assert received(room.facilitator, "plan:updated") == [{"steps": ack["steps"]}]
    second, state = room.join(facilitator_key=room.key)
    assert state["state"]["plan"] == {"steps": ack["steps"]}
    for socket in (room.anne, room.bram, room.projector):
        assert received(socket) == []  # no plan, and no revision to miss
    _, anne_again = room.join(name="Anne 2")
    assert "plan" not in anne_again["state"]


def test_a_bad_plan_is_refused_with_the_step_and_field(room):
    ack = emit(room.facilitator, "plan:update",
               {"steps": [PLAN[0], {**PLAN[1], "votes": 999}]})
    assert ack["ok"] is False and ack["code"] == "bad_step"
    assert ack["index"] == 1 and ack["field"] == "votes"
    assert "50" in ack["error"]
    ack = emit(room.facilitator, "plan:update",
               {"steps": [{**PLAN[0], "id": f"s-{i}"} for i in range(61)]})
    assert ack["code"] == "too_many_steps" and ack["max"] == 60 and "60" in ack["error"]


def test_a_silent_step_then_a_vote_step_reveals_and_opens_voting(room):
    emit(room.facilitator, "plan:update", {"steps": PLAN})
    ack = emit(room.facilitator, "plan:go", {"step": 0})
    assert ack["ok"] and ack["settings"]["silent"] is True
    for socket in (room.facilitator, room.anne, room.projector):
        [update] = received(socket, "workshop:updated")
        assert update["settings"]["step"]["id"] == "s-1"
        assert update["settings"]["step"]["instruction"].startswith("Schrijf")
        assert update["rev"] == ack["rev"]
    assert emit(room.anne, "note:add", {"id": "n-anne", "block": "identiteit",
                                        "text": "Zorg dichtbij huis"})["ok"]
    # Silent: Bram's phone and the projector do not get Anne's note.
    assert received(room.bram, "note:added") == []
    assert received(room.projector, "note:added") == []

    ack = emit(room.facilitator, "plan:go", {"step": 1})
    assert ack["ok"] and ack["settings"]["votes_per_participant"] == 3
    for socket in (room.bram, room.projector):
        messages = socket.get_received()
        names = [m["name"] for m in messages]
        assert "workshop:updated" in names and "notes:revealed" in names
        revealed = next(m["args"][0] for m in messages if m["name"] == "notes:revealed")
        assert [n["id"] for n in revealed["notes"]] == ["n-anne"]
    vote = emit(room.bram, "note:vote", {"id": "n-anne"})
    assert vote["ok"] and vote["votes_left"] == 2


def test_going_back_and_leaving_the_plan(room):
    emit(room.facilitator, "plan:update", {"steps": PLAN})
    emit(room.facilitator, "plan:go", {"step": 2})
    back = emit(room.facilitator, "plan:go", {"step": 1})
    assert back["settings"]["step"]["index"] == 1
    assert back["settings"]["spotlight"] is None
    left = emit(room.facilitator, "plan:go", {"step": None})
    assert left["ok"] and left["settings"]["step"] is None
    assert left["settings"]["votes_per_participant"] == 3
    [update] = received(room.anne, "workshop:updated")[-1:]
    assert update["settings"]["step"] is None


@pytest.mark.parametrize("payload, code", [({"step": 3}, "step_out_of_range"),
                                           ({"step": "x"}, "bad_field"),
                                           (None, "bad_payload")])
def test_a_bad_step_is_refused_clearly(room, payload, code):
    emit(room.facilitator, "plan:update", {"steps": PLAN})
    ack = emit(room.facilitator, "plan:go", payload)
    assert ack["ok"] is False and ack["code"] == code and ack["error"]


def test_the_running_step_follows_the_plan_for_everyone(room):
    emit(room.facilitator, "plan:update", {"steps": PLAN})
    go = emit(room.facilitator, "plan:go", {"step": 1})
    for socket in (room.facilitator, room.anne, room.projector):
        socket.get_received()
    emit(room.facilitator, "plan:update", {"steps": [PLAN[0], PLAN[2]]})
    for socket in (room.anne, room.projector):
        [update] = received(socket, "workshop:updated")
        assert update["settings"]["step"] is None and update["rev"] == go["rev"] + 1
