"""Issue 12, point 1: one device on the room's network cannot lock the room out, and
guessing stays refused. Against a real server process, with real Socket.IO clients."""
import threading
import time
from types import SimpleNamespace

import pytest
import requests
import socketio
from liveserver import running_server

from canvas.services import limits, records

GUESSER = "10.66.0.9"   # the room's Wi-Fi address, shared with a guesser
ELSEWHERE = "10.77.0.1"  # where the facilitator created the workshop


@pytest.fixture
def proxied_server(tmp_path):
    """A server behind one (pretend) proxy: X-Forwarded-For gives each client its address."""
    with running_server(f"sqlite:///{tmp_path / 'lockout.db'}",
                        env={"PROXY_COUNT": "1"}) as server:
        yield server


def connect(url: str, address: str) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    client.connect(url, transports=["websocket"], wait_timeout=10,
                   headers={"X-Forwarded-For": address})
    return client


def create(url: str, address: str) -> dict:
    response = requests.post(url + "/api/workshops", json={"title": "Wijk"}, timeout=5,
                             headers={"X-Forwarded-For": address})
    response.raise_for_status()
    return response.json()


def guess_out(url: str, address: str) -> None:
    """Use up the address's failed lookups, as the black-box test did (31 unknown codes)."""
    client = connect(url, address)
    try:
        for i in range(limits.FAILED_JOIN_BURST + 1):
            client.call("join", {"code": f"ZZZ{i:03d}"}, timeout=10)
    finally:
        client.disconnect()


def test_thirty_one_unknown_codes_do_not_lock_out_the_room(proxied_server):
    """The finding: 31 unknown codes from the room's address, then 20 participants with the
    right code (all 20 were refused), pages, state and exports answered 429 and a joined
    participant could not join again."""
    url = proxied_server.url
    created = create(url, GUESSER)  # the facilitator's laptop is on the room's Wi-Fi
    code = created["code"]
    early = connect(url, GUESSER)
    clients = [early]
    try:
        token = early.call("join", {"code": code, "name": "Vroeg"}, timeout=10)
        token = token["participant"]["token"]
        guess_out(url, GUESSER)
        for i in range(20):
            client = connect(url, GUESSER)
            clients.append(client)
            ack = client.call("join", {"code": code, "name": f"P{i}"}, timeout=10)
            assert ack["ok"] is True, (i, ack)
        again = early.call("join", {"code": code, "participant_token": token}, timeout=10)
        assert again["ok"] is True
        headers = {"X-Forwarded-For": GUESSER}
        for path in (f"/j/{code}", f"/p/{code}", f"/api/workshops/{code}",
                     f"/api/workshops/{code}/snapshots",
                     f"/api/workshops/{code}/snapshots/current/export.json"):
            assert requests.get(url + path, headers=headers, timeout=5).status_code == 200, path
        # Guessing from that address is still refused.
        guesser = connect(url, GUESSER)
        clients.append(guesser)
        ack = guesser.call("join", {"code": "ZZZ999"}, timeout=10)
        assert ack["code"] == "too_many_attempts" and guesser.connected
    finally:
        for client in clients:
            client.disconnect()


def test_a_wrong_code_every_fifth_of_a_second_does_not_keep_the_room_out(proxied_server):
    """The finding: one wrong code every 0.2 s kept the room out (0 of 40 joins in 40 s)."""
    url = proxied_server.url
    code = create(url, GUESSER)["code"]
    stop = threading.Event()
    refused = []

    def keep_guessing():
        guesser = connect(url, GUESSER)
        try:
            i = 0
            while not stop.is_set() and i < 400:  # bounded: at most 80 s of guessing
                ack = guesser.call("join", {"code": f"YYY{i:03d}"}, timeout=10)
                refused.append(ack["code"])
                i += 1
                time.sleep(0.2)
        finally:
            guesser.disconnect()

    thread = threading.Thread(target=keep_guessing)
    thread.start()
    joined = 0
    try:
        time.sleep(1)
        for i in range(40):
            client = connect(url, GUESSER)
            try:
                ack = client.call("join", {"code": code, "name": f"P{i}"}, timeout=10)
                joined += ack["ok"] is True
            finally:
                client.disconnect()
            time.sleep(0.15)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert joined == 40
    assert "too_many_attempts" in refused  # the guesser was refused all along


def test_a_network_that_only_guesses_gets_in_with_the_link_a_token_or_the_key(proxied_server):
    """Behind an address out of failed lookups that never belonged to the workshop, a typed
    code gets the same refusal as an unknown one (it tells a guesser nothing); the QR code's
    link, a participant token and the facilitator key get in."""
    url = proxied_server.url
    created = create(url, ELSEWHERE)
    code, key = created["code"], created["facilitator_key"]
    remote = connect(url, ELSEWHERE)
    token = remote.call("join", {"code": code})["participant"]["token"]
    remote.disconnect()
    guess_out(url, GUESSER)
    client = connect(url, GUESSER)
    try:
        typed = client.call("join", {"code": code}, timeout=10)
        unknown = client.call("join", {"code": "ZZZ997"}, timeout=10)
        assert typed["code"] == unknown["code"] == "too_many_attempts"
        assert typed == unknown  # same words, same wait: nothing to tell them apart
        wrong_link = client.call("join", {"code": code, "link": "0" * 16}, timeout=10)
        assert wrong_link["code"] == "too_many_attempts"
        tag = records.link_tag(SimpleNamespace(facilitator_key_hash=records.hash_secret(key)))
        assert client.call("join", {"code": code, "link": tag}, timeout=10)["ok"] is True
        assert client.call("join", {"code": code, "participant_token": token},
                           timeout=10)["ok"] is True
        # Having joined with the link, that network belongs: typed codes get in too.
        other = connect(url, GUESSER)
        assert other.call("join", {"code": code}, timeout=10)["ok"] is True
        other.disconnect()
    finally:
        client.disconnect()
