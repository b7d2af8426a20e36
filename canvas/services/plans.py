"""The session plan: the ordered steps a facilitator composes and runs (docs/protocol.md,
"Session plan").

A step is data (``validate_steps``); running one (``go_step``) is one change of the settings
through the same path as ``workshop:update`` (facilitation.apply_settings), so a step and a
hand-made change reveal notes, open voting and start timers alike. Which step runs is in the
settings (``step``, a copy of it), which every page receives; the plan itself only the
facilitators.
"""
import json

from sqlalchemy import select, update

from canvas import method
from canvas.db.models import Workshop, utcnow
from canvas.i18n import translate
from canvas.realtime import fanout
from canvas.services import facilitation
from canvas.services.changes import bump_rev, changing, commit_or_busy
from canvas.services.context import ServiceContext
from canvas.services.errors import BadRequest, NotFound, ServiceError
from canvas.services.permissions import Actor, require_facilitator
from canvas.services.records import precise_iso, settings_of
from canvas.services.rules import (
    PLAN_STEPS_MAX,
    STEP_INSTRUCTION_MAX,
    STEP_SOURCE_MAX,
    STEP_VOTES_DEFAULT,
    TIMER_MAX_SECONDS,
    VOTES_MAX,
)
from canvas.services.validation import (
    NOTE_ID,
    choice_field,
    int_field,
    payload_dict,
    subarea_field,
    text_field,
)

VITALITY_MODE = "vitality"
VOTE_MODE = "vote"
# What the running step's copy in the settings holds (besides its place, index and total).
RUNNING_FIELDS = ("id", "mode", "block", "subarea", "question", "duration", "instruction",
                  "votes")


class StepError(BadRequest):
    """A step of a plan that is not valid: ``bad_step`` with the step's ``index`` and the
    ``field`` (sent along in the ack), and a message that names the step and the rule it
    broke (the field's own error, e.g. "at most 500 characters")."""

    def __init__(self, index: int, field: str, cause: ServiceError | None = None):
        super().__init__("bad_step", data={"index": index, "field": field},
                         step=index + 1, field=field)
        self.cause = cause

    def message(self, lang: str) -> str:
        text = translate("error.bad_step", lang, **self.params)
        return text + " " + self.cause.message(lang) if self.cause else text


def _step(index: int, raw, seen_ids: set) -> dict:
    """One validated step (see the module's docstring); StepError otherwise."""
    if not isinstance(raw, dict):
        raise StepError(index, "step")
    field = "id"
    try:
        step_id = raw.get("id")
        if not isinstance(step_id, str) or not NOTE_ID.match(step_id) or step_id in seen_ids:
            raise StepError(index, "id")
        field = "mode"
        mode = choice_field(raw, "mode", method.PLAN_MODE_KEYS, "bad_field", required=True)
        field = "block"
        if mode == VITALITY_MODE:
            # The check asks about every block: a vitality step names none (what an editor
            # kept from the step's earlier mode is dropped, with its sub-area and question).
            raw = {**raw, "block": None, "subarea": None, "question": None}
            block = None
        else:
            block = choice_field(raw, "block", method.BLOCK_KEYS, "unknown_block",
                                 required=True)
        field = "subarea"
        subarea = subarea_field(raw, block) if block else None
        if block is None and raw.get("subarea") not in (None, ""):
            raise BadRequest("unknown_subarea", field="subarea")
        field = "question"
        question = None
        if raw.get("question") is not None:
            if block is None:
                raise BadRequest("bad_field", field="question")
            question = int_field(raw, "question", 0, method.QUESTION_COUNTS[block] - 1)
        field = "duration"
        duration = int_field(raw, "duration", 1, TIMER_MAX_SECONDS) \
            if "duration" in raw else None
        field = "instruction"
        instruction = text_field(raw, "instruction", STEP_INSTRUCTION_MAX, default="")
        field = "votes"
        votes = None
        if mode == VOTE_MODE:
            given = int_field(raw, "votes", 1, VOTES_MAX) if "votes" in raw else None
            votes = STEP_VOTES_DEFAULT if given is None else given
        field = "source"
        source = text_field(raw, "source", STEP_SOURCE_MAX, default="")
    except StepError:
        raise
    except BadRequest as error:
        raise StepError(index, field, error) from None
    seen_ids.add(step_id)
    return {"id": step_id, "mode": mode, "block": block, "subarea": subarea,
            "question": question, "duration": duration, "instruction": instruction,
            "votes": votes, "source": source}


def validate_steps(steps) -> list[dict]:
    """The steps of a plan, validated and cleaned (docs/protocol.md, "Step"): at most
    ``PLAN_STEPS_MAX``, ids unique, every field within its rule. Unknown keys are dropped;
    ``votes`` is null outside vote steps (``STEP_VOTES_DEFAULT`` when a vote step names none).

    Raises BadRequest ``bad_field`` (not a list), ``too_many_steps`` (with ``max``) or
    ``bad_step`` (StepError, with ``index`` and ``field``)."""
    if not isinstance(steps, list):
        raise BadRequest("bad_field", field="steps")
    if len(steps) > PLAN_STEPS_MAX:
        raise BadRequest("too_many_steps", data={"max": PLAN_STEPS_MAX}, max=PLAN_STEPS_MAX)
    seen_ids: set = set()
    return [_step(index, raw, seen_ids) for index, raw in enumerate(steps)]


def parse_plan(plan_json) -> list[dict]:
    """A workshop's stored plan (already validated when it was stored)."""
    steps = json.loads(plan_json or "[]")
    return steps if isinstance(steps, list) else []


def running_copy(steps: list[dict], index: int) -> dict:
    """What the settings keep of the running step: its place and what pages show."""
    return {"index": index, "total": len(steps),
            **{key: steps[index].get(key) for key in RUNNING_FIELDS}}


def follow_running(running: dict | None, steps: list[dict]) -> dict | None:
    """The running step's copy after the plan became ``steps``: the same step (by id) at its
    new place and with its new content, or None once it is gone."""
    if not running:
        return None
    for index, step in enumerate(steps):
        if step["id"] == running.get("id"):
            return running_copy(steps, index)
    return None


def step_settings(steps: list[dict], index: int) -> tuple[dict, dict]:
    """What starting step ``index`` of ``steps`` does to the settings (the table in
    docs/protocol.md, "Session plan"): (a ``workshop:update`` payload, settings set as they
    are). ``locked`` and ``show_authors`` are left alone. A discussion shows the block large,
    and the ranked results when a vote on that block came before it in the plan; a vote step
    starts a new round, with everyone's votes afresh."""
    step = steps[index]
    mode, block = step["mode"], step["block"]
    if mode == VITALITY_MODE:
        block = None
    voted = any(earlier["mode"] == VOTE_MODE and earlier["block"] == block
                for earlier in steps[:index])
    payload = {
        "focus": block,
        "question": step["question"] if block else None,
        "silent": mode == "silent",
        "participants_cluster": mode == "cluster",
        "votes_per_participant": step["votes"] if mode == VOTE_MODE else 0,
        "spotlight": {"block": block} if mode == "discuss" else None,
        "results": {"block": block} if mode == "discuss" and voted else None,
        "timer_seconds": step["duration"],
    }
    fixed = {"vitality": mode == VITALITY_MODE, "last_step": index}
    if mode == VOTE_MODE:
        fixed["votes_since"] = precise_iso(utcnow())
    return payload, fixed


def update_plan(ctx: ServiceContext, actor: Actor, payload) -> list[dict]:
    """Store the workshop's plan (``plan:update``); only the facilitator may. Returns the
    validated steps. The facilitators receive ``plan:updated``.

    The plan is not part of what the room sees, so storing it makes no revision (participants
    would see a gap in ``rev`` and fetch the state again). Only when a step runs and the new
    plan moves, edits or removes it does its copy in the settings change: then this is a
    settings change with a revision, and everyone receives ``workshop:updated``. The running
    step's settings are not applied again (that is ``plan:go``).

    Raises Forbidden (not the facilitator), BadRequest (``validate_steps``), NotFound (the
    workshop is gone), ServiceUnavailable ``busy``."""
    require_facilitator(actor)
    payload = payload_dict(payload)
    if "steps" not in payload:
        raise BadRequest("missing_field", field="steps")
    steps = validate_steps(payload["steps"])
    workshop_id = actor.workshop_id
    with ctx.writes.gate.turn(workshop_id), ctx.db.session() as session:
        # Locked for update: a plan:go from another process cannot start a step in between.
        workshop = session.scalar(select(Workshop).where(Workshop.id == workshop_id)
                                  .with_for_update())
        if workshop is None:
            raise NotFound("workshop_not_found")
        workshop.plan_json = json.dumps(steps, ensure_ascii=False)
        deliveries = fanout.plan_updated(steps)
        running = settings_of(workshop)["step"]
        followed = follow_running(running, steps)
        if followed != running:
            rev, before = bump_rev(session, workshop_id)
            settings = {**before, "step": followed}
            session.execute(update(Workshop).where(Workshop.id == workshop_id)
                            .values(settings_json=json.dumps(settings)))
            deliveries += fanout.settings_changed(before, settings, rev, list)
        commit_or_busy(session)
    ctx.publisher.deliver(workshop_id, deliveries)
    return steps


def go_step(ctx: ServiceContext, actor: Actor, payload) -> tuple[dict, int]:
    """Start step ``n`` of the plan (``plan:go {"step": n}``), or leave the plan
    (``{"step": null}``: no step runs, the other settings stay); only the facilitator may.
    One settings change: everyone receives ``workshop:updated`` and what follows it (a reveal,
    a voting round). Returns (settings, rev).

    Raises Forbidden, BadRequest ``step_out_of_range`` (with ``max``, the last index) or
    ``bad_field``, NotFound, ServiceUnavailable ``busy``."""
    require_facilitator(actor)
    payload = payload_dict(payload)
    if "step" not in payload:
        raise BadRequest("missing_field", field="step")
    index = payload["step"]
    if index is not None and (isinstance(index, bool) or not isinstance(index, int)):
        raise BadRequest("bad_field", field="step")
    with changing(ctx, actor) as change:
        if index is None:
            settings = facilitation.apply_settings(change, {}, {"step": None})
        else:
            steps = parse_plan(change.session.scalar(
                select(Workshop.plan_json).where(Workshop.id == actor.workshop_id)))
            if not 0 <= index < len(steps):
                raise BadRequest("step_out_of_range", data={"max": len(steps) - 1},
                                 max=len(steps) - 1, total=len(steps))
            asked, fixed = step_settings(steps, index)
            settings = facilitation.apply_settings(
                change, asked, {**fixed, "step": running_copy(steps, index)})
    return settings, change.rev
