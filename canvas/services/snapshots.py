"""Snapshots: the canvas frozen at a moment, to take home, export and compare.

A snapshot is a dict of plain data (see ``canvas_copy``), the same shape for a stored snapshot
and for the live canvas, so posters, exports and comparisons take either.
"""
import json
from datetime import UTC, datetime

from sqlalchemy import case, func, insert, select
from sqlalchemy.orm import Session

from canvas.db.models import Note, Snapshot, SnapshotNote, Workshop
from canvas.i18n import local_time, translate
from canvas.realtime import fanout, visibility
from canvas.services.changes import commit_or_busy
from canvas.services.context import ServiceContext
from canvas.services.errors import Conflict, NotFound
from canvas.services.records import (
    authorize_facilitator,
    find_workshop,
    iso,
    participant_count,
    settings_of,
    vitality_figures,
    workshop_clusters,
    workshop_notes,
)
from canvas.services.rules import LABEL_MAX, SNAPSHOTS_PER_WORKSHOP_MAX
from canvas.services.validation import payload_dict, text_field

CURRENT = "current"  # stands for the live canvas where a snapshot id is expected


def canvas_copy(workshop: Workshop, *, label: str, created_at: str, rev: int,
                participants: int, settings: dict, notes: list, clusters: list,
                snapshot_id=None, vitality: dict | None = None) -> dict:
    return {
        "id": snapshot_id,
        "workshop": {"code": workshop.code, "title": workshop.title,
                     "language": workshop.language},
        "label": label,
        "created_at": created_at,
        "rev": rev,
        "participants": participants,
        "settings": settings,
        "notes": notes,
        "clusters": clusters,
        # The vitality check's figures per block (records.vitality_figures); {} for none.
        "vitality": vitality or {},
    }


def shown_notes(snapshot: dict) -> list:
    """The snapshot's notes as they leave the server: without owner ids or moderation flags
    (``get_canvas`` has already left out what the public may not see)."""
    private = ("participant_id", "hidden")
    return [{k: v for k, v in note.items() if k not in private} for note in snapshot["notes"]]


def summary(snapshot: dict) -> dict:
    """What the list of snapshots shows of one: counted as its poster and the projector show
    it (pass the public view, ``_in_view``)."""
    notes = snapshot["notes"]
    return {"id": snapshot["id"], "label": snapshot["label"],
            "created_at": snapshot["created_at"], "rev": snapshot["rev"],
            "participants": snapshot["participants"], "notes": len(notes),
            "cards": sum(1 for n in notes if n["coalition"] is not None)}


def _from_row(workshop: Workshop, row: Snapshot) -> dict:
    return canvas_copy(workshop, label=row.label, created_at=iso(row.created_at), rev=row.rev,
                       participants=row.participants, settings=json.loads(row.settings_json),
                       notes=json.loads(row.notes_json),
                       clusters=json.loads(row.clusters_json or "[]"), snapshot_id=row.id,
                       vitality=json.loads(row.vitality_json or "{}"))


def _shown_counts(notes: list, settings: dict) -> tuple[dict, list]:
    """What a snapshot of ``notes`` taken with ``settings`` stores for its list: its counts
    (``Snapshot.notes_shown`` ...) and the notes it shows (``SnapshotNote`` rows), by the rule
    of canvas/realtime/visibility.py."""
    shown = [{"note_id": note["id"], "card": note["coalition"] is not None,
              "silent": visibility.in_silent_round(note, settings)}
             for note in notes if not note["hidden"]]
    counts = {"notes_shown": len(shown), "cards_shown": sum(n["card"] for n in shown),
              "notes_silent": sum(n["silent"] for n in shown),
              "cards_silent": sum(n["card"] and n["silent"] for n in shown)}
    return counts, shown


def take_snapshot(ctx: ServiceContext, code, facilitator_key, payload) -> dict:
    """Freeze the canvas under a label; only the facilitator may. Returns its summary.

    The canvas is read first; the snapshot is then written in the workshop's turn to write
    (``FairWriteGate``), so taking snapshots of a large canvas cannot keep other workshops
    from writing.

    Raises NotFound, Unauthorized/Forbidden (key), BadRequest (label), Conflict
    ``too_many_snapshots`` once the workshop has ``SNAPSHOTS_PER_WORKSHOP_MAX``, and
    ServiceUnavailable ``busy`` (retryable) if the turn to write does not come in time.
    """
    payload = payload_dict(payload)
    label = text_field(payload, "label", LABEL_MAX, multiline=False) or ""
    with ctx.db.session() as session:
        workshop = authorize_facilitator(session, code, facilitator_key)
        workshop_id = workshop.id
        if _snapshot_count(session, workshop_id) >= SNAPSHOTS_PER_WORKSHOP_MAX:
            raise Conflict("too_many_snapshots", max=SNAPSHOTS_PER_WORKSHOP_MAX)
        # Read rev before the notes, as the state does: the copy holds at least that revision.
        rev = workshop.rev
        notes = workshop_notes(session, workshop_id)
        clusters = workshop_clusters(session, workshop_id)
        settings = settings_of(workshop)
        participants = participant_count(session, workshop_id)
        vitality = vitality_figures(session, workshop_id)
    counts, shown = _shown_counts(notes, settings)
    notes_json = json.dumps(notes, ensure_ascii=False)
    now = datetime.now(UTC).replace(tzinfo=None)
    with ctx.writes.gate.turn(workshop_id), ctx.db.session() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:  # deleted meanwhile
            raise NotFound("workshop_not_found")
        # Counted again in the turn: two snapshots taken at once never pass the limit.
        if _snapshot_count(session, workshop_id) >= SNAPSHOTS_PER_WORKSHOP_MAX:
            raise Conflict("too_many_snapshots", max=SNAPSHOTS_PER_WORKSHOP_MAX)
        row = Snapshot(workshop_id=workshop_id, label=label or local_time(iso(now)),
                       created_at=now, rev=rev, participants=participants,
                       settings_json=json.dumps(settings), notes_json=notes_json,
                       clusters_json=json.dumps(clusters, ensure_ascii=False),
                       vitality_json=json.dumps(vitality), **counts)
        session.add(row)
        session.flush()
        if shown:
            session.execute(insert(SnapshotNote),
                            [{"snapshot_id": row.id, **note} for note in shown])
        workshop.last_activity_at = now
        commit_or_busy(session)
        created = _summary_of(row, counts, in_silent_round=bool(settings.get("silent")))
    ctx.publisher.deliver(workshop_id, fanout.snapshot_created(created))
    return created


def _snapshot_count(session: Session, workshop_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Snapshot).where(
        Snapshot.workshop_id == workshop_id))


def _summary_of(row, counts: dict, *, in_silent_round: bool) -> dict:
    """The list's entry of a snapshot: its stored ``counts`` less those of the silent round
    it was taken in, while that round lasts (``counts`` may already have notes hidden since
    taken off)."""
    notes, cards = counts["notes_shown"], counts["cards_shown"]
    if in_silent_round:
        notes, cards = notes - counts["notes_silent"], cards - counts["cards_silent"]
    return {"id": row.id, "label": row.label, "created_at": iso(row.created_at),
            "rev": row.rev, "participants": row.participants, "notes": notes, "cards": cards}


def list_snapshots(ctx: ServiceContext, code) -> list:
    """Summaries of the workshop's snapshots, oldest first, counted as each snapshot's page
    and poster show it (``_in_view``). Raises NotFound.

    Reads only what the list shows: the counts stored with each snapshot, less the notes it
    shows that the facilitator has hidden since (one query over the workshop's hidden notes,
    ``SnapshotNote``); never the snapshots' notes, so listing the snapshots of a large canvas
    stays cheap."""
    with ctx.db.session() as session:
        workshop = find_workshop(session, code)
        rows = session.execute(
            select(Snapshot.id, Snapshot.label, Snapshot.created_at, Snapshot.rev,
                   Snapshot.participants, Snapshot.settings_json, Snapshot.notes_shown,
                   Snapshot.cards_shown, Snapshot.notes_silent, Snapshot.cards_silent)
            .where(Snapshot.workshop_id == workshop.id)
            .order_by(Snapshot.created_at, Snapshot.id)).all()
        hidden_since = {
            (snapshot_id, silent): (notes, cards or 0)
            for snapshot_id, silent, notes, cards in session.execute(
                select(SnapshotNote.snapshot_id, SnapshotNote.silent, func.count(),
                       func.sum(case((SnapshotNote.card, 1), else_=0)))
                .join(Note, Note.id == SnapshotNote.note_id)
                .where(Note.workshop_id == workshop.id, Note.hidden.is_(True))
                .group_by(SnapshotNote.snapshot_id, SnapshotNote.silent))}
        now = settings_of(workshop)
        summaries = []
        for row in rows:
            counts = {"notes_shown": row.notes_shown, "cards_shown": row.cards_shown,
                      "notes_silent": row.notes_silent, "cards_silent": row.cards_silent}
            for silent in (False, True):
                notes, cards = hidden_since.get((row.id, silent), (0, 0))
                counts["notes_shown"] -= notes
                counts["cards_shown"] -= cards
                if silent:
                    counts["notes_silent"] -= notes
                    counts["cards_silent"] -= cards
            then = json.loads(row.settings_json)
            summaries.append(_summary_of(row, counts, in_silent_round=_silent_round_goes_on(
                then, now)))
        return summaries


def _silent_round_goes_on(then: dict, now: dict) -> bool:
    """Whether the silent round going on when a snapshot was taken (settings ``then``) still
    goes on: its notes are then still out of the snapshot's view. The rule of ``_in_view``."""
    return bool(then.get("silent")) and now["silent"] \
        and then.get("silent_since") == now.get("silent_since")


def get_canvas(ctx: ServiceContext, code, snapshot_id) -> dict:
    """A stored snapshot, or the live canvas for ``snapshot_id == "current"``, as anyone with
    the code may see it: without hidden notes, without notes of a silent brainstorm that was
    not revealed, without authors when they were hidden (canvas/realtime/visibility.py).

    Raises NotFound for an unknown workshop or snapshot (also one of another workshop).
    """
    return canvas_in_view(ctx, code, snapshot_id)[0]


def canvas_in_view(ctx: ServiceContext, code, snapshot_id) -> tuple[dict, set]:
    """``get_canvas``, and the ids of the notes it held that are out of view (hidden, in a
    silent round): ids only, so that a comparison can tell a note shown again from a new one
    without showing what it said while it was hidden."""
    with ctx.db.session() as session:
        workshop = find_workshop(session, code)
        if snapshot_id == CURRENT:
            canvas = live_canvas(session, workshop)
            return _in_view(canvas, set(), canvas["settings"])
        row = _snapshot_row(session, workshop, snapshot_id)
        return _in_view(_from_row(workshop, row), _hidden_now(session, workshop),
                        settings_of(workshop))


def _snapshot_row(session: Session, workshop: Workshop, snapshot_id) -> Snapshot:
    """The stored snapshot ``snapshot_id`` (a string or integer id) of this workshop; NotFound
    for anything else."""
    row = None
    if isinstance(snapshot_id, str) and snapshot_id.isascii() and snapshot_id.isdigit():
        snapshot_id = int(snapshot_id)
    # Ids are database integers: anything else, or beyond 64 bits, names no snapshot.
    if isinstance(snapshot_id, int) and not isinstance(snapshot_id, bool) \
            and 0 < snapshot_id < 2**63:
        row = session.get(Snapshot, snapshot_id)
    if row is None or row.workshop_id != workshop.id:
        raise NotFound("snapshot_not_found")
    return row


def _hidden_now(session: Session, workshop: Workshop) -> set:
    return set(session.scalars(select(Note.id).where(Note.workshop_id == workshop.id,
                                                     Note.hidden.is_(True))))


def _in_view(canvas: dict, hidden_now: set, now: dict) -> tuple[dict, set]:
    """The canvas as anyone with the code may see it, and the ids it left out.

    A stored snapshot shown today follows what the facilitator decided since it was taken: a
    note hidden later is hidden in it too, authors hidden now are hidden in it too, and notes of
    a silent brainstorm count as revealed once that round is over."""
    then = canvas["settings"]
    settings = {**then,
                "show_authors": then.get("show_authors", True) and now["show_authors"],
                # Still the same silent round: its notes stay out of view.
                "silent": _silent_round_goes_on(then, now)}
    notes = [{**note, "hidden": True} if note["id"] in hidden_now else note
             for note in canvas["notes"]]
    shown = visibility.visible_notes(notes, settings, visibility.PUBLIC)
    in_view = {note["id"] for note in shown}
    clusters = visibility.visible_clusters(canvas.get("clusters", []), notes, settings,
                                           visibility.PUBLIC)
    return ({**canvas, "settings": settings, "notes": shown, "clusters": clusters},
            {note["id"] for note in notes} - in_view)


def live_canvas(session: Session, workshop: Workshop) -> dict:
    """The canvas as it is now, in the shape of a snapshot (id "current")."""
    rev = workshop.rev
    return canvas_copy(workshop, label=translate("current_canvas", workshop.language),
                       created_at=iso(datetime.now(UTC).replace(tzinfo=None)), rev=rev,
                       participants=participant_count(session, workshop.id),
                       settings=settings_of(workshop), notes=workshop_notes(session, workshop.id),
                       clusters=workshop_clusters(session, workshop.id), snapshot_id=CURRENT,
                       vitality=vitality_figures(session, workshop.id))

