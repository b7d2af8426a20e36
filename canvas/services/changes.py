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
from sqlalchemy.orm import Session

from canvas.db.models import Workshop, utcnow
from canvas.realtime.fanout import Delivery
from canvas.services.context import ServiceContext
from canvas.services.errors import NotFound
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


@contextmanager
def changing(ctx: ServiceContext, actor: Actor, *, respect_lock: bool = True) -> Iterator[Change]:
    """Start a change of the actor's workshop (see the module's docstring).

    Raises NotFound if the workshop is gone, Forbidden if the canvas is locked (unless
    ``respect_lock`` is False, as for voting) or the participant was removed.
    """
    with ctx.db.session() as session:
        rev, settings = bump_rev(session, actor.workshop_id)
        require_open(session, actor, settings, respect_lock=respect_lock)
        change = Change(session, actor.workshop_id, rev, settings)
        yield change
        session.commit()
        # Still inside the session: deferred payloads (the room's counts) read the database.
        ctx.publisher.deliver(actor.workshop_id, change.deliveries)
