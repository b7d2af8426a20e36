"""The vitality check with real Socket.IO clients against a real server process: acks, the
figures everyone receives (folded), anonymity of every payload, and figures kept in a
snapshot (docs/protocol.md, "Vitality check")."""
import json
import threading
import time

import requests

from canvas import method

WAIT = 10
BLOCKS = list(method.BLOCK_KEYS)


def open_check(live_server, connect_peer, phones=2):
    """A workshop with the check open: (code, workshop, facilitator, projector, phones)."""
    workshop = live_server.create_workshop()
    code = workshop["code"]
    facilitator = connect_peer(live_server.url, "facilitator", wait=WAIT)
    facilitator.join(code, facilitator_key=workshop["facilitator_key"])
    projector = connect_peer(live_server.url, "projector", wait=WAIT)
    projector.join(code, view="projector")
    people = []
    for i in range(phones):
        phone = connect_peer(live_server.url, f"phone {i}", wait=WAIT)
        phone.join(code, name=f"Deelnemer {i}")
        people.append(phone)
    assert facilitator.call("workshop:update", {"vitality": True})["ok"]
    return code, workshop, facilitator, projector, people


def settled(peer, expected, timeout=WAIT):
    """The first ``vitality:updated`` the peer receives whose figures are ``expected``."""
    return peer.wait_for("vitality:updated", lambda data: data["vitality"] == expected,
                         timeout=timeout)


def test_ratings_are_acked_and_everyone_receives_the_same_totals_never_who(
        live_server, connect_peer):
    code, workshop, facilitator, projector, (anne, bram) = open_check(live_server, connect_peer)
    ids = [anne.participant["id"], bram.participant["id"]]
    tokens = [anne.participant["token"], bram.participant["token"]]
    assert anne.call("vitality:rate", {"block": "identiteit", "score": 2}) == \
        {"ok": True, "block": "identiteit", "score": 2}
    assert anne.call("vitality:rate", {"block": "identiteit", "score": 4})["ok"]  # replaces
    assert bram.call("vitality:rate", {"block": "identiteit", "score": 3})["ok"]
    assert bram.call("vitality:rate", {"block": "regie", "score": 5})["ok"]
    final = requests.get(f"{live_server.url}/api/workshops/{code}", timeout=5).json()["vitality"]
    assert final["identiteit"] == {"count": 2, "mean": 3.5, "histogram": [0, 0, 1, 1, 0]}
    assert final["regie"] == {"count": 1, "mean": 5.0, "histogram": [0, 0, 0, 0, 1]}
    for peer in (facilitator, projector, anne, bram):
        settled(peer, final)
    # Refusals say why.
    refused = facilitator.call("vitality:rate", {"block": "identiteit", "score": 3})
    assert (refused["ok"], refused["code"]) == (False, "participants_rate")
    refused = anne.call("vitality:rate", {"block": "identiteit", "score": 9})
    assert refused["code"] == "out_of_range" and "1 tot en met 5" in refused["error"]
    refused = projector.call("vitality:rate", {"block": "identiteit", "score": 3})
    assert refused["code"] == "participants_rate"
    assert anne.call("vitality:reset")["code"] == "facilitator_only"

    # Anonymity: no vitality payload any client received names who rated what.
    for peer in (facilitator, projector, anne, bram):
        for event, data in peer.events:
            if event.startswith("vitality:"):
                text = json.dumps(data, ensure_ascii=False)
                for secret in ids + tokens + ["Deelnemer 0", "Deelnemer 1"]:
                    assert secret not in text, (peer.label, event)
                assert set(data) == {"vitality"}
                assert set(data["vitality"]) == set(BLOCKS)
                for figure in data["vitality"].values():
                    assert set(figure) == {"count", "mean", "histogram"}
    # The facilitator's state has only totals; a phone joining again gets its own scores.
    again = facilitator.call("join", {"code": code, "facilitator_key":
                                      workshop["facilitator_key"]})["state"]
    assert again["vitality"] == final and "my_vitality" not in again
    assert ids[0] not in json.dumps(again["vitality"])
    mine = anne.call("join", {"code": code, "participant_token": tokens[0]})["state"]
    assert mine["my_vitality"] == {"identiteit": 4}
    closing = facilitator.call("workshop:update", {"vitality": False})
    assert closing["ok"] and closing["settings"]["vitality"] is False
    assert bram.call("vitality:rate", {"block": "spelregels", "score": 1})["code"] == \
        "vitality_closed"
    # A reset empties the figures for everyone.
    assert facilitator.call("vitality:reset") == {"ok": True}
    empty = {key: {"count": 0, "mean": None, "histogram": [0] * 5} for key in BLOCKS}
    for peer in (facilitator, projector, anne, bram):
        settled(peer, empty)


def test_a_burst_of_50_ratings_arrives_folded_with_the_final_figures(live_server, connect_peer):
    code, _, facilitator, projector, phones = open_check(live_server, connect_peer, phones=10)
    for peer in (facilitator, projector, *phones):
        peer.wait_for("workshop:updated")
    before = projector.count("vitality:updated")
    acks, done, lock = [], threading.Event(), threading.Lock()
    busy = []

    def send(phone, rating):
        def record(result):
            if not result["ok"] and result["code"] == "busy":
                # More writes of one workshop waiting than the server queues: retried after
                # ``retry_after``, as the phone's page does.
                busy.append(result)
                threading.Timer(result["retry_after"], send, (phone, rating)).start()
                return
            with lock:
                acks.append(result)
                if len(acks) == 50:
                    done.set()
        phone.sio.emit("vitality:rate", rating, callback=record)
    started = time.monotonic()
    for index, phone in enumerate(phones):  # sent without waiting: handled concurrently
        for offset, block in enumerate(BLOCKS):
            send(phone, {"block": block, "score": (index + offset) % 5 + 1})
    assert done.wait(30)
    print(f"50 ratings acked in {time.monotonic() - started:.2f} s, {len(busy)} retried busy")
    assert all(ack["ok"] for ack in acks), [a for a in acks if not a["ok"]][:3]
    final = requests.get(f"{live_server.url}/api/workshops/{code}", timeout=5).json()["vitality"]
    assert all(final[block]["count"] == 10 for block in BLOCKS)
    assert all(final[block]["histogram"] == [2, 2, 2, 2, 2] for block in BLOCKS)
    for peer in (facilitator, projector, *phones):
        settled(peer, final)
    # Folded: far fewer messages than ratings, and the last one holds the final figures.
    received = projector.count("vitality:updated") - before
    assert 1 <= received < 25, received
    last = [data for event, data in projector.events if event == "vitality:updated"][-1]
    assert last["vitality"] == final


def test_a_snapshot_taken_over_http_keeps_the_figures_for_comparison(live_server, connect_peer):
    code, workshop, facilitator, _, (anne, bram) = open_check(live_server, connect_peer)
    key = {"X-Facilitator-Key": workshop["facilitator_key"]}
    assert anne.call("vitality:rate", {"block": "coalities", "score": 2})["ok"]
    assert bram.call("vitality:rate", {"block": "coalities", "score": 3})["ok"]
    taken = requests.post(f"{live_server.url}/api/workshops/{code}/snapshots",
                          json={"label": "Start"}, headers=key, timeout=5)
    assert taken.status_code == 201
    assert anne.call("vitality:rate", {"block": "coalities", "score": 5})["ok"]
    compared = requests.get(f"{live_server.url}/api/workshops/{code}/compare",
                            params={"from": taken.json()["id"]}, timeout=5).json()
    assert compared["vitality"]["coalities"] == {
        "from": {"count": 2, "mean": 2.5, "histogram": [0, 1, 1, 0, 0]},
        "to": {"count": 2, "mean": 4.0, "histogram": [0, 0, 1, 0, 1]}}
    for secret in (anne.participant["id"], bram.participant["id"]):
        assert secret not in json.dumps(compared)
