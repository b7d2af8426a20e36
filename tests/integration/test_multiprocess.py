"""Several server processes sharing PostgreSQL and broadcasting through Redis: a note posted
by a client of one process reaches a client of the other and is stored once; a client that
reconnects to the other process catches up."""
import time

import pgserver
import pytest
import redisserver
import requests
from liveserver import LiveServer

WAIT = 10


@pytest.fixture
def two_servers():
    missing = pgserver.binaries() is None or not redisserver.installed()
    if missing and not pgserver.required():
        pytest.skip("PostgreSQL or redis-server is not installed here (CI installs both)")
    with pgserver.running_postgres() as database_url, redisserver.running_redis() as queue:
        servers = []
        try:
            for _ in range(2):
                servers.append(LiveServer(database_url, env={"MESSAGE_QUEUE": queue}).start())
            yield servers
        finally:
            for server in servers:
                server.stop()


@pytest.fixture
def peer(connect_peer):
    """peer(server, code, **join) → a Peer on ``server`` that joined the workshop; waits are
    bounded by this file's WAIT. Disconnected at the end of the test."""
    def make(server, code, **join):
        joined = connect_peer(server.url, f"{join} on {server.url}", wait=WAIT)
        joined.join(code, **join)
        return joined
    return make


def test_a_note_crosses_processes_and_is_stored_once(two_servers, peer):
    one, two = two_servers
    created = one.create_workshop()
    code, key = created["code"], created["facilitator_key"]
    anne = peer(one, code, name="Anne")
    bram = peer(two, code, name="Bram")
    facilitator = peer(two, code, facilitator_key=key)
    ack = anne.call("note:add", {"id": "n1", "block": "regie", "text": "Over"})
    assert ack["ok"]
    bram.wait_for("note:added", lambda data: data["note"]["id"] == "n1")
    facilitator.wait_for("note:added", lambda data: data["note"]["id"] == "n1")
    # A retry (same id) sent to the other process stores nothing new.
    retry = peer(two, code, participant_token=anne.participant["token"])
    assert retry.call("note:add", {"id": "n1", "block": "regie", "text": "Over"})["note"][
        "id"] == "n1"
    retry.disconnect()
    for server in (one, two):
        notes = requests.get(f"{server.url}/api/workshops/{code}", timeout=WAIT).json()
        assert [n["id"] for n in notes["notes"]] == ["n1"]
    # Settings cross too: the facilitator on process two locks, Anne on one is refused.
    assert facilitator.call("workshop:update", {"locked": True})["ok"]
    anne.wait_for("workshop:updated", lambda data: data["settings"]["locked"])
    refused = anne.call("note:add", {"id": "n2", "block": "regie", "text": "x"})
    assert refused["code"] == "locked"


def test_a_client_reconnecting_to_the_other_process_catches_up(two_servers, peer):
    one, two = two_servers
    code = one.create_workshop()["code"]
    anne = peer(one, code, name="Anne")
    bram = peer(two, code, name="Bram")
    for i in range(3):
        assert anne.call("note:add", {"id": f"a{i}", "block": "regie",
                                      "text": f"notitie {i}"})["ok"]
    bram.wait_for("note:added", lambda data: data["note"]["id"] == "a2")
    seen_rev = bram.events[-1][1]["rev"]
    token = bram.participant["token"]
    bram.disconnect()  # Bram's phone sleeps; meanwhile Anne edits and deletes
    assert anne.call("note:update", {"id": "a0", "text": "gewijzigd"})["ok"]
    assert anne.call("note:delete", {"id": "a1"})["ok"]
    assert anne.call("note:add", {"id": "a3", "block": "regie", "text": "nieuw"})["ok"]
    # ... and wakes up on the other process.
    back = peer(one, code, participant_token=token)
    state = back.join_ack["state"]
    assert back.participant["id"] == bram.participant["id"]
    assert state["rev"] > seen_rev
    assert {n["id"]: n["text"] for n in state["notes"]} == \
        {"a0": "gewijzigd", "a2": "notitie 2", "a3": "nieuw"}


def test_presence_and_removal_work_across_processes(two_servers, peer):
    one, two = two_servers
    created = one.create_workshop()
    code, key = created["code"], created["facilitator_key"]
    facilitator = peer(one, code, facilitator_key=key)
    peer(one, code, name="Anne")
    bram = peer(two, code, name="Bram")
    # Every process counts everyone, wherever they are connected.
    facilitator.wait_for("presence:updated", lambda data: data["online"] == 2)
    state = requests.get(f"{two.url}/api/workshops/{code}", timeout=WAIT,
                         headers={"X-Facilitator-Key": key}).json()
    assert state["online"] == 2
    assert {p["name"]: p["online"] for p in state["participants"]} == \
        {"Anne": True, "Bram": True}
    # The facilitator on process one removes Bram, who is connected to process two.
    assert facilitator.call("participant:remove", {"id": bram.participant["id"]})["ok"]
    bram.wait_for("participant:removed")
    for _ in range(50):  # the other process closes his connection
        if not bram.connected:
            break
        time.sleep(0.1)
    assert not bram.connected
    facilitator.wait_for("presence:updated", lambda data: data["online"] == 1)


def test_clusters_cross_processes_on_postgresql(two_servers, peer):
    one, two = two_servers
    created = one.create_workshop()
    code, key = created["code"], created["facilitator_key"]
    anne = peer(one, code, name="Anne")
    facilitator = peer(two, code, facilitator_key=key)
    for note_id in ("a", "b", "c"):
        assert anne.call("note:add", {"id": note_id, "block": "regie", "text": note_id})["ok"]
    assert facilitator.call("cluster:create", {"id": "c1", "note_ids": ["a", "b"],
                                               "title": "Samen"})["ok"]
    anne.wait_for("cluster:created", lambda data: data["cluster"]["id"] == "c1")
    assert facilitator.call("workshop:update", {"votes_per_participant": 2})["ok"]
    anne.wait_for("workshop:updated", lambda data: data["settings"]["votes_per_participant"])
    assert anne.call("cluster:vote", {"id": "c1"})["votes"] == 1
    facilitator.wait_for("cluster:voted", lambda data: data["votes"] == 1)
    facilitator.wait_for("votes:progress", lambda data: data["spent"] == 1)
    assert facilitator.call("cluster:delete", {"id": "c1"})["ok"]
    anne.wait_for("cluster:deleted", lambda data: data["id"] == "c1")
    for server in (one, two):
        state = requests.get(f"{server.url}/api/workshops/{code}", timeout=WAIT).json()
        assert state["clusters"] == []
        assert {n["id"]: n["votes"] for n in state["notes"]} == {"a": 1, "b": 0, "c": 0}
