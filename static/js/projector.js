// Projector page (/p/<code>): the whole sheet at 16:9, live, fitted to the screen; join panel.
import { boot, t, tn, blocks, rules } from './boot.js';
import { $, h } from './dom.js';
import { icon } from './icons.js';
import { Countdown, focusOf, formatClock } from './facilitation.js';
import { toastError } from './toast.js';
import { Session, bindStatus } from './connection.js';
import { buildSheet, BoardView } from './render.js';
import { sheetArranger } from './arrange.js';
import { inSilentRound } from './silence.js';
import { formatCode } from './codes.js';
import { load, save } from './storage.js';

const code = boot.code;
const JOIN_PANEL_KEY = `nc:projector-join:${code}`;
const SORT_KEY = `nc:projector-sort:${code}`;
let sortByVotes = false;

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

/** Per block, the silent brainstorm's count in the block's header ("12 notities (verborgen)"). */
function addSilentCounts(root) {
  const chips = new Map();
  for (const section of root.querySelectorAll('[data-block]')) {
    const chip = h('p', { class: 'block__hidden', hidden: true });
    section.insertBefore(chip, section.querySelector('.block__body'));
    chips.set(section.dataset.block, chip);
  }
  return chips;
}

/** The settings as the projector shows them: banners, focus, lock, silent counts, sorting. */
function showSettings(store, built, chips, countdown) {
  const settings = store.settings || {};
  const root = built.root;
  const before = $('#banners').offsetHeight;

  const silent = Boolean(settings.silent);
  $('#silent-banner').hidden = !silent;
  root.classList.toggle('is-silent', silent);
  for (const block of blocks) {
    const chip = chips.get(block.key);
    const n = Number((store.counts || {})[block.key]) || 0;
    chip.hidden = !silent;
    chip.textContent = tn('hidden_count', n);
    chip.classList.toggle('is-zero', n === 0);
  }

  const votes = Number(settings.votes_per_participant) || 0;
  const voting = $('#voting-banner');
  voting.hidden = votes === 0;
  voting.textContent = votes ? tn('voting_banner', votes) : '';
  const anyVotes = votes > 0 || store.list((n) => (Number(n.votes) || 0) > 0).length > 0;
  $('#sort-votes').hidden = !anyVotes;

  const focus = focusOf(settings);
  const banner = $('#focus-banner');
  banner.hidden = !focus;
  root.classList.toggle('has-focus', Boolean(focus));
  for (const section of root.querySelectorAll('[data-block]')) {
    section.classList.toggle('is-focus', Boolean(focus) && section.dataset.block === focus.key);
  }
  if (focus) {
    $('#focus-block').textContent = focus.block.title;
    $('#focus-pos').textContent = focus.index === null ? '' : t('focus_question_of', { n: focus.index + 1, total: focus.total });
    $('#focus-question').textContent = focus.question || focus.block.question;
    banner.classList.toggle('is-key-question', !focus.question);
  }
  banner.dataset.block = focus ? focus.key : '';

  $('#lock-badge').hidden = !settings.locked;
  countdown.set(settings.timer_end || null);
  $('#banners').hidden = !silent && votes === 0 && !focus;
  if ($('#banners').offsetHeight !== before) refit();
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
  // Lay out by demand and fit; a burst of notes is arranged once (see BoardView's delay).
  const arranger = sheetArranger(built, store, { focus: () => store.settings.focus || null });
  refit = arranger.refit;
  const view = new BoardView(built, store, {
    showPrompts: true,
    animate: true,
    delay: 200, // many notes at once: lay out and fit once for the whole burst
    // Silent round: what is written during it stays out of sight until it is revealed.
    filter: (note) => !inSilentRound(note, store.settings),
    decorate: () => {
      const showAuthor = store.settings.show_authors !== false;
      return { showAuthor, dots: true, signature: showAuthor ? 'a' : '' };
    },
    onRendered: () => arranger.arrange(0),
  });
  window.addEventListener('resize', refit);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(refit);
  const chips = addSilentCounts(built.root);
  $('#timer').prepend(icon('clock', 40));
  $('#lock-badge').prepend(icon('lock', 28));
  for (const placeholder of document.querySelectorAll('.proj__timer-icon, .proj__lock-icon')) placeholder.remove();
  const countdown = new Countdown(showTimer);
  store.subscribe((change) => {
    updateStats(store);
    if (change.type !== 'presence' && change.type !== 'participants') showSettings(store, built, chips, countdown);
  });
  updateStats(store);
  showSettings(store, built, chips, countdown);
  setSort(load(SORT_KEY) === '1', view);
  $('#sort-votes').addEventListener('click', () => setSort(!sortByVotes, view));

  $('#toggle-join').addEventListener('click', toggleJoinPanel);
  $('#fullscreen').addEventListener('click', toggleFullscreen);
  document.addEventListener('fullscreenchange', () => { updateFullscreenButton(); refit(); });
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'j' || event.key === 'J') toggleJoinPanel();
    else if (event.key === 'f' || event.key === 'F') toggleFullscreen();
    else if (event.key === 'v' || event.key === 'V') setSort(!sortByVotes, view);
  });
  hideControlsWhenIdle();
  session.start();
}

init();
