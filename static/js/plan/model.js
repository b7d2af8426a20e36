// A session plan as the pages hold it (docs/protocol.md, "Session plan"): steps, made and moved
// here, sent whole with plan:update. Pure functions of plain data: runs in Node too
// (tests/js/plan.test.mjs), given the method's blocks and plan modes.

export const MODES_WITHOUT_BLOCK = new Set(['vitality']);
export const DEFAULT_DURATION = 300;
export const DEFAULT_VOTES = 3;

/** A fresh step id, unique in the plan (a client-made id, like a note's). */
export function newStepId(taken = new Set()) {
  for (;;) {
    const id = `s-${Math.random().toString(36).slice(2, 8)}`;
    if (!taken.has(id)) return id;
  }
}

/** A new step: open writing on `block` for five minutes. */
export function newStep(block, taken) {
  return { id: newStepId(taken), mode: 'write', block: block || null, subarea: null, question: null,
    duration: DEFAULT_DURATION, instruction: '', votes: null, source: '' };
}

/**
 * A step with one field changed, and what that change implies for the others: a vitality step
 * has no block; a new block drops the sub-area and question of the old one; a vote step has a
 * number of votes, other steps none.
 */
export function withField(step, field, value, firstBlock = null) {
  const next = Object.assign({}, step, { [field]: value });
  if (field === 'mode') {
    if (MODES_WITHOUT_BLOCK.has(value)) Object.assign(next, { block: null, subarea: null, question: null });
    else if (!next.block) next.block = firstBlock;
    next.votes = value === 'vote' ? (Number(step.votes) || DEFAULT_VOTES) : null;
  }
  if (field === 'block' && value !== step.block) Object.assign(next, { subarea: null, question: null });
  return next;
}

/** The list with the step at `from` moved to `to` (both in range; otherwise the same list). */
export function moveStep(steps, from, to) {
  if (from === to || from < 0 || to < 0 || from >= steps.length || to >= steps.length) return steps;
  const next = steps.slice();
  const [step] = next.splice(from, 1);
  next.splice(to, 0, step);
  return next;
}

/** Template steps as a new plan: every step with a fresh id (a second use keeps ids unique). */
export function fromTemplate(steps) {
  const taken = new Set();
  return (steps || []).map((step) => {
    const id = newStepId(taken);
    taken.add(id);
    return Object.assign({}, step, { id });
  });
}

/** "4 min", "1½ min" → whole seconds ≥ 1, null for an empty field (no timer), NaN when unreadable. */
export function parseDuration(text) {
  const value = String(text || '').trim().replace(',', '.');
  if (!value) return null;
  if (!/^\d+(\.\d+)?$/.test(value)) return NaN;
  return Math.max(1, Math.round(Number(value) * 60));
}

/** Seconds as minutes to type in the field ("5", "2.5"), or "" (no timer). */
export function durationText(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const minutes = Math.round((Number(seconds) / 60) * 10) / 10;
  return String(minutes);
}

/** The question a step asks (by its index in the block's questions_all), or null. */
export function stepQuestion(step, blockByKey) {
  const block = step && step.block ? blockByKey.get(step.block) : null;
  if (!block) return null;
  const questions = block.questions_all || [];
  if (Number.isInteger(step.question) && step.question >= 0 && step.question < questions.length) {
    return questions[step.question];
  }
  if (step.subarea) {
    const sub = (block.subareas || []).find((s) => s.key === step.subarea);
    if (sub) return sub.title;
  }
  return null;
}

/** Where a step is in the method: "Identiteit · Passie" or "Identiteit", or "" (vitality). */
export function stepPlace(step, blockByKey) {
  const block = step && step.block ? blockByKey.get(step.block) : null;
  if (!block) return '';
  const sub = step.subarea ? (block.subareas || []).find((s) => s.key === step.subarea) : null;
  return sub ? `${block.title} · ${sub.title}` : block.title;
}
