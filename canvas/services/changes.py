"""The unit of work: how every change to a workshop starts and ends.

    with changing(ctx, actor) as change:
        ...                                   # read and write through change.session
        change.publish(fanout.note_changed(...))

On entry it increases the workshop's revision, which takes the write lock (SQLite) or the row
lock (PostgreSQL) at once, so changes to one workshop commit one at a time, in ``rev`` order,
and what the change reads afterwards cannot change underneath it. The same statement returns
the settings, so a change never reads the workshop row a second time. Then it checks that the
actor may change anything now (canvas/services/permissions.py ``require_open``).

On a clean exit it commits and only then sends what was published: a note that was announced
or acknowledged is stored. On an exception it rolls back and sends nothing.
"""
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from canvas.db.models import Workshop, utcnow
from canvas.realtime.fanout import Delivery
from canvas.services.context import ServiceContext
from canvas.services.errors import NotFound, is_database_busy
from canvas.services.limits import busy_error
from canvas.services.permissions import Actor, require_open
from canvas.services.records import parse_settings, room_counts


@dataclass
class Change:
    session: Session
    workshop_id: int
    rev: int        # the workshop's revision this change makes
    settings: dict  # the workshop's settings as the change began
    deliveries: list[Delivery] = field(default_factory=list)

    def counts(self) -> dict:
        """The room's counts of the silent round, as this change leaves them."""
        return room_counts(self.session, self.workshop_id, self.settings)

    def publish(self, deliveries: Iterable[Delivery]) -> None:
        """Send these once the change is committed (in order); never if it is not."""
        self.deliveries.extend(deliveries)


def bump_rev(session: Session, workshop_id: int) -> tuple[int, dict]:
    """Increase the workshop's revision inside the current transaction; return the new
    revision and the settings. NotFound if the workshop was deleted meanwhile."""
    row = session.execute(
        update(Workshop).where(Workshop.id == workshop_id)
        .values(rev=Workshop.rev + 1, last_activity_at=utcnow())
        .returning(Workshop.rev, Workshop.settings_json)
    ).one_or_none()
    if row is None:  # the workshop was deleted while this client was still connected
        raise NotFound("workshop_not_found")
    return row.rev, parse_settings(row.settings_json)


# How often taking the write lock is tried when the database stays locked for longer than its
# busy timeout (another process writing: a purge, a migration, a second server on SQLite).
LOCK_ATTEMPTS = 3


def _bump_rev_when_free(session: Session, workshop_id: int) -> tuple[int, dict]:
    """``bump_rev``, tried ``LOCK_ATTEMPTS`` times while the database answers "locked"; then
    ServiceUnavailable ``busy`` (retryable), never an internal error."""
    for attempt in range(LOCK_ATTEMPTS):
        try:
            return bump_rev(session, workshop_id)
        except OperationalError as error:
            session.rollback()
            if not is_database_busy(error):
                raise
            if attempt == LOCK_ATTEMPTS - 1:
                raise busy_error() from None
    raise AssertionError("unreachable")


def commit_or_busy(session: Session) -> None:
    """Commit; a database still locked after its busy timeout is ServiceUnavailable ``busy``
    (retryable), never an internal error."""
    try:
        session.commit()
    except OperationalError as error:
        if is_database_busy(error):
            raise busy_error() from None
        raise


@contextmanager
def changing(ctx: ServiceContext, actor: Actor, *, respect_lock: bool = True) -> Iterator[Change]:
    """Start a change of the actor's workshop (see the module's docstring).

    The change first waits for its workshop's turn to write (``FairWriteGate``,
    canvas/services/limits.py), so one busy workshop cannot keep the others from writing.

    Raises NotFound if the workshop is gone, Forbidden if the canvas is locked (unless
    ``respect_lock`` is False, as for voting) or the participant was removed,
    ServiceUnavailable ``busy`` if the turn does not come in time or the database stays locked.
    """
    gate = ctx.writes.gate
    gate.acquire(actor.workshop_id)
    holding = True
    try:
        with ctx.db.session() as session:
            rev, settings = _bump_rev_when_free(session, actor.workshop_id)
            require_open(session, actor, settings, respect_lock=respect_lock)
            change = Change(session, actor.workshop_id, rev, settings)
            yield change
            commit_or_busy(session)
            # The write lock is free again: the next workshop's change may begin while this one
            # is being delivered.
            gate.release(actor.workshop_id)
            holding = False
            # Still inside the session: deferred payloads (the room's counts) read the database.
            ctx.publisher.deliver(actor.workshop_id, change.deliveries)
    finally:
        if holding:
            gate.release(actor.workshop_id)
