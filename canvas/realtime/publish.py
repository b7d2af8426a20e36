"""The one emitter. Services call it after they have committed a change.

Rooms per workshop: everyone who is not a facilitator (participants and projectors), the
facilitators, and one per participant (all devices of that participant). Disjoint audiences let
each receive its own filtered payload (see canvas/realtime/visibility.py).
"""


def public_room(workshop_id: int) -> str:
    return f"w{workshop_id}"


def facilitator_room(workshop_id: int) -> str:
    return f"w{workshop_id}:f"


def participant_room(workshop_id: int, participant_id: str) -> str:
    return f"w{workshop_id}:p:{participant_id}"


class Publisher:
    def __init__(self, socketio=None):
        self.socketio = socketio

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
