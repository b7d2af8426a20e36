// Page boot data (embedded by the server as <script type="application/json" id="boot">) and UI text.
const bootElement = document.getElementById('boot');

/** The boot object: page, lang, t (texts), method, rules, and on workshop pages code, title, links. */
export const boot = bootElement ? JSON.parse(bootElement.textContent) : { t: {}, method: {} };
export const lang = boot.lang || document.documentElement.lang || 'nl';
export const method = boot.method || { blocks: [], werkvormen: [], coalition_fields: [], colors: [] };
/** Limits and formats the server enforces (canvas/services/rules.py): lengths, bounds, code format. */
export const rules = boot.rules || { lengths: {}, paper_sizes: [], code: {}, retryable_errors: [] };
export const limits = rules.lengths;

const warned = new Set();

/**
 * A key this page's texts do not have: the page shows the key itself and goes on, and the console
 * says which (once per key). The server sends each page only the keys its scripts name
 * (canvas/web/pagetexts.py), so a key spelled in a way that scan cannot see ends up here.
 */
function missing(key) {
  if (!warned.has(key)) {
    warned.add(key);
    console.warn(`Netwerk Canvas: no text "${key}" in this page's boot data (canvas/web/pagetexts.py)`);
  }
  return key;
}

/** The UI text for `key`, with `{name}` placeholders filled from `params`. Unknown keys give the key. */
export function t(key, params) {
  const text = (boot.t && Object.prototype.hasOwnProperty.call(boot.t, key)) ? boot.t[key] : missing(key);
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match);
}

/** A counted text: `key_one` when n is 1 and that key exists, else `key` with {n}. */
export function tn(key, n, params) {
  const one = `${key}_one`;
  if (n === 1 && boot.t && Object.prototype.hasOwnProperty.call(boot.t, one)) return t(one, params);
  return t(key, Object.assign({ n }, params || {}));
}

export const blocks = method.blocks || [];
export const blockByKey = new Map(blocks.map((b) => [b.key, b]));
export const colors = method.colors || [];
export const colorByKey = new Map(colors.map((c) => [c.key, c]));
export const werkvormByKey = new Map((method.werkvormen || []).map((w) => [w.key, w]));
export const DEFAULT_COLOR = colors.length ? colors[0].key : 'geel';
export const COALITION_BLOCK = (blocks.find((b) => b.is_coalition) || { key: 'coalities' }).key;

/** The paper colour (hex) of a colour key. */
export function colorHex(key) {
  const color = colorByKey.get(key) || colorByKey.get(DEFAULT_COLOR);
  return color ? color.hex : '#fff27a';
}

/** The guiding questions to show for a block and (optional) sub-area. */
export function guidingQuestions(blockKey, subareaKey) {
  const block = blockByKey.get(blockKey);
  if (!block) return [];
  if (subareaKey) {
    const sub = block.subareas.find((s) => s.key === subareaKey);
    if (sub) return sub.questions;
  }
  if (block.questions && block.questions.length) return block.questions;
  // Blocks whose questions live in their sub-areas: all of them, as a reminder.
  return [];
}
