"""Several server processes sharing PostgreSQL and broadcasting through Redis: a note posted
by a client of one process reaches a client of the other and is stored once; a client that
reconnects to the other process catches up."""
import threading
import time

import pytest
import requests
import socketio

import pgserver
import redisserver
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


class Peer:
    """A real Socket.IO client that records the events it receives."""

    def __init__(self, url, code, **join):
        self.client = socketio.Client(reconnection=False)
        self.events = []
        self.arrived = threading.Condition()
        self.client.on("*", self.record)
        self.client.connect(url, transports=["websocket"], wait_timeout=WAIT)
        self.joined = self.client.call("join", {"code": code, **join}, timeout=WAIT)
        assert self.joined["ok"], self.joined

    def record(self, event, data=None):
        with self.arrived:
            self.events.append((event, data))
            self.arrived.notify_all()

    def wait_for(self, event, predicate=lambda data: True):
        with self.arrived:
            found = self.arrived.wait_for(lambda: any(
                e == event and predicate(d) for e, d in self.events), timeout=WAIT)
        assert found, f"{event} did not arrive; got {[e for e, _ in self.events]}"

    def close(self):
        self.client.disconnect()


def test_a_note_crosses_processes_and_is_stored_once(two_servers):
    one, two = two_servers
    created = one.create_workshop()
    code, key = created["code"], created["facilitator_key"]
    anne = Peer(one.url, code, name="Anne")
    bram = Peer(two.url, code, name="Bram")
    facilitator = Peer(two.url, code, facilitator_key=key)
    try:
        ack = anne.client.call("note:add", {"id": "n1", "block": "regie", "text": "Over"},
                               timeout=WAIT)
        assert ack["ok"]
        bram.wait_for("note:added", lambda data: data["note"]["id"] == "n1")
        facilitator.wait_for("note:added", lambda data: data["note"]["id"] == "n1")
        # A retry (same id) sent to the other process stores nothing new.
        retry = Peer(two.url, code, participant_token=anne.joined["participant"]["token"])
        assert retry.client.call("note:add", {"id": "n1", "block": "regie", "text": "Over"},
                                 timeout=WAIT)["note"]["id"] == "n1"
        retry.close()
        for server in (one, two):
            notes = requests.get(f"{server.url}/api/workshops/{code}", timeout=WAIT).json()
            assert [n["id"] for n in notes["notes"]] == ["n1"]
        # Settings cross too: the facilitator on process two locks, Anne on one is refused.
        assert facilitator.client.call("workshop:update", {"locked": True},
                                       timeout=WAIT)["ok"]
        anne.wait_for("workshop:updated", lambda data: data["settings"]["locked"])
        refused = anne.client.call("note:add", {"id": "n2", "block": "regie", "text": "x"},
                                   timeout=WAIT)
        assert refused["code"] == "locked"
    finally:
        for peer in (anne, bram, facilitator):
            peer.close()


def test_a_client_reconnecting_to_the_other_process_catches_up(two_servers):
    one, two = two_servers
    code = one.create_workshop()["code"]
    anne = Peer(one.url, code, name="Anne")
    bram = Peer(two.url, code, name="Bram")
    try:
        for i in range(3):
            assert anne.client.call("note:add", {"id": f"a{i}", "block": "regie",
                                                 "text": f"notitie {i}"}, timeout=WAIT)["ok"]
        bram.wait_for("note:added", lambda data: data["note"]["id"] == "a2")
        seen_rev = bram.events[-1][1]["rev"]
        token = bram.joined["participant"]["token"]
        bram.close()  # Bram's phone sleeps; meanwhile Anne edits and deletes
        assert anne.client.call("note:update", {"id": "a0", "text": "gewijzigd"},
                                timeout=WAIT)["ok"]
        assert anne.client.call("note:delete", {"id": "a1"}, timeout=WAIT)["ok"]
        assert anne.client.call("note:add", {"id": "a3", "block": "regie", "text": "nieuw"},
                                timeout=WAIT)["ok"]
        # ... and wakes up on the other process.
        back = Peer(one.url, code, participant_token=token)
        state = back.joined["state"]
        assert back.joined["participant"]["id"] == bram.joined["participant"]["id"]
        assert state["rev"] > seen_rev
        assert {n["id"]: n["text"] for n in state["notes"]} == \
            {"a0": "gewijzigd", "a2": "notitie 2", "a3": "nieuw"}
        back.close()
    finally:
        anne.close()


def test_presence_and_removal_work_across_processes(two_servers):
    one, two = two_servers
    created = one.create_workshop()
    code, key = created["code"], created["facilitator_key"]
    facilitator = Peer(one.url, code, facilitator_key=key)
    anne = Peer(one.url, code, name="Anne")
    bram = Peer(two.url, code, name="Bram")
    try:
        # Every process counts everyone, wherever they are connected.
        facilitator.wait_for("presence:updated", lambda data: data["online"] == 2)
        state = requests.get(f"{two.url}/api/workshops/{code}", timeout=WAIT,
                             headers={"X-Facilitator-Key": key}).json()
        assert state["online"] == 2
        assert {p["name"]: p["online"] for p in state["participants"]} == \
            {"Anne": True, "Bram": True}
        # The facilitator on process one removes Bram, who is connected to process two.
        assert facilitator.client.call("participant:remove",
                                       {"id": bram.joined["participant"]["id"]},
                                       timeout=WAIT)["ok"]
        bram.wait_for("participant:removed")
        for _ in range(50):  # the other process closes his connection
            if not bram.client.connected:
                break
            time.sleep(0.1)
        assert not bram.client.connected
        facilitator.wait_for("presence:updated", lambda data: data["online"] == 1)
    finally:
        for peer in (facilitator, anne, bram):
            if peer.client.connected:
                peer.close()
