"""A raw Socket.IO connection (websocket-client, no Socket.IO library) for sending frames no
real client would send, and the table of malformed frames every server must answer."""
import json
import re
import time

import websocket

ACK = re.compile(r"^3(\d+)(.*)$", re.DOTALL)


def deep(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


# (name, frames, ack id): each frame is one WebSocket message, str (text) or bytes (binary);
# the first is a Socket.IO packet after the Engine.IO "4" (message). Every one carries an ack
# id, which the server must answer (or close the connection cleanly).
MALFORMED_FRAMES = [
    ("nesting 100,000 deep as the whole packet", ["4201" + deep(100_000)], 1),
    ("nesting 5,000 deep in the payload", ['4202["note:add",' + deep(5000) + "]"], 2),
    ("objects 5,000 deep in the payload", ['4203["join",' + '{"a":' * 5000 + "1"
                                           + "}" * 5000 + "]"], 3),
    ("nesting 900 deep (parses) in the payload", ['4204["note:add",' + deep(900) + "]"], 4),
    ("an integer of 5,000 digits as payload", ['4205["note:add",' + "9" * 5000 + "]"], 5),
    ("an integer of 5,000 digits as event name", ["4206[" + "9" * 5000 + "]"], 6),
    ("broken JSON in the payload", ['4207["note:add",{]'], 7),
    ("broken JSON: an open list", ["4208["], 8),
    ("trailing garbage", ['4209["note:add"]xyz'], 9),
    ("an empty list", ["4210[]"], 10),
    ("an object instead of a list", ['4211{"event":"join"}'], 11),
    ("an object as event name", ['4212[{"a":1}]'], 12),
    ("a list as event name", ['4213[["join"]]'], 13),
    ("a number as event name", ["4214[5]"], 14),
    ("null as event name", ["4215[null]"], 15),
    ("true as event name", ["4216[true]"], 16),
    ("a float beyond double as event name", ["4217[1e999]"], 17),
    ("a string instead of a list", ['4218"join"'], 18),
    ("null instead of a list", ["4219null"], 19),
    ("no data at all", ["4220"], 20),
    ("NaN as payload", ['4221["note:add",NaN]'], 21),
    ("a lone surrogate as event name", ['4222["\\ud800"]'], 22),
    ("a lone surrogate in the payload", ['4223["join",{"code":"\\udc00","name":"x"}]'], 23),
    ("an event name of 200,000 characters", ['4224["' + "x" * 200_000 + '"]'], 24),
    ("a binary placeholder with no attachment sent",
     ['451-25["note:add",{"_placeholder":true,"num":0}]'], 25),
    ("a binary placeholder pointing past its attachment",
     ['451-26["note:add",{"_placeholder":true,"num":7}]', b"\x01\x02"], 26),
    ("a binary placeholder numbered by a string",
     ['451-27["note:add",{"_placeholder":true,"num":"x"}]', b"\x01"], 27),
    ("a binary event naming 99 attachments", ['4599-28["note:add",{}]'], 28),
    ("an event for a namespace never connected", ['42/admin,29["join",{}]'], 29),
]
# Socket.IO drops an event for a namespace the client has not connected to (there is no
# connection to answer on); the server only has "/". Every other frame above is acked.
IGNORED_BY_PROTOCOL = {"an event for a namespace never connected"}


class RawSocket:
    """One Engine.IO v4 WebSocket connection, connected to the "/" namespace unless
    ``connect`` is false."""

    def __init__(self, base_url: str, timeout: float = 5.0, connect: bool = True):
        url = base_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = websocket.create_connection(url, timeout=timeout,
                                              origin=base_url)
        opening = self.ws.recv()
        assert opening.startswith("0"), opening
        if not connect:  # the caller sends its own CONNECT packet (connect_namespace)
            return
        self.ws.send("40")
        connected = self.recv_packet(timeout)
        assert connected is not None and connected.startswith("0"), connected

    def connect_namespace(self, frame: str = "40"):
        """Send a CONNECT packet (Engine.IO message "4" + "0" + optional auth) and return the
        server's answer, as recv_packet does."""
        self.ws.send(frame)
        return self.recv_packet(5.0)

    def send(self, frame):
        if isinstance(frame, bytes):
            self.ws.send_binary(frame)
        else:
            self.ws.send(frame)

    def recv_packet(self, timeout: float):
        """The next Socket.IO packet (Engine.IO pings answered on the way); None on timeout,
        "" if the server closed the connection."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.ws.settimeout(left)
            try:
                message = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                return None
            except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
                return ""
            if message == "":  # a close frame
                return ""
            if message == "2":
                self.ws.send("3")
                continue
            if isinstance(message, str) and message.startswith("4"):
                return message[1:]

    def ack(self, ack_id: int, timeout: float):
        """The ack for ``ack_id`` (its first argument), "closed" if the server closed the
        connection, or None if nothing came within ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            packet = self.recv_packet(max(0.0, deadline - time.monotonic()))
            if packet is None:
                return None
            if packet == "":
                return "closed"
            match = ACK.match(packet)
            if match and int(match.group(1)) == ack_id:
                data = json.loads(match.group(2))
                return data[0] if data else None

    def emit(self, event: str, payload, ack_id: int, timeout: float = 5.0):
        self.ws.send("42" + str(ack_id) + json.dumps([event, payload]))
        return self.ack(ack_id, timeout)

    def close(self):
        try:
            self.ws.close()
        except OSError:
            pass
