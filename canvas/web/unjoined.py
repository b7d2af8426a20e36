"""Closing connections that do not join a workshop in time (rules.JOIN_TIMEOUT).

Every page sends ``join`` as soon as its socket is connected (static/js/connection.js), so a
connection that stays open without joining is a machine holding a socket: thousands of them
cost the server memory and file descriptors that a room needs. One sweeper (a greenlet under
gevent, a thread under gthread) looks at the Engine.IO connections a few times per timeout:
cheaper than a timer per connection, and it also sees connections that never connect to the
Socket.IO namespace at all, which the Socket.IO ``connect`` handler never hears of.

A connection that joined is forgotten; one whose join is being answered (a slow database) is
not closed while it is; a refused join leaves the clock running from when the connection
opened. A socket past its time gets the Socket.IO DISCONNECT first, so a page sees an ordinary
``io server disconnect`` (and connects afresh), and then its transport is closed.
"""
import logging
import time
from contextlib import contextmanager

from canvas import metrics
from canvas.services import limits
from canvas.services.rules import JOIN_TIMEOUT_CLOSES_PER_SECOND

log = logging.getLogger(__name__)

# The sweeper looks this many times per timeout: a connection goes between JOIN_TIMEOUT and
# 1.25 x JOIN_TIMEOUT after it opened ...
SWEEPS_PER_TIMEOUT = 4
# ... and at least every this many seconds, so that a long timeout still frees sockets soon.
SWEEP_INTERVAL_MAX = 10.0
NAMESPACE = "/"
# Connections closed before the sweeper lets others have a turn (about 10 ms of work), and
# then waits so that at most JOIN_TIMEOUT_CLOSES_PER_SECOND are closed a second.
CLOSES_PER_TURN = 10
# The name of the new-connections-per-address limit in canvas_rate_limit_refusals (the
# refusal is an HTTP 401 of the handshake, which has no error code of its own).
CONNECTION_LIMIT = "too_many_connections"


def overdue(opened: dict, now: float, timeout: float) -> list:
    """The connections of ``opened`` (id → monotonic time it opened) open ``timeout``
    seconds or longer at ``now``."""
    return [key for key, at in opened.items() if now - at >= timeout]


class JoinDeadline:
    """The open connections of one Socket.IO server that have not joined yet, and the
    sweeper that closes those past the timeout."""

    def __init__(self, server):
        self.server = server          # python-socketio's Server
        self.timeout = 0.0
        self.presence = None
        self.opened: dict[str, float] = {}   # Engine.IO sid → when it opened (monotonic)
        self.joining: set[str] = set()       # Socket.IO sids whose join is being answered
        self.sweeper = None
        self.closed_count = 0

    def install(self):
        """Hear of every Engine.IO connection (before python-socketio's own handler)."""
        eio = self.server.eio
        handle = eio.handlers.get("connect")

        def on_engine_connect(eio_sid, environ, *args):
            app = environ.get("flask.app")
            if app is not None and not limits.take_connection(
                    app.extensions["canvas"].limits, environ.get("REMOTE_ADDR")):
                # Too many new connections from this address: refused before the WebSocket
                # is opened (HTTP 401); the page tries again by itself.
                metrics.rate_limited(CONNECTION_LIMIT)
                return False
            self.opened_now(eio_sid, environ)
            return handle(eio_sid, environ, *args) if handle else None

        eio.on("connect", on_engine_connect)
        return self

    def opened_now(self, eio_sid: str, environ: dict) -> None:
        if self.sweeper is None:
            # The first connection: the app (and so the setting) is known from here on.
            app = environ.get("flask.app")
            if app is None:
                return
            self.timeout = float(app.config.get("JOIN_TIMEOUT") or 0)
            self.presence = app.extensions["canvas"].presence
            if self.timeout <= 0:
                self.sweeper = False  # switched off: never look again
                return
            self.sweeper = self.server.start_background_task(self.run)
        if self.sweeper:
            self.opened[eio_sid] = time.monotonic()

    @contextmanager
    def join_answered(self, sid: str):
        """While a join of ``sid`` is being answered its connection is not closed."""
        self.joining.add(sid)
        try:
            yield
        finally:
            self.joining.discard(sid)

    def interval(self) -> float:
        return min(SWEEP_INTERVAL_MAX, max(0.2, self.timeout / SWEEPS_PER_TIMEOUT))

    def run(self):
        while True:
            self.server.sleep(self.interval())
            try:
                self.sweep(time.monotonic())
            except Exception:  # the sweeper must outlive any one connection's trouble
                log.exception("closing connections that did not join")

    def sweep(self, now: float) -> int:
        """Forget connections that are gone or joined; close those past the timeout.
        Returns how many were closed."""
        sockets = self.server.eio.sockets
        manager = self.server.manager
        waiting = {}
        for eio_sid, at in list(self.opened.items()):
            sid = manager.sid_from_eio_sid(eio_sid, NAMESPACE)
            if eio_sid not in sockets or (sid is not None and self.presence.get(sid)):
                self.opened.pop(eio_sid, None)
            elif sid not in self.joining:
                waiting[eio_sid] = at
        closed = 0
        for eio_sid in overdue(waiting, now, self.timeout):
            # Closing is spread out (below): look again, it may have joined, be joining or be
            # gone since the list was made (a join being answered stays watched).
            sid = manager.sid_from_eio_sid(eio_sid, NAMESPACE)
            if sid is not None and sid in self.joining:
                continue
            self.opened.pop(eio_sid, None)
            if eio_sid not in sockets or (sid is not None and self.presence.get(sid)):
                continue
            self.close(eio_sid)
            closed += 1
            if closed % CLOSES_PER_TURN == 0:
                # Closing runs each connection's disconnect handler, and each one closed may
                # come back with a handshake: thousands at once would hold the event loop for
                # a second. Spread out, the room's notes go between.
                self.server.sleep(CLOSES_PER_TURN / JOIN_TIMEOUT_CLOSES_PER_SECOND)
        self.closed_count += closed
        return closed

    def close(self, eio_sid: str) -> None:
        sid = self.server.manager.sid_from_eio_sid(eio_sid, NAMESPACE)
        if sid is not None:
            # Socket.IO's DISCONNECT: the page sees "io server disconnect".
            self.server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)
        socket = self.server.eio.sockets.pop(eio_sid, None)
        if socket is not None:
            # Not waiting for the close to be written: a client that reads nothing must not
            # hold up the sweep of the others.
            socket.close(wait=False)


def install(socketio) -> JoinDeadline:
    """Watch every connection of ``socketio``'s server (Flask-SocketIO, after init_app)."""
    deadline = JoinDeadline(socketio.server).install()
    socketio.server.join_deadline = deadline
    return deadline


@contextmanager
def join_answered(server, sid: str):
    """Around the handling of a ``join``: see JoinDeadline.join_answered."""
    deadline = getattr(server, "join_deadline", None)
    if deadline is None:
        yield
        return
    with deadline.join_answered(sid):
        yield
