"""Who is connected right now, per workshop, in this process.

Connections are kept in memory: they exist only as long as this process holds their socket.
"""
import threading
from dataclasses import dataclass
from typing import Optional

ROLE_FACILITATOR = "facilitator"
ROLE_PARTICIPANT = "participant"
ROLE_PROJECTOR = "projector"


@dataclass(frozen=True)
class Actor:
    """Who sends a request: the workshop they joined, their role and, if any, their participant."""
    workshop_id: int
    code: str
    role: str
    participant_id: Optional[str] = None
    name: str = ""
    lang: str = "nl"

    @property
    def is_facilitator(self) -> bool:
        return self.role == ROLE_FACILITATOR


class Presence:
    """Connection id (Socket.IO sid) → Actor, safe to use from many threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._actors: dict[str, Actor] = {}

    def put(self, sid: str, actor: Actor) -> Optional[Actor]:
        with self._lock:
            previous = self._actors.get(sid)
            self._actors[sid] = actor
            return previous

    def get(self, sid: str) -> Optional[Actor]:
        with self._lock:
            return self._actors.get(sid)

    def remove(self, sid: str) -> Optional[Actor]:
        with self._lock:
            return self._actors.pop(sid, None)

    def online_participant_ids(self, workshop_id: int) -> set[str]:
        """Participants (not the facilitator, not projectors) with at least one connection."""
        with self._lock:
            return {a.participant_id for a in self._actors.values()
                    if a.workshop_id == workshop_id and a.role == ROLE_PARTICIPANT}

    def sids_of(self, workshop_id: int, participant_id: str) -> list[str]:
        """The connections of one participant (all their devices)."""
        with self._lock:
            return [sid for sid, a in self._actors.items()
                    if a.workshop_id == workshop_id and a.participant_id == participant_id]

    def is_online(self, workshop_id: int, participant_id: str) -> bool:
        with self._lock:
            return any(a.workshop_id == workshop_id and a.participant_id == participant_id
                       and a.role == ROLE_PARTICIPANT for a in self._actors.values())
