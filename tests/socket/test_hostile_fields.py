"""A lone surrogate in any field of any event: a clear ack, never `internal`."""
import pytest

SURROGATE = "x\ud800y"


@pytest.mark.parametrize("event, payload", [
    ("note:add", {"id": "a", "block": "regie", "text": SURROGATE}),
    ("note:add", {"id": "a", "block": "coalities", "text": "x",
                  "coalition": {"ambitie": SURROGATE}}),
    ("note:update", {"id": "a", "text": SURROGATE}),
    ("join", {"code": "x", "name": SURROGATE}),
    ("join", {"code": "x", "facilitator_key": SURROGATE}),
    ("join", {"code": SURROGATE}),
    ("join", {"code": "x", "participant_token": SURROGATE}),
])
def test_a_lone_surrogate_in_any_socket_field_gets_a_clear_ack(joined, workshop, event,
                                                                payload):
    socket, _ = joined(name="Anne")
    if event == "join":
        payload = {**payload, "code": workshop["code"] if payload["code"] == "x"
                   else payload["code"]}
    ack = socket.emit(event, payload, callback=True)
    assert ack["ok"] is False and ack["code"] == "lone_surrogate", ack
