"""What in-process Socket.IO test clients (Flask-SocketIO's SocketIOTestClient) received."""
import time


def received(client, name=None):
    """The payloads of the events ``client`` received since it was last asked (all of them, or
    only those of event ``name``)."""
    return [m["args"][0] for m in client.get_received() if name is None or m["name"] == name]


def next_received(client, name, timeout=2.0):
    """What ``name`` brought next, waiting for it: the online count is folded over half a
    second when people come and go in a burst (Publisher.send_folded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = received(client, name)
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"no {name} within {timeout} s")
