"""The one emitter. Services hand it the deliveries of a change (canvas/realtime/fanout.py)
after they have committed it; it turns audiences into rooms (canvas/realtime/rooms.py).

It also puts connections into rooms and takes them out, so the service that decides a
connection's rooms (canvas/services/connections.py) needs no Socket.IO request of its own.
"""
from collections.abc import Iterable

from canvas import metrics
from canvas.realtime import fanout
from canvas.realtime.rooms import facilitator_room, participant_room, public_room
from canvas.realtime.throttle import Throttle

NAMESPACE = "/"


class Publisher:
    # A burst of the same broadcast (e.g. the online count while a room joins) goes out at most
    # this often per workshop; the last one always goes out.
    FOLD_SECONDS = 0.5

    def __init__(self, socketio=None):
        self.socketio = socketio
        self._throttle = Throttle(self.FOLD_SECONDS)

    def deliver(self, workshop_id: int, deliveries: Iterable[fanout.Delivery]) -> None:
        """Send each delivery to its audience, in order (timed: canvas_fanout_seconds)."""
        with metrics.timed(metrics.fanned_out):
            for delivery in deliveries:
                if delivery.folded:
                    self.send_folded(workshop_id, delivery)
                else:
                    self.send(workshop_id, delivery, delivery.body())

    def send(self, workshop_id: int, delivery: fanout.Delivery, payload: dict) -> None:
        if delivery.audience == fanout.EVERYONE:
            self.to_workshop(workshop_id, delivery.event, payload)
        elif delivery.audience == fanout.PUBLIC:
            self.to_public(workshop_id, delivery.event, payload)
        elif delivery.audience == fanout.FACILITATORS:
            self.to_facilitators(workshop_id, delivery.event, payload)
        elif delivery.audience == fanout.PARTICIPANT:
            self.to_participant(workshop_id, delivery.participant_id, delivery.event, payload)
        else:
            raise ValueError(f"unknown audience {delivery.audience!r}")

    def send_folded(self, workshop_id: int, delivery: fanout.Delivery) -> None:
        """Send the delivery: at once, or, within a burst of the same one, once at the end of
        it with the latest payload (canvas/realtime/throttle.py)."""
        self._throttle((workshop_id, delivery.event, delivery.audience),
                       lambda: self.send(workshop_id, delivery, delivery.body()))

    def emit(self, event: str, payload: dict, room) -> None:
        if self.socketio is not None:
            self.socketio.emit(event, payload, to=room)

    def to_workshop(self, workshop_id: int, event: str, payload: dict) -> None:
        """Everyone in the workshop gets the same payload."""
        self.emit(event, payload, [public_room(workshop_id), facilitator_room(workshop_id)])

    def to_public(self, workshop_id: int, event: str, payload: dict) -> None:
        self.emit(event, payload, public_room(workshop_id))

    def to_facilitators(self, workshop_id: int, event: str, payload: dict) -> None:
        self.emit(event, payload, facilitator_room(workshop_id))

    def to_participant(self, workshop_id: int, participant_id: str, event: str,
                       payload: dict) -> None:
        self.emit(event, payload, participant_room(workshop_id, participant_id))

    # Connections.

    def enter(self, sid: str, rooms: Iterable[str]) -> None:
        if self.socketio is not None:
            for room in rooms:
                self.socketio.server.enter_room(sid, room, namespace=NAMESPACE)

    def leave(self, sid: str, rooms: Iterable[str]) -> None:
        if self.socketio is not None:
            for room in rooms:
                self.socketio.server.leave_room(sid, room, namespace=NAMESPACE)

    def disconnect(self, sid: str) -> None:
        """Close a connection (held by this process, or, with a message queue, by another)."""
        if self.socketio is not None:
            self.socketio.server.disconnect(sid, namespace=NAMESPACE)
