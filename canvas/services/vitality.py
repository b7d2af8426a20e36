"""The vitality check: every participant rates, anonymously, how strong the network is on each
block (1 weak to 5 strong); the room sees only the totals (docs/protocol.md, "Vitality check").

A rating is stored as one row per participant and block (``VitalityRating``), so that rating
again replaces the earlier score; that link never leaves the server: the room, the facilitator,
snapshots and exports get the figures (``records.vitality_figures``) and a participant only
their own scores.

Ratings do not change the workshop's ``rev``: the figures are a total whose latest value wins,
not content a client must catch up on in order (``vitality:updated`` carries no ``rev``). So a
rating does not go through ``changes.changing`` (which bumps ``rev``); it takes the same turn
to write (``FairWriteGate``) and, on PostgreSQL, a share lock on the workshop's row, so it
cannot slip past a facilitator closing the check at the same moment.
"""
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from canvas.db.models import Participant, VitalityRating, Workshop, utcnow
from canvas.realtime import fanout
from canvas.services import limits
from canvas.services.changes import commit_or_busy
from canvas.services.context import ServiceContext
from canvas.services.errors import BadRequest, Forbidden, NotFound
from canvas.services.permissions import (
    Actor,
    can_vote,
    require_facilitator,
)
from canvas.services.records import parse_settings, vitality_figures
from canvas.services.rules import VITALITY_SCORE_MAX, VITALITY_SCORE_MIN
from canvas.services.validation import block_field, int_field, payload_dict


def require_rater(actor: Actor) -> None:
    """Only participants rate: the facilitator and projectors watch (as in voting)."""
    if not can_vote(actor):
        raise Forbidden("participants_rate")


def figures_now(ctx: ServiceContext, workshop_id: int) -> dict:
    """The workshop's figures as committed now (read when a folded broadcast is sent)."""
    with ctx.db.session() as session:
        return vitality_figures(session, workshop_id)


@contextmanager
def _tallying(ctx: ServiceContext, workshop_id: int) -> Iterator[tuple[Session, dict]]:
    """A write of the figures: in the workshop's turn to write, with its settings read under a
    share lock (PostgreSQL; SQLite writes one at a time anyway), committed on a clean exit,
    told by the caller. Yields (session, settings)."""
    with ctx.writes.gate.turn(workshop_id), ctx.db.session() as session:
        row = session.execute(select(Workshop.settings_json)
                              .where(Workshop.id == workshop_id)
                              .with_for_update(read=True)).one_or_none()
        if row is None:  # deleted while this client was still connected
            raise NotFound("workshop_not_found")
        yield session, parse_settings(row.settings_json)
        commit_or_busy(session)


def _upsert(session: Session, values: dict):
    """INSERT, or UPDATE the score of the participant's row for that block (one statement, so
    two taps at once on two processes cannot both insert)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(VitalityRating).values(**values)
    return statement.on_conflict_do_update(
        index_elements=["workshop_id", "participant_id", "block"],
        set_={"score": statement.excluded.score, "updated_at": statement.excluded.updated_at})


def rate(ctx: ServiceContext, actor: Actor, payload) -> dict:
    """A participant rates one block (``{"block", "score"}``); rating it again replaces the
    earlier score. Returns ``{"block", "score"}``.

    Raises Forbidden (``participants_rate``: not a participant; ``vitality_closed``: the check
    is not open; ``participant_removed``), BadRequest (``unknown_block``, ``out_of_range``),
    TooManyRequests ``vitality_too_fast`` (canvas/services/limits.py). Everyone receives
    ``vitality:updated`` with the figures, folded; a score that was already given changes
    nothing and is told to no one.
    """
    require_rater(actor)
    payload = payload_dict(payload)
    block = block_field(payload, required=True)
    if "score" not in payload:
        raise BadRequest("missing_field", field="score")
    score = int_field(payload, "score", VITALITY_SCORE_MIN, VITALITY_SCORE_MAX)
    if score is None:
        raise BadRequest("out_of_range", field="score", min=VITALITY_SCORE_MIN,
                         max=VITALITY_SCORE_MAX)
    # Counted before the database is touched: a flood is refused from memory.
    limits.take_vitality_rating(ctx.limits, actor.connection, actor.participant_id,
                                actor.address)
    # Written in batches: a room's burst, or a flood while the check is closed, takes a turn
    # to write per batch, not per rating (canvas/services/limits.py BatchedWrites).
    return ctx.writes.ratings.submit(
        actor.workshop_id, (actor, block, score),
        lambda batch: _write_ratings(ctx, actor.workshop_id, batch))


def _write_ratings(ctx: ServiceContext, workshop_id: int, batch: list) -> list:
    """Store a batch of ratings ``(actor, block, score)`` of one workshop in one transaction,
    in the order they came; returns per rating ``{"block", "score"}`` or the exception it
    gets. Everyone hears of the new figures once, if anything changed."""
    outcomes, changed = [], False
    with _tallying(ctx, workshop_id) as (session, settings):
        if not settings.get("vitality"):
            return [Forbidden("vitality_closed")] * len(batch)
        ids = {actor.participant_id for actor, _, _ in batch}
        removed = set(session.scalars(select(Participant.id).where(
            Participant.id.in_(ids), Participant.removed.is_(True))))
        given = {(participant_id, block): score for participant_id, block, score in
                 session.execute(select(VitalityRating.participant_id, VitalityRating.block,
                                        VitalityRating.score)
                                 .where(VitalityRating.workshop_id == workshop_id,
                                        VitalityRating.participant_id.in_(ids)))}
        for actor, block, score in batch:
            if actor.participant_id in removed:
                outcomes.append(Forbidden("participant_removed"))
                continue
            key = (actor.participant_id, block)
            if given.get(key) != score:  # a score that was already given changes nothing
                session.execute(_upsert(session, {
                    "workshop_id": workshop_id, "participant_id": actor.participant_id,
                    "block": block, "score": score, "updated_at": utcnow()}))
                given[key] = score
                changed = True
            outcomes.append({"block": block, "score": score})
    if changed:
        _announce(ctx, workshop_id)
    return outcomes


def reset(ctx: ServiceContext, actor: Actor) -> None:
    """Take every rating away (a new round; take a snapshot first to keep the figures). Only
    the facilitator may. Everyone receives ``vitality:updated`` with empty figures."""
    require_facilitator(actor)
    with _tallying(ctx, actor.workshop_id) as (session, _settings):
        session.execute(delete(VitalityRating)
                        .where(VitalityRating.workshop_id == actor.workshop_id))
    _announce(ctx, actor.workshop_id)


def _announce(ctx: ServiceContext, workshop_id: int) -> None:
    ctx.publisher.deliver(workshop_id, fanout.vitality_updated(
        lambda: figures_now(ctx, workshop_id)))
