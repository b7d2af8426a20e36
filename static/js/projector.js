// Projector page (/p/<code>): the whole sheet at 16:9, live, packed to the screen (arrange.js:
// every note whole and legible, areas too full for that turn pages); join panel; follow me
// (settings.focus: that block large, the others a strip with their counts); spotlight
// (settings.spotlight: one note, card, cluster or block large; a click on a note or a stack does
// the same here); clusters as stacks (stacks.js); the results of a vote (settings.results).
import './hyphenpatterns.js'; // hyphenated from the first layout (hyphenate.js)
import { boot, t, tn, blocks, rules, COALITION_BLOCK } from './boot.js';
import { $, h } from './dom.js';
import { icon } from './icons.js';
import { Countdown, focusOf, formatClock } from './facilitation.js';
import { toastError } from './toast.js';
import { Session, bindStatus } from './connection.js';
import { buildSheet, BoardView } from './render.js';
import { sheetArranger } from './arrange.js';
import { Spotlight } from './spotlight.js';
import { STACK_TOP } from './stacks.js';
import { ResultsView } from './results.js';
import { VitalityChart } from './vitalitychart.js';
import { inSilentRound } from './silence.js';
import { formatCode } from './codes.js';
import { load, save } from './storage.js';
import { showStep } from './plan/stepbanner.js';

const code = boot.code;
const JOIN_PANEL_KEY = `nc:projector-join:${code}`;
const SORT_KEY = `nc:projector-sort:${code}`;
let sortByVotes = false;
// Larger text (settings.large_text): every size the sheet, the spotlight and the results pick
// from the screen's height, times this; the smallest legible note grows with it.
const LARGE_TEXT = 1.25;
const textScale = (settings) => (settings && settings.large_text ? LARGE_TEXT : 1);

/**
 * The projector's theme for a washed-out beamer (settings.high_contrast, settings.large_text):
 * classes on the body, which projector.css reads. Returns whether the text size changed, so
 * that the sheet is arranged again.
 */
function showTheme(settings) {
  const body = document.body;
  body.classList.toggle('theme-contrast', Boolean(settings.high_contrast));
  const large = Boolean(settings.large_text);
  const changed = body.classList.contains('is-large-text') !== large;
  body.classList.toggle('is-large-text', large);
  return changed;
}

function setJoinPanel(visible) {
  $('#proj').classList.toggle('is-join-hidden', !visible);
  $('#join-panel').hidden = !visible;
  const button = $('#toggle-join');
  button.textContent = visible ? t('hide_join') : t('show_join');
  button.setAttribute('aria-expanded', String(visible));
  save(JOIN_PANEL_KEY, visible ? '1' : '0');
}

function toggleJoinPanel() {
  setJoinPanel($('#join-panel').hidden);
  refit();
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
}

function updateFullscreenButton() {
  $('#fullscreen').textContent = document.fullscreenElement ? t('exit_fullscreen') : t('fullscreen');
}

let refit = () => {};

function hideControlsWhenIdle() {
  const proj = $('#proj');
  let timer = 0;
  const wake = () => {
    proj.classList.remove('is-idle');
    window.clearTimeout(timer);
    timer = window.setTimeout(() => proj.classList.add('is-idle'), 3000);
  };
  for (const event of ['mousemove', 'mousedown', 'keydown', 'touchstart', 'focusin']) {
    document.addEventListener(event, wake, { passive: true });
  }
  wake();
}

/** Notes of the silent round per block (the room's counts), or 0. */
const hiddenIn = (store, key) => (store.settings.silent ? Number((store.counts || {})[key]) || 0 : 0);

function updateStats(store) {
  const online = t('online_count', { n: store.online });
  $('#stat-online').textContent = online;
  $('#join-online').textContent = online;
  // In a silent round the projector holds the notes from before it, and only how many were
  // written since.
  const settings = store.settings;
  if (!settings.silent) {
    $('#stat-notes').textContent = tn('notes_count', store.notes.size);
    return;
  }
  const hidden = Object.values(store.counts || {}).reduce((a, n) => a + (Number(n) || 0), 0);
  const shown = store.list((note) => !note.hidden && !inSilentRound(note, settings)).length;
  $('#stat-notes').textContent = tn('notes_count', shown + hidden);
}

/** Most votes first; equal votes keep the order in which the notes were written. */
function byVotes(a, b) {
  return (Number(b.votes) || 0) - (Number(a.votes) || 0);
}

/**
 * Per block: the silent brainstorm's count ("12 notities (verborgen)", only where something is
 * hidden) and the count shown in the strip while another block is in focus.
 */
function addBlockChips(root) {
  const chips = new Map();
  for (const section of root.querySelectorAll('[data-block]')) {
    const hidden = h('p', { class: 'block__hidden', hidden: true });
    section.insertBefore(hidden, section.querySelector('.block__body'));
    const count = h('span', { class: 'block__count' });
    section.querySelector('.block__head').appendChild(count);
    chips.set(section.dataset.block, { hidden, count });
  }
  return chips;
}

function showCounts(store, root, chips) {
  // (The board counts a stack once: the notes are counted here.)
  const perBlock = new Map();
  for (const note of store.list((x) => !x.hidden && !inSilentRound(x, store.settings))) {
    perBlock.set(note.block, (perBlock.get(note.block) || 0) + 1);
  }
  for (const block of blocks) {
    const { hidden, count } = chips.get(block.key);
    const n = hiddenIn(store, block.key);
    hidden.hidden = n === 0;
    hidden.textContent = n ? tn('hidden_count', n) : '';
    const shown = (perBlock.get(block.key) || 0) + n;
    count.textContent = tn(block.key === COALITION_BLOCK ? 'cards_count' : 'notes_count', shown);
  }
}

/** What the sheet shows large: a block in the spotlight, a block in focus, or nothing. */
function modeOf(settings) {
  const spot = settings.spotlight;
  if (spot && typeof spot.block === 'string' && blocks.some((b) => b.key === spot.block)) {
    return { single: spot.block, kind: 'spot' };
  }
  const focus = focusOf(settings);
  if (focus) return { single: focus.key, kind: 'focus' };
  return { single: null, kind: 'sheet' };
}

/** The notes of a cluster this screen shows (not hidden, not in a silent round), in its order. */
const shownNotes = (store, cluster) => store.clusterNotes(cluster)
  .filter((note) => !note.hidden && !inSilentRound(note, store.settings));

/** The settings as the projector shows them: banners, focus, spotlight, lock, counts, sorting. */
function showSettings(store, built, chips, countdown, spotlight, results) {
  const settings = store.settings || {};
  const root = built.root;
  const before = $('#banners').offsetHeight;
  const resized = showTheme(settings);

  const silent = Boolean(settings.silent);
  $('#silent-banner').hidden = !silent;
  root.classList.toggle('is-silent', silent);
  showCounts(store, root, chips);

  const votes = Number(settings.votes_per_participant) || 0;
  const voting = $('#voting-banner');
  voting.hidden = votes === 0;
  voting.textContent = votes ? tn('voting_banner', votes) : '';
  const anyVotes = votes > 0 || store.list((n) => (Number(n.votes) || 0) > 0).length > 0;
  $('#sort-votes').hidden = !anyVotes;

  const focus = focusOf(settings);
  const mode = modeOf(settings);
  const banner = $('#focus-banner');
  banner.hidden = !focus;
  const wasMode = root.dataset.mode || '';
  root.classList.toggle('has-focus', mode.kind === 'focus');
  root.classList.toggle('has-spot-block', mode.kind === 'spot');
  for (const section of root.querySelectorAll('[data-block]')) {
    section.classList.toggle('is-focus', mode.kind === 'focus' && section.dataset.block === mode.single);
    section.classList.toggle('is-spot', mode.kind === 'spot' && section.dataset.block === mode.single);
  }
  root.dataset.mode = `${mode.kind}:${mode.single || ''}`;
  if (focus) {
    $('#focus-block').textContent = focus.block.title;
    $('#focus-pos').textContent = focus.index === null ? '' : t('focus_question_of', { n: focus.index + 1, total: focus.total });
    $('#focus-question').textContent = focus.question || focus.block.question;
    banner.classList.toggle('is-key-question', !focus.question);
  }
  banner.dataset.block = focus ? focus.key : '';

  // A spotlight on a note: shown large if this screen has it (not hidden, not in a silent round).
  const spot = settings.spotlight;
  const note = spot && typeof spot.note === 'string' ? store.notes.get(spot.note) : null;
  const cluster = spot && typeof spot.cluster === 'string' ? store.clusters.get(spot.cluster) : null;
  const members = cluster ? shownNotes(store, cluster) : [];
  const local = spotlight.el.classList.contains('is-local');
  const localCluster = !spot && local && spotlight.el.dataset.cluster ? store.clusters.get(spotlight.el.dataset.cluster) : null;
  if (note && !inSilentRound(note, settings) && !note.hidden) spotlight.show(note);
  else if (members.length) spotlight.showCluster(cluster, members, { score: store.clusterScore(cluster) });
  else if (spot || !local) spotlight.hide();
  else if (localCluster && shownNotes(store, localCluster).length) {
    spotlight.showCluster(localCluster, shownNotes(store, localCluster), { score: store.clusterScore(localCluster), local: true });
  } else if (spotlight.open && !spotlight.el.dataset.cluster && !store.notes.has(spotlight.el.dataset.id)) spotlight.hide();
  else if (spotlight.open && spotlight.el.dataset.cluster) spotlight.hide();
  results.set(settings.results || null);

  $('#lock-badge').hidden = !settings.locked;
  countdown.set(settings.timer_end || null);
  const step = showStep(settings, $('#step-banner'));
  $('#banners').hidden = !silent && votes === 0 && !focus && !step;
  if (resized || $('#banners').offsetHeight !== before || wasMode !== root.dataset.mode) refit();
}

function showTimer(state) {
  const timer = $('#timer');
  const wasHidden = timer.hidden;
  timer.hidden = !state;
  if (state) {
    // Red while "time's up" flashes, then quiet until the facilitator stops the timer.
    timer.classList.toggle('is-over', state.over && !state.past);
    timer.classList.toggle('is-flashing', state.flashing);
    timer.classList.toggle('is-past', state.past);
    $('#timer-text').textContent = state.past ? t('timer_past') : state.over ? t('timer_up') : formatClock(state.left);
  }
  $('#proj').classList.toggle('is-time-up', Boolean(state && state.flashing));
  if (wasHidden !== timer.hidden) refit();
}

function setSort(on, view) {
  sortByVotes = on;
  save(SORT_KEY, on ? '1' : '0');
  const button = $('#sort-votes');
  button.setAttribute('aria-pressed', String(on));
  button.textContent = on ? t('sort_votes_off') : t('sort_votes');
  $('#sheet').classList.toggle('is-sorted', on);
  view.options.sort = on ? byVotes : null;
  view.schedule();
}

/** The join link without "https://", with line-break chances after its slashes. */
function showJoinUrl() {
  const el = $('#join-url');
  const url = (boot.join_url || el.textContent).trim().replace(/^https?:\/\//, '');
  const parts = url.split('/');
  el.replaceChildren(...parts.flatMap((part, i) => (i ? [document.createElement('wbr'), `/${part}`] : [part])));
}

function init() {
  $('#join-code').textContent = formatCode(code, rules.code);
  showJoinUrl();
  setJoinPanel(load(JOIN_PANEL_KEY) !== '0');

  const session = new Session({
    code,
    view: 'projector',
    onJoinError: (ack) => toastError(ack),
  });
  bindStatus(session);
  const built = buildSheet($('#sheet'));
  const store = session.store;
  const decorate = () => {
    const showAuthor = store.settings.show_authors !== false;
    return { showAuthor, dots: true, signature: showAuthor ? 'a' : '' };
  };
  const arranger = sheetArranger(built, {
    mode: () => modeOf(store.settings || {}),
    scale: () => textScale(store.settings),
  });
  const scaled = (sizes) => {
    const k = textScale(store.settings);
    return { min: Math.ceil(sizes.min * k), max: Math.round(sizes.max * k) };
  };
  const spotlight = new Spotlight($('.proj__main'), {
    decorate,
    onClose: () => spotlight.hide(),
    // A cluster's notes share the stage: legible as on the board at least, larger with room.
    sizes: (kind) => scaled(kind === 'cluster'
      ? { min: Math.ceil(window.innerHeight * 0.022), max: Math.round(window.innerHeight * 0.06) }
      : { min: Math.ceil(window.innerHeight * 0.04), max: Math.round(window.innerHeight * 0.085) }),
  });
  // The results: rows read from the back of the room (3 % of the screen's height at least).
  const results = new ResultsView($('.proj__main'), store, {
    visible: (note) => !note.hidden && !inSilentRound(note, store.settings),
    sizes: () => scaled({ min: Math.ceil(window.innerHeight * 0.03), max: Math.round(window.innerHeight * 0.05) }),
  });
  refit = () => { arranger.refit(); spotlight.fit(); results.fit(); };
  // The vitality check: the room's figures per block, over the sheet while the check is open.
  new VitalityChart($('.proj__main'), store);
  const view = new BoardView(built, store, {
    showPrompts: true,
    animate: true,
    delay: 120, // a burst of notes is placed once
    // Silent round: what is written during it stays out of sight until it is revealed.
    filter: (note) => !inSilentRound(note, store.settings),
    decorate,
    // A stack: its first notes (as many as fit: arrange.js), its count and its score.
    decorateCluster: () => ({ top: STACK_TOP, dots: true }),
    place: arranger.place,
  });
  window.addEventListener('resize', refit);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(refit);
  const chips = addBlockChips(built.root);
  $('#timer').prepend(icon('clock', 40));
  $('#lock-badge').prepend(icon('lock', 28));
  for (const placeholder of document.querySelectorAll('.proj__timer-icon, .proj__lock-icon')) placeholder.remove();
  const countdown = new Countdown(showTimer);
  store.subscribe((change) => {
    updateStats(store);
    if (change.type !== 'presence' && change.type !== 'participants') showSettings(store, built, chips, countdown, spotlight, results);
  });
  updateStats(store);
  showSettings(store, built, chips, countdown, spotlight, results);
  setSort(load(SORT_KEY) === '1', view);
  $('#sort-votes').addEventListener('click', () => setSort(!sortByVotes, view));

  // A click on a note shows it large on this screen (not for the room: the facilitator's
  // spotlight does that); a click on the spotlight's background or Escape closes it.
  built.root.addEventListener('click', (event) => {
    const spot = store.settings.spotlight;
    if (spot && (spot.note || spot.cluster)) return;
    const el = event.target.closest('[data-id], [data-cluster]');
    const note = el && el.dataset.id ? store.notes.get(el.dataset.id) : null;
    const cluster = el && el.dataset.cluster ? store.clusters.get(el.dataset.cluster) : null;
    if (note) spotlight.show(note, { local: true });
    else if (cluster && shownNotes(store, cluster).length) {
      spotlight.showCluster(cluster, shownNotes(store, cluster), { score: store.clusterScore(cluster), local: true });
    }
  });

  $('#toggle-join').addEventListener('click', toggleJoinPanel);
  $('#fullscreen').addEventListener('click', toggleFullscreen);
  document.addEventListener('fullscreenchange', () => { updateFullscreenButton(); refit(); });
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Escape' && spotlight.el.classList.contains('is-local')) spotlight.hide();
    else if (event.key === 'j' || event.key === 'J') toggleJoinPanel();
    else if (event.key === 'f' || event.key === 'F') toggleFullscreen();
    else if (event.key === 'v' || event.key === 'V') setSort(!sortByVotes, view);
  });
  hideControlsWhenIdle();
  session.start();
}

init();
