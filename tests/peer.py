"""A real Socket.IO client (python-socketio over WebSocket) that records every event the server
sends to it, for tests against a real server process."""
import threading
import time

import socketio

WAIT = 5.0  # seconds: the most any ack or broadcast may take, unless a peer is given another
CHANGE_EVENTS = ("note:added", "note:updated", "note:deleted")
NO_DATA = object()


class Peer:
    """One real Socket.IO connection that records every event the server sends to it.

    ``wait`` bounds connecting, every ack and every wait for a broadcast."""

    def __init__(self, url: str, label: str, wait: float = WAIT):
        self.url = url
        self.label = label
        self.wait = wait
        self.sio = socketio.Client(reconnection=False)
        self._cond = threading.Condition()
        self._events = []  # [event, data, consumed]
        self.sio.on("*", self._record)
        self.join_ack = None

    def _record(self, event, *args):
        with self._cond:
            self._events.append([event, args[0] if args else None, False])
            self._cond.notify_all()

    def connect(self) -> "Peer":
        self.sio.connect(self.url, transports=["websocket"], wait_timeout=self.wait)
        return self

    @property
    def connected(self) -> bool:
        return self.sio.connected

    def disconnect(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()

    def call(self, event: str, data=NO_DATA):
        """Emit ``event`` (without a payload if ``data`` is left out) and return its ack."""
        if data is NO_DATA:
            return self.sio.call(event, timeout=self.wait)
        return self.sio.call(event, data, timeout=self.wait)

    def join(self, code: str, **fields) -> dict:
        ack = self.call("join", {"code": code, **fields})
        assert ack["ok"] is True, (self.label, ack)
        self.join_ack = ack
        return ack

    @property
    def participant(self) -> dict:
        return self.join_ack["participant"]

    @property
    def rev(self) -> int:
        return self.join_ack["state"]["rev"]

    @property
    def events(self) -> list:
        """Every (event, data) received so far, in order, consumed or not."""
        with self._cond:
            return [(event, data) for event, data, _ in self._events]

    def wait_for(self, event: str, match=lambda data: True, timeout: float = None):
        """The first not yet consumed ``event`` whose data satisfies ``match``; consumes it."""
        return self._take(lambda name, data: name == event and match(data), timeout,
                          lambda waited: f"{self.label} did not receive {event} in {waited} s; "
                                         f"got {[e[:2] for e in self._events]}")[1]

    def next_change(self, timeout: float = None):
        """The next not yet consumed note event (added/updated/deleted): (event, data)."""
        return self._take(lambda name, _data: name in CHANGE_EVENTS, timeout,
                          lambda waited: f"{self.label} received no note event in {waited} s")

    def _take(self, wanted, timeout, failure):
        """The first not yet consumed (event, data) that ``wanted`` accepts, waiting for it at
        most ``timeout`` seconds (the peer's wait if None); consumes it."""
        timeout = self.wait if timeout is None else timeout
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for entry in self._events:
                    if not entry[2] and wanted(entry[0], entry[1]):
                        entry[2] = True
                        return entry[0], entry[1]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(failure(timeout))
                self._cond.wait(remaining)

    def count(self, event: str, match=lambda data: True) -> int:
        with self._cond:
            return sum(1 for e in self._events if e[0] == event and match(e[1]))
