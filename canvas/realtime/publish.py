"""The one emitter. Services call it after they have committed a change.

Every workshop has two rooms: everyone who joined it, and its facilitators (who also receive
what only they may see, such as the presence list).
"""


def workshop_room(workshop_id: int) -> str:
    return f"w{workshop_id}"


def facilitator_room(workshop_id: int) -> str:
    return f"w{workshop_id}:f"


class Publisher:
    def __init__(self, socketio=None):
        self.socketio = socketio

    def emit(self, event: str, payload: dict, room: str) -> None:
        if self.socketio is not None:
            self.socketio.emit(event, payload, to=room)

    def to_workshop(self, workshop_id: int, event: str, payload: dict) -> None:
        self.emit(event, payload, workshop_room(workshop_id))

    def to_facilitators(self, workshop_id: int, event: str, payload: dict) -> None:
        self.emit(event, payload, facilitator_room(workshop_id))
