"""Clusters over Socket.IO: grouping, ungrouping, moving, who may, and what each viewer sees."""
import pytest
from inprocess import received


@pytest.fixture
def room(joined, make_socket, workshop, client):
    """A facilitator, two participants (Anne, Bram) and a projector, and four notes of Anne's
    and Bram's in identiteit·passie, one in regie and one coalition card."""
    facilitator, _ = joined(facilitator_key=workshop["facilitator_key"])
    anne, anne_ack = joined(name="Anne")
    bram, bram_ack = joined(name="Bram")
    projector, _ = joined(view="projector")

    class Room:
        pass
    r = Room()
    r.facilitator, r.anne, r.bram, r.projector = facilitator, anne, bram, projector
    r.anne_id, r.bram_id = anne_ack["participant"]["id"], bram_ack["participant"]["id"]
    r.code, r.key, r.http = workshop["code"], workshop["facilitator_key"], client
    for note_id, who in (("a1", anne), ("a2", anne), ("b1", bram), ("b2", bram)):
        ack = who.emit("note:add", {"id": note_id, "block": "identiteit", "subarea": "passie",
                                    "text": f"Samen verantwoordelijk {note_id}"}, callback=True)
        assert ack["ok"], ack
    assert anne.emit("note:add", {"id": "r1", "block": "regie", "text": "Wie trekt?"},
                     callback=True)["ok"]
    assert bram.emit("note:add", {"id": "k1", "block": "coalities", "text": "Wijkteam",
                                  "coalition": {"werkvorm": "project"}}, callback=True)["ok"]
    for socket in (facilitator, anne, bram, projector):
        socket.get_received()
    return r


def state(room, key=None):
    headers = {"X-Facilitator-Key": key} if key else {}
    return room.http.get(f"/api/workshops/{room.code}", headers=headers).get_json()


def create(room, socket=None, **payload):
    ack = (socket or room.facilitator).emit("cluster:create", payload, callback=True)
    return ack


def test_facilitator_groups_notes_and_everyone_receives_the_cluster(room):
    ack = create(room, id="c1", note_ids=["a1", "b1"], title="Samen")
    assert ack["ok"], ack
    cluster = ack["cluster"]
    assert (cluster["block"], cluster["subarea"], cluster["note_ids"], cluster["title"]) == \
        ("identiteit", "passie", ["a1", "b1"], "Samen")
    for socket in (room.anne, room.bram, room.projector, room.facilitator):
        assert received(socket, "cluster:created") == [{"cluster": cluster, "rev": ack["rev"]}]
    stored = state(room)
    assert stored["clusters"] == [cluster]
    by_id = {note["id"]: note for note in stored["notes"]}
    assert (by_id["a1"]["cluster_id"], by_id["b1"]["cluster_id"], by_id["a2"]["cluster_id"]) \
        == ("c1", "c1", None)
    assert (by_id["a1"]["cluster_pos"], by_id["b1"]["cluster_pos"]) == (0, 1)


def test_a_retried_create_stores_one_cluster(room):
    first = create(room, id="c1", note_ids=["a1", "b1"])
    again = create(room, id="c1", note_ids=["a1", "b1"])
    assert again["ok"] and again["cluster"] == first["cluster"]
    assert len(state(room)["clusters"]) == 1


@pytest.mark.parametrize("payload, code", [
    ({"id": "c1"}, "missing_field"),
    ({"id": "c1", "note_ids": []}, "bad_field"),
    ({"id": "c1", "note_ids": "a1"}, "bad_field"),
    ({"id": "c1", "note_ids": ["a1", "a1"]}, "duplicate_note"),
    ({"id": "c1", "note_ids": ["a1", 7]}, "bad_field"),
    ({"id": "c 1", "note_ids": ["a1"]}, "bad_field"),
    ({"id": "c1", "note_ids": ["a1"], "title": "x" * 121}, "too_long"),
    ({"id": "c1", "note_ids": ["nope"]}, "note_not_found"),
    ({"id": "c1", "note_ids": ["k1"]}, "cards_do_not_cluster"),
    ({"id": "c1", "note_ids": ["a1"] * 1001}, "too_many_notes"),
])
def test_bad_groupings_are_refused_and_change_nothing(room, payload, code):
    ack = create(room, **payload)
    assert ack["ok"] is False and ack["code"] == code, ack
    assert ack["error"]
    assert state(room)["clusters"] == []


def test_a_note_deleted_meanwhile_is_named_and_nothing_changes(room):
    assert room.bram.emit("note:delete", {"id": "b1"}, callback=True)["ok"]
    ack = create(room, id="c1", note_ids=["a1", "b1"])
    assert ack["code"] == "note_not_found" and ack["id"] == "b1"
    assert state(room)["clusters"] == []
    assert all(n["cluster_id"] is None for n in state(room)["notes"])


def test_grouping_a_note_of_another_block_moves_it_there(room):
    ack = create(room, id="c1", note_ids=["a1", "r1"])
    assert ack["ok"], ack
    moved = [p["note"] for p in received(room.anne, "note:updated")]
    assert [(n["id"], n["block"], n["subarea"]) for n in moved] == \
        [("r1", "identiteit", "passie")]


def test_update_adds_reorders_renames_and_removes(room):
    create(room, id="c1", note_ids=["a1", "b1"])
    ack = room.facilitator.emit("cluster:update", {"id": "c1", "add": ["a2"], "index": 0},
                                callback=True)
    assert ack["cluster"]["note_ids"] == ["a2", "a1", "b1"]
    ack = room.facilitator.emit("cluster:update", {"id": "c1", "note_ids": ["b1", "a2"],
                                                   "title": "Wijk"}, callback=True)
    assert ack["ok"], ack
    assert (ack["cluster"]["note_ids"], ack["cluster"]["title"]) == (["b1", "a2"], "Wijk")
    notes = {n["id"]: n for n in state(room)["notes"]}
    assert notes["a1"]["cluster_id"] is None
    assert received(room.projector, "cluster:updated")[-1]["cluster"] == ack["cluster"]
    refused = room.facilitator.emit("cluster:update", {"id": "c1", "note_ids": []},
                                    callback=True)
    assert refused["code"] == "bad_field"


def test_concurrent_adds_by_two_facilitators_both_hold(room, joined, workshop):
    second, _ = joined(facilitator_key=workshop["facilitator_key"])
    create(room, id="c1", note_ids=["a1"])
    # Both started from the same view of c1; neither undoes the other.
    assert room.facilitator.emit("cluster:update", {"id": "c1", "add": ["a2"]},
                                 callback=True)["ok"]
    assert second.emit("cluster:update", {"id": "c1", "add": ["b1"]}, callback=True)["ok"]
    assert state(room)["clusters"][0]["note_ids"] == ["a1", "a2", "b1"]


def test_two_facilitators_grouping_one_note_into_two_clusters_last_one_wins(room, joined,
                                                                              workshop):
    second, _ = joined(facilitator_key=workshop["facilitator_key"])
    create(room, id="c1", note_ids=["a1", "a2"])
    assert second.emit("cluster:create", {"id": "c2", "note_ids": ["b1", "a2"]},
                       callback=True)["ok"]
    clusters = {c["id"]: c["note_ids"] for c in state(room)["clusters"]}
    assert clusters == {"c1": ["a1"], "c2": ["b1", "a2"]}
    assert received(room.projector, "cluster:updated")[-1]["cluster"]["note_ids"] == ["a1"]


def test_ungroup_keeps_the_notes_and_gives_cluster_votes_to_the_first_note(room):
    create(room, id="c1", note_ids=["a1", "b1"])
    assert room.facilitator.emit("workshop:update", {"votes_per_participant": 3},
                                 callback=True)["ok"]
    vote = room.anne.emit("cluster:vote", {"id": "c1"}, callback=True)
    assert vote["ok"] and vote["votes"] == 1 and vote["votes_left"] == 2, vote
    ack = room.facilitator.emit("cluster:delete", {"id": "c1"}, callback=True)
    assert ack["ok"], ack
    assert received(room.bram, "cluster:deleted")[-1] == {"id": "c1", "rev": ack["rev"]}
    stored = state(room)
    assert stored["clusters"] == []
    notes = {n["id"]: n for n in stored["notes"]}
    assert len(notes) == 6 and notes["a1"]["votes"] == 1 and notes["a1"]["cluster_id"] is None
    # Anne's vote moved with it: she can take it back from the note.
    assert room.anne.emit("note:unvote", {"id": "a1"}, callback=True)["ok"]


def test_a_cluster_without_notes_is_deleted(room):
    create(room, id="c1", note_ids=["a1"])
    assert room.anne.emit("note:delete", {"id": "a1"}, callback=True)["ok"]
    assert received(room.projector, "cluster:deleted")[-1]["id"] == "c1"
    assert state(room)["clusters"] == []


def test_moving_a_note_to_another_block_takes_it_out_of_its_cluster(room):
    create(room, id="c1", note_ids=["a1", "a2"])
    assert room.anne.emit("note:update", {"id": "a2", "block": "regie"}, callback=True)["ok"]
    assert state(room)["clusters"][0]["note_ids"] == ["a1"]
    assert received(room.projector, "cluster:updated")[-1]["cluster"]["note_ids"] == ["a1"]


def test_participants_cluster_only_when_allowed_and_within_one_block(room):
    ack = create(room, room.anne, id="c1", note_ids=["a1", "b1"])
    assert ack["code"] == "clustering_closed"
    assert room.facilitator.emit("workshop:update", {"participants_cluster": True},
                                 callback=True)["ok"]
    ack = create(room, room.anne, id="c1", note_ids=["a1", "b1"])
    assert ack["ok"], ack  # someone else's note too: it is a round done by the group
    ack = room.anne.emit("cluster:update", {"id": "c1", "add": ["r1"]}, callback=True)
    assert ack["code"] == "cluster_other_block"
    assert create(room, room.projector, id="c2", note_ids=["a2"])["code"] == \
        "projector_read_only"


def test_hidden_note_in_a_cluster_is_never_shown_to_the_room(room):
    create(room, id="c1", note_ids=["a1", "b1"], title="Samen")
    assert room.facilitator.emit("note:hide", {"id": "b1", "hidden": True}, callback=True)["ok"]
    # The room gets the cluster without the hidden note; Bram (its author) with it.
    assert received(room.projector, "cluster:updated")[-1]["cluster"]["note_ids"] == ["a1"]
    assert received(room.bram, "cluster:updated")[-1]["cluster"]["note_ids"] == ["a1", "b1"]
    assert state(room)["clusters"][0]["note_ids"] == ["a1"]
    assert state(room, room.key)["clusters"][0]["note_ids"] == ["a1", "b1"]
    # A cluster of only hidden notes does not exist for the room.
    assert room.facilitator.emit("note:hide", {"id": "a1", "hidden": True}, callback=True)["ok"]
    assert received(room.projector, "cluster:deleted")[-1]["id"] == "c1"
    assert state(room)["clusters"] == []
    assert room.bram.emit("cluster:vote", {"id": "c1"}, callback=True)["code"] in \
        ("voting_closed", "cluster_not_found")
    # Shown again: the room gets the note and the cluster back.
    assert room.facilitator.emit("note:hide", {"id": "a1", "hidden": False}, callback=True)["ok"]
    assert received(room.projector, "cluster:updated")[-1]["cluster"]["note_ids"] == ["a1"]


def test_silent_notes_in_a_cluster_stay_out_of_view_until_revealed(room):
    assert room.facilitator.emit("workshop:update", {"silent": True}, callback=True)["ok"]
    assert room.bram.emit("note:add", {"id": "s1", "block": "identiteit", "subarea": "passie",
                                       "text": "Stil idee"}, callback=True)["ok"]
    for socket in (room.anne, room.bram, room.projector):
        socket.get_received()
    create(room, id="c1", note_ids=["s1"], title="Geheim thema")
    assert received(room.projector, "cluster:created") == []
    assert received(room.anne, "cluster:created") == []
    assert received(room.bram, "cluster:created")[-1]["cluster"]["note_ids"] == ["s1"]
    assert state(room)["clusters"] == []
    assert room.facilitator.emit("workshop:update", {"silent": False}, callback=True)["ok"]
    revealed = received(room.projector, "notes:revealed")[-1]
    assert [c["id"] for c in revealed["clusters"]] == ["c1"]


def test_a_participant_cannot_reach_a_cluster_of_notes_they_cannot_see(room):
    create(room, id="c1", note_ids=["b1"])
    assert room.facilitator.emit("note:hide", {"id": "b1", "hidden": True}, callback=True)["ok"]
    assert room.facilitator.emit("workshop:update", {"participants_cluster": True},
                                 callback=True)["ok"]
    for payload in ({"id": "c1", "title": "x"}, {"id": "c1", "add": ["a1"]}):
        assert room.anne.emit("cluster:update", payload, callback=True)["code"] == \
            "cluster_not_found"
    assert room.anne.emit("cluster:delete", {"id": "c1"}, callback=True)["code"] == \
        "cluster_not_found"
    # Nor group a note they cannot see into their own cluster.
    assert create(room, room.anne, id="c2", note_ids=["a1", "b1"])["code"] == "note_not_found"


def test_participant_update_keeps_notes_they_cannot_see(room):
    create(room, id="c1", note_ids=["a1", "b1", "a2"])
    assert room.facilitator.emit("note:hide", {"id": "b1", "hidden": True}, callback=True)["ok"]
    assert room.facilitator.emit("workshop:update", {"participants_cluster": True},
                                 callback=True)["ok"]
    ack = room.anne.emit("cluster:update", {"id": "c1", "note_ids": ["a2", "a1"]},
                         callback=True)
    assert ack["ok"] and ack["cluster"]["note_ids"] == ["a2", "a1"], ack
    assert state(room, room.key)["clusters"][0]["note_ids"] == ["a2", "a1", "b1"]


def test_votes_on_clusters_share_the_budget_and_progress_reaches_facilitators_only(room):
    create(room, id="c1", note_ids=["a1", "b1"])
    assert room.facilitator.emit("workshop:update", {"votes_per_participant": 2},
                                 callback=True)["ok"]
    assert room.anne.emit("cluster:vote", {"id": "c1"}, callback=True)["votes_left"] == 1
    assert room.anne.emit("note:vote", {"id": "a2"}, callback=True)["votes_left"] == 0
    assert room.anne.emit("cluster:vote", {"id": "c1"}, callback=True)["code"] == \
        "no_votes_left"
    assert received(room.projector, "cluster:voted")[-1]["votes"] == 1
    assert received(room.projector, "votes:progress") == []
    progress = state(room, room.key)["votes_progress"]
    assert progress == {"budget": 2, "spent": 2, "participants": 2, "voters": 1,
                        "with_votes_left": 1}
    assert "votes_progress" not in state(room)


def test_spotlight_and_results_settings(room):
    create(room, id="c1", note_ids=["a1", "b1"])
    ack = room.facilitator.emit("workshop:update", {"spotlight": {"cluster": "c1"},
                                                    "results": {"block": None}}, callback=True)
    assert ack["ok"], ack
    assert ack["settings"]["spotlight"] == {"cluster": "c1"}
    assert ack["settings"]["results"] == {"block": None}
    for bad in ({"results": {"block": "nope"}}, {"results": "all"},
                {"spotlight": {"cluster": "nope"}}):
        assert room.facilitator.emit("workshop:update", bad, callback=True)["ok"] is False


def test_suggestions_need_the_facilitator_key(room):
    assert room.http.get(f"/api/workshops/{room.code}/suggestions").status_code == 401
    answer = room.http.get(f"/api/workshops/{room.code}/suggestions",
                           headers={"X-Facilitator-Key": room.key})
    assert answer.status_code == 200
    assert set(answer.get_json()) == {"duplicates", "groups"}


def test_a_snapshot_keeps_the_clusters_and_follows_later_moderation(room):
    create(room, id="c1", note_ids=["a1", "b1"], title="Samen")
    create(room, id="c2", note_ids=["a2"], title="Alleen")
    taken = room.http.post(f"/api/workshops/{room.code}/snapshots", json={"label": "Ronde 1"},
                           headers={"X-Facilitator-Key": room.key})
    assert taken.status_code == 201
    snapshot_id = taken.get_json()["id"]
    # Later changes do not reach the snapshot ...
    assert room.facilitator.emit("cluster:delete", {"id": "c1"}, callback=True)["ok"]
    assert room.facilitator.emit("cluster:update", {"id": "c2", "title": "Anders"},
                                 callback=True)["ok"]
    # ... except a note hidden since: it leaves the snapshot's cluster too.
    assert room.facilitator.emit("note:hide", {"id": "a2", "hidden": True}, callback=True)["ok"]
    stored = room.http.get(f"/api/workshops/{room.code}/snapshots/{snapshot_id}").get_json()
    assert [(c["id"], c["title"], c["note_ids"]) for c in stored["clusters"]] == \
        [("c1", "Samen", ["a1", "b1"])]
    notes = {n["id"]: n for n in stored["notes"]}
    assert notes["a1"]["cluster_id"] == "c1" and "a2" not in notes


def test_a_participant_ungrouping_leaves_the_notes_they_cannot_see_grouped(room):
    create(room, id="c1", note_ids=["a1", "b1", "b2"], title="Samen")
    assert room.facilitator.emit("note:hide", {"id": "b2", "hidden": True}, callback=True)["ok"]
    assert room.facilitator.emit("workshop:update", {"participants_cluster": True},
                                 callback=True)["ok"]
    room.projector.get_received()
    ack = room.anne.emit("cluster:delete", {"id": "c1"}, callback=True)
    assert ack["ok"], ack
    # The room sees the cluster go; the hidden note stays grouped for the facilitator.
    assert received(room.projector, "cluster:deleted")[-1]["id"] == "c1"
    assert state(room)["clusters"] == []
    assert state(room, room.key)["clusters"][0]["note_ids"] == ["b2"]
    notes = {n["id"]: n for n in state(room, room.key)["notes"]}
    assert notes["a1"]["cluster_id"] is None and notes["b1"]["cluster_id"] is None
