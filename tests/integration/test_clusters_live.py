"""Clusters against a real server process: two facilitators grouping at the same moment, a note
deleted while it is being grouped, and every viewer ending with the same clusters."""
import threading
import time

import requests

WAIT = 10


def fire_together(calls):
    """Send every (peer, event, payload) at once, each from its own thread; their acks."""
    acks = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index, peer, event, payload):
        start.wait()
        acks[index] = peer.call(event, payload)

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 2)
    return acks


def test_two_facilitators_grouping_at_once_end_consistent_everywhere(live_server, connect_peer):
    workshop = live_server.create_workshop()
    code, key = workshop["code"], workshop["facilitator_key"]
    first = connect_peer(live_server.url, "facilitator 1", wait=WAIT)
    first.join(code, facilitator_key=key)
    second = connect_peer(live_server.url, "facilitator 2", wait=WAIT)
    second.join(code, facilitator_key=key)
    phone = connect_peer(live_server.url, "phone", wait=WAIT)
    phone.join(code, name="Anne")
    ids = [f"n{i}" for i in range(12)]
    for note_id in ids:
        assert phone.call("note:add", {"id": note_id, "block": "regie",
                                       "text": f"Idee {note_id}"})["ok"]
    assert first.call("cluster:create", {"id": "c1", "note_ids": ids[:2]})["ok"]
    assert second.call("cluster:create", {"id": "c2", "note_ids": ids[2:4]})["ok"]

    # Both add different notes to c1 at the same time, and both pull n5 into their own cluster.
    acks = fire_together([
        (first, "cluster:update", {"id": "c1", "add": ["n6", "n5"]}),
        (second, "cluster:update", {"id": "c1", "add": ["n7"]}),
        (second, "cluster:update", {"id": "c2", "add": ["n5", "n8"]}),
        (first, "cluster:create", {"id": "c3", "note_ids": ["n9", "n10"]}),
    ])
    assert all(ack["ok"] for ack in acks), acks

    state = requests.get(f"{live_server.url}/api/workshops/{code}",
                         headers={"X-Facilitator-Key": key}, timeout=5).json()
    clusters = {c["id"]: c["note_ids"] for c in state["clusters"]}
    # Nothing lost: every note added is in exactly one cluster; n5 in whichever came last.
    assert set(clusters) == {"c1", "c2", "c3"}
    placed = [note_id for note_ids in clusters.values() for note_id in note_ids]
    assert len(placed) == len(set(placed))
    assert {"n6", "n7"} <= set(clusters["c1"]) and "n8" in clusters["c2"]
    assert ("n5" in clusters["c1"]) != ("n5" in clusters["c2"])
    notes = {n["id"]: n for n in state["notes"]}
    for cluster_id, note_ids in clusters.items():
        assert all(notes[n]["cluster_id"] == cluster_id for n in note_ids)

    # Every viewer's last copy of each cluster (by rev) comes to equal the stored one.
    for peer in (first, second, phone):
        deadline = time.monotonic() + WAIT
        while last_copies(peer) != clusters and time.monotonic() < deadline:
            time.sleep(0.05)
        assert last_copies(peer) == clusters, peer.label


def last_copies(peer):
    """The note ids of each cluster as the latest broadcast (by rev) told this peer."""
    last = {}
    for event, data in peer.events:
        if event in ("cluster:created", "cluster:updated"):
            cluster = data["cluster"]
            if data["rev"] >= last.get(cluster["id"], (0, None))[0]:
                last[cluster["id"]] = (data["rev"], cluster["note_ids"])
    return {cluster_id: ids for cluster_id, (_, ids) in last.items()}


def test_grouping_a_note_deleted_at_the_same_moment(live_server, connect_peer):
    workshop = live_server.create_workshop()
    code, key = workshop["code"], workshop["facilitator_key"]
    facilitator = connect_peer(live_server.url, "facilitator", wait=WAIT)
    facilitator.join(code, facilitator_key=key)
    phone = connect_peer(live_server.url, "phone", wait=WAIT)
    phone.join(code, name="Anne")
    for note_id in ("a", "b", "c"):
        assert phone.call("note:add", {"id": note_id, "block": "regie", "text": note_id})["ok"]
    assert facilitator.call("cluster:create", {"id": "c1", "note_ids": ["a", "b"]})["ok"]
    group, delete = fire_together([
        (facilitator, "cluster:update", {"id": "c1", "add": ["c"]}),
        (phone, "note:delete", {"id": "c"}),
    ])
    assert delete["ok"], delete
    state = requests.get(f"{live_server.url}/api/workshops/{code}", timeout=5).json()
    assert [n["id"] for n in state["notes"]] == ["a", "b"]
    if group["ok"]:  # grouped first, then deleted: the cluster lost it again
        assert state["clusters"][0]["note_ids"] == ["a", "b"]
    else:            # deleted first: the grouping named the missing note and changed nothing
        assert (group["code"], group["id"]) == ("note_not_found", "c")
        assert state["clusters"][0]["note_ids"] == ["a", "b"]
    # Deleting the cluster's notes one by one ends the cluster with the last one.
    for note_id in ("a", "b"):
        assert phone.call("note:delete", {"id": note_id})["ok"]
    assert requests.get(f"{live_server.url}/api/workshops/{code}",
                        timeout=5).json()["clusters"] == []
    assert phone.wait_for("cluster:deleted", lambda data: data["id"] == "c1")
