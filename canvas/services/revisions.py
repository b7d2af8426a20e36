"""Workshop revisions: the counter every change increases and every broadcast carries."""
from sqlalchemy import update
from sqlalchemy.orm import Session

from canvas.db.models import Workshop, utcnow
from canvas.services.errors import NotFound


def bump_rev(session: Session, workshop_id: int) -> int:
    """Increase the workshop's revision inside the current transaction and return the new one.

    Call it as the first statement of a change: the UPDATE takes the write lock (SQLite) or the
    row lock (PostgreSQL) at once, so changes to one workshop commit one at a time, in ``rev``
    order, and what the change reads afterwards cannot be changed underneath it.
    """
    rev = session.execute(
        update(Workshop).where(Workshop.id == workshop_id)
        .values(rev=Workshop.rev + 1, last_activity_at=utcnow())
        .returning(Workshop.rev)
    ).scalar_one_or_none()
    if rev is None:  # the workshop was deleted while this client was still connected
        raise NotFound("workshop_not_found")
    return rev
