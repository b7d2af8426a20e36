"""Socket.IO handlers (docs/protocol.md, "Socket.IO"). Each parses, calls one service, answers.

Every event a client sends gets an ack: ``{"ok": true, ...}`` or ``{"ok": false, "error",
"code"}``, also for a missing payload or an unknown event, so no client is left waiting.
"""
import functools
import logging

from flask import current_app, request
from flask_socketio import join_room, leave_room

from canvas.i18n import DEFAULT_LANGUAGE, translate
from canvas.realtime.publish import facilitator_room, participant_room, public_room
from canvas.services import facilitation, limits, notes, workshops
from canvas.services.errors import BadRequest, ServiceError
from canvas.services.presence import ROLE_PARTICIPANT, Actor

log = logging.getLogger(__name__)


def _services():
    return current_app.extensions["canvas"]


def _error_ack(error: ServiceError, lang: str) -> dict:
    return {**error.data, "ok": False, "error": error.message(lang), "code": error.code}


def acked(handler):
    """Turn a handler's result or ServiceError into an ack; never let an exception escape."""
    @functools.wraps(handler)
    def wrapper(*args):
        actor = _services().presence.get(request.sid)
        lang = actor.lang if actor else DEFAULT_LANGUAGE
        # A client may send no payload, or several arguments: only the first one counts.
        payload = args[0] if args else None
        try:
            return {"ok": True, **handler(payload, actor)}
        except ServiceError as error:
            return _error_ack(error, lang)
        except Exception:
            log.exception("unexpected error in Socket.IO handler %s", handler.__name__)
            return {"ok": False, "error": translate("error.internal", lang), "code": "internal"}
    return wrapper


def joined(actor):
    """The actor of this connection; BadRequest if it has not joined a workshop yet."""
    if actor is None:
        raise BadRequest("not_joined")
    return actor


def init_app(socketio):
    def sent_by_client() -> bool:
        """Whether the connection is established: python-socketio also routes a client event
        *named* "connect" or "disconnect" to these handlers, while the socket stays open."""
        return socketio.server.manager.is_connected(request.sid, "/")

    def reserved_name_ack():
        return {"ok": False, "error": translate("error.unknown_event", DEFAULT_LANGUAGE),
                "code": "unknown_event"}

    @socketio.on("connect")
    def on_connect(auth=None):
        if sent_by_client():
            return reserved_name_ack()
        return True

    @socketio.on("disconnect")
    def on_disconnect(*_args):
        if sent_by_client():
            return reserved_name_ack()
        actor = _services().presence.remove(request.sid)
        if actor is not None:
            _announce_presence(actor)

    @socketio.on("join")
    @acked
    def on_join(payload, previous: Actor):
        """Sent by every page after connecting (again). The ack carries the whole state."""
        ctx = _services()
        address = request.remote_addr
        limits.check_guessing(ctx.limits, address)
        try:
            result = workshops.join(ctx, payload)
        except ServiceError as error:
            limits.count_if_guess(ctx.limits, address, error)
            raise
        if previous is not None:
            for room in rooms_of(previous):
                leave_room(room)
        actor = result.actor
        for room in rooms_of(actor):
            join_room(room)
        ctx.presence.put(request.sid, actor)
        if previous is not None and previous != actor:
            _announce_presence(previous)
        if actor.role == ROLE_PARTICIPANT and previous != actor:
            _announce_presence(actor)
            # The state was read before this connection counted as online.
            result.state["online"] = len(ctx.presence.online_participant_ids(actor.workshop_id))
        return {"state": result.state, "participant": result.participant, "role": actor.role}

    @socketio.on("note:add")
    @acked
    def on_note_add(payload, actor):
        """A participant or the facilitator posts a note; everyone receives note:added."""
        change = notes.add_note(_services(), joined(actor), payload)
        return {"note": change.note, "rev": change.rev}

    @socketio.on("note:update")
    @acked
    def on_note_update(payload, actor):
        """The owner or the facilitator edits, recolours or moves a note; all get note:updated."""
        change = notes.update_note(_services(), joined(actor), payload)
        return {"note": change.note, "rev": change.rev}

    @socketio.on("note:delete")
    @acked
    def on_note_delete(payload, actor):
        """The owner or the facilitator deletes a note; everyone receives note:deleted."""
        rev = notes.delete_note(_services(), joined(actor), payload)
        return {"id": payload["id"], "rev": rev}

    @socketio.on("workshop:update")
    @acked
    def on_workshop_update(payload, actor):
        """The facilitator changes settings; everyone receives workshop:updated."""
        settings, rev = facilitation.update_settings(_services(), joined(actor), payload)
        return {"settings": settings, "rev": rev}

    @socketio.on("votes:reset")
    @acked
    def on_votes_reset(payload, actor):
        """The facilitator takes every vote back; everyone receives votes:reset."""
        return {"rev": facilitation.reset_votes(_services(), joined(actor))}

    @socketio.on("note:vote")
    @acked
    def on_note_vote(payload, actor):
        """A participant spends a vote on a note; everyone receives note:voted."""
        return facilitation.vote(_services(), joined(actor), payload)

    @socketio.on("note:unvote")
    @acked
    def on_note_unvote(payload, actor):
        """A participant takes a vote back; everyone receives note:voted."""
        return facilitation.vote(_services(), joined(actor), payload, take_back=True)

    @socketio.on("note:hide")
    @acked
    def on_note_hide(payload, actor):
        """The facilitator hides a note from everyone else, or shows it again."""
        note, rev = facilitation.hide_note(_services(), joined(actor), payload)
        return {"note": note, "rev": rev}

    @socketio.on("participant:remove")
    @acked
    def on_participant_remove(payload, actor):
        """The facilitator removes a participant: their devices are disconnected."""
        ctx = _services()
        participant_id, rev = facilitation.remove_participant(ctx, joined(actor), payload)
        for sid in ctx.presence.sids_of(actor.workshop_id, participant_id):
            # The disconnect handler takes the device out of presence and tells the room.
            socketio.server.disconnect(sid)
        return {"rev": rev}

    @socketio.on("*")
    def on_unknown(event, *args):
        actor = _services().presence.get(request.sid)
        lang = actor.lang if actor else DEFAULT_LANGUAGE
        return {"ok": False, "error": translate("error.unknown_event", lang),
                "code": "unknown_event"}


def rooms_of(actor: Actor) -> list:
    """The rooms a connection belongs to (see canvas/realtime/publish.py)."""
    if actor.is_facilitator:
        return [facilitator_room(actor.workshop_id)]
    rooms = [public_room(actor.workshop_id)]
    if actor.participant_id:
        rooms.append(participant_room(actor.workshop_id, actor.participant_id))
    return rooms


def _announce_presence(actor: Actor) -> None:
    """Tell the workshop how many participants are online, and its facilitators who changed."""
    if actor.role != ROLE_PARTICIPANT:
        return
    ctx = _services()
    workshop_id = actor.workshop_id
    # The room's count, folded while many join at once (N joins would send N × N messages).
    ctx.publisher.to_workshop_folded(workshop_id, "presence:updated", lambda: {
        "online": len(ctx.presence.online_participant_ids(workshop_id))})
    online = len(ctx.presence.online_participant_ids(actor.workshop_id))
    ctx.publisher.to_facilitators(actor.workshop_id, "presence:participant", {
        "participant": {"id": actor.participant_id, "name": actor.name,
                        "online": ctx.presence.is_online(actor.workshop_id, actor.participant_id)},
        "online": online,
    })
