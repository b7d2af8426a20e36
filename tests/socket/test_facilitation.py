"""Facilitation controls over Socket.IO: who may use them and what each kind of client receives."""
import time

import pytest
from inprocess import received


@pytest.fixture
def room(joined, make_socket, workshop, client):
    """A facilitator, two participants (Anne, Bram) and a projector, all joined."""
    facilitator, _ = joined(facilitator_key=workshop["facilitator_key"])
    anne, anne_ack = joined(name="Anne")
    bram, bram_ack = joined(name="Bram")
    projector, _ = joined(view="projector")
    for socket in (facilitator, anne, bram, projector):
        socket.get_received()

    class Room:
        pass
    r = Room()
    r.facilitator, r.anne, r.bram, r.projector, r.join = facilitator, anne, bram, projector, joined
    r.new_socket = make_socket
    r.anne_id, r.bram_id = anne_ack["participant"]["id"], bram_ack["participant"]["id"]
    r.anne_token = anne_ack["participant"]["token"]
    r.code, r.key, r.http = workshop["code"], workshop["facilitator_key"], client
    return r


def update(room, **settings):
    ack = room.facilitator.emit("workshop:update", settings, callback=True)
    assert ack["ok"], ack
    return ack


@pytest.mark.parametrize("who", ["anne", "projector"])
def test_only_the_facilitator_changes_settings(room, who):
    ack = getattr(room, who).emit("workshop:update", {"locked": True}, callback=True)
    assert ack["ok"] is False and ack["code"] == "facilitator_only"
    assert room.http.get(f"/api/workshops/{room.code}").get_json()["settings"]["locked"] \
        is False


@pytest.mark.parametrize("payload", [{"silent": "yes"}, {"focus": "nope"}, {"timer_seconds": 0},
                                     {"timer_seconds": 99999}, {"votes_per_participant": -1},
                                     {"question": 3}, {"focus": "regie", "question": 99},
                                     {"show_authors": None}])
def test_bad_settings_are_refused(room, payload):
    ack = room.facilitator.emit("workshop:update", payload, callback=True)
    assert ack["ok"] is False and ack["error"]


def test_settings_reach_everyone_and_are_stored(room):
    ack = update(room, focus="spelregels", question=2, timer_seconds=300,
                 votes_per_participant=3)
    settings = ack["settings"]
    assert (settings["focus"], settings["question"], settings["votes_per_participant"]) == \
        ("spelregels", 2, 3)
    assert settings["timer_end"].endswith("Z")
    for socket in (room.anne, room.projector, room.facilitator):
        assert received(socket, "workshop:updated") == \
            [{"settings": settings, "rev": ack["rev"]}]
    assert room.http.get(f"/api/workshops/{room.code}").get_json()["settings"] == settings
    # A new focus starts without a question.
    assert update(room, focus="regie")["settings"]["question"] is None


def test_silent_notes_reach_only_their_author_and_the_facilitator(room):
    update(room, silent=True)
    for socket in (room.facilitator, room.anne, room.bram, room.projector):
        socket.get_received()
    ack = room.anne.emit("note:add", {"id": "secret", "block": "regie", "text": "GEHEIM"},
                         callback=True)
    assert ack["ok"]
    assert "GEHEIM" in str(received(room.facilitator))
    assert "GEHEIM" in str(received(room.anne))
    for other in (room.bram, room.projector):
        got = received(other)
        assert "GEHEIM" not in str(got)
        assert {"counts": {"regie": 1}, "rev": ack["rev"]} in got
    # Not by any other route either: join state, GET state, exports.
    late, late_ack = room.join(name="Laat")
    assert "GEHEIM" not in str(late_ack) and late_ack["state"]["counts"] == {"regie": 1}
    assert "GEHEIM" not in room.http.get(f"/api/workshops/{room.code}").get_data(as_text=True)
    for kind in ("json", "csv", "md"):
        assert "GEHEIM" not in room.http.get(
            f"/api/workshops/{room.code}/snapshots/current/export.{kind}").get_data(as_text=True)
    assert "GEHEIM" in room.http.get(f"/api/workshops/{room.code}",
                                     headers={"X-Facilitator-Key": room.key}).get_data(True)
    # Anne sees her own note after a reload.
    again = room.join(participant_token=room.anne_token)[1]
    assert [n["text"] for n in again["state"]["notes"]] == ["GEHEIM"]

    ack = update(room, silent=False)
    revealed = received(room.bram, "notes:revealed")
    assert [n["text"] for n in revealed[0]["notes"]] == ["GEHEIM"]
    assert "GEHEIM" in room.http.get(f"/api/workshops/{room.code}").get_data(as_text=True)


def test_a_snapshot_of_a_silent_round_does_not_leak_it(room):
    update(room, silent=True)
    room.anne.emit("note:add", {"id": "s1", "block": "regie", "text": "STIL"}, callback=True)
    sid = room.http.post(f"/api/workshops/{room.code}/snapshots", json={"label": "stil"},
                         headers={"X-Facilitator-Key": room.key}).get_json()["id"]
    assert "STIL" not in room.http.get(
        f"/api/workshops/{room.code}/snapshots/{sid}/export.json").get_data(as_text=True)


def test_locked_canvas_refuses_participants_but_not_moderation(room):
    room.anne.emit("note:add", {"id": "l1", "block": "regie", "text": "voor slot"},
                   callback=True)
    update(room, locked=True)
    for event, payload in (("note:add", {"id": "l2", "block": "regie", "text": "x"}),
                           ("note:update", {"id": "l1", "text": "x"}),
                           ("note:delete", {"id": "l1"})):
        ack = room.anne.emit(event, payload, callback=True)
        assert ack["ok"] is False and ack["code"] == "locked" and "slot" in ack["error"]
    assert room.facilitator.emit("note:update", {"id": "l1", "text": "gemodereerd"},
                                 callback=True)["ok"]


def test_vote_budget(room):
    room.bram.emit("note:add", {"id": "v1", "block": "regie", "text": "stem"}, callback=True)
    ack = room.anne.emit("note:vote", {"id": "v1"}, callback=True)
    assert ack["ok"] is False and ack["code"] == "voting_closed"
    update(room, votes_per_participant=2)
    room.projector.get_received()
    first = room.anne.emit("note:vote", {"id": "v1"}, callback=True)
    second = room.anne.emit("note:vote", {"id": "v1"}, callback=True)
    assert (first["votes"], first["votes_left"], second["votes"], second["votes_left"]) == \
        (1, 1, 2, 0)
    over = room.anne.emit("note:vote", {"id": "v1"}, callback=True)
    assert over["ok"] is False and over["code"] == "no_votes_left"
    assert [e["votes"] for e in received(room.projector, "note:voted")] == [1, 2]
    back = room.anne.emit("note:unvote", {"id": "v1"}, callback=True)
    assert (back["votes"], back["votes_left"]) == (1, 1)
    assert room.bram.emit("note:unvote", {"id": "v1"}, callback=True)["code"] == \
        "no_vote_to_take_back"
    assert room.join(participant_token=room.anne_token)[1]["state"]["votes"] == \
        {"used": 1, "by_note": {"v1": 1}, "by_cluster": {}}
    assert room.facilitator.emit("votes:reset", {}, callback=True)["ok"]
    assert room.http.get(f"/api/workshops/{room.code}").get_json()["notes"][0]["votes"] == 0
    assert room.anne.emit("votes:reset", {}, callback=True)["code"] == "facilitator_only"


def test_anonymity_removes_authors_for_everyone_but_facilitators(room):
    update(room, show_authors=False)
    room.facilitator.get_received()
    room.bram.get_received()
    room.anne.emit("note:add", {"id": "an", "block": "regie", "text": "anoniem"}, callback=True)
    assert received(room.bram, "note:added")[0]["note"]["author"] == ""
    assert received(room.facilitator, "note:added")[0]["note"]["author"] == "Anne"
    assert "Anne" not in room.http.get(f"/api/workshops/{room.code}").get_data(as_text=True)


def test_hidden_note_is_gone_for_others_and_comes_back(room):
    room.anne.emit("note:add", {"id": "h1", "block": "regie", "text": "ongepast"},
                   callback=True)
    room.bram.get_received()
    room.anne.get_received()
    ack = room.facilitator.emit("note:hide", {"id": "h1", "hidden": True}, callback=True)
    assert ack["ok"] and ack["note"]["hidden"] is True
    assert received(room.bram, "note:deleted") == [{"id": "h1", "rev": ack["rev"],
                                                  "by": "facilitator", "hidden": True}]
    # Its author keeps it, marked hidden, on every device and after joining again.
    kept = received(room.anne, "note:updated")
    assert [(e["note"]["id"], e["note"]["hidden"]) for e in kept] == [("h1", True)]
    again = room.anne.emit("join", {"code": room.code, "participant_token": room.anne_token},
                           callback=True)
    assert [(n["id"], n["hidden"]) for n in again["state"]["notes"]] == [("h1", True)]
    # Nobody votes on a hidden note, its author included.
    assert room.facilitator.emit("workshop:update", {"votes_per_participant": 3},
                                 callback=True)["ok"]
    assert room.anne.emit("note:vote", {"id": "h1"}, callback=True)["code"] == "note_not_found"
    assert room.http.get(f"/api/workshops/{room.code}").get_json()["notes"] == []
    assert room.anne.emit("note:hide", {"id": "h1", "hidden": False},
                          callback=True)["code"] == "facilitator_only"
    shown = room.facilitator.emit("note:hide", {"id": "h1", "hidden": False}, callback=True)
    assert received(room.bram, "note:added")[0]["note"]["text"] == "ongepast"
    assert shown["note"]["hidden"] is False


def test_removed_participant_is_disconnected_and_cannot_rejoin(room):
    room.anne.emit("note:add", {"id": "r1", "block": "regie", "text": "blijft"}, callback=True)
    refused = room.bram.emit("participant:remove", {"id": room.anne_id}, callback=True)
    assert refused["code"] == "facilitator_only" and room.anne.is_connected()
    room.projector.get_received()
    ack = room.facilitator.emit("participant:remove", {"id": room.anne_id}, callback=True)
    assert ack["ok"]
    assert not room.anne.is_connected()
    # The room's online count drops (Bram is the one left): at once, or within half a second
    # when people joined just before (the count is folded over bursts).
    deadline = time.monotonic() + 2
    counts = []
    while (not counts or counts[-1]["online"] != 1) and time.monotonic() < deadline:
        counts += received(room.projector, "presence:updated")
        time.sleep(0.02)
    assert counts and counts[-1]["online"] == 1, counts
    rejoin = room.new_socket().emit("join", {"code": room.code,
                                             "participant_token": room.anne_token},
                                    callback=True)
    assert rejoin["ok"] is False and rejoin["code"] == "participant_removed"
    # Her notes stay; she is no longer listed.
    state = room.http.get(f"/api/workshops/{room.code}",
                          headers={"X-Facilitator-Key": room.key}).get_json()
    assert state["notes"][0]["text"] == "blijft"
    assert room.anne_id not in [p["id"] for p in state["participants"]]


def test_a_note_hidden_by_silence_cannot_be_voted_on_and_deleting_updates_counts(room):
    update(room, silent=True, votes_per_participant=3)
    room.bram.emit("note:add", {"id": "s1", "block": "regie", "text": "stil"}, callback=True)
    room.bram.emit("note:add", {"id": "s2", "block": "regie", "text": "ook stil"},
                   callback=True)
    # Anne has not seen Bram's notes: a vote must not reveal that they exist.
    ack = room.anne.emit("note:vote", {"id": "s1"}, callback=True)
    assert ack["ok"] is False and ack["code"] == "note_not_found"
    assert room.bram.emit("note:vote", {"id": "s1"}, callback=True)["ok"]  # his own: he sees it
    room.projector.get_received()
    assert room.bram.emit("note:delete", {"id": "s2"}, callback=True)["ok"]
    assert received(room.projector, "notes:counts")[-1]["counts"] == {"regie": 1}
    update(room, silent=False)
    assert room.anne.emit("note:vote", {"id": "s1"}, callback=True)["votes"] == 2


def test_a_deleted_workshop_answers_its_connected_clients_with_an_error(room):
    assert room.http.delete(f"/api/workshops/{room.code}",
                            headers={"X-Facilitator-Key": room.key}).status_code == 204
    ack = room.anne.emit("note:add", {"id": "late", "block": "regie", "text": "te laat"},
                         callback=True)
    assert ack["ok"] is False and ack["code"] == "workshop_not_found"
    assert room.anne.is_connected()


def test_a_stale_edit_is_refused_with_the_current_text(room):
    added = room.anne.emit("note:add", {"id": "c1", "block": "regie", "text": "eerste"},
                           callback=True)
    version = added["note"]["version"]
    # The facilitator saves first; Anne's edit started from the older version.
    assert room.facilitator.emit("note:update", {"id": "c1", "version": version,
                                                 "text": "door de facilitator"},
                                 callback=True)["ok"]
    stale = room.anne.emit("note:update", {"id": "c1", "version": version, "text": "van Anne"},
                           callback=True)
    assert stale["ok"] is False and stale["code"] == "version_conflict"
    assert stale["note"]["text"] == "door de facilitator"
    assert stale["note"]["version"] == version + 1
    assert room.http.get(f"/api/workshops/{room.code}").get_json()["notes"][0]["text"] == \
        "door de facilitator"
    # Based on what she now sees, her edit goes through.
    fresh = room.anne.emit("note:update", {"id": "c1", "version": version + 1,
                                           "text": "van Anne"}, callback=True)
    assert fresh["ok"] and fresh["note"]["text"] == "van Anne"
    assert room.anne.emit("note:update", {"id": "c1", "version": "2", "text": "x"},
                          callback=True)["code"] == "bad_field"


def test_a_second_silent_round_keeps_what_everyone_saw_in_view(room):
    room.anne.emit("note:add", {"id": "seen", "block": "regie", "text": "al gezien"},
                   callback=True)
    # Times have whole seconds: a note of the same second as the start counts as written in
    # the round (kept out of view rather than shown too early).
    time.sleep(1.05)
    update(room, silent=True)
    room.anne.emit("note:add", {"id": "new", "block": "regie", "text": "nieuw en stil"},
                   callback=True)
    state = room.http.get(f"/api/workshops/{room.code}").get_json()
    assert [n["id"] for n in state["notes"]] == ["seen"]
    assert state["counts"] == {"regie": 1}  # only the note of this round is counted
    assert [n["id"] for n in room.join(name="Cees")[1]["state"]["notes"]] == ["seen"]
    settings = update(room, silent=False)["settings"]
    assert settings["silent_since"] is None
    time.sleep(1.05)
    update(room, silent=True)
    # The second round: everything of the first is in view, nothing is counted yet.
    state = room.http.get(f"/api/workshops/{room.code}").get_json()
    assert [n["id"] for n in state["notes"]] == ["seen", "new"] and state["counts"] == {}


def test_a_late_retry_of_a_deleted_note_does_not_bring_it_back(room):
    note = {"id": "late", "block": "regie", "text": "verstuurd, antwoord kwijt"}
    assert room.anne.emit("note:add", note, callback=True)["ok"]
    assert room.facilitator.emit("note:delete", {"id": "late"}, callback=True)["ok"]
    room.bram.get_received()
    retry = room.anne.emit("note:add", note, callback=True)
    assert retry["ok"] is False and retry["code"] == "note_deleted"
    assert room.http.get(f"/api/workshops/{room.code}").get_json()["notes"] == []
    assert received(room.bram, "note:added") == []
    # The id stays taken in other workshops' eyes only as a deleted note of this one.
    assert room.bram.emit("note:add", {**note, "id": "other"}, callback=True)["ok"]


@pytest.mark.parametrize("field, value, low, high", [
    ("votes_per_participant", 51, 0, 50),
    ("timer_seconds", 0, 1, 2 * 3600),
    ("question", -1, 0, None),  # its maximum depends on the block in focus
])
def test_a_number_out_of_range_is_refused_naming_the_range(room, field, value, low, high):
    payload = {field: value, **({"focus": "regie"} if field == "question" else {})}
    ack = room.facilitator.emit("workshop:update", payload, callback=True)
    assert ack["ok"] is False and ack["code"] == "out_of_range", ack
    assert field in ack["error"] and f"van {low} tot en met" in ack["error"], ack
    if high is not None:
        assert f"{high}" in ack["error"], ack
