"""Templates: plans to start a workshop from (docs/protocol.md, "Templates"). The method's own
are data in canvas/session_templates.py; facilitators can save their workshop's plan as a
template on this server, which every facilitator on the server can then see and use."""
import json
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from canvas import method, session_templates
from canvas.db.models import PlanTemplate, Workshop
from canvas.i18n import normalize_language
from canvas.services import workshops
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


def list_templates(ctx: ServiceContext, lang) -> list[dict]:
    """The method's templates in ``lang``, then those saved on this server, newest first."""
    lang = normalize_language(lang, method.LANGUAGES[0])
    with ctx.db.session() as session:
        rows = session.scalars(select(PlanTemplate).order_by(PlanTemplate.created_at.desc(),
                                                             PlanTemplate.id)).all()
        saved = [_saved(row).to_dict() for row in rows]
    return session_templates.localized(lang) + saved


def template_steps(ctx: ServiceContext, key, lang: str) -> list[dict]:
    """The steps of template ``key`` (the method's in ``lang``, or a saved one as it was
    saved); BadRequest ``unknown_template`` for any other key."""
    if isinstance(key, str) and key in session_templates.TEMPLATES_BY_KEY:
        return session_templates.template_steps(key, lang)
    if isinstance(key, str) and len(key) <= 32:
        with ctx.db.session() as session:
            row = session.get(PlanTemplate, key)
            if row is not None:
                return json.loads(row.steps_json)
    raise BadRequest("unknown_template", field="template")


def create_workshop(ctx: ServiceContext, payload, address: str | None = None):
    """``workshops.create_workshop``, with ``"template": key`` starting its plan from that
    template, in the workshop's language. The template is checked before anything is made."""
    payload = payload_dict(payload)
    steps = None
    if payload.get("template") is not None:
        language = payload.get("language")
        lang = language if language in method.LANGUAGES else method.LANGUAGES[0]
        steps = template_steps(ctx, payload["template"], lang)
    return workshops.create_workshop(ctx, payload, address, plan=steps)


def save_template(ctx: ServiceContext, code, facilitator_key, payload) -> dict:
    """Save the workshop's plan as a template under ``title``; only its facilitator may.
    Raises NotFound, Unauthorized/Forbidden (key), BadRequest (title; ``empty_plan``),
    Conflict ``too_many_templates`` past TEMPLATES_PER_WORKSHOP_MAX for this workshop or
    TEMPLATES_MAX on the server."""
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
