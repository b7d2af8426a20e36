"""Sticky notes and coalition cards: adding, changing, moving and deleting them.

Every change goes through ``changing`` (canvas/services/changes.py): take the workshop's
revision (which locks it), check, write, commit, and only then acknowledge and broadcast. A
note that was acknowledged is stored.
"""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from canvas import method, metrics
from canvas.db.models import DeletedNote, Note, Workshop, utcnow
from canvas.realtime import fanout, visibility
from canvas.services import limits, membership
from canvas.services.changes import changing
from canvas.services.context import ServiceContext
from canvas.services.errors import (
    BadRequest,
    Conflict,
    NotFound,
    ServiceUnavailable,
    TooManyRequests,
)
from canvas.services.limits import take_facilitator_note
from canvas.services.permissions import Actor, require_may_change_note, require_writer
from canvas.services.records import note_to_dict, settings_of
from canvas.services.rules import NOTES_PER_WORKSHOP_MAX, TEXT_MAX
from canvas.services.validation import (
    block_field,
    choice_field,
    coalition_fields,
    note_content,
    note_id_field,
    payload_dict,
    subarea_field,
    text_field,
)

# Shown as the author of a facilitator's note when they gave no name (the same in NL and EN).
FACILITATOR_AUTHOR = "Facilitator"
# How long the id of a deleted note is kept, so that a late retry of it stays refused. A phone
# retries a note it could not deliver for as long as its page is open; a month is far beyond.
TOMBSTONE_DAYS = 30


@dataclass
class NoteChange:
    note: dict
    rev: int


class _StoredMeanwhile(Exception):
    """The same note id was stored by a concurrent retry while this add was under way."""


def _may_see(actor: Actor, note: Note, settings: dict) -> bool:
    """Whether the actor may know that the note exists (canvas/realtime/visibility.py)."""
    audience = visibility.FACILITATOR if actor.is_facilitator else visibility.PUBLIC
    return visibility.can_see(note_to_dict(note), settings, audience, actor.participant_id)


def _load_note(session: Session, actor: Actor, note_id: str, settings: dict) -> Note:
    """The note ``note_id`` of the actor's workshop that the actor may change.

    Raises NotFound if it is not in this workshop or the actor may not see it (hidden, or in a
    silent round: the answer must not tell that it exists), Forbidden if it is someone else's.
    """
    note = session.get(Note, note_id)
    if note is None or note.workshop_id != actor.workshop_id \
            or not _may_see(actor, note, settings):
        raise NotFound("note_not_found")
    require_may_change_note(actor, note)
    return note


def add_note(ctx: ServiceContext, actor: Actor, payload) -> NoteChange:
    """Add a note or card; a retry with the same id returns the stored note unchanged.

    Raises BadRequest for invalid fields, Forbidden for a projector, Conflict if the id belongs
    to somebody else's note, TooManyRequests when a participant posts faster than a person can
    write, or the workshop's facilitators faster than their own (higher) limit
    (canvas/services/limits.py: per participant, per connection and per address; a retry of a
    stored note never counts), Conflict ``workshop_full`` once the workshop holds
    ``NOTES_PER_WORKSHOP_MAX`` notes.
    """
    require_writer(actor)
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
        raise TooManyRequests("too_fast", data={"retry_after": wait}, seconds=wait,
                              **limits.NOTE_LIMIT_PARAMS)
    if actor.participant_id and not actor.is_facilitator:
        limits.take_sender_note(ctx.limits, actor.connection, actor.address)
    if actor.is_facilitator:
        take_facilitator_note(ctx.writes, actor.workshop_id)
    try:
        with changing(ctx, actor) as change:
            # Under the workshop's lock: concurrent adds cannot pass the bound together.
            stored_count = change.session.scalar(
                select(func.count()).select_from(Note).where(
                    Note.workshop_id == actor.workshop_id))
            if stored_count >= NOTES_PER_WORKSHOP_MAX:
                raise Conflict("workshop_full", max=NOTES_PER_WORKSHOP_MAX)
            now = utcnow()
            author = actor.name or (FACILITATOR_AUTHOR if actor.is_facilitator else "")
            note = Note(id=note_id, workshop_id=actor.workshop_id,
                        participant_id=actor.participant_id, author=author, votes=0, version=1,
                        created_at=now, updated_at=now, **content)
            change.session.add(note)
            try:
                change.session.flush()
            except IntegrityError:
                raise _StoredMeanwhile from None
            stored = NoteChange(note_to_dict(note), change.rev)
            change.publish(fanout.note_changed(
                "note:added", stored.note, change.rev, change.settings, change.counts))
    except ServiceUnavailable:
        limits.give_back_note(ctx.limits, ctx.writes, participant_id=actor.participant_id,
                              is_facilitator=actor.is_facilitator, connection=actor.connection,
                              address=actor.address, workshop_id=actor.workshop_id)
        raise
    except _StoredMeanwhile:
        with ctx.db.session() as session:
            existing = _existing(session, actor, note_id)
        if existing is None:  # pragma: no cover - the conflicting row vanished again
            raise
        return existing
    metrics.note_created()
    return stored


def _existing(session: Session, actor: Actor, note_id: str) -> NoteChange | None:
    """The stored note with this id if the actor sent it before; Conflict if it is not theirs,
    or if it was stored and deleted since (it stays deleted). Somebody else's note the actor
    may not see is answered as a deleted one, so that an add never tells a hidden note from a
    deleted one."""
    note = session.get(Note, note_id)
    if note is None:
        gone = session.get(DeletedNote, note_id)
        if gone is not None and gone.workshop_id == actor.workshop_id:
            raise Conflict("note_deleted")
        return None
    if note.workshop_id != actor.workshop_id:
        raise Conflict("note_id_taken", field="id")
    workshop = session.get(Workshop, actor.workshop_id)
    if note.participant_id != actor.participant_id:
        if not _may_see(actor, note, settings_of(workshop)):
            raise Conflict("note_deleted")
        raise Conflict("note_id_taken", field="id")
    return NoteChange(note_to_dict(note), workshop.rev)


def update_note(ctx: ServiceContext, actor: Actor, payload) -> NoteChange:
    """Change text, colour, block (move), sub-area or coalition fields of a note.

    With ``version`` (the version the edit started from) a stale update is refused: Conflict
    ``version_conflict`` carrying the current note, so no one's text is lost silently.

    Raises BadRequest for invalid fields, NotFound for an unknown note, Forbidden for a note
    the actor may not change.
    """
    require_writer(actor)
    payload = payload_dict(payload)
    note_id = note_id_field(payload)
    new_block = block_field(payload, required=False)
    text = text_field(payload, "text", TEXT_MAX, allow_empty=False)
    color = choice_field(payload, "color", method.COLOR_KEYS, "unknown_color")
    base_version = payload.get("version")
    if base_version is not None and (isinstance(base_version, bool)
                                     or not isinstance(base_version, int)):
        raise BadRequest("bad_field", field="version")

    with changing(ctx, actor) as change:
        note = _load_note(change.session, actor, note_id, change.settings)
        if base_version is not None and base_version != note.version:
            # Someone saved in between: refuse rather than overwrite their words, and send the
            # note as it is now (to its author or a facilitator: whole) so the editor can
            # compare and try again.
            raise Conflict("version_conflict", data={"note": note_to_dict(note)})
        block = new_block or note.block
        subarea = subarea_field(payload, block) if "subarea" in payload else note.subarea
        coalition = coalition_fields(payload, block)
        left = None
        if block != note.block or subarea != note.subarea:
            # A cluster lives in one block and sub-area: a note moved away leaves it.
            left = membership.leave_cluster(change, note)
        if block != note.block:
            note.block = block
            if subarea not in method.SUBAREA_KEYS[block]:
                subarea = None
            if block != method.COALITION_BLOCK:
                # Coalition fields only belong to cards.
                note.werkvorm = note.ambitie = note.kernpartners = note.doelgroep = None
                note.trekker = note.eerste_stap = note.datum = None
        note.subarea = subarea
        if text is not None:
            note.text = text
        if color is not None:
            note.color = color
        for key, value in (coalition or {}).items():
            setattr(note, key, value)
        note.version += 1
        note.updated_at = utcnow()
        changed = NoteChange(note_to_dict(note), change.rev)
        change.publish(fanout.note_changed(
            "note:updated", changed.note, change.rev, change.settings, change.counts))
        membership.settle(change, [left])
    return changed


def delete_note(ctx: ServiceContext, actor: Actor, payload) -> int:
    """Delete a note; returns the new revision. Its id is kept for ``TOMBSTONE_DAYS``.

    Raises NotFound for an unknown note, Forbidden for a note the actor may not delete.
    """
    require_writer(actor)
    payload = payload_dict(payload)
    note_id = note_id_field(payload)
    with changing(ctx, actor) as change:
        note = _load_note(change.session, actor, note_id, change.settings)
        left = membership.leave_cluster(change, note)
        change.session.delete(note)
        change.session.merge(DeletedNote(id=note_id, workshop_id=actor.workshop_id))
        change.publish(fanout.note_deleted(
            note_id, change.rev, "facilitator" if actor.is_facilitator else "author",
            change.settings, change.counts))
        membership.settle(change, [left])
    return change.rev


def prune_tombstones(ctx: ServiceContext, *, days: int = TOMBSTONE_DAYS, now=None) -> int:
    """Forget the ids of notes deleted more than ``days`` ago; returns how many. Run by
    ``netwerk-canvas purge``."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    with ctx.db.session() as session:
        pruned = session.execute(delete(DeletedNote).where(DeletedNote.deleted_at < cutoff))
        session.commit()
        return pruned.rowcount or 0
