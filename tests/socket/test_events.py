"""Socket.IO handlers, in process (SocketIOTestClient): acks, rooms and who receives what."""
import pytest
from inprocess import next_received, received

EVENTS = ["join", "note:add", "note:update", "note:delete"]


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("payload", [None, "text", 42, [1, 2], {"unexpected": True}])
def test_every_event_answers_bad_payloads_with_an_error(make_socket, workshop, event, payload):
    client = make_socket()
    if event != "join":
        client.emit("join", {"code": workshop["code"]}, callback=True)
    args = () if payload is None else (payload,)
    ack = client.emit(event, *args, callback=True)
    assert ack["ok"] is False and ack["error"] and ack["code"]
    assert client.is_connected()


def test_events_before_join_are_refused(make_socket):
    client = make_socket()
    ack = client.emit("note:add", {"id": "x", "block": "regie", "text": "x"}, callback=True)
    assert ack == {"ok": False, "error": ack["error"], "code": "not_joined"}


def test_unknown_event_is_answered(make_socket):
    client = make_socket()
    ack = client.emit("note:explode", {"id": "x"}, callback=True)
    assert ack["ok"] is False and ack["code"] == "unknown_event"


def test_join_unknown_code(make_socket):
    ack = make_socket().emit("join", {"code": "QQQQQQ"}, callback=True)
    assert ack["ok"] is False and ack["code"] == "workshop_not_found"


def test_join_returns_state_and_participant(joined, workshop):
    _, ack = joined(name="Anne")
    assert ack["role"] == "participant"
    assert ack["participant"]["name"] == "Anne" and ack["participant"]["token"]
    assert ack["state"]["code"] == workshop["code"] and ack["state"]["online"] == 1
    assert workshop["facilitator_key"] not in str(ack)


def test_errors_come_in_the_language_of_the_join(joined):
    client, _ = joined(language="en")
    ack = client.emit("note:add", {"id": "n", "block": "nope", "text": "x"}, callback=True)
    assert ack["error"] == "That block does not exist."


def test_a_note_reaches_everyone_in_the_workshop_and_nobody_else(joined, make_socket, client):
    anne, _ = joined(name="Anne")
    bram, _ = joined(name="Bram")
    projector, _ = joined(view="projector")
    other = client.post("/api/workshops", json={"title": "Ander"}).get_json()
    outsider = make_socket()
    outsider.emit("join", {"code": other["code"]}, callback=True)
    for c in (anne, bram, projector, outsider):
        c.get_received()

    ack = anne.emit("note:add", {"id": "n1", "block": "spelregels", "text": "Besluiten samen"},
                    callback=True)
    assert ack["ok"] and ack["rev"] == 1
    for c in (anne, bram, projector):
        assert received(c, "note:added") == [{"note": ack["note"], "rev": 1}]
    assert received(outsider, "note:added") == []


def test_update_and_delete_broadcast_with_rev(joined):
    anne, _ = joined()
    bram, _ = joined()
    anne.emit("note:add", {"id": "n2", "block": "regie", "text": "eerst"}, callback=True)
    bram.get_received()
    update = anne.emit("note:update", {"id": "n2", "text": "daarna"}, callback=True)
    delete = anne.emit("note:delete", {"id": "n2"}, callback=True)
    assert received(bram, "note:updated") == [{"note": update["note"], "rev": 2}]
    assert delete == {"ok": True, "id": "n2", "rev": 3}


def test_refused_changes_are_not_broadcast(joined):
    anne, _ = joined()
    bram, _ = joined()
    anne.emit("note:add", {"id": "n3", "block": "regie", "text": "van Anne"}, callback=True)
    anne.get_received()
    ack = bram.emit("note:delete", {"id": "n3"}, callback=True)
    assert ack["ok"] is False and ack["code"] == "not_your_note"
    assert received(anne, "note:deleted") == []


def test_presence_counts_participants_and_tells_facilitators_who(joined, workshop):
    facilitator, ack = joined(facilitator_key=workshop["facilitator_key"])
    assert ack["role"] == "facilitator" and ack["state"]["participants"] == []
    projector, _ = joined(view="projector")
    anne, anne_ack = joined(name="Anne")
    assert anne_ack["state"]["online"] == 1
    assert received(projector, "presence:updated")[-1] == {"online": 1}
    who = received(facilitator, "presence:participant")[-1]
    assert who == {"participant": {"id": anne_ack["participant"]["id"], "name": "Anne",
                                   "online": True}, "online": 1}
    assert received(projector, "presence:participant") == []

    anne.disconnect()
    # Anne came and went within half a second: the count follows at the end of it.
    assert next_received(projector, "presence:updated")[-1] == {"online": 0}
    assert received(facilitator, "presence:participant")[-1]["participant"]["online"] is False


def test_joining_again_keeps_one_presence(joined, make_socket, workshop):
    projector, _ = joined(view="projector")
    anne, ack = joined(name="Anne")
    again = anne.emit("join", {"code": workshop["code"],
                               "participant_token": ack["participant"]["token"]}, callback=True)
    assert again["participant"]["id"] == ack["participant"]["id"]
    assert again["state"]["online"] == 1


def test_a_second_device_of_the_same_participant_counts_once(joined):
    anne, ack = joined(name="Anne")
    laptop, again = joined(participant_token=ack["participant"]["token"])
    assert again["state"]["online"] == 1
