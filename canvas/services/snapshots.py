"""Snapshots: the canvas frozen at a moment, to take home, export and compare.

A snapshot is a dict of plain data (see ``canvas_copy``), the same shape for a stored snapshot
and for the live canvas, so posters, exports and comparisons take either.
"""
import json
from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from canvas.db.models import Note, Snapshot, Workshop
from canvas.i18n import local_time, translate
from canvas.realtime import fanout, visibility
from canvas.services.context import ServiceContext
from canvas.services.errors import Conflict, NotFound
from canvas.services.records import (
    authorize_facilitator,
    find_workshop,
    iso,
    participant_count,
    settings_of,
    workshop_notes,
)
from canvas.services.rules import LABEL_MAX, SNAPSHOTS_PER_WORKSHOP_MAX
from canvas.services.validation import payload_dict, text_field

CURRENT = "current"  # stands for the live canvas where a snapshot id is expected


def canvas_copy(workshop: Workshop, *, label: str, created_at: str, rev: int,
                participants: int, settings: dict, notes: list, snapshot_id=None) -> dict:
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
                       notes=json.loads(row.notes_json), snapshot_id=row.id)


def take_snapshot(ctx: ServiceContext, code, facilitator_key, payload) -> dict:
    """Freeze the canvas under a label; only the facilitator may. Returns its summary.

    Raises NotFound, Unauthorized/Forbidden (key), BadRequest (label) and Conflict
    ``too_many_snapshots`` once the workshop has ``SNAPSHOTS_PER_WORKSHOP_MAX``.
    """
    payload = payload_dict(payload)
    label = text_field(payload, "label", LABEL_MAX, multiline=False) or ""
    with ctx.db.session() as session:
        workshop = authorize_facilitator(session, code, facilitator_key)
        taken = session.scalar(select(func.count()).select_from(Snapshot).where(
            Snapshot.workshop_id == workshop.id))
        if taken >= SNAPSHOTS_PER_WORKSHOP_MAX:
            raise Conflict("too_many_snapshots", max=SNAPSHOTS_PER_WORKSHOP_MAX)
        # Read rev before the notes, as the state does: the copy holds at least that revision.
        rev = workshop.rev
        notes = workshop_notes(session, workshop.id)
        now = datetime.now(UTC).replace(tzinfo=None)
        if not label:
            label = local_time(iso(now))
        row = Snapshot(workshop_id=workshop.id, label=label, created_at=now, rev=rev,
                       participants=participant_count(session, workshop.id),
                       settings_json=json.dumps(settings_of(workshop)),
                       notes_json=json.dumps(notes, ensure_ascii=False))
        session.add(row)
        workshop.last_activity_at = now
        session.commit()
        created = summary(_in_view(_from_row(workshop, row), set(), settings_of(workshop))[0])
        workshop_id = workshop.id
    ctx.publisher.deliver(workshop_id, fanout.snapshot_created(created))
    return created


def list_snapshots(ctx: ServiceContext, code) -> list:
    """Summaries of the workshop's snapshots, oldest first. Raises NotFound.

    Reads only what the list shows: the notes are counted by the database (``_view_counts``),
    never loaded, so listing the snapshots of a large canvas stays cheap."""
    with ctx.db.session() as session:
        workshop = find_workshop(session, code)
        rows = session.execute(
            select(Snapshot.id, Snapshot.label, Snapshot.created_at, Snapshot.rev,
                   Snapshot.participants, Snapshot.settings_json)
            .where(Snapshot.workshop_id == workshop.id)
            .order_by(Snapshot.created_at, Snapshot.id)).all()
        now = settings_of(workshop)
        summaries = []
        for row in rows:
            then = json.loads(row.settings_json)
            silent_since = _silent_round_in_view(then, now)
            notes, cards = _view_counts(session, workshop.id, row.id, silent_since)
            summaries.append({"id": row.id, "label": row.label, "created_at": iso(row.created_at),
                              "rev": row.rev, "participants": row.participants,
                              "notes": notes, "cards": cards})
        return summaries


_NO_SILENT_ROUND = object()


def _silent_round_in_view(then: dict, now: dict):
    """The ``silent_since`` whose notes are still out of view in a snapshot taken with settings
    ``then`` (None: a round from before ``silent_since`` existed, all its notes), or
    ``_NO_SILENT_ROUND``. The same rule as ``_in_view``."""
    if bool(then.get("silent")) and now["silent"] \
            and then.get("silent_since") == now.get("silent_since"):
        return then.get("silent_since")
    return _NO_SILENT_ROUND


def _view_counts(session: Session, workshop_id: int, snapshot_id: int,
                 silent_since) -> tuple[int, int]:
    """(notes, cards) of a stored snapshot in the public view (``_in_view``), counted by the
    database from its JSON: not hidden then or now, not of a silent round still going on."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        elements = "json_each(s.notes_json) AS e"
        field = "json_extract(e.value, '$.{}')"
        is_true = "coalesce(json_extract(e.value, '$.hidden'), 0) = 1"
    else:
        elements = "json_array_elements(CAST(s.notes_json AS json)) AS e(value)"
        field = "(e.value ->> '{}')"
        is_true = "coalesce((e.value ->> 'hidden')::boolean, false)"
    conditions = [f"NOT {is_true}",
                  f"{field.format('id')} NOT IN (SELECT id FROM notes WHERE workshop_id = :w"
                  f" AND hidden = :hidden)"]
    params = {"s": snapshot_id, "w": workshop_id, "hidden": True}
    if silent_since is not _NO_SILENT_ROUND:
        if silent_since is None:
            return 0, 0
        conditions.append(f"{field.format('created_at')} < :since")
        params["since"] = silent_since
    query = (f"SELECT count(*), coalesce(sum(CASE WHEN {field.format('coalition')} IS NOT NULL"
             f" THEN 1 ELSE 0 END), 0) FROM snapshots AS s, {elements}"
             f" WHERE s.id = :s AND " + " AND ".join(conditions))
    notes, cards = session.execute(text(query), params).one()
    return int(notes), int(cards)


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
        row = None
        if isinstance(snapshot_id, str) and snapshot_id.isascii() and snapshot_id.isdigit():
            snapshot_id = int(snapshot_id)
        # Ids are database integers: anything else, or beyond 64 bits, names no snapshot.
        if isinstance(snapshot_id, int) and not isinstance(snapshot_id, bool) \
                and 0 < snapshot_id < 2**63:
            row = session.get(Snapshot, snapshot_id)
        if row is None or row.workshop_id != workshop.id:
            raise NotFound("snapshot_not_found")
        return _in_view(_from_row(workshop, row), _hidden_now(session, workshop),
                        settings_of(workshop))


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
                "silent": bool(then.get("silent")) and now["silent"]
                and then.get("silent_since") == now.get("silent_since")}
    notes = [{**note, "hidden": True} if note["id"] in hidden_now else note
             for note in canvas["notes"]]
    shown = visibility.visible_notes(notes, settings, visibility.PUBLIC)
    in_view = {note["id"] for note in shown}
    return ({**canvas, "settings": settings, "notes": shown},
            {note["id"] for note in notes} - in_view)


def live_canvas(session: Session, workshop: Workshop) -> dict:
    """The canvas as it is now, in the shape of a snapshot (id "current")."""
    rev = workshop.rev
    return canvas_copy(workshop, label=translate("current_canvas", workshop.language),
                       created_at=iso(datetime.now(UTC).replace(tzinfo=None)), rev=rev,
                       participants=participant_count(session, workshop.id),
                       settings=settings_of(workshop), notes=workshop_notes(session, workshop.id),
                       snapshot_id=CURRENT)

