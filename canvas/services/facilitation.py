"""Facilitation: settings (silent brainstorm, lock, focus, guided question, timer, voting,
anonymity), energy voting, hiding notes and removing participants.

Settings are enforced by the services and filtered in canvas/realtime/visibility.py; the pages
only show them.
"""
import json
from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from canvas import method
from canvas.db.models import Cluster, DeletedNote, Note, Participant, Vote, Workshop, utcnow
from canvas.realtime import fanout, visibility
from canvas.services import limits, membership
from canvas.services.changes import Change, changing
from canvas.services.context import ServiceContext
from canvas.services.errors import BadRequest, Forbidden, NotFound
from canvas.services.permissions import Actor, require_facilitator, require_voter
from canvas.services.records import (
    in_round,
    iso,
    note_to_dict,
    precise_iso,
    round_start,
    votes_progress,
    workshop_clusters,
    workshop_notes,
)
from canvas.services.rules import TIMER_MAX_SECONDS, VOTES_MAX
from canvas.services.validation import int_field, note_id_field, payload_dict

BOOLEAN_SETTINGS = ("silent", "locked", "show_authors", "participants_cluster", "vitality",
                    "high_contrast", "large_text")


def _spotlight(session: Session, workshop_id: int, value):
    """A spotlight setting: null, {"note": id of a note of this workshop}, {"cluster": id of
    one of its clusters} or {"block": key}.
    Raises BadRequest for another shape, NotFound for a note that is not in the workshop."""
    if value is None:
        return None
    if not isinstance(value, dict) or len(value) != 1:
        raise BadRequest("bad_field", field="spotlight")
    if "block" in value:
        if value["block"] not in method.BLOCK_KEYS:
            raise BadRequest("unknown_block", field="spotlight")
        return {"block": value["block"]}
    if "cluster" in value:
        cluster_id = note_id_field({"id": value["cluster"]})
        cluster = session.get(Cluster, cluster_id)
        if cluster is None or cluster.workshop_id != workshop_id:
            raise NotFound("cluster_not_found")
        return {"cluster": cluster_id}
    if "note" not in value:
        raise BadRequest("bad_field", field="spotlight")
    note_id = note_id_field({"id": value["note"]})
    note = session.get(Note, note_id)
    if note is None or note.workshop_id != workshop_id:
        raise NotFound("note_not_found")
    return {"note": note_id}


def _results(value):
    """A results setting: null (the canvas), or {"block": key} or {"block": null} (the whole
    canvas ranked) for the results view on the projector."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"block"}:
        raise BadRequest("bad_field", field="results")
    if value["block"] is not None and value["block"] not in method.BLOCK_KEYS:
        raise BadRequest("unknown_block", field="results")
    return {"block": value["block"]}


def _changes(session: Session, workshop_id: int, payload: dict, current: dict) -> dict:
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
        changes["question"] = int_field(payload, "question", 0, max(limit, 0))
    if "timer_seconds" in payload:
        seconds = int_field(payload, "timer_seconds", 1, TIMER_MAX_SECONDS)
        changes["timer_end"] = None if seconds is None else \
            iso(utcnow() + timedelta(seconds=seconds))
    if "votes_per_participant" in payload:
        changes["votes_per_participant"] = int_field(payload, "votes_per_participant", 0,
                                                     VOTES_MAX) or 0
        if changes["votes_per_participant"] and not current.get("votes_per_participant"):
            # Voting opens: a new round, with everyone's budget afresh.
            changes["votes_since"] = precise_iso(utcnow())
    if "spotlight" in payload:
        changes["spotlight"] = _spotlight(session, workshop_id, payload["spotlight"])
    if "results" in payload:
        changes["results"] = _results(payload["results"])
    return changes


def update_settings(ctx: ServiceContext, actor: Actor, payload) -> tuple[dict, int]:
    """Change workshop settings; only the facilitator may. Returns (settings, rev).

    Everyone receives ``workshop:updated``; when the change alters what the room sees, the
    notes as they now see them follow (canvas/realtime/fanout.py ``settings_changed``).
    """
    require_facilitator(actor)
    payload = payload_dict(payload)
    with changing(ctx, actor) as change:
        settings = apply_settings(change, payload)
    return settings, change.rev


def apply_settings(change: Change, payload: dict, fixed: dict | None = None) -> dict:
    """Apply the settings ``payload`` asks for (validated as ``workshop:update`` is), then the
    already valid ``fixed`` ones, inside ``change``; publish what follows a settings change
    (a reveal, the voting round's progress). Returns the new settings. The session plan
    (canvas/services/plans.py) starts its steps through here, so a step and a hand-made change
    have the same effects."""
    before = change.settings
    settings = {**before, **_changes(change.session, change.workshop_id, payload, before),
                **(fixed or {})}
    change.session.execute(update(Workshop).where(Workshop.id == change.workshop_id)
                           .values(settings_json=json.dumps(settings)))
    change.publish(fanout.settings_changed(
        before, settings, change.rev,
        lambda: workshop_notes(change.session, change.workshop_id),
        lambda: workshop_clusters(change.session, change.workshop_id)))
    if (settings["votes_per_participant"], settings["votes_since"]) != \
            (before["votes_per_participant"], before["votes_since"]):
        change.publish(fanout.votes_progress(votes_progress(
            change.session, change.workshop_id, settings["votes_per_participant"],
            round_start(settings))))
    return settings


def _votable_note(session: Session, actor: Actor, payload, settings: dict) -> Note:
    """The note to vote on: one the room can see or the voter's own (not hidden, not someone
    else's note in a silent brainstorm), so a vote never confirms that an unseen note exists."""
    note = session.get(Note, note_id_field(payload_dict(payload)))
    if note is None or note.workshop_id != actor.workshop_id or note.hidden or not \
            visibility.can_see(note_to_dict(note), settings, visibility.PUBLIC,
                               actor.participant_id):
        raise NotFound("note_not_found")
    return note


def _votable_cluster(session: Session, actor: Actor, payload, settings: dict) -> Cluster:
    """The cluster to vote on: one of which the voter may see a note (``_votable_note``)."""
    cluster = session.get(Cluster, note_id_field(payload_dict(payload)))
    if cluster is None or cluster.workshop_id != actor.workshop_id:
        raise NotFound("cluster_not_found")
    members = session.scalars(select(Note).where(Note.cluster_id == cluster.id)).all()
    if not any(not note.hidden and visibility.can_see(
            note_to_dict(note), settings, visibility.PUBLIC, actor.participant_id)
            for note in members):
        raise NotFound("cluster_not_found")
    return cluster


def vote(ctx: ServiceContext, actor: Actor, payload, *, take_back: bool = False,
         on_cluster: bool = False) -> dict:
    """Give one vote to a note, or with ``on_cluster`` to a cluster (or take one back), also
    while the canvas is locked. The budget, shared by notes and clusters, is checked under the
    workshop's lock, so concurrent taps cannot overspend it. Raises Forbidden (voting closed,
    not a participant, removed), NotFound, BadRequest (no votes left, no vote to take back).
    The facilitators hear how the round goes (``votes:progress``)."""
    require_voter(actor)
    with changing(ctx, actor, respect_lock=False) as change:
        session = change.session
        budget = change.settings["votes_per_participant"]
        if budget <= 0:
            raise Forbidden("voting_closed")
        if on_cluster:
            target = _votable_cluster(session, actor, payload, change.settings)
            on_target = Vote.cluster_id == target.id
        else:
            target = _votable_note(session, actor, payload, change.settings)
            on_target = Vote.note_id == target.id
        since = round_start(change.settings)  # votes of earlier rounds are spent
        mine = in_round(select(Vote).where(Vote.workshop_id == actor.workshop_id,
                                           Vote.participant_id == actor.participant_id), since)
        # The budget holds per connection too: joining again as someone new on the same
        # connection spends from the same budget (docs/security.md, "What one device can do").
        connection_votes = in_round(select(Vote).where(
            Vote.workshop_id == actor.workshop_id,
            Vote.participant_id.in_(limits.identities_of(ctx.limits, actor.connection,
                                                         actor.participant_id))), since)
        used = session.scalar(select(func.count()).select_from(connection_votes.subquery()))
        if take_back:
            given = session.scalars(mine.where(on_target).order_by(Vote.id.desc())).first()
            if given is None:
                raise BadRequest("no_vote_to_take_back")
            session.delete(given)
            target.votes -= 1
            used = max(0, used - 1)
        else:
            if used >= budget:
                raise BadRequest("no_votes_left", max=budget)
            session.add(Vote(workshop_id=actor.workshop_id, participant_id=actor.participant_id,
                             note_id=None if on_cluster else target.id,
                             cluster_id=target.id if on_cluster else None))
            target.votes += 1
            used += 1
        if on_cluster:
            whole, notes_by_id = membership.cluster_view(change, target)
            change.publish(fanout.cluster_voted(whole, notes_by_id, change.rev,
                                                change.settings))
        else:
            change.publish(fanout.note_voted(note_to_dict(target), change.rev,
                                             change.settings))
        change.publish(fanout.votes_progress(
            votes_progress(session, actor.workshop_id, budget, since)))
    return {"id": target.id, "votes": target.votes, "votes_left": budget - used,
            "rev": change.rev}


def reset_votes(ctx: ServiceContext, actor: Actor) -> int:
    """Take every vote back; only the facilitator may. Returns the new revision."""
    require_facilitator(actor)
    with changing(ctx, actor) as change:
        change.session.execute(delete(Vote).where(Vote.workshop_id == actor.workshop_id))
        change.session.execute(update(Note).where(Note.workshop_id == actor.workshop_id)
                               .values(votes=0))
        change.session.execute(update(Cluster).where(Cluster.workshop_id == actor.workshop_id)
                               .values(votes=0))
        change.publish(fanout.votes_reset(change.rev))
        change.publish(fanout.votes_progress(votes_progress(
            change.session, actor.workshop_id, change.settings["votes_per_participant"],
            round_start(change.settings))))
    return change.rev


def _set_note_flag(ctx: ServiceContext, actor: Actor, payload, field: str,
                   publish) -> tuple[dict, int]:
    """Set the boolean ``field`` of a note (``hidden``, ``agreement``) as the facilitator
    asks; ``publish(change, note, shown)`` tells the room. Returns (note, rev)."""
    require_facilitator(actor)
    payload = payload_dict(payload)
    note_id = note_id_field(payload)
    value = payload.get(field)
    if not isinstance(value, bool):
        raise BadRequest("bad_field", field=field)
    with changing(ctx, actor) as change:
        note = change.session.get(Note, note_id)
        if note is None or note.workshop_id != actor.workshop_id:
            raise NotFound("note_not_found")
        setattr(note, field, value)
        note.version += 1
        note.updated_at = utcnow()
        shown = note_to_dict(note)
        publish(change, note, shown)
    return shown, change.rev


def hide_note(ctx: ServiceContext, actor: Actor, payload) -> tuple[dict, int]:
    """Hide a note from everyone but the facilitators, or show it again."""
    def publish(change, note, shown):
        change.publish(fanout.note_hidden(shown, change.rev, change.settings, change.counts))
        membership.note_seen_differently(change, note)
    return _set_note_flag(ctx, actor, payload, "hidden", publish)


def mark_agreement(ctx: ServiceContext, actor: Actor, payload) -> tuple[dict, int]:
    """Mark a note as an agreement ("afspraak") of the network, or unmark it; only the
    facilitator may. Sent as ``note:updated`` to whoever may see the note, so a hidden note
    or one of a silent round stays out of view. Raises NotFound for a note of another
    workshop, BadRequest unless ``agreement`` is a boolean."""
    def publish(change, _note, shown):
        change.publish(fanout.note_changed("note:updated", shown, change.rev, change.settings,
                                           change.counts))
    return _set_note_flag(ctx, actor, payload, "agreement", publish)


REMOVE_AT_ONCE_MAX = 1_000  # participants one ``participants:remove`` may name


def remove_participant(ctx: ServiceContext, actor: Actor, payload) -> tuple[str, int]:
    """Remove a participant: their token no longer joins, their devices are disconnected.
    With ``"notes": true`` their notes and votes go too (else they stay). Returns
    (participant id, rev)."""
    payload = payload_dict(payload)
    participant_id = payload.get("id")
    if not isinstance(participant_id, str):
        raise BadRequest("bad_field", field="id")
    removed, rev = remove_participants(ctx, actor, {"ids": [participant_id],
                                                    "notes": payload.get("notes", False)})
    return removed[0], rev


def remove_participants(ctx: ServiceContext, actor: Actor, payload) -> tuple[list, int]:
    """Remove the participants ``ids`` (at most ``REMOVE_AT_ONCE_MAX``) at once, e.g. a burst
    of new identities from one address; with ``"notes": true`` also their notes and votes.
    Only the facilitator may; all or nothing (NotFound if one is not a participant here).
    Returns (ids, rev)."""
    require_facilitator(actor)
    payload = payload_dict(payload)
    ids, with_notes = payload.get("ids"), payload.get("notes", False)
    if not isinstance(ids, list) or not ids or len(ids) > REMOVE_AT_ONCE_MAX \
            or not all(isinstance(i, str) for i in ids):
        raise BadRequest("bad_list", field="ids", max=REMOVE_AT_ONCE_MAX)
    if not isinstance(with_notes, bool):
        raise BadRequest("bad_field", field="notes")
    ids = list(dict.fromkeys(ids))
    with changing(ctx, actor) as change:
        session = change.session
        people = session.scalars(select(Participant).where(
            Participant.id.in_(ids), Participant.workshop_id == actor.workshop_id,
            Participant.is_facilitator.is_(False))).all()
        if len(people) != len(ids):
            raise NotFound("participant_not_found")
        online = ctx.presence.online_participant_ids(actor.workshop_id) - set(ids)
        for person in people:
            person.removed = True
            change.publish(fanout.participant_removed(person.id, person.name, len(online)))
        if with_notes:
            _remove_notes_and_votes(change, actor, ids)
    for participant_id in ids:
        for sid in ctx.presence.sids_of(actor.workshop_id, participant_id):
            # The disconnect handler takes the device out of presence and tells the room.
            ctx.publisher.disconnect(sid)
    return ids, change.rev


def _remove_notes_and_votes(change, actor: Actor, ids: list) -> None:
    """Delete the notes of participants ``ids`` (keeping their ids as deleted) and take back
    their votes, telling the room as for any delete and vote."""
    session = change.session
    votes = session.scalars(select(Vote).where(Vote.workshop_id == actor.workshop_id,
                                               Vote.participant_id.in_(ids))).all()
    voted, voted_clusters = {}, {}
    for given in votes:
        if given.cluster_id is not None:
            voted_clusters[given.cluster_id] = voted_clusters.get(given.cluster_id, 0) + 1
        else:
            voted[given.note_id] = voted.get(given.note_id, 0) + 1
        session.delete(given)
    notes = session.scalars(select(Note).where(Note.workshop_id == actor.workshop_id,
                                               Note.participant_id.in_(ids))).all()
    gone = {note.id for note in notes}
    left = []
    for note in notes:
        left.append(membership.leave_cluster(change, note))
        session.delete(note)
        session.merge(DeletedNote(id=note.id, workshop_id=actor.workshop_id))
        change.publish(fanout.note_deleted(note.id, change.rev, "facilitator",
                                           change.settings, change.counts))
    for note_id, count in voted.items():
        if note_id in gone:
            continue
        note = session.get(Note, note_id)
        note.votes = max(0, note.votes - count)
        change.publish(fanout.note_voted(note_to_dict(note), change.rev, change.settings))
    for cluster_id, count in voted_clusters.items():
        cluster = session.get(Cluster, cluster_id)
        cluster.votes = max(0, cluster.votes - count)
        if cluster_id not in left:
            whole, notes_by_id = membership.cluster_view(change, cluster)
            change.publish(fanout.cluster_voted(whole, notes_by_id, change.rev,
                                                change.settings))
    membership.settle(change, left)


def recent_identities(ctx: ServiceContext, actor: Actor) -> list[dict]:
    """The participants started in the last ``IDENTITY_BURST_WINDOW`` seconds, grouped by the
    network address they came from (shown only as a group, never as the address), the largest
    group first: how a facilitator spots and undoes a burst of made-up identities. Only the
    facilitator may."""
    require_facilitator(actor)
    groups = ctx.limits.new_identities.recent(actor.workshop_id)
    with ctx.db.session() as session:
        live = set(session.scalars(select(Participant.id).where(
            Participant.workshop_id == actor.workshop_id, Participant.removed.is_(False))))
    result = []
    for _, ids in groups:
        ids = [i for i in ids if i in live]
        if ids:
            result.append({"count": len(ids), "participants": ids})
    return result
