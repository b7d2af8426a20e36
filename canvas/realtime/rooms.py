"""The Socket.IO rooms of a workshop, and which of them a connection belongs to.

Three kinds, so that each audience can receive its own payload (canvas/realtime/fanout.py):
everyone who is not a facilitator (participants and projectors: the public room), the
facilitators, and one room per participant (all devices of that participant).
"""


def public_room(workshop_id: int) -> str:
    return f"w{workshop_id}"


def facilitator_room(workshop_id: int) -> str:
    return f"w{workshop_id}:f"


def participant_room(workshop_id: int, participant_id: str) -> str:
    return f"w{workshop_id}:p:{participant_id}"


def rooms_of(workshop_id: int, is_facilitator: bool, participant_id: str | None) -> list:
    """The rooms of one connection: a facilitator's only the facilitators' room (it receives
    everything whole there); anyone else the public room and, if a participant, their own."""
    if is_facilitator:
        return [facilitator_room(workshop_id)]
    rooms = [public_room(workshop_id)]
    if participant_id:
        rooms.append(participant_room(workshop_id, participant_id))
    return rooms
