"""Commitments over Socket.IO: ``note:agreement`` (facilitator only, filtered like any note
change) and a card's trekker, first step and date through ``note:update``."""
import pytest
from inprocess import received


@pytest.fixture
def room(joined, workshop, client):
    """A facilitator, two participants (Anne, Bram) and a projector, all joined."""
    facilitator, _ = joined(facilitator_key=workshop["facilitator_key"])
    anne, _ = joined(name="Anne")
    bram, _ = joined(name="Bram")
    projector, _ = joined(view="projector")

    class Room:
        pass
    r = Room()
    r.facilitator, r.anne, r.bram, r.projector = facilitator, anne, bram, projector
    r.code, r.http = workshop["code"], client
    return r


def clear(*sockets):
    for socket in sockets:
        socket.get_received()


@pytest.mark.parametrize("who", ["anne", "bram", "projector"])
def test_only_the_facilitator_marks_an_agreement(room, who):
    room.anne.emit("note:add", {"id": "s1", "block": "spelregels", "text": "Op tijd"},
                   callback=True)
    ack = getattr(room, who).emit("note:agreement", {"id": "s1", "agreement": True},
                                  callback=True)
    assert ack["ok"] is False and ack["code"] in ("facilitator_only", "read_only")
    assert room.http.get(f"/api/workshops/{room.code}").get_json()["notes"][0]["agreement"] \
        is False


def test_an_agreement_reaches_every_page_as_a_note_update(room):
    room.anne.emit("note:add", {"id": "s1", "block": "spelregels", "text": "Op tijd"},
                   callback=True)
    clear(room.facilitator, room.anne, room.bram, room.projector)
    ack = room.facilitator.emit("note:agreement", {"id": "s1", "agreement": True},
                                callback=True)
    assert ack["ok"] and ack["note"]["agreement"] is True and ack["note"]["version"] == 2
    for socket in (room.facilitator, room.anne, room.bram, room.projector):
        updates = received(socket, "note:updated")
        assert [(u["note"]["id"], u["note"]["agreement"], u["rev"]) for u in updates] == \
            [("s1", True, ack["rev"])]


@pytest.mark.parametrize("payload, code", [
    ({"id": "s1", "agreement": 1}, "bad_field"), ({"id": "s1"}, "bad_field"),
    ({"agreement": True}, "missing_field"), (None, "bad_payload"),
    ({"id": "elders", "agreement": True}, "note_not_found")])
def test_bad_agreement_payloads_are_refused_clearly(room, payload, code):
    room.anne.emit("note:add", {"id": "s1", "block": "spelregels", "text": "Op tijd"},
                   callback=True)
    ack = room.facilitator.emit("note:agreement", payload, callback=True)
    assert ack["ok"] is False and ack["code"] == code and ack["error"]


def test_marking_a_hidden_note_does_not_show_it_to_the_room(room):
    room.anne.emit("note:add", {"id": "h1", "block": "spelregels", "text": "Geheim"},
                   callback=True)
    room.facilitator.emit("note:hide", {"id": "h1", "hidden": True}, callback=True)
    clear(room.facilitator, room.anne, room.bram, room.projector)
    assert room.facilitator.emit("note:agreement", {"id": "h1", "agreement": True},
                                 callback=True)["ok"]
    for socket in (room.bram, room.projector):
        messages = socket.get_received()
        assert "Geheim" not in str(messages)
        assert not [m for m in messages if m["name"] in ("note:added", "note:updated")]
    # Its author and the facilitators still get it, marked hidden.
    assert received(room.anne, "note:updated")[0]["note"]["hidden"] is True
    assert received(room.facilitator, "note:updated")[0]["note"]["agreement"] is True
    public = room.http.get(f"/api/workshops/{room.code}/snapshots/current/export.md")
    assert "Geheim" not in public.get_data(as_text=True)


def test_marking_a_note_of_a_silent_round_gives_the_room_only_counts(room):
    room.facilitator.emit("workshop:update", {"silent": True}, callback=True)
    room.anne.emit("note:add", {"id": "q1", "block": "spelregels", "text": "Stil geschreven"},
                   callback=True)
    clear(room.bram, room.projector)
    room.facilitator.emit("note:agreement", {"id": "q1", "agreement": True}, callback=True)
    for socket in (room.bram, room.projector):
        messages = socket.get_received()
        assert "Stil geschreven" not in str(messages)
        assert {m["name"] for m in messages} <= {"notes:counts"}


def test_the_author_sets_the_commitment_and_the_projector_sees_it(room):
    room.anne.emit("note:add", {"id": "c1", "block": "coalities", "text": "Buurtkamer"},
                   callback=True)
    clear(room.projector)
    ack = room.anne.emit("note:update", {"id": "c1", "coalition": {
        "trekker": "Anne", "eerste_stap": "Ruimte vinden", "datum": "2027-05-01"}},
        callback=True)
    assert ack["ok"], ack
    coalition = received(room.projector, "note:updated")[0]["note"]["coalition"]
    assert (coalition["trekker"], coalition["eerste_stap"], coalition["datum"]) == \
        ("Anne", "Ruimte vinden", "2027-05-01")
    refused = room.bram.emit("note:update", {"id": "c1", "coalition": {"trekker": "Bram"}},
                             callback=True)
    assert refused["ok"] is False and refused["code"] == "not_your_note"
    bad = room.anne.emit("note:update", {"id": "c1", "coalition": {"datum": "2027-02-29"}},
                         callback=True)
    assert bad["ok"] is False and bad["code"] == "bad_date" and "YYYY-MM-DD" in bad["error"]
