"""A device's connection to a workshop: joining (again), leaving, and who is told.

Socket.IO handlers call these with the connection's id and network address; the rooms a
connection belongs to come from canvas/realtime/rooms.py and what the others hear from
canvas/realtime/fanout.py.
"""

from canvas.realtime import fanout
from canvas.realtime.rooms import rooms_of
from canvas.services import limits, workshops
from canvas.services.context import ServiceContext
from canvas.services.errors import ServiceError
from canvas.services.permissions import ROLE_PARTICIPANT, Actor


def join(ctx: ServiceContext, sid: str, address: str | None, payload,
         previous: Actor | None) -> workshops.JoinResult:
    """Join (or join again) on connection ``sid`` from network ``address``: the guard against
    guessing codes, the join itself, the connection's rooms and presence, and telling the room.

    Raises what ``workshops.join`` raises, and TooManyRequests for an address that has sent
    too many unknown codes lately and brings no proof that it belongs to this workshop
    (canvas/services/limits.py): a correct code from an address that has shown it belongs is
    never refused.
    """
    code = payload.get("code") if isinstance(payload, dict) else None
    throttled = limits.guessing_refused(ctx.limits, address, code)
    try:
        result = workshops.join(ctx, payload, proof_required=throttled, connection=sid,
                                address=address)
    except ServiceError as error:
        limits.count_if_guess(ctx.limits, address, error)
        if throttled and error.code in limits.GUESS_FAILURES:
            raise limits.refusal(ctx.limits, address) from None
        raise
    limits.remember(ctx.limits, address, result.actor.code)
    limits.connection_was(ctx.limits, sid, result.actor.participant_id)
    if previous is not None:
        ctx.publisher.leave(sid, _rooms(previous))
    actor = result.actor
    ctx.publisher.enter(sid, _rooms(actor))
    ctx.presence.put(sid, actor)
    if previous is not None and previous != actor:
        announce_presence(ctx, previous)
    if actor.role == ROLE_PARTICIPANT and previous != actor:
        announce_presence(ctx, actor)
        # The state was read before this connection counted as online.
        result.state["online"] = ctx.presence.online_count(actor.workshop_id)
    return result


def leave(ctx: ServiceContext, sid: str) -> None:
    """Connection ``sid`` closed: it is no longer present, and the room hears so."""
    actor = ctx.presence.remove(sid)
    limits.connection_closed(ctx.limits, sid)
    if actor is not None:
        announce_presence(ctx, actor)


def announce_presence(ctx: ServiceContext, actor: Actor) -> None:
    """Tell the workshop how many participants are online, and its facilitators who changed."""
    if actor.role != ROLE_PARTICIPANT:
        return
    workshop_id = actor.workshop_id
    # Counts, not the set of who is online: with several processes each is one small read
    # from Redis however big the room (SharedPresence).
    ctx.publisher.deliver(workshop_id, fanout.presence_changed(
        actor.participant_id, actor.name,
        ctx.presence.is_online(workshop_id, actor.participant_id),
        ctx.presence.online_count(workshop_id),
        # The room's count is sent once the joins settle: as of then, not a moment before.
        lambda: ctx.presence.online_count(workshop_id, fresh=True)))


def _rooms(actor: Actor) -> list:
    return rooms_of(actor.workshop_id, actor.is_facilitator, actor.participant_id)
