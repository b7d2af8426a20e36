"""The base layer under every use case: finding records, checking keys and codes, reading
settings, and turning rows into the plain data clients receive.

Nothing here changes the database; changes start in canvas/services/changes.py.
"""
import hashlib
import hmac
import json
import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from canvas import method
from canvas.db.models import Cluster, Note, Participant, VitalityRating, Vote, Workshop
from canvas.realtime import visibility
from canvas.services.errors import Forbidden, NotFound, Unauthorized
from canvas.services.rules import CODE_ALPHABET, CODE_LENGTH, normalize_code

DEFAULT_SETTINGS = {
    "silent": False,
    "silent_since": None,  # when the silent round going on began (ISO time)
    "locked": False,
    "focus": None,
    "question": None,
    "timer_end": None,
    "votes_per_participant": 0,
    # When the voting round going on began (ISO time, to the microsecond): each round (voting
    # opened, or a vote step started) gives everyone their budget afresh.
    "votes_since": None,
    "show_authors": True,
    # What the projector shows large: {"note": id} (a note or coalition card) or
    # {"block": key}; null for the canvas.
    "spotlight": None,
    # Participants may group notes into clusters too (a clustering round done by the group).
    "participants_cluster": False,
    # The projector shows the ranked results of voting: {"block": key or null for the whole
    # canvas}; null for the canvas.
    "results": None,
    # The step of the session plan that runs (docs/protocol.md, "Session plan"): a copy of the
    # step with its place, {"index", "total", "mode", "block", "subarea", "question",
    # "duration", "instruction"}; null when the session runs outside the plan.
    "step": None,
    # The vitality check is open: participants rate each block from 1 to 5.
    "vitality": False,
    # The index of the plan's step that ran last, kept when the session leaves the plan, so
    # the facilitator can go on from there.
    "last_step": None,
    # How the projector draws for a washed-out beamer: the high-contrast theme (WCAG AA for
    # every text on every note colour) and larger text (docs/protocol.md, "Facilitation").
    "high_contrast": False,
    "large_text": False,
}


def precise_iso(moment) -> str:
    """A stored time to the microsecond (for what must order against rows written in the
    same second): ``2026-11-23T18:01:02.123456Z``."""
    return moment.isoformat(timespec="microseconds") + "Z"


def round_start(settings: dict):
    """When the voting round going on began (naive UTC, as rows store it), or None (votes of
    every round count, as before rounds were kept apart)."""
    since = settings.get("votes_since")
    return datetime.fromisoformat(since.rstrip("Z")) if since else None


def iso(moment) -> str:
    """A stored (naive UTC) time as clients receive it: ``2026-11-23T18:01:02Z``."""
    return moment.isoformat(timespec="seconds") + "Z"


# Settings.

def parse_settings(settings_json) -> dict:
    """Stored settings with the defaults for what they predate."""
    settings = dict(DEFAULT_SETTINGS)
    settings.update(json.loads(settings_json or "{}"))
    return settings


def settings_of(workshop: Workshop) -> dict:
    return parse_settings(workshop.settings_json)


# Codes and keys.

def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def find_workshop(session: Session, code) -> Workshop:
    """The workshop with this join code (as typed); NotFound if there is none."""
    normalized = normalize_code(code)
    workshop = None
    if normalized:
        workshop = session.scalar(select(Workshop).where(Workshop.code == normalized))
    if workshop is None:
        raise NotFound("workshop_not_found")
    return workshop


def is_facilitator_key(workshop: Workshop, key) -> bool:
    """Whether ``key`` is this workshop's facilitator key (compared in constant time)."""
    if not isinstance(key, str) or not key or len(key) > 200:
        return False
    return hmac.compare_digest(hash_secret(key), workshop.facilitator_key_hash)


def link_tag(workshop: Workshop) -> str:
    """What the join link and its QR code carry besides the code (``?k=``): 64 bits derived
    from the key's hash, which never leaves the server, so only someone who was given the link
    has it. It proves membership to the guard against guessing codes (limits.py)."""
    digest = hmac.new(workshop.facilitator_key_hash.encode("ascii"), b"join-link",
                      hashlib.sha256).hexdigest()
    return digest[:16]


def is_link_tag(workshop: Workshop, tag) -> bool:
    """Whether ``tag`` is this workshop's ``link_tag`` (compared in constant time)."""
    if not isinstance(tag, str) or len(tag) != 16:
        return False
    return hmac.compare_digest(tag, link_tag(workshop))


def authorize_facilitator(session: Session, code, key) -> Workshop:
    """The workshop, if ``key`` is its facilitator key.

    Raises NotFound for an unknown code, Unauthorized without a key, Forbidden for a wrong one.
    """
    workshop = find_workshop(session, code)
    if not key:
        raise Unauthorized("facilitator_key_required")
    if not is_facilitator_key(workshop, key):
        raise Forbidden("bad_facilitator_key")
    return workshop


# Participants and votes.

def participant_count(session: Session, workshop_id: int) -> int:
    """How many participants (not the facilitator) have joined the workshop so far."""
    return session.scalar(select(func.count()).select_from(Participant).where(
        Participant.workshop_id == workshop_id, Participant.is_facilitator.is_(False)))


def in_round(statement, since):
    """``statement`` limited to the votes of the round that began at ``since`` (if any)."""
    return statement if since is None else statement.where(Vote.created_at >= since)


def no_votes() -> dict:
    """What ``votes_of`` answers for a participant who has given no votes."""
    return {"used": 0, "by_note": {}, "by_cluster": {}}


def votes_of(session: Session, workshop_id: int, participant_id: str, since=None) -> dict:
    """The votes a participant has given in this round (``since``, records.round_start): how
    many in all, and per note and cluster."""
    rows = session.execute(in_round(select(Vote.note_id, func.count()).where(
        Vote.workshop_id == workshop_id, Vote.participant_id == participant_id), since)
        .group_by(Vote.note_id)).all()
    by_note = dict(rows)
    by_cluster = dict(session.execute(in_round(select(Vote.cluster_id, func.count()).where(
        Vote.workshop_id == workshop_id, Vote.participant_id == participant_id,
        Vote.cluster_id.is_not(None)), since).group_by(Vote.cluster_id)).all())
    by_note.pop(None, None)  # the votes given to clusters
    return {"used": sum(by_note.values()) + sum(by_cluster.values()), "by_note": by_note,
            "by_cluster": by_cluster}


def votes_progress(session: Session, workshop_id: int, budget: int, since=None) -> dict:
    """How a voting round goes (the one that began at ``since``), for the facilitators: votes
    spent of all the participants' budgets, how many have voted and how many still have votes
    left. Never who voted what."""
    spent = session.scalar(in_round(select(func.count()).select_from(Vote).where(
        Vote.workshop_id == workshop_id), since)) or 0
    participants = session.scalar(select(func.count()).select_from(Participant).where(
        Participant.workshop_id == workshop_id, Participant.is_facilitator.is_(False),
        Participant.removed.is_(False))) or 0
    per_voter = in_round(select(Vote.participant_id, func.count().label("used")).where(
        Vote.workshop_id == workshop_id), since).group_by(Vote.participant_id).subquery()
    voters = session.scalar(select(func.count()).select_from(per_voter)) or 0
    spent_all = session.scalar(select(func.count()).select_from(per_voter).where(
        per_voter.c.used >= budget)) if budget > 0 else 0
    return {"budget": budget, "spent": spent, "participants": participants, "voters": voters,
            "with_votes_left": max(0, participants - (spent_all or 0)) if budget > 0 else 0}


# Notes.

def note_to_dict(note: Note) -> dict:
    """A note as every client receives it (docs/protocol.md, "Note")."""
    coalition = None
    if note.block == method.COALITION_BLOCK:
        coalition = {"werkvorm": note.werkvorm, "ambitie": note.ambitie or "",
                     "kernpartners": note.kernpartners or "", "doelgroep": note.doelgroep or "",
                     # The commitment: who leads, the first step and its date (or null).
                     "trekker": note.trekker or "", "eerste_stap": note.eerste_stap or "",
                     "datum": note.datum}
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
        "cluster_id": note.cluster_id,
        "cluster_pos": note.cluster_pos,
        "hidden": note.hidden,
        "agreement": note.agreement,
        "version": note.version,
        "created_at": iso(note.created_at),
        "updated_at": iso(note.updated_at),
    }


def workshop_notes(session: Session, workshop_id: int) -> list[dict]:
    """Every note of the workshop, oldest first, as clients receive them (unfiltered)."""
    rows = session.scalars(select(Note).where(Note.workshop_id == workshop_id)
                           .order_by(Note.created_at, Note.id)).all()
    return [note_to_dict(note) for note in rows]


# Clusters.

def cluster_to_dict(cluster: Cluster, note_ids: list[str]) -> dict:
    """A cluster as facilitators receive it (docs/protocol.md, "Cluster"): ``note_ids`` in the
    cluster's order. Others receive it through canvas/realtime/visibility.py."""
    return {
        "id": cluster.id,
        "block": cluster.block,
        "subarea": cluster.subarea,
        "title": cluster.title,
        "note_ids": note_ids,
        "votes": cluster.votes,
        "created_at": iso(cluster.created_at),
        "updated_at": iso(cluster.updated_at),
    }


def cluster_note_ids(session: Session, cluster_id: str) -> list[str]:
    """The ids of a cluster's notes, in its order."""
    return list(session.scalars(select(Note.id).where(Note.cluster_id == cluster_id)
                                .order_by(Note.cluster_pos, Note.created_at, Note.id)))


def workshop_clusters(session: Session, workshop_id: int) -> list[dict]:
    """Every cluster of the workshop, oldest first, with its notes in order (unfiltered)."""
    members: dict[str, list[str]] = {}
    for cluster_id, note_id in session.execute(
            select(Note.cluster_id, Note.id)
            .where(Note.workshop_id == workshop_id, Note.cluster_id.is_not(None))
            .order_by(Note.cluster_pos, Note.created_at, Note.id)):
        members.setdefault(cluster_id, []).append(note_id)
    rows = session.scalars(select(Cluster).where(Cluster.workshop_id == workshop_id)
                           .order_by(Cluster.created_at, Cluster.id)).all()
    return [cluster_to_dict(row, members.get(row.id, [])) for row in rows]


def room_counts(session: Session, workshop_id: int, settings: dict) -> dict:
    """Notes of the silent round per block: what the room sees of them. Counted by the one
    rule in canvas/realtime/visibility.py, over the few columns it needs."""
    rows = session.execute(select(Note.block, Note.hidden, Note.created_at)
                           .where(Note.workshop_id == workshop_id)).all()
    return visibility.counts([{"block": block, "hidden": hidden, "created_at": iso(created)}
                              for block, hidden, created in rows], settings)


# Vitality.

VITALITY_SCORES = (1, 2, 3, 4, 5)


def vitality_figures(session: Session, workshop_id: int) -> dict:
    """How the room rates the network per block: {block: {"count", "mean", "histogram":
    [n1, ..., n5]}} for every block (count 0 and mean null where nobody rated it). Only
    totals: never who gave which score."""
    figures = {key: {"count": 0, "mean": None, "histogram": [0] * len(VITALITY_SCORES)}
               for key in method.BLOCK_KEYS}
    for block, score, count in session.execute(
            select(VitalityRating.block, VitalityRating.score, func.count())
            .where(VitalityRating.workshop_id == workshop_id)
            .group_by(VitalityRating.block, VitalityRating.score)):
        if block in figures and score in VITALITY_SCORES:
            figures[block]["histogram"][score - 1] = count
    for figure in figures.values():
        figure["count"] = sum(figure["histogram"])
        if figure["count"]:
            total = sum(score * n for score, n in zip(VITALITY_SCORES, figure["histogram"]))
            figure["mean"] = round(total / figure["count"], 2)
    return figures


def vitality_of(session: Session, workshop_id: int, participant_id: str) -> dict:
    """One participant's own ratings {block: score}: only ever sent to that participant (their
    ``join`` ack), so a reloaded phone shows what it chose."""
    return dict(session.execute(
        select(VitalityRating.block, VitalityRating.score)
        .where(VitalityRating.workshop_id == workshop_id,
               VitalityRating.participant_id == participant_id)).all())
