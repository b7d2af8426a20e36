// Facilitation settings as the pages show them (docs/protocol.md, "Facilitation"): the block in
// focus and its guiding question, and the timer's countdown (timer.js).
import { blockByKey } from './boot.js';

export { Countdown, FLASH_SECONDS, formatClock } from './timer.js';

/** The guiding questions a facilitator steps through in a block (its own, then its sub-areas'). */
export function questionsOf(blockKey) {
  const block = blockByKey.get(blockKey);
  if (!block) return [];
  if (Array.isArray(block.questions_all)) return block.questions_all;
  return [...(block.questions || []), ...(block.subareas || []).flatMap((s) => s.questions || [])];
}

/** The sub-area whose guiding questions hold question `index` of a block (null: the block's own). */
export function subareaOfQuestion(blockKey, index) {
  const block = blockByKey.get(blockKey);
  if (!block || index === null || index === undefined) return null;
  let at = (block.questions || []).length;
  if (index < at) return null;
  for (const sub of block.subareas || []) {
    at += (sub.questions || []).length;
    if (index < at) return sub.key;
  }
  return null;
}

/**
 * The focus of `settings`: null, or {block, key, index, total, question, subarea} where `question`
 * is the current guiding question (null when none is chosen), `index` its position (or null) and
 * `subarea` the sub-area it belongs to (or null).
 */
export function focusOf(settings) {
  const key = settings && settings.focus;
  const block = key ? blockByKey.get(key) : null;
  if (!block) return null;
  const questions = questionsOf(key);
  const index = Number.isInteger(settings.question) && settings.question >= 0
    && settings.question < questions.length ? settings.question : null;
  return { block, key, index, total: questions.length, question: index === null ? null : questions[index],
    subarea: subareaOfQuestion(key, index) };
}

/**
 * Whether after this store change what the settings show may differ: new settings, a join
 * state, or votes (a participant's votes left).
 */
export function changesFacilitation(change) {
  return change.type === 'settings' || change.type === 'reset' || change.type === 'votes';
}
