"""A live workshop over the real transport: real Socket.IO clients against a real server process.

Every test starts ``python -m canvas serve`` (gunicorn, threading mode) on 127.0.0.1 with a fresh
SQLite file (``live_server`` in tests/conftest.py) and talks to it with ``socketio.Client`` over
WebSocket (``Peer`` in tests/peer.py), the way phones, projectors and the facilitator's laptop
do. Scenarios are named by role and action. Broadcasts are awaited with a bounded wait
(``WAIT`` seconds), never a fixed sleep.

"Nothing was broadcast" is shown with a sentinel instead of a pause: after the refused action a
valid change is made, and the next change event each listener receives must be that one, with the
revision right after the last one (a refused action bumps nothing). Events on one connection
arrive in the order the server sent them, so a broadcast of the refused action would come first.
"""
import threading
import uuid

import pytest
import requests
from liveserver import running_server
from peer import NO_DATA, WAIT, Peer


def new_id() -> str:
    return "n-" + uuid.uuid4().hex[:12]


@pytest.fixture
def peers(live_server, connect_peer):
    """Make peers connected to the live server; every one is disconnected at the end."""
    return lambda label: connect_peer(live_server.url, label)


@pytest.fixture
def room(live_server, peers):
    """A workshop with participants A (Fatima) and B (Bram), the facilitator F and a projector P."""
    created = live_server.create_workshop()
    code = created["code"]
    a, b, f, p = peers("A"), peers("B"), peers("F"), peers("P")
    a.join(code, name="Fatima")
    b.join(code, name="Bram")
    f.join(code, facilitator_key=created["facilitator_key"], view="facilitator")
    p.join(code, view="projector")
    return Room(live_server, created, a, b, f, p)


class Room:
    def __init__(self, server, created, a, b, f, p):
        self.server, self.created = server, created
        self.code = created["code"]
        self.a, self.b, self.f, self.p = a, b, f, p
        self.everyone = (a, b, f, p)

    def state(self, **headers) -> dict:
        response = requests.get(f"{self.server.url}/api/workshops/{self.code}", headers=headers,
                                timeout=WAIT)
        assert response.status_code == 200, response.text
        return response.json()

    def stored(self, note_id):
        notes = [n for n in self.state()["notes"] if n["id"] == note_id]
        assert len(notes) <= 1
        return notes[0] if notes else None

    def add(self, peer: Peer, **fields) -> dict:
        payload = {"id": new_id(), "block": "identiteit", "text": "Samen de wijk gezond", **fields}
        ack = peer.call("note:add", payload)
        assert ack["ok"] is True, ack
        return ack

    def assert_nothing_broadcast_since(self, rev: int, listeners=None):
        """Sentinel: A adds a note; every listener's next note event is exactly that, at rev+1."""
        ack = self.add(self.a, text="sentinel")
        assert ack["rev"] == rev + 1, "a refused action changed the revision"
        for peer in listeners or (self.b, self.f, self.p):
            event, data = peer.next_change()
            assert (event, data) == ("note:added", {"note": ack["note"], "rev": ack["rev"]}), \
                f"{peer.label} received something before the sentinel"
        return ack


def refused(ack, code=None):
    assert ack["ok"] is False, ack
    assert isinstance(ack.get("error"), str) and ack["error"], ack
    assert isinstance(ack.get("code"), str) and ack["code"], ack
    if code is not None:
        assert ack["code"] == code, ack
    return ack


# --- Participants, facilitator and projector ------------------------------------------------


def test_participant_adds_note_and_everyone_receives_it_with_the_same_rev(room):
    rev0 = room.a.rev
    ack = room.add(room.a, id="n-first", subarea="passie", color="roze", text="Samen gezond")

    note = ack["note"]
    assert ack["rev"] == rev0 + 1
    assert note["id"] == "n-first"
    assert (note["block"], note["subarea"], note["text"], note["color"]) == \
        ("identiteit", "passie", "Samen gezond", "roze")
    assert note["author"] == "Fatima"
    assert note["participant_id"] == room.a.participant["id"]
    assert (note["coalition"], note["votes"], note["version"]) == (None, 0, 1)
    for peer in room.everyone:  # the poster too: it is in the workshop's room
        assert peer.wait_for("note:added") == {"note": note, "rev": ack["rev"]}, peer.label
    # Committed before it was acknowledged and broadcast.
    assert room.stored("n-first") == note
    assert room.state()["rev"] == ack["rev"]


def test_participant_edits_moves_and_deletes_own_note(room):
    ack = room.add(room.a, subarea="passie")
    note_id = ack["note"]["id"]

    edit = room.a.call("note:update", {"id": note_id, "text": "Nieuwe tekst", "color": "blauw"})
    assert edit["ok"] is True, edit
    assert (edit["note"]["text"], edit["note"]["color"]) == ("Nieuwe tekst", "blauw")
    assert edit["note"]["version"] == 2 and edit["rev"] == ack["rev"] + 1
    assert edit["note"]["subarea"] == "passie"
    for peer in (room.b, room.f, room.p):
        assert peer.wait_for("note:updated") == {"note": edit["note"], "rev": edit["rev"]}

    # Moving to organisatie: "passie" does not belong there and is cleared.
    move = room.a.call("note:update", {"id": note_id, "block": "organisatie"})
    assert move["ok"] is True, move
    assert (move["note"]["block"], move["note"]["subarea"]) == ("organisatie", None)
    assert move["note"]["text"] == "Nieuwe tekst" and move["note"]["color"] == "blauw"
    assert room.b.wait_for("note:updated") == {"note": move["note"], "rev": move["rev"]}

    # Moving with a sub-area of the new block keeps it.
    back = room.a.call("note:update", {"id": note_id, "block": "identiteit", "subarea": "stijl"})
    assert back["ok"] is True, back
    assert (back["note"]["block"], back["note"]["subarea"]) == ("identiteit", "stijl")
    assert back["note"]["version"] == 4
    assert room.b.wait_for("note:updated") == {"note": back["note"], "rev": back["rev"]}
    assert room.stored(note_id) == back["note"]

    gone = room.a.call("note:delete", {"id": note_id})
    assert gone == {"ok": True, "id": note_id, "rev": back["rev"] + 1}
    for peer in room.everyone:
        assert peer.wait_for("note:deleted") == {"id": note_id, "rev": gone["rev"],
                                                 "by": "author"}, peer.label
    assert room.stored(note_id) is None


def test_participant_cannot_edit_or_delete_another_participants_note(room):
    ack = room.add(room.a, text="Van Fatima")
    note_id = ack["note"]["id"]
    for peer in room.everyone:
        peer.wait_for("note:added")

    refused(room.b.call("note:update", {"id": note_id, "text": "Van Bram"}), "not_your_note")
    refused(room.b.call("note:update", {"id": note_id, "block": "regie"}), "not_your_note")
    refused(room.b.call("note:delete", {"id": note_id}), "not_your_note")

    assert room.stored(note_id) == ack["note"]  # unchanged, version 1
    room.assert_nothing_broadcast_since(ack["rev"])


def test_facilitator_edits_and_deletes_a_participants_note(room):
    ack = room.add(room.a, text="Van Fatima")
    note_id = ack["note"]["id"]

    edit = room.f.call("note:update", {"id": note_id, "text": "Door de facilitator",
                                       "color": "groen"})
    assert edit["ok"] is True, edit
    assert edit["note"]["text"] == "Door de facilitator"
    # Ownership and author stay with the writer.
    assert edit["note"]["participant_id"] == room.a.participant["id"]
    assert edit["note"]["author"] == "Fatima"
    for peer in (room.a, room.b, room.p):
        assert peer.wait_for("note:updated") == {"note": edit["note"], "rev": edit["rev"]}

    # The owner still owns it after the facilitator's edit.
    own = room.a.call("note:update", {"id": note_id, "color": "paars"})
    assert own["ok"] is True, own

    gone = room.f.call("note:delete", {"id": note_id})
    assert gone == {"ok": True, "id": note_id, "rev": own["rev"] + 1}
    for peer in room.everyone:
        assert peer.wait_for("note:deleted") == {"id": note_id, "rev": gone["rev"],
                                                 "by": "facilitator"}, peer.label
    assert room.stored(note_id) is None


def test_projector_only_watches(room):
    assert room.p.participant is None
    assert room.p.join_ack["role"] == "projector"
    ack = room.add(room.a)
    note_id = ack["note"]["id"]
    for peer in room.everyone:
        peer.wait_for("note:added")

    refused(room.p.call("note:add", {"id": new_id(), "block": "regie", "text": "Van de beamer"}),
            "projector_read_only")
    refused(room.p.call("note:update", {"id": note_id, "text": "x"}), "projector_read_only")
    refused(room.p.call("note:delete", {"id": note_id}), "projector_read_only")

    assert [n["id"] for n in room.state()["notes"]] == [note_id]
    room.assert_nothing_broadcast_since(ack["rev"])


def test_retried_add_with_the_same_id_stores_one_note(room):
    payload = {"id": "n-retry", "block": "regie", "text": "Wie trekt de kar?", "color": "oranje"}
    first = room.a.call("note:add", payload)
    second = room.a.call("note:add", payload)
    assert first["ok"] is True and second["ok"] is True, (first, second)
    assert second["note"] == first["note"]
    assert second["rev"] == first["rev"]
    assert [n["id"] for n in room.state()["notes"]] == ["n-retry"]
    assert room.state()["rev"] == first["rev"]

    # Somebody else cannot take the id over.
    refused(room.b.call("note:add", {**payload, "text": "Van Bram"}), "note_id_taken")
    assert room.stored("n-retry") == first["note"]

    # Exactly one note:added went out for both sends.
    for peer in (room.b, room.f, room.p):
        assert peer.next_change() == ("note:added", {"note": first["note"], "rev": first["rev"]})
    room.assert_nothing_broadcast_since(first["rev"])


def test_coalition_card_is_created_edited_and_seen_with_all_fields(room):
    coalition = {"werkvorm": "project", "ambitie": "Iedereen een maatje",
                 "kernpartners": "Buurthuis, GGD", "doelgroep": "Ouderen in Oost",
                 "trekker": "Fatima", "eerste_stap": "Maatjes werven", "datum": "2027-03-01"}
    ack = room.add(room.a, block="coalities", text="Maatjes Oost", color="groen",
                   coalition=coalition)
    card = ack["note"]
    assert card["block"] == "coalities" and card["text"] == "Maatjes Oost"
    assert card["coalition"] == coalition
    for peer in (room.b, room.f, room.p):
        assert peer.wait_for("note:added") == {"note": card, "rev": ack["rev"]}

    # Only the fields that are sent change.
    edit = room.a.call("note:update", {"id": card["id"], "coalition": {
        "werkvorm": "alliantie", "kernpartners": "Buurthuis, GGD, bibliotheek"}})
    assert edit["ok"] is True, edit
    assert edit["note"]["coalition"] == {**coalition, "werkvorm": "alliantie",
                                         "kernpartners": "Buurthuis, GGD, bibliotheek"}
    assert edit["note"]["text"] == "Maatjes Oost"
    for peer in (room.b, room.f, room.p):
        assert peer.wait_for("note:updated") == {"note": edit["note"], "rev": edit["rev"]}

    # Refused: an unknown werkvorm, a field too long, coalition fields on a plain note.
    refused(room.a.call("note:update", {"id": card["id"],
                                        "coalition": {"werkvorm": "hackathon"}}),
            "unknown_werkvorm")
    refused(room.a.call("note:add", {"id": new_id(), "block": "coalities", "text": "Fout",
                                     "coalition": {"werkvorm": "hackathon"}}),
            "unknown_werkvorm")
    refused(room.a.call("note:update", {"id": card["id"],
                                        "coalition": {"ambitie": "x" * 301}}), "too_long")
    refused(room.a.call("note:add", {"id": new_id(), "block": "regie", "text": "Geen kaart",
                                     "coalition": coalition}), "coalition_outside_block")
    assert room.stored(card["id"]) == edit["note"]
    room.assert_nothing_broadcast_since(edit["rev"])

    # werkvorm may be cleared with null; a 300-character field is accepted.
    clear = room.a.call("note:update", {"id": card["id"], "coalition": {
        "werkvorm": None, "doelgroep": "d" * 300}})
    assert clear["ok"] is True, clear
    assert clear["note"]["coalition"]["werkvorm"] is None
    assert clear["note"]["coalition"]["doelgroep"] == "d" * 300

    # Moving the card out of coalities drops its fields; moving back starts empty.
    out = room.a.call("note:update", {"id": card["id"], "block": "regie"})
    assert out["ok"] is True, out
    assert out["note"]["coalition"] is None
    back = room.a.call("note:update", {"id": card["id"], "block": "coalities"})
    assert back["ok"] is True, back
    assert back["note"]["coalition"] == {"werkvorm": None, "ambitie": "", "kernpartners": "",
                                         "doelgroep": "", "trekker": "", "eerste_stap": "",
                                         "datum": None}
    assert room.b.wait_for("note:updated", lambda d: d["rev"] == back["rev"])["note"] == \
        back["note"]
    assert room.stored(card["id"]) == back["note"]


def test_participant_reconnects_with_token_and_keeps_ownership(room, peers):
    ack = room.add(room.a, text="Voor de pauze")
    note_id = ack["note"]["id"]
    token = room.a.participant["token"]
    participant_id = room.a.participant["id"]
    room.a.disconnect()

    again = peers("A again")
    joined = again.join(room.code, participant_token=token)
    assert joined["participant"]["id"] == participant_id
    assert joined["participant"]["name"] == "Fatima"
    assert joined["participant"]["token"] == token
    assert note_id in [n["id"] for n in joined["state"]["notes"]]

    # A retry of the add from before the disconnect is recognised as the same note.
    retry = again.call("note:add", {"id": note_id, "block": "identiteit", "text": "Voor de pauze"})
    assert retry["ok"] is True and retry["note"] == ack["note"], retry

    edit = again.call("note:update", {"id": note_id, "text": "Na de pauze"})
    assert edit["ok"] is True, edit
    assert edit["note"]["participant_id"] == participant_id
    assert room.b.wait_for("note:updated") == {"note": edit["note"], "rev": edit["rev"]}

    # A new device without the token is somebody else.
    stranger = peers("A without token")
    other = stranger.join(room.code, name="Fatima")
    assert other["participant"]["id"] != participant_id
    refused(stranger.call("note:update", {"id": note_id, "text": "Overgenomen"}), "not_your_note")
    # An unknown token is not an error: it starts a new participant.
    unknown = peers("unknown token").join(room.code, participant_token="not-a-real-token")
    assert unknown["participant"]["id"] not in (participant_id, other["participant"]["id"])

    gone = again.call("note:delete", {"id": note_id})
    assert gone["ok"] is True, gone


def test_joining_again_on_one_connection_delivers_each_broadcast_once(room):
    token = room.b.participant["token"]
    again = room.b.call("join", {"code": room.code, "participant_token": token})
    assert again["ok"] is True and again["participant"]["id"] == room.b.participant["id"]

    ack = room.add(room.a)
    sentinel = room.add(room.a, text="sentinel")
    # Once B has the second note, a duplicate of the first would have arrived before it.
    room.b.wait_for("note:added", lambda d: d["rev"] == sentinel["rev"])
    assert room.b.count("note:added", lambda d: d["rev"] == ack["rev"]) == 1
    assert room.b.count("note:added") == 2


def test_rev_increases_by_one_per_change_and_every_broadcast_carries_it(room):
    rev0 = room.a.rev
    a_note = room.add(room.a)
    b_note = room.add(room.b, block="spelregels")
    acks = [
        a_note,
        b_note,
        room.a.call("note:update", {"id": a_note["note"]["id"], "text": "Herzien"}),
        room.f.call("note:update", {"id": b_note["note"]["id"], "block": "regie"}),
        room.add(room.f, block="coalities", coalition={"werkvorm": "proces"}),
        room.b.call("note:delete", {"id": b_note["note"]["id"]}),
        room.a.call("note:update", {"id": a_note["note"]["id"], "color": "oranje"}),
    ]
    # Refusals between changes do not count.
    refused(room.b.call("note:delete", {"id": a_note["note"]["id"]}))
    refused(room.a.call("note:update", {"id": "n-missing", "text": "x"}), "note_not_found")
    acks.append(room.f.call("note:delete", {"id": a_note["note"]["id"]}))

    assert all(ack["ok"] for ack in acks), acks
    assert [ack["rev"] for ack in acks] == list(range(rev0 + 1, rev0 + 1 + len(acks)))
    for peer in room.everyone:
        seen = [peer.next_change() for _ in acks]
        assert [data["rev"] for _, data in seen] == [ack["rev"] for ack in acks], peer.label
        for (event, data), ack in zip(seen, acks):
            if event == "note:deleted":
                assert {k: data[k] for k in ("id", "rev")} == {"id": ack["id"], "rev": ack["rev"]}
                assert data["by"] in ("author", "facilitator")
            else:
                assert data == {"note": ack["note"], "rev": ack["rev"]}
    assert room.state()["rev"] == rev0 + len(acks)


def test_concurrent_posters_get_unique_consecutive_revs(room):
    rev0 = room.a.rev
    per_poster = 15
    results = {"A": [], "B": [], "F": []}
    errors = []

    def post(peer, label):
        try:
            for i in range(per_poster):
                results[label].append(peer.call("note:add", {
                    "id": new_id(), "block": "regie", "text": f"{label} {i}"}))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=post, args=(peer, label))
               for peer, label in ((room.a, "A"), (room.b, "B"), (room.f, "F"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    acks = [ack for label in results for ack in results[label]]
    assert all(ack["ok"] for ack in acks), [a for a in acks if not a["ok"]]
    total = 3 * per_poster
    assert sorted(ack["rev"] for ack in acks) == list(range(rev0 + 1, rev0 + 1 + total))
    by_rev = {ack["rev"]: ack["note"] for ack in acks}
    for peer in room.everyone:
        received = {}
        for _ in range(total):
            event, data = peer.next_change()
            assert event == "note:added"
            received[data["rev"]] = data["note"]
        assert received == by_rev, peer.label
    state = room.state()
    assert state["rev"] == rev0 + total and len(state["notes"]) == total


# --- Persistence -----------------------------------------------------------------------------


def test_notes_and_ownership_survive_a_server_restart(tmp_path, connect_peer):
    database_url = f"sqlite:///{tmp_path / 'restart.db'}"
    with running_server(database_url) as server:
        created = server.create_workshop(title="Voor en na de herstart")
        code, key = created["code"], created["facilitator_key"]
        a, b = connect_peer(server.url, "A"), connect_peer(server.url, "B")
        a.join(code, name="Fatima")
        b.join(code, name="Bram")
        posted = [
            a.call("note:add", {"id": "n-1", "block": "identiteit", "subarea": "ambitie",
                                "text": "Gezonde wijk", "color": "paars"}),
            a.call("note:add", {"id": "n-2", "block": "coalities", "text": "Maatjes",
                                "coalition": {"werkvorm": "initiatief", "ambitie": "Samen",
                                              "kernpartners": "GGD",
                                              "doelgroep": "Ouderen"}}),
            b.call("note:add", {"id": "n-3", "block": "organisatie", "subarea": "plek",
                                "text": "Het buurthuis\nop dinsdag", "color": "blauw"}),
        ]
        assert all(ack["ok"] for ack in posted), posted
        edit = a.call("note:update", {"id": "n-1", "text": "Gezonde wijk voor iedereen"})
        assert edit["ok"] is True, edit
        before = requests.get(f"{server.url}/api/workshops/{code}", timeout=WAIT).json()
        token = a.participant["token"]
        a_id = a.participant["id"]
        for peer in (a, b):
            peer.disconnect()
    assert server.process is None  # stopped

    with running_server(database_url) as server:
        after = requests.get(f"{server.url}/api/workshops/{code}", timeout=WAIT).json()
        assert after["notes"] == before["notes"]
        assert [n["id"] for n in after["notes"]] == ["n-1", "n-2", "n-3"]
        assert after["rev"] == before["rev"]
        assert (after["title"], after["code"]) == ("Voor en na de herstart", code)
        by_id = {n["id"]: n for n in after["notes"]}
        assert by_id["n-1"]["text"] == "Gezonde wijk voor iedereen"
        assert by_id["n-1"]["version"] == 2
        assert by_id["n-2"]["coalition"] == {"werkvorm": "initiatief", "ambitie": "Samen",
                                             "kernpartners": "GGD", "doelgroep": "Ouderen",
                                             "trekker": "", "eerste_stap": "", "datum": None}
        assert by_id["n-3"]["text"] == "Het buurthuis\nop dinsdag"
        # The facilitator key still works.
        facilitator = requests.get(f"{server.url}/api/workshops/{code}",
                                   headers={"X-Facilitator-Key": key}, timeout=WAIT)
        assert facilitator.status_code == 200 and facilitator.json()["facilitator"] is True

        a2 = connect_peer(server.url, "A after restart")
        joined = a2.join(code, participant_token=token)
        assert joined["participant"]["id"] == a_id
        own = a2.call("note:update", {"id": "n-2", "coalition": {"werkvorm": "programma"}})
        assert own["ok"] is True, own
        assert own["rev"] == before["rev"] + 1
        refused(a2.call("note:delete", {"id": "n-3"}), "not_your_note")


# --- Bad input over the real transport ----------------------------------------------------


def test_bad_join_and_events_before_join_are_refused_and_connection_stays_usable(
        live_server, peers):
    created = live_server.create_workshop()
    code = created["code"]
    peer = peers("stranger")
    cases = [
        ("join", {"code": "ZZZZZZ"}, "workshop_not_found"),
        ("join", {"code": ""}, "workshop_not_found"),
        ("join", NO_DATA, "bad_payload"),
        ("join", "ABCDEF", "bad_payload"),
        ("join", ["ABCDEF"], "bad_payload"),
        ("join", {}, "missing_field"),
        ("join", {"code": 123456}, "bad_field"),
        ("join", {"code": code, "facilitator_key": "wrong"}, "bad_facilitator_key"),
        ("join", {"code": code, "view": "facilitator"}, "bad_facilitator_key"),
        ("join", {"code": code, "view": "admin"}, "bad_field"),
        ("join", {"code": code, "name": "x" * 61}, "too_long"),
        ("join", {"code": code, "name": 42}, "bad_field"),
        ("join", {"code": code, "participant_token": 7}, "bad_field"),
        ("note:add", {"id": new_id(), "block": "regie", "text": "te vroeg"}, "not_joined"),
        ("note:update", {"id": "n-x", "text": "te vroeg"}, "not_joined"),
        ("note:delete", {"id": "n-x"}, "not_joined"),
        ("note:explode", {"id": "n-x"}, "unknown_event"),
        ("whatever", NO_DATA, "unknown_event"),
    ]
    for event, data, code_expected in cases:
        ack = peer.call(event, data)
        assert ack["ok"] is False and ack.get("code") == code_expected, (event, data, ack)
        assert isinstance(ack.get("error"), str) and ack["error"], (event, data, ack)
        assert peer.sio.connected, (event, data)

    # Still usable: a valid join and add work on the same connection.
    peer.join(code, name="Na de fouten")
    ack = peer.call("note:add", {"id": new_id(), "block": "regie", "text": "Het werkt"})
    assert ack["ok"] is True and ack["rev"] == 1, ack


def test_bad_note_events_are_refused_and_connection_stays_usable(room):
    mine = room.add(room.a)["note"]["id"]
    rev = room.state()["rev"]
    a = room.a
    cases = [
        ("note:add", NO_DATA, "bad_payload"),
        ("note:add", "Samen de wijk gezond", "bad_payload"),
        ("note:add", ["n-1", "regie", "tekst"], "bad_payload"),
        ("note:add", 42, "bad_payload"),
        ("note:add", None, "bad_payload"),
        ("note:add", {"block": "regie", "text": "geen id"}, "missing_field"),
        ("note:add", {"id": "n 1", "block": "regie", "text": "spatie"}, "bad_field"),
        ("note:add", {"id": "n" * 65, "block": "regie", "text": "lang id"}, "bad_field"),
        ("note:add", {"id": 17, "block": "regie", "text": "getal"}, "bad_field"),
        ("note:add", {"id": new_id(), "block": "regie", "text": 17}, "bad_field"),
        ("note:add", {"id": new_id(), "block": "regie", "text": ["a"]}, "bad_field"),
        ("note:add", {"id": new_id(), "block": "regie", "text": "x" * 501}, "too_long"),
        ("note:add", {"id": new_id(), "block": "regie", "text": "   "}, "empty_text"),
        ("note:add", {"id": new_id(), "block": "regie"}, "missing_field"),
        ("note:add", {"id": new_id(), "text": "geen blok"}, "missing_field"),
        ("note:add", {"id": new_id(), "block": "hemel", "text": "onbekend"}, "unknown_block"),
        ("note:add", {"id": new_id(), "block": 3, "text": "getal"}, "unknown_block"),
        ("note:add", {"id": new_id(), "block": "identiteit", "subarea": "wie",
                      "text": "verkeerd onderdeel"}, "unknown_subarea"),
        ("note:add", {"id": new_id(), "block": "regie", "text": "kleur",
                      "color": "rood"}, "unknown_color"),
        ("note:add", {"id": new_id(), "block": "coalities", "text": "kaart",
                      "coalition": "project"}, "bad_field"),
        ("note:add", {"id": new_id(), "block": "coalities", "text": "kaart",
                      "coalition": {"ambitie": 5}}, "bad_field"),
        ("note:update", NO_DATA, "bad_payload"),
        ("note:update", "n-1", "bad_payload"),
        ("note:update", {"text": "geen id"}, "missing_field"),
        ("note:update", {"id": "n-missing", "text": "x"}, "note_not_found"),
        ("note:update", {"id": mine, "text": "x" * 501}, "too_long"),
        ("note:update", {"id": mine, "text": ""}, "empty_text"),
        ("note:update", {"id": mine, "block": "hemel"}, "unknown_block"),
        ("note:update", {"id": mine, "subarea": "plek"}, "unknown_subarea"),
        ("note:update", {"id": mine, "color": 5}, "unknown_color"),
        ("note:delete", NO_DATA, "bad_payload"),
        ("note:delete", "n-1", "bad_payload"),
        ("note:delete", {"id": 5}, "bad_field"),
        ("note:delete", {"id": "n-missing"}, "note_not_found"),
        ("note:move", {"id": mine}, "unknown_event"),
    ]
    for event, data, code in cases:
        ack = a.call(event, data)
        assert ack["ok"] is False, (event, data, ack)
        assert isinstance(ack.get("error"), str) and ack["error"], (event, data, ack)
        if code is not None:
            assert ack.get("code") == code, (event, data, ack)
        assert a.sio.connected, (event, data)

    # Nothing changed, nothing was broadcast, and the connection still works.
    assert room.state()["rev"] == rev
    assert len(room.state()["notes"]) == 1
    for peer in (room.b, room.f, room.p):
        assert peer.next_change()[0] == "note:added"  # the one valid note above
    room.assert_nothing_broadcast_since(rev)

    # The limit itself is allowed; text is stored as sent (trimmed).
    edge = a.call("note:add", {"id": new_id(), "block": "regie", "text": "y" * 500})
    assert edge["ok"] is True and edge["note"]["text"] == "y" * 500, edge


def test_client_event_named_disconnect_is_refused_and_keeps_the_join(room):
    assert room.state()["online"] == 2
    ack = room.a.call("disconnect", {"reason": "client"})
    still = room.a.call("note:add", {"id": new_id(), "block": "regie", "text": "Nog hier"})
    online = room.state()["online"]
    assert isinstance(ack, dict) and ack.get("ok") is False, ack
    assert still["ok"] is True, still
    assert online == 2


# --- HTTP -------------------------------------------------------------------------------------


def assert_json_error(response, status, code=None):
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/json"), response.headers
    body = response.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    assert isinstance(body.get("code"), str), body
    if code is not None:
        assert body["code"] == code, body
    return body


def test_create_workshop_validates_its_input(live_server):
    url = live_server.url + "/api/workshops"
    post = lambda **kw: requests.post(url, timeout=WAIT, **kw)  # noqa: E731
    assert_json_error(post(json={}), 400, "missing_field")
    assert_json_error(post(json={"title": None}), 400, "missing_field")
    assert_json_error(post(json={"title": ""}), 400)
    assert_json_error(post(json={"title": "   "}), 400)
    assert_json_error(post(json={"title": 12}), 400, "bad_field")
    assert_json_error(post(json={"title": "x" * 121}), 400, "too_long")
    assert_json_error(post(json={"title": "Werkt", "language": "de"}), 400, "unknown_language")
    assert_json_error(post(json={"title": "Werkt", "language": 1}), 400, "unknown_language")
    assert_json_error(post(json=["title"]), 400, "bad_payload")
    assert_json_error(post(data="title=Werkt"), 400, "bad_payload")
    assert_json_error(post(data="{not json", headers={"Content-Type": "application/json"}),
                      400, "bad_payload")
    assert_json_error(requests.delete(url, timeout=WAIT), 405, "method_not_allowed")

    ok = post(json={"title": "x" * 120, "language": "en"})
    assert ok.status_code == 201, ok.text
    body = ok.json()
    assert body["title"] == "x" * 120 and body["language"] == "en"
    assert {"code", "facilitator_key", "facilitator_url", "join_url", "projector_url",
            "qr_url"} <= set(body)
    state = requests.get(f"{url}/{body['code']}", timeout=WAIT).json()
    assert (state["title"], state["language"], state["rev"], state["notes"]) == \
        ("x" * 120, "en", 0, [])


def test_unknown_workshop_code_is_404_json(live_server):
    for path in ("/api/workshops/ZZZZZZ", "/api/workshops/ZZZZZZ/qr.svg",
                 "/api/workshops/" + "A" * 40):
        assert_json_error(requests.get(live_server.url + path, timeout=WAIT), 404)
    assert_json_error(requests.get(live_server.url + "/api/workshops/ZZZZZZ", timeout=WAIT),
                      404, "workshop_not_found")
    assert_json_error(requests.get(live_server.url + "/api/nothing-here", timeout=WAIT), 404)


def test_wrong_facilitator_key_is_403_and_the_right_one_adds_the_facilitator_view(room):
    url = f"{room.server.url}/api/workshops/{room.code}"
    for key in ("wrong", "x" * 300, room.created["facilitator_key"] + "x"):
        assert_json_error(requests.get(url, headers={"X-Facilitator-Key": key}, timeout=WAIT),
                          403, "bad_facilitator_key")
    right = requests.get(url, headers={"X-Facilitator-Key": room.created["facilitator_key"]},
                         timeout=WAIT)
    assert right.status_code == 200
    state = right.json()
    assert state["facilitator"] is True
    names = sorted(p["name"] for p in state["participants"])
    assert names == ["Bram", "Fatima"]
    assert all(p["online"] for p in state["participants"])
    # Lower-case and spaced codes, as people type them, find the workshop too.
    typed = room.code[:3].lower() + " " + room.code[3:].lower()
    assert requests.get(f"{room.server.url}/api/workshops/{typed}", timeout=WAIT).json()[
        "code"] == room.code


def test_no_view_contains_the_facilitator_key_or_another_participants_token(room):
    room.add(room.a)
    key = room.created["facilitator_key"]
    tokens = {"A": room.a.participant["token"], "B": room.b.participant["token"],
              "F": room.f.participant["token"]}

    public = requests.get(f"{room.server.url}/api/workshops/{room.code}", timeout=WAIT)
    assert public.status_code == 200
    assert key not in public.text
    assert not any(token in public.text for token in tokens.values())
    assert "participants" not in public.json() and "facilitator" not in public.json()
    facilitator_view = requests.get(f"{room.server.url}/api/workshops/{room.code}",
                                    headers={"X-Facilitator-Key": key}, timeout=WAIT)
    assert key not in facilitator_view.text
    assert not any(token in facilitator_view.text for token in tokens.values())

    def text_of(value) -> str:
        return repr(value)

    for label, peer in (("A", room.a), ("B", room.b), ("F", room.f), ("P", room.p)):
        seen = text_of(peer.join_ack["state"])
        assert key not in seen, label
        others = [t for who, t in tokens.items() if who != label]
        assert not any(t in seen for t in others), label
        assert not any(t in text_of(peer.events) for t in tokens.values()), label
        assert key not in text_of(peer.events), label
    assert "participants" not in room.p.join_ack["state"]
    assert "participants" not in room.a.join_ack["state"]


def test_body_over_the_size_limit_is_413_json_and_the_server_carries_on(live_server):
    url = live_server.url + "/api/workshops"
    big = '{"title": "' + "x" * (300 * 1024) + '"}'
    assert_json_error(requests.post(url, data=big, headers={"Content-Type": "application/json"},
                                    timeout=WAIT), 413, "too_large")
    assert requests.get(live_server.url + "/api/health", timeout=WAIT).status_code == 200
    assert live_server.create_workshop()["code"]


def test_chunked_body_over_the_size_limit_is_413(live_server):
    chunks = [b'{"title": "'] + [b"x" * 1024] * 300 + [b'"}']
    response = requests.post(live_server.url + "/api/workshops", data=iter(chunks),
                             headers={"Content-Type": "application/json"}, timeout=WAIT)
    assert_json_error(response, 413, "too_large")
