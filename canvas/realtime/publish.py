"""The one emitter. Services call it after they have committed a change.

Rooms per workshop: everyone who is not a facilitator (participants and projectors), the
facilitators, and one per participant (all devices of that participant). Disjoint audiences let
each receive its own filtered payload (see canvas/realtime/visibility.py).
"""
from canvas.realtime.throttle import Throttle


def public_room(workshop_id: int) -> str:
    return f"w{workshop_id}"


def facilitator_room(workshop_id: int) -> str:
    return f"w{workshop_id}:f"


def participant_room(workshop_id: int, participant_id: str) -> str:
    return f"w{workshop_id}:p:{participant_id}"


class Publisher:
    # A burst of the same broadcast (e.g. the online count while a room joins) goes out at most
    # this often per workshop; the last one always goes out.
    FOLD_SECONDS = 0.5

    def __init__(self, socketio=None):
        self.socketio = socketio
        self._throttle = Throttle(self.FOLD_SECONDS)

    def to_workshop_folded(self, workshop_id: int, event: str, make_payload) -> None:
        """Everyone in the workshop gets ``make_payload()``: at once, or, within a burst, once
        at the end of it (canvas/realtime/throttle.py)."""
        self._throttle((workshop_id, event),
                       lambda: self.to_workshop(workshop_id, event, make_payload()))

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
