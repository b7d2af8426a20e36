"""Sticky notes and coalition cards: adding, changing, moving and deleting them.

Every change follows the same order: take the workshop's revision (which locks it), check,
write, commit, and only then acknowledge and broadcast. A note that was acknowledged is stored.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from canvas import method
from canvas.realtime import visibility
from canvas.db.models import DeletedNote, Note, Participant, Workshop, utcnow
from canvas.services import ServiceContext
from canvas.services.errors import BadRequest, Conflict, Forbidden, NotFound, TooManyRequests
from canvas.services.presence import ROLE_PROJECTOR, Actor
from canvas.services.revisions import bump_rev
from canvas.services.validation import choice_field, note_id_field, payload_dict, text_field

TEXT_MAX = 500
COALITION_FIELD_MAX = 300
# Shown as the author of a facilitator's note when they gave no name (the same in NL and EN).
FACILITATOR_AUTHOR = "Facilitator"


@dataclass
class NoteChange:
    note: dict
    rev: int


def iso(moment) -> str:
    return moment.isoformat(timespec="seconds") + "Z"


def note_to_dict(note: Note) -> dict:
    """A note as every client receives it (docs/protocol.md, "Note")."""
    coalition = None
    if note.block == method.COALITION_BLOCK:
        coalition = {"werkvorm": note.werkvorm, "ambitie": note.ambitie or "",
                     "kernpartners": note.kernpartners or "", "doelgroep": note.doelgroep or ""}
    return {
        "id": note.id,
        "block": note.block,
        "subarea": note.subarea,
        "text": note.text,
        "color": note.color,
        "author": note.author,
        "participant_id": note.participant_id,
        "coalition": coalition,
        "votes": note.votes,
        "hidden": note.hidden,
        "version": note.version,
        "created_at": iso(note.created_at),
        "updated_at": iso(note.updated_at),
    }


# Permissions, as named predicates.

def can_write_notes(actor: Actor) -> bool:
    return actor.role != ROLE_PROJECTOR


def can_change_note(actor: Actor, note: Note) -> bool:
    """The facilitator may change any note; a participant only their own."""
    if actor.is_facilitator:
        return True
    return (can_write_notes(actor) and note.participant_id is not None
            and note.participant_id == actor.participant_id)


# Validation of the parts of a note payload.

def _block(payload: dict, required: bool) -> Optional[str]:
    return choice_field(payload, "block", method.BLOCK_KEYS, "unknown_block", required=required)


def _subarea(payload: dict, block: str) -> Optional[str]:
    value = payload.get("subarea")
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in method.SUBAREA_KEYS[block]:
        raise BadRequest("unknown_subarea", field="subarea")
    return value


def _coalition(payload: dict, block: str) -> Optional[dict]:
    """The coalition fields of a payload: None if absent; BadRequest if malformed."""
    value = payload.get("coalition")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadRequest("bad_field", field="coalition")
    if block != method.COALITION_BLOCK:
        raise BadRequest("coalition_outside_block", field="coalition")
    # An empty werkvorm means "not chosen yet", like null.
    werkvorm = {**value, "werkvorm": value.get("werkvorm") or None}
    fields = {"werkvorm": choice_field(werkvorm, "werkvorm", method.WERKVORM_KEYS,
                                       "unknown_werkvorm", nullable=True)}
    for key in method.COALITION_FIELD_KEYS:
        fields[key] = text_field(value, key, COALITION_FIELD_MAX)
    # Only the fields that were sent are changed.
    return {key: fields[key] for key in fields if key in value}


def note_content(payload: dict) -> dict:
    """The validated content of a new note: block, sub-area, text, colour and coalition
    fields, as keyword arguments for ``Note``. Raises BadRequest for any invalid field."""
    block = _block(payload, required=True)
    coalition = _coalition(payload, block) or {}
    return {
        "block": block,
        "subarea": _subarea(payload, block),
        "text": text_field(payload, "text", TEXT_MAX, required=True, allow_empty=False),
        "color": choice_field(payload, "color", method.COLOR_KEYS, "unknown_color",
                              default=method.DEFAULT_COLOR),
        "werkvorm": coalition.get("werkvorm"),
        **{key: coalition.get(key) for key in method.COALITION_FIELD_KEYS},
    }


def _check_can_write(actor: Actor) -> None:
    if not can_write_notes(actor):
        raise Forbidden("projector_read_only")


def check_may_change(session: Session, actor: Actor, settings: dict) -> None:
    """A locked canvas is read-only for participants (the facilitator can still moderate), and
    a removed participant changes nothing, also on a connection another server process holds."""
    if actor.is_facilitator:
        return
    if settings.get("locked"):
        raise Forbidden("locked")
    check_not_removed(session, actor)


def check_not_removed(session: Session, actor: Actor) -> None:
    """Forbidden for a participant the facilitator removed (asked of the database, not of this
    process's memory: another process may hold the removed device's connection)."""
    if actor.participant_id and session.scalar(
            select(Participant.removed).where(Participant.id == actor.participant_id)):
        raise Forbidden("participant_removed")


def workshop_settings(session: Session, workshop_id: int) -> dict:
    from canvas.services.workshops import settings_of  # workshops imports this module
    return settings_of(session.get(Workshop, workshop_id))


def publish_note(ctx: ServiceContext, session: Session, workshop_id: int, event: str,
                 note: dict, rev: int, settings: dict) -> None:
    """Send a note event to each audience as it may see it (canvas/realtime/visibility.py).

    Facilitators get it whole. Everyone else gets it if it is visible to them; a note they may
    not see reaches them as what it is to them: gone (hidden) or a count (silent brainstorm),
    and its author's own devices still get it.
    """
    ctx.publisher.to_facilitators(workshop_id, event, {"note": note, "rev": rev})
    if visibility.can_see(note, settings, visibility.PUBLIC):
        ctx.publisher.to_public(workshop_id, event, {
            "note": visibility.shown(note, settings, visibility.PUBLIC), "rev": rev})
        return
    if note["hidden"]:
        ctx.publisher.to_public(workshop_id, "note:deleted",
                                {"id": note["id"], "rev": rev, "by": "facilitator"})
        return
    ctx.publisher.to_public(workshop_id, "notes:counts",
                            {"counts": note_counts(session, workshop_id, settings), "rev": rev})
    if note["participant_id"]:
        ctx.publisher.to_participant(workshop_id, note["participant_id"], event, {
            "note": visibility.shown(note, settings, visibility.PUBLIC, note["participant_id"]),
            "rev": rev})


def note_counts(session: Session, workshop_id: int, settings: dict) -> dict:
    """Notes of the silent round going on (not hidden) per block: what the room sees of them."""
    query = select(Note.block, func.count()).where(Note.workshop_id == workshop_id,
                                                   Note.hidden.is_(False))
    if settings.get("silent_since"):
        since = datetime.fromisoformat(settings["silent_since"].removesuffix("Z"))
        query = query.where(Note.created_at >= since)
    rows = session.execute(query.group_by(Note.block)).all()
    return {block: count for block, count in rows}


def _load_note(session: Session, actor: Actor, note_id: str) -> Note:
    """The note ``note_id`` of the actor's workshop that the actor may change.

    Raises NotFound if it is not in this workshop, Forbidden if it is someone else's.
    """
    note = session.get(Note, note_id)
    if note is None or note.workshop_id != actor.workshop_id:
        raise NotFound("note_not_found")
    if not can_change_note(actor, note):
        raise Forbidden("not_your_note")
    return note


def add_note(ctx: ServiceContext, actor: Actor, payload) -> NoteChange:
    """Add a note or card; a retry with the same id returns the stored note unchanged.

    Raises BadRequest for invalid fields, Forbidden for a projector, Conflict if the id belongs
    to somebody else's note, TooManyRequests when a participant posts faster than a person can
    write (canvas/services/limits.py; a retry of a stored note never counts).
    """
    _check_can_write(actor)
    payload = payload_dict(payload)
    note_id = note_id_field(payload)
    content = note_content(payload)

    with ctx.db.session() as session:
        existing = _existing(session, actor, note_id)
        if existing is not None:
            return existing
        if actor.participant_id and not actor.is_facilitator and \
                not ctx.limits.notes.take(actor.participant_id):
            wait = ctx.limits.notes.retry_after(actor.participant_id)
            raise TooManyRequests("too_fast", data={"retry_after": wait}, seconds=wait)
        rev = bump_rev(session, actor.workshop_id)
        settings = workshop_settings(session, actor.workshop_id)
        check_may_change(session, actor, settings)
        now = utcnow()
        author = actor.name or (FACILITATOR_AUTHOR if actor.is_facilitator else "")
        note = Note(id=note_id, workshop_id=actor.workshop_id, participant_id=actor.participant_id,
                    author=author, votes=0, version=1, created_at=now, updated_at=now,
                    **content)
        session.add(note)
        try:
            session.commit()
        except IntegrityError:
            # The same id was stored by a concurrent retry between our check and our commit.
            session.rollback()
            existing = _existing(session, actor, note_id)
            if existing is None:
                raise
            return existing
        change = NoteChange(note_to_dict(note), rev)
        publish_note(ctx, session, actor.workshop_id, "note:added", change.note, rev, settings)
    return change


def _existing(session: Session, actor: Actor, note_id: str) -> Optional[NoteChange]:
    """The stored note with this id if the actor sent it before; Conflict if it is not theirs."""
    note = session.get(Note, note_id)
    if note is None:
        gone = session.get(DeletedNote, note_id)
        if gone is not None and gone.workshop_id == actor.workshop_id:
            # A late retry of a note that was stored and then deleted: it stays deleted.
            raise Conflict("note_deleted")
        return None
    if note.workshop_id != actor.workshop_id or note.participant_id != actor.participant_id:
        raise Conflict("note_id_taken", field="id")
    rev = session.get(Workshop, actor.workshop_id).rev
    return NoteChange(note_to_dict(note), rev)


def update_note(ctx: ServiceContext, actor: Actor, payload) -> NoteChange:
    """Change text, colour, block (move), sub-area or coalition fields of a note.

    With ``version`` (the version the edit started from) a stale update is refused: Conflict
    ``version_conflict`` carrying the current note, so no one's text is lost silently.

    Raises BadRequest for invalid fields, NotFound for an unknown note, Forbidden for a note
    the actor may not change.
    """
    _check_can_write(actor)
    payload = payload_dict(payload)
    note_id = note_id_field(payload)
    new_block = _block(payload, required=False)
    text = text_field(payload, "text", TEXT_MAX, allow_empty=False)
    color = choice_field(payload, "color", method.COLOR_KEYS, "unknown_color")
    base_version = payload.get("version")
    if base_version is not None and (isinstance(base_version, bool)
                                     or not isinstance(base_version, int)):
        raise BadRequest("bad_field", field="version")

    with ctx.db.session() as session:
        rev = bump_rev(session, actor.workshop_id)
        settings = workshop_settings(session, actor.workshop_id)
        check_may_change(session, actor, settings)
        note = _load_note(session, actor, note_id)
        if base_version is not None and base_version != note.version:
            # Someone saved in between: refuse rather than overwrite their words, and send the
            # note as it is now (to its author or a facilitator: whole) so the editor can
            # compare and try again.
            raise Conflict("version_conflict", data={"note": note_to_dict(note)})
        block = new_block or note.block
        subarea = _subarea(payload, block) if "subarea" in payload else note.subarea
        coalition = _coalition(payload, block)
        if block != note.block:
            note.block = block
            if subarea not in method.SUBAREA_KEYS[block]:
                subarea = None
            if block != method.COALITION_BLOCK:
                # Coalition fields only belong to cards.
                note.werkvorm = note.ambitie = note.kernpartners = note.doelgroep = None
        note.subarea = subarea
        if text is not None:
            note.text = text
        if color is not None:
            note.color = color
        for key, value in (coalition or {}).items():
            setattr(note, key, value)
        note.version += 1
        note.updated_at = utcnow()
        session.commit()
        change = NoteChange(note_to_dict(note), rev)
        publish_note(ctx, session, actor.workshop_id, "note:updated", change.note, rev, settings)
    return change


def delete_note(ctx: ServiceContext, actor: Actor, payload) -> int:
    """Delete a note; returns the new revision.

    Raises NotFound for an unknown note, Forbidden for a note the actor may not delete.
    """
    _check_can_write(actor)
    payload = payload_dict(payload)
    note_id = note_id_field(payload)
    with ctx.db.session() as session:
        rev = bump_rev(session, actor.workshop_id)
        settings = workshop_settings(session, actor.workshop_id)
        check_may_change(session, actor, settings)
        note = _load_note(session, actor, note_id)
        session.delete(note)
        session.merge(DeletedNote(id=note_id, workshop_id=actor.workshop_id))
        session.commit()
        ctx.publisher.to_workshop(actor.workshop_id, "note:deleted", {
            "id": note_id, "rev": rev, "by": "facilitator" if actor.is_facilitator else "author"})
        if settings["silent"]:  # the room sees counts, not notes: they change too
            ctx.publisher.to_public(actor.workshop_id, "notes:counts",
                                    {"counts": note_counts(session, actor.workshop_id, settings),
                                     "rev": rev})
    return rev
