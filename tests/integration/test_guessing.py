"""The guard against guessing join codes, on a real server over a real socket."""
import socketio

from canvas.services import limits


def test_guessing_codes_over_socketio_is_slowed_down(live_server):
    code = live_server.create_workshop()["code"]
    client = socketio.Client(reconnection=False)
    client.connect(live_server.url, transports=["websocket"], wait_timeout=10)
    try:
        for i in range(limits.FAILED_JOIN_BURST):
            ack = client.call("join", {"code": f"ZZZ{i:03d}"}, timeout=10)
            assert ack["code"] == "workshop_not_found"
        ack = client.call("join", {"code": code}, timeout=10)
        assert ack["ok"] is False and ack["code"] == "too_many_attempts"
        assert ack["retry_after"] >= 1 and client.connected
    finally:
        client.disconnect()


def test_a_room_joining_from_one_address_is_not_refused_after_some_typos(live_server):
    """Typos from a shared Wi-Fi address (below the limit) do not stop the room joining."""
    code = live_server.create_workshop()["code"]
    clients = []
    try:
        for i in range(60):
            client = socketio.Client(reconnection=False)
            clients.append(client)
            client.connect(live_server.url, transports=["websocket"], wait_timeout=10)
            if i % 3 == 0:  # every third person mistypes the code first
                assert client.call("join", {"code": code[::-1] + "X"},
                                   timeout=10)["code"] == "workshop_not_found"
            assert client.call("join", {"code": code, "name": f"P{i}"}, timeout=10)["ok"], i
    finally:
        for client in clients:
            client.disconnect()
