"""Workshops: creating them, finding them by code, joining them, their state, and deleting
them with everything in them."""
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from canvas import method
from canvas.db.models import Participant, Workshop, utcnow
from canvas.i18n import normalize_language
from canvas.realtime import fanout, visibility
from canvas.services import limits
from canvas.services.context import ServiceContext
from canvas.services.errors import BadRequest, Forbidden, NotFound
from canvas.services.files import delete_files
from canvas.services.permissions import (
    ROLE_FACILITATOR,
    ROLE_PARTICIPANT,
    ROLE_PROJECTOR,
    ROLES,
    Actor,
)
from canvas.services.records import (
    DEFAULT_SETTINGS,
    authorize_facilitator,
    find_workshop,
    hash_secret,
    is_facilitator_key,
    is_link_tag,
    link_tag,
    new_code,
    no_votes,
    round_start,
    settings_of,
    vitality_figures,
    vitality_of,
    votes_of,
    votes_progress,
    workshop_clusters,
    workshop_notes,
)
from canvas.services.rules import (
    ACTIVITY_MARK_SECONDS,
    COALITION_FIELD_MAX,
    NAME_MAX,
    TEXT_MAX,
    TITLE_MAX,
)
from canvas.services.validation import choice_field, payload_dict, text_field

# The limits the state tells clients (docs/protocol.md, "State").
STATE_LIMITS = {"text": TEXT_MAX, "name": NAME_MAX, "title": TITLE_MAX,
                "coalition_field": COALITION_FIELD_MAX}


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
    link: str = ""  # the join link's tag (records.link_tag), for the QR code
    # The projector's theme (settings high_contrast, large_text), shown from the first paint.
    theme: tuple[str, ...] = ()


@dataclass
class JoinResult:
    actor: Actor
    state: dict
    participant: dict | None  # {"id", "token", "name"} or None for a projector


def create_workshop(ctx: ServiceContext, payload, address: str | None = None, *,
                    plan=None) -> CreatedWorkshop:
    """Create a workshop for a device at network ``address``, with a session plan if given:
    ``plan(language)`` gives its steps (valid steps, e.g. a template's), asked only once the
    request has passed every check and limit. Raises BadRequest for a missing or too long
    title or a bad language, TooManyRequests ``too_many_workshops`` when the address has
    created many lately (rules.WORKSHOPS_PER_ADDRESS_BURST), and what ``plan`` raises."""
    payload = payload_dict(payload)
    title = text_field(payload, "title", TITLE_MAX, required=True, allow_empty=False,
                       multiline=False)
    language = choice_field(payload, "language", method.LANGUAGES, "unknown_language",
                            default="nl")
    limits.take_workshop_creation(ctx.limits, address)
    # After the limit: an address out of workshops cannot make the server read templates.
    steps = plan(language) if plan else []
    key = secrets.token_urlsafe(24)  # 192 bits
    with ctx.db.session() as session:
        # A fresh code collides with an existing one about once in 10^8 tries; retry if so.
        for _ in range(10):
            workshop = Workshop(code=new_code(), title=title, language=language,
                                facilitator_key_hash=hash_secret(key),
                                settings_json=json.dumps(DEFAULT_SETTINGS),
                                plan_json=json.dumps(steps, ensure_ascii=False))
            session.add(workshop)
            try:
                session.commit()
                break
            except IntegrityError:
                session.rollback()
        else:  # pragma: no cover - needs ten collisions in a row
            raise RuntimeError("could not find a free join code")
        # Its creator's network belongs to it: the facilitator's room is never refused it.
        limits.remember(ctx.limits, address, workshop.code)
        return CreatedWorkshop(workshop.code, workshop.title, workshop.language, key)


def workshop_info(ctx: ServiceContext, code) -> WorkshopInfo:
    """Code, title and language of a workshop; NotFound if there is none with this code."""
    with ctx.db.session() as session:
        workshop = find_workshop(session, code)
        settings = settings_of(workshop)
        theme = tuple(name for name in ("high_contrast", "large_text") if settings.get(name))
        return WorkshopInfo(workshop.id, workshop.code, workshop.title, workshop.language,
                            link_tag(workshop), theme)


def facilitated_workshop(ctx: ServiceContext, code, facilitator_key) -> WorkshopInfo:
    """Code, title and language of a workshop, for its facilitator only.

    Raises NotFound for an unknown code, Unauthorized without a key, Forbidden for a wrong one.
    """
    with ctx.db.session() as session:
        workshop = authorize_facilitator(session, code, facilitator_key)
        return WorkshopInfo(workshop.id, workshop.code, workshop.title, workshop.language,
                            link_tag(workshop))


def build_state(ctx: ServiceContext, session: Session, workshop: Workshop, *, lang: str,
                facilitator: bool, participant_id: str | None = None) -> dict:
    """The workshop as this viewer may see it (docs/protocol.md, "State" and "Who sees what")."""
    settings = settings_of(workshop)
    audience = visibility.FACILITATOR if facilitator else visibility.PUBLIC
    # ``workshop.rev`` was read before the notes: the notes hold at least everything up to it.
    notes = workshop_notes(session, workshop.id)
    # Only facilitators see who is online; the others need the count alone (a smaller read
    # with several processes).
    online = ctx.presence.online_participant_ids(workshop.id) if facilitator else None
    state = {
        "code": workshop.code,
        "title": workshop.title,
        "language": workshop.language,
        "rev": workshop.rev,
        "created_at": workshop.created_at.isoformat(timespec="seconds") + "Z",
        **method.localized(lang),
        "notes": visibility.visible_notes(notes, settings, audience, participant_id),
        "clusters": visibility.visible_clusters(workshop_clusters(session, workshop.id), notes,
                                                settings, audience, participant_id),
        "settings": settings,
        "online": len(online) if facilitator else ctx.presence.online_count(workshop.id),
        "limits": STATE_LIMITS,
        # Totals per block only (docs/protocol.md, "Vitality check"), for every viewer.
        "vitality": vitality_figures(session, workshop.id),
    }
    if settings["silent"] and not facilitator:
        state["counts"] = visibility.counts(notes, settings)
    if facilitator:
        participants = session.scalars(
            select(Participant).where(Participant.workshop_id == workshop.id,
                                      Participant.is_facilitator.is_(False),
                                      Participant.removed.is_(False))
            .order_by(Participant.created_at)
        ).all()
        state["facilitator"] = True
        # The plan is the facilitators' (the room sees the running step in the settings).
        state["plan"] = {"steps": json.loads(workshop.plan_json or "[]")}
        state["votes_progress"] = votes_progress(session, workshop.id,
                                                 settings["votes_per_participant"],
                                                 round_start(settings))
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
    with ctx.db.session() as session:
        workshop = authorize_facilitator(session, code, facilitator_key)
        workshop_id, code = workshop.id, workshop.code
        session.delete(workshop)
        session.commit()
    delete_files(ctx, code)
    ctx.publisher.deliver(workshop_id, fanout.workshop_deleted(code))


def _idle_since(days: int, now=None):
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise BadRequest("bad_field", field="days")
    return (now or utcnow()) - timedelta(days=days)


def idle_workshops(ctx: ServiceContext, days: int, *, now=None) -> list[str]:
    """Codes of the workshops without activity (no join, note, vote or setting) for ``days``
    days."""
    cutoff = _idle_since(days, now)
    with ctx.db.session() as session:
        return list(session.scalars(select(Workshop.code).where(
            Workshop.last_activity_at < cutoff)))


def purge_idle(ctx: ServiceContext, days: int, *, now=None) -> list[str]:
    """Delete every workshop without activity for ``days`` days, with everything in it;
    returns their codes. Run by ``netwerk-canvas purge``."""
    cutoff = _idle_since(days, now)
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


def proves_membership(ctx: ServiceContext, code, *, link=None, facilitator_key=None) -> bool:
    """Whether ``link`` (the join link's tag) or ``facilitator_key`` belongs to the workshop
    ``code``; False also for an unknown code, so the answer tells nothing more."""
    with ctx.db.session() as session:
        try:
            workshop = find_workshop(session, code)
        except NotFound:
            return False
        return is_link_tag(workshop, link) or is_facilitator_key(workshop, facilitator_key)


def join(ctx: ServiceContext, payload, *, proof_required: bool = False,
         connection: str | None = None, address: str | None = None) -> JoinResult:
    """Join a workshop as facilitator, projector or participant (docs/protocol.md, ``join``).

    Raises NotFound for an unknown code, Forbidden for a wrong facilitator key and BadRequest
    for malformed fields. An unknown participant token is not an error: it starts a new
    participant, so a device with a stale token can always take part.

    With ``proof_required`` (the guard against guessing asks for it, limits.py) only a join
    with a valid facilitator key, participant token or join-link tag (``link``) gets in;
    anything else raises NotFound("workshop_not_found"), as an unknown code does.

    A new participant counts against ``connection`` and ``address`` (TooManyRequests
    ``too_many_identities``, canvas/services/limits.py) and is logged for the facilitator's
    view of new identities.
    """
    payload = payload_dict(payload)
    code = payload.get("code")
    if code is None:
        raise BadRequest("missing_field", field="code")
    if not isinstance(code, str):
        raise BadRequest("bad_field", field="code")
    name = text_field(payload, "name", NAME_MAX, multiline=False)
    view = choice_field(payload, "view", ROLES, "bad_field", default=ROLE_PARTICIPANT)
    token = payload.get("participant_token")
    if token is not None and not isinstance(token, str):
        raise BadRequest("bad_field", field="participant_token")
    key = payload.get("facilitator_key")
    if key is not None and not isinstance(key, str):
        raise BadRequest("bad_field", field="facilitator_key")

    link = payload.get("link")
    with ctx.db.session() as session:
        workshop = find_workshop(session, code)
        if proof_required and not (is_link_tag(workshop, link)
                                   or is_facilitator_key(workshop, key)
                                   or _token_holder(session, workshop, token) is not None):
            raise NotFound("workshop_not_found")
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
            # A workshop people come back to is not idle. Marked once in a while, not at every
            # join: writing the workshop's row makes every join of a storm wait for the one
            # before it to commit (on PostgreSQL, a row lock held through each commit's sync).
            now = utcnow()
            if now - workshop.last_activity_at >= timedelta(seconds=ACTIVITY_MARK_SECONDS):
                workshop.last_activity_at = now
            participant = _participant_for(session, workshop, token, name,
                                           facilitator=role == ROLE_FACILITATOR,
                                           connection=connection, address=address,
                                           limits_=ctx.limits)
        actor = Actor(workshop_id=workshop.id, code=workshop.code, role=role,
                      participant_id=participant["id"] if participant else None,
                      name=participant["name"] if participant else "", lang=lang,
                      connection=connection, address=address)
        state = build_state(ctx, session, workshop, lang=lang,
                            facilitator=role == ROLE_FACILITATOR,
                            participant_id=actor.participant_id)
        if role == ROLE_PARTICIPANT and participant["token"] != token:
            # Started just now: no votes or ratings yet (three reads fewer for each person
            # of a join storm).
            state["votes"] = no_votes()
            state["my_vitality"] = {}
        elif role == ROLE_PARTICIPANT:
            state["votes"] = votes_of(session, workshop.id, actor.participant_id,
                                      round_start(state["settings"]))
            state["my_vitality"] = vitality_of(session, workshop.id, actor.participant_id)
        return JoinResult(actor=actor, state=state, participant=participant)


def _token_holder(session: Session, workshop: Workshop, token,
                  facilitator: bool | None = None) -> Participant | None:
    """The participant (or, with ``facilitator``, of that kind) that ``token`` names here."""
    if not token:
        return None
    query = select(Participant).where(Participant.token_hash == hash_secret(token),
                                      Participant.workshop_id == workshop.id)
    if facilitator is not None:
        query = query.where(Participant.is_facilitator.is_(facilitator))
    return session.scalar(query)


def _participant_for(session: Session, workshop: Workshop, token, name, *,
                     facilitator: bool, connection, address, limits_) -> dict:
    """The participant that ``token`` names in this workshop, or a new one; commits."""
    participant = _token_holder(session, workshop, token, facilitator)
    if participant is not None and participant.removed:
        raise Forbidden("participant_removed")
    started = participant is None
    if started and not facilitator:
        limits.take_new_identity(limits_, connection, address, workshop.id)
    if started:
        token = secrets.token_urlsafe(24)
        participant = Participant(id="p-" + secrets.token_urlsafe(9), workshop_id=workshop.id,
                                  token_hash=hash_secret(token), name=name or "",
                                  is_facilitator=facilitator)
        session.add(participant)
    elif name is not None:
        participant.name = name
    session.commit()
    if started and not facilitator:
        limits_.new_identities.add(workshop.id, address, participant.id)
    return {"id": participant.id, "token": token, "name": participant.name}
