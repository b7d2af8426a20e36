"""Snapshots: the canvas frozen at a moment, to take home, export and compare.

A snapshot is a dict of plain data (see ``canvas_copy``), the same shape for a stored snapshot
and for the live canvas, so posters, exports and comparisons take either.
"""
import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from canvas.db.models import Note, Snapshot, Workshop
from canvas.i18n import local_time, translate
from canvas.realtime import fanout, visibility
from canvas.services.context import ServiceContext
from canvas.services.errors import NotFound
from canvas.services.records import (
    authorize_facilitator,
    find_workshop,
    iso,
    participant_count,
    settings_of,
    workshop_notes,
)
from canvas.services.rules import LABEL_MAX
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

    Raises NotFound, Unauthorized/Forbidden (key) and BadRequest (label).
    """
    payload = payload_dict(payload)
    label = text_field(payload, "label", LABEL_MAX, multiline=False) or ""
    with ctx.db.session() as session:
        workshop = authorize_facilitator(session, code, facilitator_key)
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
    """Summaries of the workshop's snapshots, oldest first. Raises NotFound."""
    with ctx.db.session() as session:
        workshop = find_workshop(session, code)
        rows = session.scalars(select(Snapshot).where(Snapshot.workshop_id == workshop.id)
                               .order_by(Snapshot.created_at, Snapshot.id)).all()
        hidden, now = _hidden_now(session, workshop), settings_of(workshop)
        return [summary(_in_view(_from_row(workshop, row), hidden, now)[0]) for row in rows]


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

