"""Durable acknowledgements: a note acknowledged is a note stored. The server is killed with
SIGKILL right after a burst of acknowledged notes, started again on the same database, and
every acknowledged note is there, once; on SQLite and on PostgreSQL."""
import threading

import pgserver
import pytest
import requests
import socketio
from liveserver import LiveServer

WRITERS = 6          # participants posting at once
NOTES_EACH = 15      # within the note rate limit's burst
FACILITATOR_NOTES = 60


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'durable.db'}"
        return
    if pgserver.binaries() is None and not pgserver.required():
        pytest.skip("PostgreSQL is not installed here (CI installs it)")
    with pgserver.running_postgres() as url:
        yield url


def burst(client, prefix: str, count: int, acked: list, lock: threading.Lock):
    """Send ``count`` notes without waiting in between; record the ids acknowledged as ok."""
    done = threading.Event()
    pending = [count]

    def send(note_id):
        client.emit("note:add", {"id": note_id, "block": "regie", "text": f"Notitie {note_id}"},
                    callback=on_ack(note_id))

    def on_ack(note_id):
        def record(ack):
            # A write that could not get its turn now is refused as "busy" and sent again
            # after retry_after, as the page's outbox does.
            if ack.get("code") == "busy":
                threading.Timer(ack.get("retry_after", 1), send, args=(note_id,)).start()
                return
            with lock:
                if ack.get("ok"):
                    acked.append(note_id)
                pending[0] -= 1
                if pending[0] == 0:
                    done.set()
        return record

    for i in range(count):
        send(f"{prefix}-{i}")
    assert done.wait(30), f"{prefix}: {pending[0]} notes unanswered"


def test_acknowledged_notes_survive_sigkill(database_url):
    server = LiveServer(database_url).start()
    clients = []
    try:
        created = server.create_workshop()
        code, key = created["code"], created["facilitator_key"]
        payloads = [{"facilitator_key": key}] + [{"name": f"P{i}"} for i in range(WRITERS)]
        for payload in payloads:
            client = socketio.Client(reconnection=False)
            client.connect(server.url, transports=["websocket"], wait_timeout=10)
            assert client.call("join", {"code": code, **payload}, timeout=10)["ok"]
            clients.append(client)
        acked, lock = [], threading.Lock()
        threads = [threading.Thread(target=burst, args=(
            client, f"w{i}", FACILITATOR_NOTES if i == 0 else NOTES_EACH, acked, lock))
            for i, client in enumerate(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # The moment the last acknowledgement is in: no clean shutdown, no flush.
        server.kill()
        for client in clients:
            client.disconnect()
        assert len(acked) == FACILITATOR_NOTES + WRITERS * NOTES_EACH

        server.start()
        state = requests.get(f"{server.url}/api/workshops/{code}",
                             headers={"X-Facilitator-Key": key}, timeout=10).json()
        stored = [note["id"] for note in state["notes"]]
        assert sorted(stored) == sorted(acked)  # every acknowledged note, each once
        assert state["rev"] >= len(acked)
    finally:
        for client in clients:
            if client.connected:
                client.disconnect()
        server.stop()
