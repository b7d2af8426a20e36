"""Who may do what: the roles, the actor, and every permission as a named rule.

Read it as a table; tests/socket/test_authorization.py checks the same table end to end:

==========================  =========  ===========  =========  =============================
action                      projector  participant  facilitator  guard
==========================  =========  ===========  =========  =============================
post a note                 no         yes          yes        ``require_writer``
change or delete a note     no         own only     any        ``require_may_change_note``
vote                        no         yes          no         ``require_voter``
settings, hide, reset, ...  no         no           yes        ``require_facilitator``
==========================  =========  ===========  =========  =============================

On top of the role, a participant's change is refused while the canvas is locked and once the
facilitator removed them (``require_open``); the facilitator can always moderate.
"""
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from canvas.db.models import Note, Participant
from canvas.services.errors import Forbidden

ROLE_FACILITATOR = "facilitator"
ROLE_PARTICIPANT = "participant"
ROLE_PROJECTOR = "projector"
ROLES = (ROLE_PARTICIPANT, ROLE_PROJECTOR, ROLE_FACILITATOR)


@dataclass(frozen=True)
class Actor:
    """Who sends a request: the workshop they joined, their role and, if any, their participant."""
    workshop_id: int
    code: str
    role: str
    participant_id: str | None = None
    name: str = ""
    lang: str = "nl"
    # The Socket.IO connection and network address the actor speaks from: limits hold per
    # connection and per address too, so a new identity does not buy new allowances. Not part
    # of who the actor is (equality).
    connection: str | None = field(default=None, compare=False)
    address: str | None = field(default=None, compare=False)

    @property
    def is_facilitator(self) -> bool:
        return self.role == ROLE_FACILITATOR


# The rules, as predicates.

def can_write_notes(actor: Actor) -> bool:
    """Participants and the facilitator write notes; a projector only shows them."""
    return actor.role != ROLE_PROJECTOR


def can_change_note(actor: Actor, note: Note) -> bool:
    """The facilitator may change any note; a participant only their own."""
    if actor.is_facilitator:
        return True
    return (can_write_notes(actor) and note.participant_id is not None
            and note.participant_id == actor.participant_id)


def can_vote(actor: Actor) -> bool:
    """Energy voting is for participants; the facilitator and projectors watch."""
    return actor.role == ROLE_PARTICIPANT


def can_facilitate(actor: Actor) -> bool:
    return actor.is_facilitator


def is_removed(session: Session, actor: Actor) -> bool:
    """Whether the facilitator removed this participant (asked of the database, not of this
    process's memory: another process may hold the removed device's connection)."""
    return bool(actor.participant_id and session.scalar(
        select(Participant.removed).where(Participant.id == actor.participant_id)))


# The guards: each raises Forbidden with the code a client shows.

def require_writer(actor: Actor) -> None:
    if not can_write_notes(actor):
        raise Forbidden("projector_read_only")


def require_may_change_note(actor: Actor, note: Note) -> None:
    if not can_change_note(actor, note):
        raise Forbidden("not_your_note")


def require_voter(actor: Actor) -> None:
    if not can_vote(actor):
        raise Forbidden("participants_vote")


def require_facilitator(actor: Actor) -> None:
    if not can_facilitate(actor):
        raise Forbidden("facilitator_only")


def require_not_removed(session: Session, actor: Actor) -> None:
    if is_removed(session, actor):
        raise Forbidden("participant_removed")


def require_open(session: Session, actor: Actor, settings: dict, *,
                 respect_lock: bool = True) -> None:
    """A locked canvas is read-only for participants (with ``respect_lock``; voting goes on
    while it is locked), and a removed participant changes nothing. The facilitator always may.
    """
    if actor.is_facilitator:
        return
    if respect_lock and settings.get("locked"):
        raise Forbidden("locked")
    require_not_removed(session, actor)
