"""Answers that must not tell whether a note the caller cannot see exists: a hidden note (or
one of a silent round) is, to anyone but its author and the facilitators, a note that is not
there, for update, delete, vote and add alike."""
import pytest


@pytest.fixture
def setup(joined, workshop):
    facilitator, _ = joined(facilitator_key=workshop["facilitator_key"])
    anne, _ = joined(name="Anne")
    bram, _ = joined(name="Bram")
    for note_id in ("hidden", "deleted"):
        assert anne.emit("note:add", {"id": note_id, "block": "regie", "text": "x"},
                         callback=True)["ok"]
    assert facilitator.emit("note:hide", {"id": "hidden", "hidden": True},
                            callback=True)["ok"]
    assert anne.emit("note:delete", {"id": "deleted"}, callback=True)["ok"]
    return facilitator, anne, bram


def code_of(socket, event, payload):
    ack = socket.emit(event, payload, callback=True)
    assert ack["ok"] is False, ack
    return ack["code"]


@pytest.mark.parametrize("event, payload", [
    ("note:update", {"text": "y"}), ("note:delete", {}), ("note:vote", {}),
    ("note:add", {"block": "regie", "text": "y"})])
def test_a_hidden_note_answers_as_a_deleted_one(setup, event, payload):
    facilitator, anne, bram = setup
    facilitator.emit("workshop:update", {"votes_per_participant": 3}, callback=True)
    hidden = code_of(bram, event, {"id": "hidden", **payload})
    deleted = code_of(bram, event, {"id": "deleted", **payload})
    assert hidden == deleted, (hidden, deleted)
    if event != "note:add":
        assert hidden == "note_not_found"


def test_a_note_of_a_silent_round_answers_as_a_missing_one(setup):
    facilitator, anne, bram = setup
    assert facilitator.emit("workshop:update", {"silent": True}, callback=True)["ok"]
    assert anne.emit("note:add", {"id": "quiet", "block": "regie", "text": "stil"},
                     callback=True)["ok"]
    assert code_of(bram, "note:update", {"id": "quiet", "text": "y"}) == "note_not_found"
    assert code_of(bram, "note:delete", {"id": "quiet"}) == "note_not_found"
    assert code_of(bram, "note:update", {"id": "never", "text": "y"}) == "note_not_found"


def test_a_visible_note_of_someone_else_still_says_whose_it_is(setup):
    facilitator, anne, bram = setup
    assert anne.emit("note:add", {"id": "open", "block": "regie", "text": "open"},
                     callback=True)["ok"]
    assert code_of(bram, "note:update", {"id": "open", "text": "y"}) == "not_your_note"
    assert code_of(bram, "note:add", {"id": "open", "block": "regie", "text": "y"}) == \
        "note_id_taken"
    # Its author and the facilitator still reach the hidden note.
    assert anne.emit("note:update", {"id": "hidden", "text": "anders"}, callback=True)["ok"]
    assert facilitator.emit("note:delete", {"id": "hidden"}, callback=True)["ok"]
