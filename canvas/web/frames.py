"""Socket.IO packets as clients send them, decoded so that no frame goes unanswered.

python-socketio decodes a frame and dispatches it before any handler of ours runs; a frame it
cannot decode (broken JSON, nesting deeper than the parser goes, an integer of more than 100
digits, an event that is not ``[name, ...]``, binary attachments that do not add up) raises in
its dispatcher, which logs a traceback and sends nothing, so the client waits for an ack that
never comes. ``CheckedPacket`` (given to the server as its ``serializer``) turns every such
frame into the event ``MALFORMED_EVENT`` with the frame's ack id and the reason, which
``canvas/web/events.py`` answers like any refused payload. A message longer than
``SOCKET_MESSAGE_MAX`` is refused the same way, unparsed. A frame without an ack id gets no
answer (nobody waits for one) and changes nothing.
"""
from socketio import packet

from canvas.services.errors import BadRequest
from canvas.services.rules import JSON_DEPTH_MAX, SOCKET_MESSAGE_MAX
from canvas.services.validation import require_depth

# Every refused frame arrives as this event (a client that sends this name itself gets the
# same refusal). Its first argument says why: one of the REASONS.
MALFORMED_EVENT = "!malformed-frame"
REASONS = ("bad_frame", "too_deep", "message_too_large", "binary_not_accepted")

# What decoding a frame may fail with besides RecursionError (nesting deeper than the parser
# goes): ValueError (broken JSON, an integer over 100 digits, a bad header), TypeError and
# IndexError (a header python-socketio did not foresee).
DECODE_ERRORS = (ValueError, TypeError, IndexError)


def message_size(encoded) -> int:
    """The size in bytes a text frame had on the wire (UTF-8), counted only when it matters."""
    if isinstance(encoded, bytes | bytearray):
        return len(encoded)
    if len(encoded) * 4 <= SOCKET_MESSAGE_MAX:  # at most 4 bytes per character: surely small
        return len(encoded)
    return len(encoded.encode("utf-8", "surrogatepass"))


class CheckedPacket(packet.Packet):
    """A Socket.IO packet whose decoding never raises: what cannot be an event of ours becomes
    ``MALFORMED_EVENT`` (keeping the ack id, so the client gets its refusal).

    Binary attachments are no part of this protocol: a binary event is refused whole, so the
    server never waits for (or mistakes the next text frame for) an attachment."""

    def decode(self, encoded_packet):
        self.id = None
        if isinstance(encoded_packet, bytes | bytearray):
            # A binary frame on its own (the attachment of a binary event already refused).
            return self._refuse(None, None)
        if message_size(encoded_packet) > SOCKET_MESSAGE_MAX:
            return self._refuse_unparsed(encoded_packet, "message_too_large")
        try:
            attachments = super().decode(encoded_packet)
        except RecursionError:
            return self._undecodable("too_deep")
        except DECODE_ERRORS:
            return self._undecodable("bad_frame")
        try:
            require_depth(self.data, JSON_DEPTH_MAX + 1)  # + 1: the [name, payload] list
        except BadRequest:
            return self._undecodable("too_deep")
        if self.packet_type in (packet.BINARY_EVENT, packet.BINARY_ACK) or attachments:
            return self._refuse(self.id if self.packet_type == packet.BINARY_EVENT else None,
                                "binary_not_accepted")
        if self.packet_type == packet.EVENT:
            data = self.data
            if not (isinstance(data, list) and data and isinstance(data[0], str)):
                return self._refuse(self.id, "bad_frame")
        elif self.packet_type == packet.CONNECT:
            if self.data is not None and not isinstance(self.data, dict):
                self.data = None  # the auth object is unused: connect without it
        elif self.packet_type not in (packet.DISCONNECT, packet.ACK):
            return self._refuse(None, "bad_frame")  # CONNECT_ERROR or no packet type at all
        return 0

    def _undecodable(self, reason: str) -> int:
        """A frame whose header was read but not its data."""
        if self.packet_type == packet.CONNECT:
            self.data = None  # the auth object is unused: connect without it
            return 0
        return self._refuse(self.id if self.packet_type in EVENTS else None, reason)

    def _refuse_unparsed(self, encoded: str, reason: str) -> int:
        """Refuse a frame by its header alone: its type, namespace and ack id, not its JSON."""
        header = encoded[:120]  # type, attachments, namespace and id fit well within this
        bracket = min((i for i in (header.find("["), header.find("{"), header.find('"'))
                       if i >= 0), default=len(header))
        try:
            super().decode(header[:bracket])
        except DECODE_ERRORS:
            return self._refuse(None, reason)
        return self._refuse(self.id if self.packet_type in EVENTS else None, reason)

    def _refuse(self, ack_id, reason) -> int:
        self.packet_type = packet.EVENT
        self.id = ack_id
        self.data = [MALFORMED_EVENT, reason or "bad_frame"]
        self.attachment_count = 0
        self.attachments = []
        return 0


EVENTS = (packet.EVENT, packet.BINARY_EVENT)
