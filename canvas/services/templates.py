"""Templates: plans to start a workshop from (docs/protocol.md, "Templates"). The method's own
are data in canvas/session_templates.py; facilitators can save their workshop's plan as a
template on this server. A saved template is listed only to whoever names its key (the
browser that saved it remembers it; a facilitator can pass it on): on a public server, nobody
can put a template in front of everyone else."""
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select, update

from canvas import method, session_templates
from canvas.db.models import PlanTemplate, Workshop, utcnow
from canvas.i18n import normalize_language
from canvas.services import limits, workshops
from canvas.services.changes import commit_or_busy
from canvas.services.context import ServiceContext
from canvas.services.errors import BadRequest, Conflict, NotFound
from canvas.services.records import authorize_facilitator, iso
from canvas.services.rules import TEMPLATES_MAX, TEMPLATES_PER_WORKSHOP_MAX, TITLE_MAX
from canvas.services.validation import payload_dict, text_field


@dataclass
class SavedTemplate:
    key: str
    title: str
    language: str
    steps: list
    created_at: str

    def to_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "about": "", "language": self.language,
                "builtin": False, "steps": self.steps, "created_at": self.created_at}


def _saved(row: PlanTemplate) -> SavedTemplate:
    return SavedTemplate(row.id, row.title, row.language, json.loads(row.steps_json),
                         iso(row.created_at))


SAVED_LISTED_MAX = 20  # saved templates one list may name (what a browser remembers)


def saved_keys(value) -> list[str]:
    """The keys of saved templates a list asks for (``?saved=k1,k2``): at most
    SAVED_LISTED_MAX, each a plausible key; anything else is left out."""
    if not isinstance(value, str):
        return []
    keys = [key for key in value.split(",") if key.startswith("t-") and len(key) <= 32]
    return list(dict.fromkeys(keys))[:SAVED_LISTED_MAX]


def list_templates(ctx: ServiceContext, lang, saved=()) -> list[dict]:
    """The method's templates in ``lang``, then the saved ones named in ``saved`` that exist,
    newest first."""
    lang = normalize_language(lang, method.LANGUAGES[0])
    listed = []
    if saved:
        with ctx.db.session() as session:
            listed = [_saved(row).to_dict() for row in session.scalars(
                select(PlanTemplate).where(PlanTemplate.id.in_(list(saved)))
                .order_by(PlanTemplate.created_at.desc(), PlanTemplate.id))]
    return session_templates.localized(lang) + listed


def template_steps(ctx: ServiceContext, key, lang: str) -> list[dict]:
    """The steps of template ``key``: the method's in ``lang``, or a saved one as it was
    saved; BadRequest ``unknown_template`` for any other key."""
    if isinstance(key, str) and key in session_templates.TEMPLATES_BY_KEY:
        return session_templates.template_steps(key, lang)
    if isinstance(key, str) and key.startswith("t-") and len(key) <= 32:
        with ctx.db.session() as session:
            steps_json = session.scalar(select(PlanTemplate.steps_json)
                                        .where(PlanTemplate.id == key))
        if steps_json is not None:
            return json.loads(steps_json)
    raise BadRequest("unknown_template", field="template")


def _used(ctx: ServiceContext, key) -> None:
    """A saved template started a workshop: it is in use (``purge_unused`` keeps it)."""
    with ctx.db.session() as session:
        session.execute(update(PlanTemplate).where(PlanTemplate.id == key)
                        .values(last_used_at=utcnow()))
        commit_or_busy(session)


def purge_unused(ctx: ServiceContext, days: int, *, now=None) -> int:
    """Forget the saved templates neither saved nor used to start a workshop for ``days``
    days; returns how many. Run by ``netwerk-canvas purge`` with the idle workshops."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    with ctx.db.session() as session:
        removed = session.execute(delete(PlanTemplate).where(
            PlanTemplate.last_used_at < cutoff)).rowcount
        session.commit()
    return removed


def create_workshop(ctx: ServiceContext, payload, address: str | None = None):
    """``workshops.create_workshop``, with ``"template": key`` starting its plan from that
    template, in the workshop's language. The template is read only once the request passed
    the checks and limits of creating a workshop, and a saved one is marked as used only once
    the workshop exists."""
    payload = payload_dict(payload)
    key = payload.get("template")
    if key is None:
        return workshops.create_workshop(ctx, payload, address)
    created = workshops.create_workshop(
        ctx, payload, address, plan=lambda language: template_steps(ctx, key, language))
    if key not in session_templates.TEMPLATES_BY_KEY:
        _used(ctx, key)
    return created


def save_template(ctx: ServiceContext, code, facilitator_key, payload,
                  address: str | None = None) -> dict:
    """Save the workshop's plan as a template under ``title``; only its facilitator may.
    Raises NotFound, Unauthorized/Forbidden (key), BadRequest (title; ``empty_plan``),
    TooManyRequests ``too_many_templates_saved`` past the address's allowance
    (limits.take_template_save), Conflict ``too_many_templates`` past
    TEMPLATES_PER_WORKSHOP_MAX for this workshop or TEMPLATES_MAX on the server."""
    payload = payload_dict(payload)
    title = text_field(payload, "title", TITLE_MAX, required=True, allow_empty=False,
                       multiline=False)
    with ctx.db.session() as session:
        workshop_id = authorize_facilitator(session, code, facilitator_key).id
    with ctx.writes.gate.turn(workshop_id), ctx.db.session() as session:
        workshop = session.get(Workshop, workshop_id)
        if workshop is None:
            raise NotFound("workshop_not_found")
        steps = json.loads(workshop.plan_json or "[]")
        if not steps:
            raise BadRequest("empty_plan")
        count = func.count(PlanTemplate.id)
        if session.scalar(select(count).where(PlanTemplate.workshop_id == workshop_id)) \
                >= TEMPLATES_PER_WORKSHOP_MAX:
            raise Conflict("too_many_templates", max=TEMPLATES_PER_WORKSHOP_MAX)
        if session.scalar(select(count)) >= TEMPLATES_MAX:
            raise Conflict("too_many_templates", max=TEMPLATES_MAX)
        limits.take_template_save(ctx.limits, address)  # only a template saved counts
        row = PlanTemplate(id="t-" + secrets.token_urlsafe(9), title=title,
                           language=workshop.language, steps_json=json.dumps(steps),
                           workshop_id=workshop_id)
        session.add(row)
        commit_or_busy(session)
        return _saved(row).to_dict()


def delete_template(ctx: ServiceContext, code, facilitator_key, key) -> None:
    """Delete a template saved from this workshop; only its facilitator may. NotFound
    ``template_not_found`` for any other (the method's, another workshop's, unknown)."""
    with ctx.db.session() as session:
        workshop = authorize_facilitator(session, code, facilitator_key)
        row = session.get(PlanTemplate, key) if len(key) <= 32 else None
        if row is None or row.workshop_id != workshop.id:
            raise NotFound("template_not_found")
        session.delete(row)
        commit_or_busy(session)
