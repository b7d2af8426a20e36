"""One machine holding connections open against a real server (gevent, the production model):
idle sockets that never join and requests whose head never ends must not keep a room from
joining and posting, and are closed in time (docs/security.md, "Connections").

Bounded: a few hundred sockets of each kind, about 30 s for the file."""
import socket
import time

import pytest
import requests
from liveserver import running_server
from rawsocket import RawSocket

from canvas.cli import REQUEST_HEAD_TIMEOUT

IDLE_SOCKETS = 300
SLOW_REQUESTS = 200
QUICK = 1.0  # seconds: what a page or /api/health may take during the attack


def open_slow_request(port: int) -> socket.socket:
    """A connection that has sent the start of a request head and never finishes it."""
    conn = socket.create_connection(("127.0.0.1", port), timeout=5)
    conn.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    return conn


def closed_by_server(conn: socket.socket, timeout: float) -> bool:
    """Whether the server closed ``conn`` (end of file or reset) within ``timeout``."""
    conn.settimeout(timeout)
    try:
        return conn.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def timed_get(url: str) -> tuple:
    began = time.monotonic()
    response = requests.get(url, timeout=5)
    return response.status_code, time.monotonic() - began


def close_all(idle, slow):
    for raw in idle:
        raw.close()
    for conn in slow:
        conn.close()


def test_a_room_joins_and_posts_while_one_machine_holds_hundreds_of_connections(
        tmp_path, connect_peer):
    # The join timeout outlasts the test's attack, so every idle socket stays open throughout.
    with running_server(f"sqlite:///{tmp_path / 'live.db'}",
                        env={"JOIN_TIMEOUT": "60"}) as server:
        code = server.create_workshop()["code"]
        idle, slow = [], []
        try:
            for _ in range(IDLE_SOCKETS):
                idle.append(RawSocket(server.url))  # connected to "/", never joining
            for _ in range(SLOW_REQUESTS):
                slow.append(open_slow_request(server.port))

            for path in ("/api/health", f"/j/{code}", "/"):
                status, took = timed_get(server.url + path)
                assert status == 200 and took < QUICK, (path, status, took)

            writer = connect_peer(server.url, "writer")
            reader = connect_peer(server.url, "reader")
            writer.join(code, name="Fatima")
            reader.join(code, name="Joost")
            ack = writer.call("note:add", {"id": "freeze-note-1", "block": "identiteit",
                                           "subarea": "passie", "text": "Nog steeds vlot"})
            assert ack["ok"] is True, ack
            assert reader.wait_for("note:added")["note"]["text"] == "Nog steeds vlot"

            # The attack was in place all along: the idle sockets are still open (the server
            # answers them), the slow requests still unanswered.
            assert idle[0].emit("note:add", {}, 1)["code"] == "not_joined"
            assert not closed_by_server(slow[-1], 0.1)
        finally:
            close_all(idle, slow)
        assert "Traceback" not in server.output(), server.output()[-3000:]


def test_a_socket_that_does_not_join_is_closed_and_one_that_joins_stays(tmp_path,
                                                                        connect_peer):
    timeout = 2.0
    with running_server(f"sqlite:///{tmp_path / 'live.db'}",
                        env={"JOIN_TIMEOUT": str(timeout)}) as server:
        code = server.create_workshop()["code"]
        idle = RawSocket(server.url)
        # Engine.IO only: never connects to the Socket.IO namespace, so the "connect" handler
        # never hears of it; the sweeper still does.
        bare = RawSocket(server.url, connect=False)
        refused = RawSocket(server.url)
        member = connect_peer(server.url, "member")
        try:
            opened = time.monotonic()
            member.join(code, name="Fatima")
            assert refused.emit("join", {"code": "ZZZZZZ", "name": "x"}, 1)["ok"] is False

            # Socket.IO's DISCONNECT ("1"), as a page hears "io server disconnect", then the
            # close of the transport.
            assert idle.recv_packet(timeout * 2 + 2) == "1"
            waited = time.monotonic() - opened
            assert timeout - 0.5 <= waited <= timeout * 1.25 + 1.5, waited
            assert idle.recv_packet(2) == ""
            assert bare.recv_packet(2) == "", "an Engine.IO connection without namespace"
            # A refused join does not stop the clock.
            assert refused.recv_packet(2) in ("1", "")

            # The participant who joined stays connected and keeps working.
            time.sleep(timeout)
            assert member.connected
            assert member.call("note:add", {"id": "kept-1", "block": "identiteit",
                                            "subarea": "passie", "text": "Nog hier"})["ok"]
        finally:
            for raw in (idle, bare, refused):
                raw.close()
        assert "Traceback" not in server.output(), server.output()[-3000:]


@pytest.mark.parametrize("bytes_per_second", [1])
def test_a_request_head_sent_a_byte_at_a_time_is_cut_off(live_server, bytes_per_second):
    """Slowloris: gunicorn's gevent worker reads a head under REQUEST_HEAD_TIMEOUT seconds."""
    conn = socket.create_connection(("127.0.0.1", live_server.port), timeout=5)
    try:
        began = time.monotonic()
        head = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100
        closed_at = None
        for byte in head:
            try:
                conn.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed_at = time.monotonic()
                break
            if closed_by_server(conn, 1 / bytes_per_second):
                closed_at = time.monotonic()
                break
        assert closed_at is not None, "the server still reads a head after 100 s"
        took = closed_at - began
        assert REQUEST_HEAD_TIMEOUT - 1 <= took <= REQUEST_HEAD_TIMEOUT + 2, took
    finally:
        conn.close()
