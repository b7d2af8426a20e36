"""Socket.IO handlers (docs/protocol.md, "Socket.IO"). Each parses, calls one service, answers.

Every event a client sends gets an ack: ``{"ok": true, ...}`` or ``{"ok": false, "error",
"code"}``, also for a missing payload or an unknown event, so no client is left waiting. The
handlers are registered from one table, ``HANDLERS``, at the end of this module.
"""
import functools
import logging
import time

from flask import current_app, request

from canvas import logs, metrics
from canvas.i18n import DEFAULT_LANGUAGE, translate
from canvas.services import clusters, connections, facilitation, notes, plans, vitality
from canvas.services.errors import BadRequest, ServiceError, TooManyRequests, is_database_busy
from canvas.services.limits import busy_error
from canvas.services.permissions import Actor
from canvas.services.rules import JSON_DEPTH_MAX, JSON_INT_DIGITS_MAX, SOCKET_MESSAGE_MAX
from canvas.web import services, unjoined
from canvas.web.frames import MALFORMED_EVENT

log = logging.getLogger(__name__)

UNKNOWN_EVENT = "unknown"  # how an event without a handler is named in metrics and logs


def _error_ack(error: ServiceError, lang: str) -> dict:
    return {**error.data, "ok": False, "error": error.message(lang), "code": error.code}


def _unknown_event_ack(lang: str = DEFAULT_LANGUAGE) -> dict:
    return {"ok": False, "error": translate("error.unknown_event", lang),
            "code": "unknown_event"}


def acked(handler, event: str = ""):
    """Turn a handler's result or ServiceError into an ack; never let an exception escape.
    Each ack is measured under ``event`` (a name of the handler table, never the client's):
    its latency, its error code, and with LOG_FORMAT=json one log line."""
    @functools.wraps(handler)
    def wrapper(*args):
        started = time.perf_counter()
        ack = _answer(handler, args)
        _record(event or handler.__name__, ack, started)
        return ack
    return wrapper


def _answer(handler, args) -> dict:
    actor = services().presence.get(request.sid)
    lang = actor.lang if actor else DEFAULT_LANGUAGE
    # A client may send no payload, or several arguments: only the first one counts.
    payload = args[0] if args else None
    try:
        return {"ok": True, **handler(payload, actor)}
    except TooManyRequests as error:
        metrics.rate_limited(error.code)
        return _error_ack(error, lang)
    except ServiceError as error:
        return _error_ack(error, lang)
    except Exception as error:
        if is_database_busy(error):  # a write that could not get the lock: retryable
            return _error_ack(busy_error(), lang)
        log.exception("unexpected error in Socket.IO handler %s", handler.__name__)
        return {"ok": False, "error": translate("error.internal", lang), "code": "internal"}


def _record(event: str, ack, started: float) -> None:
    seconds = time.perf_counter() - started
    metrics.acknowledged(event, seconds)
    code = None if ack.get("ok") else ack.get("code")
    if code is not None:
        metrics.refused("socket", code)
    if logs.access_enabled():
        logs.log_event(event, code, seconds)


def joined(actor):
    """The actor of this connection; BadRequest if it has not joined a workshop yet."""
    if actor is None:
        raise BadRequest("not_joined")
    return actor


def sent_by_client() -> bool:
    """Whether the connection is established: python-socketio also routes a client event
    *named* "connect" or "disconnect" to these handlers, while the socket stays open."""
    return current_app.extensions["socketio"].server.manager.is_connected(request.sid, "/")


# Connecting and disconnecting (not acked: these are the transport's own events).

def on_connect(auth=None):
    if sent_by_client():
        return _unknown_event_ack()
    if logs.access_enabled():
        logs.log_event("connect", None, 0.0)
    return True


def on_disconnect(*_args):
    if sent_by_client():
        return _unknown_event_ack()
    started = time.perf_counter()
    connections.leave(services(), request.sid)
    if logs.access_enabled():
        logs.log_event("disconnect", None, time.perf_counter() - started)


def on_unknown(event, *args):
    """An event no handler takes: measured as "unknown" (its name is the client's choice)."""
    started = time.perf_counter()
    actor = services().presence.get(request.sid)
    ack = _unknown_event_ack(actor.lang if actor else DEFAULT_LANGUAGE)
    _record(UNKNOWN_EVENT, ack, started)
    return ack


def on_malformed_frame(reason, actor):
    """A frame that python-socketio could not take as an event (canvas/web/frames.py): its
    sender gets a refusal that says why, and which limit it broke."""
    if reason == "message_too_large":
        raise BadRequest(reason, max=SOCKET_MESSAGE_MAX // 1024)
    if reason == "too_deep":
        raise BadRequest(reason, max=JSON_DEPTH_MAX)
    if reason == "binary_not_accepted":
        raise BadRequest(reason)
    raise BadRequest("bad_frame", digits=JSON_INT_DIGITS_MAX)


# The events clients send; each is wrapped by ``acked``.

def on_join(payload, previous: Actor):
    """Sent by every page after connecting (again). The ack carries the whole state."""
    with unjoined.join_answered(current_app.extensions["socketio"].server, request.sid):
        result = connections.join(services(), request.sid, request.remote_addr, payload,
                                  previous)
    return {"state": result.state, "participant": result.participant,
            "role": result.actor.role}


def on_note_add(payload, actor):
    """A participant or the facilitator posts a note; everyone receives note:added."""
    change = notes.add_note(services(), joined(actor), payload)
    return {"note": change.note, "rev": change.rev}


def on_note_update(payload, actor):
    """The owner or the facilitator edits, recolours or moves a note; all get note:updated."""
    change = notes.update_note(services(), joined(actor), payload)
    return {"note": change.note, "rev": change.rev}


def on_note_delete(payload, actor):
    """The owner or the facilitator deletes a note; everyone receives note:deleted."""
    rev = notes.delete_note(services(), joined(actor), payload)
    return {"id": payload["id"], "rev": rev}


def on_cluster_create(payload, actor):
    """Notes are grouped into a new cluster; everyone receives cluster:created."""
    change = clusters.create_cluster(services(), joined(actor), payload)
    return {"cluster": change.cluster, "rev": change.rev}


def on_cluster_update(payload, actor):
    """A cluster is renamed, reordered, or gains or loses notes; all get cluster:updated."""
    change = clusters.update_cluster(services(), joined(actor), payload)
    return {"cluster": change.cluster, "rev": change.rev}


def on_cluster_delete(payload, actor):
    """A cluster is ungrouped (its notes stay); everyone receives cluster:deleted."""
    rev = clusters.delete_cluster(services(), joined(actor), payload)
    return {"id": payload["id"], "rev": rev}


def on_cluster_vote(payload, actor):
    """A participant spends a vote on a cluster; everyone receives cluster:voted."""
    return facilitation.vote(services(), joined(actor), payload, on_cluster=True)


def on_cluster_unvote(payload, actor):
    """A participant takes a vote on a cluster back; everyone receives cluster:voted."""
    return facilitation.vote(services(), joined(actor), payload, take_back=True,
                             on_cluster=True)


def on_workshop_update(payload, actor):
    """The facilitator changes settings; everyone receives workshop:updated."""
    settings, rev = facilitation.update_settings(services(), joined(actor), payload)
    return {"settings": settings, "rev": rev}


def on_votes_reset(payload, actor):
    """The facilitator takes every vote back; everyone receives votes:reset."""
    return {"rev": facilitation.reset_votes(services(), joined(actor))}


def on_note_vote(payload, actor):
    """A participant spends a vote on a note; everyone receives note:voted."""
    return facilitation.vote(services(), joined(actor), payload)


def on_note_unvote(payload, actor):
    """A participant takes a vote back; everyone receives note:voted."""
    return facilitation.vote(services(), joined(actor), payload, take_back=True)


def on_note_hide(payload, actor):
    """The facilitator hides a note from everyone else, or shows it again."""
    note, rev = facilitation.hide_note(services(), joined(actor), payload)
    return {"note": note, "rev": rev}


def on_note_agreement(payload, actor):
    """The facilitator marks a note as an agreement, or unmarks it; whoever may see the note
    receives ``note:updated``."""
    note, rev = facilitation.mark_agreement(services(), joined(actor), payload)
    return {"note": note, "rev": rev}


def on_participant_remove(payload, actor):
    """The facilitator removes a participant: their devices are disconnected."""
    _, rev = facilitation.remove_participant(services(), joined(actor), payload)
    return {"rev": rev}


def on_participants_remove(payload, actor):
    """The facilitator removes several participants at once (a burst of new identities),
    with their notes and votes if asked."""
    ids, rev = facilitation.remove_participants(services(), joined(actor), payload)
    return {"removed": ids, "rev": rev}


def on_participants_recent(payload, actor):
    """The facilitator asks who joined as someone new lately, grouped by network."""
    return {"groups": facilitation.recent_identities(services(), joined(actor))}


def on_plan_update(payload, actor):
    """The facilitator stores the session plan; the facilitators receive plan:updated (and
    everyone workshop:updated if the running step moved or went)."""
    return {"steps": plans.update_plan(services(), joined(actor), payload)}


def on_plan_go(payload, actor):
    """The facilitator starts a step of the plan, or leaves it; everyone receives
    workshop:updated."""
    settings, rev = plans.go_step(services(), joined(actor), payload)
    return {"settings": settings, "rev": rev}


def on_vitality_rate(payload, actor):
    """A participant rates a block in the vitality check; everyone receives vitality:updated
    (the totals, folded)."""
    return vitality.rate(services(), joined(actor), payload)


def on_vitality_reset(payload, actor):
    """The facilitator clears every rating; everyone receives vitality:updated."""
    vitality.reset(services(), joined(actor))
    return {}


HANDLERS = {
    "join": on_join,
    "note:add": on_note_add,
    "note:update": on_note_update,
    "note:delete": on_note_delete,
    "note:vote": on_note_vote,
    "note:unvote": on_note_unvote,
    "note:hide": on_note_hide,
    "votes:reset": on_votes_reset,
    "cluster:create": on_cluster_create,
    "cluster:update": on_cluster_update,
    "cluster:delete": on_cluster_delete,
    "cluster:vote": on_cluster_vote,
    "cluster:unvote": on_cluster_unvote,
    "workshop:update": on_workshop_update,
    "participant:remove": on_participant_remove,
    "participants:remove": on_participants_remove,
    "participants:recent": on_participants_recent,
    "plan:update": on_plan_update,
    "plan:go": on_plan_go,
    MALFORMED_EVENT: on_malformed_frame,
    "note:agreement": on_note_agreement,
    "vitality:rate": on_vitality_rate,
    "vitality:reset": on_vitality_reset,
}


def init_app(socketio):
    socketio.on_event("connect", on_connect)
    socketio.on_event("disconnect", on_disconnect)
    for event, handler in HANDLERS.items():
        socketio.on_event(event, acked(handler, event))
    socketio.on_event("*", on_unknown)
    # Connections that never join are closed (rules.JOIN_TIMEOUT).
    unjoined.install(socketio)
