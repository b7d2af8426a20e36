// Where the session is, on the projector and the phones (settings.step, docs/protocol.md
// "Session plan"): "Stap 3 van 8 · Stil schrijven" and the step's instruction. The block's
// guiding question is the focus banner's, the time left the timer's: not repeated here.
import { t, method } from '../boot.js';
import { $ } from '../dom.js';

const modeTitle = (key) => ((method.plan_modes || []).find((m) => m.key === key) || { title: '' }).title;

/** "Stap 3 van 8 · Stil schrijven" for a running step (settings.step), or "". */
export function stepLabel(step) {
  if (!step || !Number.isInteger(step.index)) return '';
  return [t('step_of', { n: step.index + 1, total: step.total }), modeTitle(step.mode)].filter(Boolean).join(' · ');
}

/**
 * Show the running step in `banner` (its #step-pos and #step-instruction), or hide it outside
 * the plan. Returns the step shown, or null.
 */
export function showStep(settings, banner) {
  const step = settings && settings.step && Number.isInteger(settings.step.index) ? settings.step : null;
  banner.hidden = !step;
  if (!step) return null;
  banner.dataset.mode = step.mode || '';
  $('#step-pos', banner).textContent = stepLabel(step);
  const instruction = $('#step-instruction', banner);
  instruction.textContent = step.instruction || '';
  instruction.hidden = !step.instruction;
  return step;
}
