"""Workshops: creating them, finding them by code, joining them, and their state."""
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from canvas import method
from canvas.db.models import Note, Participant, Vote, Workshop, utcnow
from canvas.i18n import normalize_language
from canvas.realtime import visibility
from canvas.services import ServiceContext
from canvas.services.errors import BadRequest, Forbidden, NotFound, Unauthorized
from canvas.services.notes import iso, note_to_dict
from canvas.services.presence import (ROLE_FACILITATOR, ROLE_PARTICIPANT, ROLE_PROJECTOR,
                                      Actor)
from canvas.services.validation import choice_field, payload_dict, text_field

# Join codes: no look-alikes (0/O, 1/I/L), no vowels that spell words by accident besides A/E/U.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
TITLE_MAX = 120
NAME_MAX = 60
LIMITS = {"text": 500, "name": NAME_MAX, "title": TITLE_MAX, "coalition_field": 300}

DEFAULT_SETTINGS = {
    "silent": False,
    "silent_since": None,  # when the silent round going on began (ISO time)
    "locked": False,
    "focus": None,
    "question": None,
    "timer_end": None,
    "votes_per_participant": 0,
    "show_authors": True,
}


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalize_code(code) -> Optional[str]:
    """A typed join code in its stored form (uppercase, no spaces or dashes), or None."""
    if not isinstance(code, str):
        return None
    code = "".join(code.split()).replace("-", "").upper()
    if not 1 <= len(code) <= 12:
        return None
    return code


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@dataclass
class CreatedWorkshop:
    code: str
    title: str
    language: str
    facilitator_key: str  # shown once; only its hash is stored


@dataclass(frozen=True)
class WorkshopInfo:
    id: int
    code: str
    title: str
    language: str


@dataclass
class JoinResult:
    actor: Actor
    state: dict
    participant: Optional[dict]  # {"id", "token", "name"} or None for a projector


def create_workshop(ctx: ServiceContext, payload) -> CreatedWorkshop:
    """Create a workshop. Raises BadRequest for a missing or too long title or a bad language."""
    payload = payload_dict(payload)
    title = text_field(payload, "title", TITLE_MAX, required=True, allow_empty=False,
                       multiline=False)
    language = choice_field(payload, "language", method.LANGUAGES, "unknown_language",
                            default="nl")
    key = secrets.token_urlsafe(24)  # 192 bits
    with ctx.db.session() as session:
        # A fresh code collides with an existing one about once in 10^8 tries; retry if so.
        for _ in range(10):
            workshop = Workshop(code=new_code(), title=title, language=language,
                                facilitator_key_hash=hash_secret(key),
                                settings_json=json.dumps(DEFAULT_SETTINGS))
            session.add(workshop)
            try:
                session.commit()
                break
            except IntegrityError:
                session.rollback()
        else:  # pragma: no cover - needs ten collisions in a row
            raise RuntimeError("could not find a free join code")
        return CreatedWorkshop(workshop.code, workshop.title, workshop.language, key)


def find_workshop(session: Session, code) -> Workshop:
    """The workshop with this join code; NotFound if there is none."""
    normalized = normalize_code(code)
    workshop = None
    if normalized:
        workshop = session.scalar(select(Workshop).where(Workshop.code == normalized))
    if workshop is None:
        raise NotFound("workshop_not_found")
    return workshop


def workshop_info(ctx: ServiceContext, code) -> WorkshopInfo:
    """Code, title and language of a workshop; NotFound if there is none with this code."""
    with ctx.db.session() as session:
        workshop = find_workshop(session, code)
        return WorkshopInfo(workshop.id, workshop.code, workshop.title, workshop.language)


def is_facilitator_key(workshop: Workshop, key) -> bool:
    """Whether ``key`` is this workshop's facilitator key (compared in constant time)."""
    if not isinstance(key, str) or not key or len(key) > 200:
        return False
    return hmac.compare_digest(hash_secret(key), workshop.facilitator_key_hash)


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


def participant_count(session: Session, workshop_id: int) -> int:
    """How many participants (not the facilitator) have joined the workshop so far."""
    return session.scalar(select(func.count()).select_from(Participant).where(
        Participant.workshop_id == workshop_id, Participant.is_facilitator.is_(False)))


def settings_of(workshop: Workshop) -> dict:
    settings = dict(DEFAULT_SETTINGS)
    settings.update(json.loads(workshop.settings_json or "{}"))
    return settings


def build_state(ctx: ServiceContext, session: Session, workshop: Workshop, *, lang: str,
                facilitator: bool, participant_id: Optional[str] = None) -> dict:
    """The workshop as this viewer may see it (docs/protocol.md, "State" and "Who sees what")."""
    settings = settings_of(workshop)
    audience = visibility.FACILITATOR if facilitator else visibility.PUBLIC
    # ``workshop.rev`` was read before the notes: the notes hold at least everything up to it.
    notes = session.scalars(
        select(Note).where(Note.workshop_id == workshop.id).order_by(Note.created_at, Note.id)
    ).all()
    online = ctx.presence.online_participant_ids(workshop.id)
    state = {
        "code": workshop.code,
        "title": workshop.title,
        "language": workshop.language,
        "rev": workshop.rev,
        "created_at": workshop.created_at.isoformat(timespec="seconds") + "Z",
        **method.localized(lang),
        "notes": visibility.visible_notes([note_to_dict(note) for note in notes], settings,
                                          audience, participant_id),
        "settings": settings,
        "online": len(online),
        "limits": LIMITS,
    }
    if settings["silent"] and not facilitator:
        state["counts"] = visibility.counts(
            [{"block": n.block, "hidden": n.hidden, "created_at": iso(n.created_at)}
             for n in notes], settings)
    if facilitator:
        participants = session.scalars(
            select(Participant).where(Participant.workshop_id == workshop.id,
                                      Participant.is_facilitator.is_(False),
                                      Participant.removed.is_(False))
            .order_by(Participant.created_at)
        ).all()
        state["facilitator"] = True
        state["participants"] = [
            {"id": p.id, "name": p.name, "online": p.id in online} for p in participants
        ]
    return state


def get_state(ctx: ServiceContext, code, *, facilitator_key=None, lang=None) -> dict:
    """State for HTTP readers. Raises NotFound for an unknown code, Forbidden for a wrong key."""
    with ctx.db.session() as session:
        workshop = find_workshop(session, code)
        facilitator = False
        if facilitator_key is not None:
            if not is_facilitator_key(workshop, facilitator_key):
                raise Forbidden("bad_facilitator_key")
            facilitator = True
        lang = normalize_language(lang, workshop.language)
        return build_state(ctx, session, workshop, lang=lang, facilitator=facilitator)


def delete_workshop(ctx: ServiceContext, code, facilitator_key) -> None:
    """Delete a workshop with everything in it: notes, participants, snapshots, poster files.
    Only the facilitator may. Raises NotFound, Unauthorized or Forbidden."""
    from canvas.services.posters import delete_files  # posters builds on this module

    with ctx.db.session() as session:
        workshop = authorize_facilitator(session, code, facilitator_key)
        workshop_id, code = workshop.id, workshop.code
        session.delete(workshop)
        session.commit()
    delete_files(ctx, code)
    ctx.publisher.to_workshop(workshop_id, "workshop:deleted", {"code": code})


def purge_idle(ctx: ServiceContext, days: int, *, now=None) -> list[str]:
    """Delete every workshop without activity (no join, note, vote or setting) for ``days``
    days, with everything in it; returns their codes. Run by ``netwerk-canvas purge``."""
    from canvas.services.posters import delete_files

    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise BadRequest("bad_field", field="days")
    cutoff = (now or utcnow()) - timedelta(days=days)
    removed = []
    with ctx.db.session() as session:
        for workshop in session.scalars(select(Workshop).where(
                Workshop.last_activity_at < cutoff)).all():
            removed.append(workshop.code)
            session.delete(workshop)
        session.commit()
    for code in removed:
        delete_files(ctx, code)
    return removed


def join(ctx: ServiceContext, payload) -> JoinResult:
    """Join a workshop as facilitator, projector or participant (docs/protocol.md, ``join``).

    Raises NotFound for an unknown code, Forbidden for a wrong facilitator key and BadRequest
    for malformed fields. An unknown participant token is not an error: it starts a new
    participant, so a device with a stale token can always take part.
    """
    payload = payload_dict(payload)
    code = payload.get("code")
    if code is None:
        raise BadRequest("missing_field", field="code")
    if not isinstance(code, str):
        raise BadRequest("bad_field", field="code")
    name = text_field(payload, "name", NAME_MAX, multiline=False)
    view = choice_field(payload, "view", (ROLE_PARTICIPANT, ROLE_PROJECTOR, ROLE_FACILITATOR),
                        "bad_field", default=ROLE_PARTICIPANT)
    token = payload.get("participant_token")
    if token is not None and not isinstance(token, str):
        raise BadRequest("bad_field", field="participant_token")
    key = payload.get("facilitator_key")
    if key is not None and not isinstance(key, str):
        raise BadRequest("bad_field", field="facilitator_key")

    with ctx.db.session() as session:
        workshop = find_workshop(session, code)
        lang = normalize_language(payload.get("language"), workshop.language)
        if key is not None or view == ROLE_FACILITATOR:
            if not is_facilitator_key(workshop, key):
                raise Forbidden("bad_facilitator_key")
            role = ROLE_FACILITATOR
        elif view == ROLE_PROJECTOR:
            role = ROLE_PROJECTOR
        else:
            role = ROLE_PARTICIPANT

        participant = None
        if role != ROLE_PROJECTOR:
            workshop.last_activity_at = utcnow()  # a workshop people come back to is not idle
            participant = _participant_for(session, workshop, token, name,
                                           facilitator=role == ROLE_FACILITATOR)
        actor = Actor(workshop_id=workshop.id, code=workshop.code, role=role,
                      participant_id=participant["id"] if participant else None,
                      name=participant["name"] if participant else "", lang=lang)
        state = build_state(ctx, session, workshop, lang=lang,
                            facilitator=role == ROLE_FACILITATOR,
                            participant_id=actor.participant_id)
        if role == ROLE_PARTICIPANT:
            state["votes"] = votes_of(session, workshop.id, actor.participant_id)
        return JoinResult(actor=actor, state=state, participant=participant)


def votes_of(session: Session, workshop_id: int, participant_id: str) -> dict:
    """The votes a participant has given: how many in all, and per note."""
    rows = session.execute(select(Vote.note_id, func.count()).where(
        Vote.workshop_id == workshop_id, Vote.participant_id == participant_id)
        .group_by(Vote.note_id)).all()
    by_note = {note_id: count for note_id, count in rows}
    return {"used": sum(by_note.values()), "by_note": by_note}


def _participant_for(session: Session, workshop: Workshop, token, name, *,
                     facilitator: bool) -> dict:
    """The participant that ``token`` names in this workshop, or a new one; commits."""
    participant = None
    if token:
        participant = session.scalar(select(Participant).where(
            Participant.token_hash == hash_secret(token),
            Participant.workshop_id == workshop.id,
            Participant.is_facilitator.is_(facilitator)))
    if participant is not None and participant.removed:
        raise Forbidden("participant_removed")
    if participant is None:
        token = secrets.token_urlsafe(24)
        participant = Participant(id="p-" + secrets.token_urlsafe(9), workshop_id=workshop.id,
                                  token_hash=hash_secret(token), name=name or "",
                                  is_facilitator=facilitator)
        session.add(participant)
    elif name is not None:
        participant.name = name
    participant.last_seen_at = utcnow()
    session.commit()
    return {"id": participant.id, "token": token, "name": participant.name}
