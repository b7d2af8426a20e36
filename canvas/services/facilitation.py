"""Facilitation: settings (silent brainstorm, lock, focus, guided question, timer, voting,
anonymity), energy voting, hiding notes and removing participants.

Settings are enforced here and in canvas/services/notes.py and filtered in
canvas/realtime/visibility.py; the pages only show them.
"""
import json
from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from canvas import method
from canvas.db.models import Note, Participant, Vote, Workshop, utcnow
from canvas.realtime import visibility
from canvas.services import ServiceContext
from canvas.services.errors import BadRequest, Forbidden, NotFound
from canvas.services.notes import (check_not_removed, iso, note_to_dict, publish_note,
                                   workshop_settings)
from canvas.services.presence import ROLE_PARTICIPANT, Actor
from canvas.services.revisions import bump_rev
from canvas.services.validation import note_id_field, payload_dict

TIMER_MAX_SECONDS = 2 * 3600
VOTES_MAX = 50
BOOLEAN_SETTINGS = ("silent", "locked", "show_authors")


def _require_facilitator(actor: Actor) -> None:
    if not actor.is_facilitator:
        raise Forbidden("facilitator_only")


def _int_or_none(payload: dict, field: str, low: int, high: int):
    value = payload[field]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadRequest("bad_field", field=field)
    return value


def _changes(payload: dict, current: dict) -> dict:
    """The validated settings a ``workshop:update`` payload asks for."""
    changes = {}
    for field in BOOLEAN_SETTINGS:
        if field in payload:
            if not isinstance(payload[field], bool):
                raise BadRequest("bad_field", field=field)
            changes[field] = payload[field]
    if changes.get("silent") and not current.get("silent"):
        # A new silent round: what was written before it stays in view (visibility.py).
        changes["silent_since"] = iso(utcnow())
    elif changes.get("silent") is False:
        changes["silent_since"] = None
    if "focus" in payload:
        focus = payload["focus"]
        if focus is not None and focus not in method.BLOCK_KEYS:
            raise BadRequest("unknown_block", field="focus")
        changes["focus"] = focus
        if focus != current.get("focus"):
            changes["question"] = None  # a new block starts without a question
    if "question" in payload:
        focus = changes.get("focus", current.get("focus"))
        limit = method.QUESTION_COUNTS.get(focus, 0) - 1
        if payload["question"] is not None and limit < 0:
            raise BadRequest("bad_field", field="question")
        changes["question"] = _int_or_none(payload, "question", 0, max(limit, 0))
    if "timer_seconds" in payload:
        seconds = _int_or_none(payload, "timer_seconds", 1, TIMER_MAX_SECONDS)
        changes["timer_end"] = None if seconds is None else \
            iso(utcnow() + timedelta(seconds=seconds))
    if "votes_per_participant" in payload:
        changes["votes_per_participant"] = _int_or_none(payload, "votes_per_participant", 0,
                                                        VOTES_MAX) or 0
    return changes


def update_settings(ctx: ServiceContext, actor: Actor, payload) -> tuple[dict, int]:
    """Change workshop settings; only the facilitator may. Returns (settings, rev).

    Everyone receives ``workshop:updated``. When the silent brainstorm ends, or authors are
    shown or hidden, everyone but the facilitators receives the notes as they now see them
    (``notes:revealed``).
    """
    _require_facilitator(actor)
    payload = payload_dict(payload)
    with ctx.db.session() as session:
        rev = bump_rev(session, actor.workshop_id)
        workshop = session.get(Workshop, actor.workshop_id)
        before = workshop_settings(session, actor.workshop_id)
        settings = {**before, **_changes(payload, before)}
        workshop.settings_json = json.dumps(settings)
        session.commit()
        ctx.publisher.to_workshop(actor.workshop_id, "workshop:updated",
                                  {"settings": settings, "rev": rev})
        if (before["silent"] and not settings["silent"]) or \
                before["show_authors"] != settings["show_authors"]:
            notes = [note_to_dict(n) for n in session.scalars(
                select(Note).where(Note.workshop_id == actor.workshop_id)
                .order_by(Note.created_at, Note.id))]
            ctx.publisher.to_public(actor.workshop_id, "notes:revealed", {
                "notes": visibility.visible_notes(notes, settings, visibility.PUBLIC),
                "rev": rev})
    return settings, rev


def _votable_note(session: Session, actor: Actor, payload, settings: dict) -> Note:
    """The note to vote on: one the voter can see (not hidden, not someone else's note in a
    silent brainstorm), so a vote never confirms that an unseen note exists."""
    note = session.get(Note, note_id_field(payload_dict(payload)))
    if note is None or note.workshop_id != actor.workshop_id or not visibility.can_see(
            note_to_dict(note), settings, visibility.PUBLIC, actor.participant_id):
        raise NotFound("note_not_found")
    return note


def _voter(actor: Actor) -> None:
    if actor.role != ROLE_PARTICIPANT:
        raise Forbidden("participants_vote")


def vote(ctx: ServiceContext, actor: Actor, payload, *, take_back: bool = False) -> dict:
    """Give one vote to a note (or take one back). The budget is checked under the workshop's
    lock, so concurrent taps cannot overspend it. Raises Forbidden (voting closed, not a
    participant), NotFound, BadRequest (no votes left, no vote to take back)."""
    _voter(actor)
    with ctx.db.session() as session:
        rev = bump_rev(session, actor.workshop_id)
        settings = workshop_settings(session, actor.workshop_id)
        budget = settings["votes_per_participant"]
        if budget <= 0:
            raise Forbidden("voting_closed")
        check_not_removed(session, actor)
        note = _votable_note(session, actor, payload, settings)
        mine = select(Vote).where(Vote.workshop_id == actor.workshop_id,
                                  Vote.participant_id == actor.participant_id)
        used = session.scalar(select(func.count()).select_from(mine.subquery()))
        if take_back:
            given = session.scalars(mine.where(Vote.note_id == note.id)
                                    .order_by(Vote.id.desc())).first()
            if given is None:
                raise BadRequest("no_vote_to_take_back")
            session.delete(given)
            note.votes -= 1
            used -= 1
        else:
            if used >= budget:
                raise BadRequest("no_votes_left", max=budget)
            session.add(Vote(workshop_id=actor.workshop_id, participant_id=actor.participant_id,
                             note_id=note.id))
            note.votes += 1
            used += 1
        session.commit()
        result = {"id": note.id, "votes": note.votes, "votes_left": budget - used, "rev": rev}
        event = {"id": note.id, "votes": note.votes, "rev": rev}
        if visibility.can_see(note_to_dict(note), settings, visibility.PUBLIC):
            ctx.publisher.to_workshop(actor.workshop_id, "note:voted", event)
        else:
            ctx.publisher.to_facilitators(actor.workshop_id, "note:voted", event)
            if note.participant_id:
                ctx.publisher.to_participant(actor.workshop_id, note.participant_id,
                                             "note:voted", event)
    return result


def reset_votes(ctx: ServiceContext, actor: Actor) -> int:
    """Take every vote back; only the facilitator may. Returns the new revision."""
    _require_facilitator(actor)
    with ctx.db.session() as session:
        rev = bump_rev(session, actor.workshop_id)
        session.execute(delete(Vote).where(Vote.workshop_id == actor.workshop_id))
        session.execute(update(Note).where(Note.workshop_id == actor.workshop_id)
                        .values(votes=0))
        session.commit()
    ctx.publisher.to_workshop(actor.workshop_id, "votes:reset", {"rev": rev})
    return rev


def hide_note(ctx: ServiceContext, actor: Actor, payload) -> tuple[dict, int]:
    """Hide a note from everyone but the facilitators, or show it again."""
    _require_facilitator(actor)
    payload = payload_dict(payload)
    note_id = note_id_field(payload)
    hidden = payload.get("hidden")
    if not isinstance(hidden, bool):
        raise BadRequest("bad_field", field="hidden")
    with ctx.db.session() as session:
        rev = bump_rev(session, actor.workshop_id)
        settings = workshop_settings(session, actor.workshop_id)
        note = session.get(Note, note_id)
        if note is None or note.workshop_id != actor.workshop_id:
            raise NotFound("note_not_found")
        note.hidden = hidden
        note.version += 1
        note.updated_at = utcnow()
        session.commit()
        shown = note_to_dict(note)
        # Shown again: to the others it is a note that arrives, not one that changes.
        publish_note(ctx, session, actor.workshop_id, "note:updated" if hidden else "note:added",
                     shown, rev, settings)
    return shown, rev


def remove_participant(ctx: ServiceContext, actor: Actor, payload) -> tuple[str, int]:
    """Remove a participant: their token no longer joins; their notes stay. Returns
    (participant id, rev); the caller disconnects their devices."""
    _require_facilitator(actor)
    payload = payload_dict(payload)
    participant_id = payload.get("id")
    if not isinstance(participant_id, str):
        raise BadRequest("bad_field", field="id")
    with ctx.db.session() as session:
        rev = bump_rev(session, actor.workshop_id)
        participant = session.get(Participant, participant_id)
        if participant is None or participant.workshop_id != actor.workshop_id \
                or participant.is_facilitator:
            raise NotFound("participant_not_found")
        participant.removed = True
        session.commit()
    ctx.publisher.to_participant(actor.workshop_id, participant_id, "participant:removed", {})
    ctx.publisher.to_facilitators(actor.workshop_id, "presence:participant", {
        "participant": {"id": participant_id, "name": participant.name, "online": False,
                        "removed": True},
        "online": len(ctx.presence.online_participant_ids(actor.workshop_id) - {participant_id}),
    })
    return participant_id, rev
