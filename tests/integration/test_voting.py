"""Energy voting under concurrent taps, against a real server process (threads, real sockets)."""
import threading

import requests

TAPS = 12
BUDGET = 3
WAIT = 10


def test_concurrent_taps_never_overspend_the_budget(live_server, connect_peer):
    workshop = live_server.create_workshop()
    code = workshop["code"]
    facilitator = connect_peer(live_server.url, "facilitator", wait=WAIT)
    facilitator.join(code, facilitator_key=workshop["facilitator_key"])
    phone = connect_peer(live_server.url, "phone", wait=WAIT)
    ack = phone.join(code, name="Anne")
    # The same participant on a second device taps at the same time.
    laptop = connect_peer(live_server.url, "laptop", wait=WAIT)
    laptop.join(code, participant_token=ack["participant"]["token"])
    for note_id in ("a", "b"):
        assert phone.call("note:add", {"id": note_id, "block": "regie", "text": note_id})["ok"]
    assert facilitator.call("workshop:update", {"votes_per_participant": BUDGET})["ok"]

    acks, done = [], threading.Event()
    lock = threading.Lock()

    def record(result):
        with lock:
            acks.append(result)
            if len(acks) == TAPS:
                done.set()

    for i in range(TAPS):  # sent without waiting: the server handles them concurrently
        device = phone if i % 2 else laptop
        device.sio.emit("note:vote", {"id": "ab"[i % 2]}, callback=record)
    assert done.wait(15)

    granted = [a for a in acks if a["ok"]]
    refused = [a for a in acks if not a["ok"]]
    assert len(granted) == BUDGET
    assert {a["code"] for a in refused} == {"no_votes_left"}
    assert sorted(a["votes_left"] for a in granted) == list(range(BUDGET))
    notes = requests.get(f"{live_server.url}/api/workshops/{code}", timeout=5).json()["notes"]
    assert sum(n["votes"] for n in notes) == BUDGET
