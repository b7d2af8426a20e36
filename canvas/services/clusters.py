"""Clusters: grouping notes that say the same or belong together, under a title.

A cluster lives in one block (and sub-area) and holds notes in an order; coalition cards do not
cluster. The facilitator groups any notes and may move a note into a cluster of another block;
participants group only when the facilitator allows it (setting ``participants_cluster``), only
notes they can see and only within one block and sub-area. Every change goes through
``changing`` like a note's, and reaches each viewer as their notes do
(canvas/realtime/fanout.py ``cluster_changed``).
"""
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from canvas import method
from canvas.db.models import Cluster, Note, Vote, Workshop, utcnow
from canvas.realtime import fanout, visibility
from canvas.services import limits, membership
from canvas.services.changes import Change, changing
from canvas.services.context import ServiceContext
from canvas.services.errors import BadRequest, Conflict, Forbidden, NotFound, TooManyRequests
from canvas.services.permissions import Actor, require_writer
from canvas.services.records import (
    authorize_facilitator,
    cluster_note_ids,
    note_to_dict,
    settings_of,
    workshop_notes,
)
from canvas.services.rules import CLUSTER_NOTES_MAX, CLUSTER_TITLE_MAX
from canvas.services.suggestions import suggest
from canvas.services.validation import NOTE_ID, note_id_field, payload_dict, text_field


@dataclass
class ClusterChange:
    cluster: dict
    rev: int


def _note_ids_field(payload: dict, field: str, *, required: bool) -> list[str] | None:
    """A list of distinct note ids, at least one and at most ``CLUSTER_NOTES_MAX``."""
    value = payload.get(field)
    if value is None:
        if required:
            raise BadRequest("missing_field", field=field)
        return None
    if not isinstance(value, list) or not value:
        raise BadRequest("bad_field", field=field)
    if len(value) > CLUSTER_NOTES_MAX:
        raise BadRequest("too_many_notes", field=field, max=CLUSTER_NOTES_MAX)
    if not all(isinstance(item, str) and NOTE_ID.match(item) for item in value):
        raise BadRequest("bad_field", field=field)
    if len(set(value)) != len(value):
        raise BadRequest("duplicate_note", field=field)
    return value


def _may_cluster(actor: Actor, settings: dict) -> None:
    """Facilitators always may; participants while the facilitator allows it."""
    require_writer(actor)
    if not actor.is_facilitator and not settings.get("participants_cluster"):
        raise Forbidden("clustering_closed")


def _take_turn(ctx: ServiceContext, actor: Actor) -> None:
    """A participant's grouping costs what a note costs (canvas/services/limits.py), so a
    clustering round cannot be turned into a flood."""
    if actor.is_facilitator or not actor.participant_id:
        return
    if not ctx.limits.notes.take(actor.participant_id):
        wait = ctx.limits.notes.retry_after(actor.participant_id)
        raise TooManyRequests("too_fast", data={"retry_after": wait}, seconds=wait,
                              **limits.NOTE_LIMIT_PARAMS)
    limits.take_sender_note(ctx.limits, actor.connection, actor.address)


def _sees(actor: Actor, note: Note, settings: dict) -> bool:
    audience = visibility.FACILITATOR if actor.is_facilitator else visibility.PUBLIC
    return visibility.can_see(note_to_dict(note), settings, audience, actor.participant_id)


def _notes_to_group(change: Change, actor: Actor, note_ids: list[str]) -> list[Note]:
    """The notes ``note_ids`` of the actor's workshop, in that order. NotFound naming the
    first one that is not there (deleted meanwhile) or that the actor may not see; BadRequest
    for a coalition card."""
    found = {note.id: note for note in change.session.scalars(
        select(Note).where(Note.workshop_id == actor.workshop_id, Note.id.in_(note_ids)))}
    notes = []
    for note_id in note_ids:
        note = found.get(note_id)
        if note is None or not _sees(actor, note, change.settings):
            raise NotFound("note_not_found", data={"id": note_id})
        if note.block == method.COALITION_BLOCK:
            raise BadRequest("cards_do_not_cluster", data={"id": note_id})
        notes.append(note)
    return notes


def _place(change: Change, actor: Actor, cluster: Cluster, notes: list[Note],
           first_pos: int) -> set:
    """Put ``notes`` into the cluster at places ``first_pos``, ``first_pos + 1``, ...; a note
    of another block or sub-area moves there (facilitators only). Returns the clusters the
    notes came from, for ``membership.settle``."""
    left = set()
    for offset, note in enumerate(notes):
        moves = (note.block, note.subarea) != (cluster.block, cluster.subarea)
        if moves and not actor.is_facilitator:
            raise Forbidden("cluster_other_block", data={"id": note.id})
        if note.cluster_id not in (None, cluster.id):
            left.add(note.cluster_id)
        note.cluster_id = cluster.id
        note.cluster_pos = first_pos + offset
        if moves:
            note.block, note.subarea = cluster.block, cluster.subarea
            note.version += 1
            note.updated_at = utcnow()
            change.publish(fanout.note_changed("note:updated", note_to_dict(note), change.rev,
                                               change.settings, change.counts))
    return left


def _renumber(session: Session, cluster_id: str, ordered_ids: list[str]) -> None:
    for pos, note_id in enumerate(ordered_ids):
        session.execute(update(Note).where(Note.id == note_id).values(cluster_pos=pos))


def _as_seen(session: Session, actor: Actor, cluster: Cluster, settings: dict) -> dict | None:
    whole, notes_by_id = membership.read_cluster(session, cluster)
    audience = visibility.FACILITATOR if actor.is_facilitator else visibility.PUBLIC
    return visibility.shown_cluster(whole, notes_by_id, settings, audience,
                                    actor.participant_id)


def _existing(session: Session, actor: Actor, cluster_id: str) -> ClusterChange | None:
    """The stored cluster with this id (a retried create) as the actor sees it; Conflict if
    the id belongs to another workshop."""
    cluster = session.get(Cluster, cluster_id)
    if cluster is None:
        return None
    if cluster.workshop_id != actor.workshop_id:
        raise Conflict("cluster_id_taken", field="id")
    workshop = session.get(Workshop, actor.workshop_id)
    seen = _as_seen(session, actor, cluster, settings_of(workshop))
    if seen is None:
        raise Conflict("cluster_id_taken", field="id")
    return ClusterChange(seen, workshop.rev)


def create_cluster(ctx: ServiceContext, actor: Actor, payload) -> ClusterChange:
    """Group notes into a new cluster, in the block and sub-area of the first note; notes of
    other clusters leave those. A retry with the same id returns the stored cluster.

    Raises BadRequest (fields, a coalition card), Forbidden (clustering not allowed, a
    participant grouping across blocks), NotFound (a note gone or out of view), Conflict (id
    taken), TooManyRequests (a participant grouping faster than they may post notes).
    """
    require_writer(actor)
    payload = payload_dict(payload)
    cluster_id = note_id_field(payload)
    note_ids = _note_ids_field(payload, "note_ids", required=True)
    title = text_field(payload, "title", CLUSTER_TITLE_MAX, multiline=False) or ""
    with ctx.db.session() as session:
        existing = _existing(session, actor, cluster_id)
    if existing is not None:
        return existing
    _take_turn(ctx, actor)
    with changing(ctx, actor) as change:
        _may_cluster(actor, change.settings)
        if change.session.get(Cluster, cluster_id) is not None:  # created meanwhile
            raise Conflict("cluster_id_taken", field="id")
        notes = _notes_to_group(change, actor, note_ids)
        now = utcnow()
        cluster = Cluster(id=cluster_id, workshop_id=actor.workshop_id, block=notes[0].block,
                          subarea=notes[0].subarea, title=title, votes=0, created_at=now,
                          updated_at=now)
        change.session.add(cluster)
        change.session.flush()
        left = _place(change, actor, cluster, notes, 0)
        change.session.flush()
        whole = membership.publish_cluster(change, cluster, "cluster:created")
        membership.settle(change, left)
        seen = _as_seen(change.session, actor, cluster, change.settings)
    return ClusterChange(seen or whole, change.rev)


def _load_cluster(change: Change, actor: Actor, cluster_id: str) -> Cluster:
    """The actor's workshop's cluster ``cluster_id`` that the actor may see; NotFound if not."""
    cluster = change.session.get(Cluster, cluster_id)
    if cluster is None or cluster.workshop_id != actor.workshop_id or \
            _as_seen(change.session, actor, cluster, change.settings) is None:
        raise NotFound("cluster_not_found")
    return cluster


def update_cluster(ctx: ServiceContext, actor: Actor, payload) -> ClusterChange:
    """Rename a cluster, set its notes and their order (``note_ids``: the whole list), or add
    notes to it (``add``: appended, or put at ``index``), which two people can do at the same
    time without undoing each other. Notes left out of ``note_ids`` leave the cluster; notes
    the actor cannot see stay in it, after the others.

    Raises as ``create_cluster``, and NotFound ``cluster_not_found``.
    """
    require_writer(actor)
    payload = payload_dict(payload)
    cluster_id = note_id_field(payload)
    title = text_field(payload, "title", CLUSTER_TITLE_MAX, multiline=False)
    note_ids = _note_ids_field(payload, "note_ids", required=False)
    added = _note_ids_field(payload, "add", required=False)
    index = payload.get("index")
    if index is not None and (isinstance(index, bool) or not isinstance(index, int)
                              or index < 0):
        raise BadRequest("bad_field", field="index")
    if title is None and note_ids is None and added is None:
        raise BadRequest("missing_field", field="note_ids")
    _take_turn(ctx, actor)
    with changing(ctx, actor) as change:
        _may_cluster(actor, change.settings)
        cluster = _load_cluster(change, actor, cluster_id)
        session = change.session
        current = cluster_note_ids(session, cluster.id)
        left = set()
        if note_ids is not None:
            notes = _notes_to_group(change, actor, note_ids)
            unseen = [note_id for note_id in current if note_id not in note_ids
                      and not _sees(actor, session.get(Note, note_id), change.settings)]
            for note_id in current:
                if note_id not in note_ids and note_id not in unseen:
                    membership.leave_cluster(change, session.get(Note, note_id))
            left |= _place(change, actor, cluster, notes, 0)
            _renumber(session, cluster.id, note_ids + unseen)
        if added is not None:
            notes = _notes_to_group(change, actor, added)
            order = [note_id for note_id in cluster_note_ids(session, cluster.id)
                     if note_id not in added]
            at = len(order) if index is None else min(index, len(order))
            left |= _place(change, actor, cluster, notes, 0)
            _renumber(session, cluster.id, order[:at] + [n.id for n in notes] + order[at:])
        if title is not None:
            cluster.title = title
        cluster.updated_at = utcnow()
        session.flush()
        if session.scalar(select(func.count()).select_from(Note)
                          .where(Note.cluster_id == cluster.id)) == 0:
            raise BadRequest("empty_cluster", field="note_ids")
        whole = membership.publish_cluster(change, cluster)
        membership.settle(change, left - {cluster.id})
        seen = _as_seen(session, actor, cluster, change.settings)
    return ClusterChange(seen or whole, change.rev)


def delete_cluster(ctx: ServiceContext, actor: Actor, payload) -> int:
    """Ungroup: the cluster goes, its notes stay where they are. Votes given to the cluster go
    to its first note, so no vote is lost. A participant ungroups the notes they see; a cluster
    that also holds notes they cannot see keeps those. Returns the new revision."""
    require_writer(actor)
    payload = payload_dict(payload)
    cluster_id = note_id_field(payload)
    _take_turn(ctx, actor)
    with changing(ctx, actor) as change:
        _may_cluster(actor, change.settings)
        cluster = _load_cluster(change, actor, cluster_id)
        session = change.session
        ordered = cluster_note_ids(session, cluster.id)
        seen = [note_id for note_id in ordered
                if _sees(actor, session.get(Note, note_id), change.settings)]
        if len(seen) < len(ordered):
            # A participant ungroups what they see: notes they cannot see (hidden, silent) stay
            # grouped as the facilitator left them; to the participant the cluster is gone.
            for note_id in seen:
                membership.leave_cluster(change, session.get(Note, note_id))
            session.flush()
            membership.publish_cluster(change, cluster)
            return change.rev
        first = session.get(Note, ordered[0]) if ordered else None
        if first is not None and cluster.votes:
            session.execute(update(Vote).where(Vote.cluster_id == cluster.id)
                            .values(cluster_id=None, note_id=first.id))
            first.votes += cluster.votes
        for note_id in ordered:
            membership.leave_cluster(change, session.get(Note, note_id))
        session.flush()
        session.delete(cluster)
        change.publish(fanout.cluster_deleted(cluster.id, change.rev))
        if first is not None and cluster.votes:
            change.publish(fanout.note_voted(note_to_dict(first), change.rev, change.settings))
    return change.rev


def suggestions(ctx: ServiceContext, code, facilitator_key) -> dict:
    """Notes that say the same (``duplicates``) and notes that belong together (``groups``),
    within each block (canvas/services/suggestions.py); only the facilitator may ask."""
    with ctx.db.session() as session:
        workshop = authorize_facilitator(session, code, facilitator_key)
        notes = workshop_notes(session, workshop.id)
    return suggest(notes)
