// Participant page (/j/<code>), phones first: name, post notes and cards, see and edit your own;
// follow the facilitator (focus, question, timer, silent writing, lock) and vote. Notes written
// without a connection wait in the outbox (outbox.js) and are sent once it is back.
import { boot, t, tn, limits, blocks, blockByKey, DEFAULT_COLOR } from './boot.js';
import { $, $$, h } from './dom.js';
import { keys, load, save } from './storage.js';
import { toast, toastError } from './toast.js';
import { icon } from './icons.js';
import { Countdown, focusOf, formatClock } from './facilitation.js';
import { Session, bindStatus } from './connection.js';
import { Composer } from './composer.js';
import { Outbox } from './outbox.js';
import { NoteForm } from './noteform.js';
import { NoteEditor } from './editor.js';
import { buildList, BoardView } from './render.js';
import { inSilentRound } from './silence.js';

const code = boot.code;
let name = load(keys.name); // null: never asked on this device
let session = null;
let view = null;
let editor = null;
let form = null;
let composer = null;
let outbox = null;
let filterMine = false;
let lastFocus;        // the focus this page last followed (undefined before the first state)
let pendingFocus = null; // a focus not followed because the participant was typing

function showNameStep() {
  const step = $('#name-step');
  $('#name-input').value = name || '';
  step.hidden = false;
  if (session) step.classList.add('is-change');
  $('#name-input').focus();
}

function updateWhoami() {
  $('#whoami-text').textContent = name ? t('writing_as', { name }) : t('writing_anonymously');
}

function onNameSubmit(event) {
  event.preventDefault();
  const value = $('#name-input').value.trim().slice(0, limits.name);
  const changed = value !== name;
  name = value;
  save(keys.name, name);
  $('#name-step').hidden = true;
  updateWhoami();
  if (!session) start();
  else if (changed) session.rejoin(); // a new join carries the new name
  $('#app').hidden = false;
}

/** +1 / −1 under a note while voting is open (big enough to tap). */
function voteBar(note) {
  const store = session.store;
  const mine = Number(store.myVotes.by_note[note.id]) || 0;
  const total = Number(note.votes) || 0;
  const none = store.votesLeft() === 0; // nothing left to give: +1 is off (−1 still works)
  return h('div', { class: 'votebar' },
    h('button', { type: 'button', class: 'votebar__button votebar__button--minus', disabled: mine === 0,
      'aria-label': t('vote_take_back'), title: t('vote_take_back'), text: t('vote_minus'),
      on: { click: (event) => { event.stopPropagation(); vote(note.id, false); } } }),
    h('span', { class: 'votebar__count' },
      h('span', { class: 'votebar__total', text: tn('votes_count', total) }),
      mine ? h('span', { class: 'votebar__mine', text: t('votes_mine', { n: mine }) }) : null),
    h('button', { type: 'button', class: 'votebar__button votebar__button--plus', disabled: none,
      'aria-label': t('vote_for'), title: none ? t('votes_none_left') : t('vote_for'), text: t('vote_plus'),
      on: { click: (event) => { event.stopPropagation(); vote(note.id, true); } } }));
}

async function vote(id, up) {
  const store = session.store;
  const ack = await session.request(up ? 'note:vote' : 'note:unvote', { id });
  if (!ack.ok) { toastError(ack); return; }
  const byNote = store.myVotes.by_note;
  byNote[id] = Math.max(0, (Number(byNote[id]) || 0) + (up ? 1 : -1));
  const budget = Number(store.settings.votes_per_participant) || 0;
  if (typeof ack.votes_left === 'number') store.myVotes.used = Math.max(0, budget - ack.votes_left);
  else store.myVotes.used = Math.max(0, (store.myVotes.used || 0) + (up ? 1 : -1));
  store.setVotes(ack.id || id, ack.votes, ack.rev, false);
  view.schedule(); // "n from you" changed even when the count had already arrived
  updateFacilitation();
}

function decorate(note) {
  const store = session.store;
  const settings = store.settings;
  const showAuthor = settings.show_authors !== false;
  const voting = (Number(settings.votes_per_participant) || 0) > 0;
  const flags = `${showAuthor ? 'a' : ''}${voting ? `v${store.myVotes.by_note[note.id] || 0}` : ''}`
    + `${voting && store.votesLeft() === 0 ? 'z' : ''}`;
  const extra = voting ? () => voteBar(note) : null;
  if (note.pending) {
    // Not on the server yet: no votes, no edit (the outbox sends it as it was written).
    return { mine: true, showAuthor, dots: false, classes: 'is-pending', labels: [t('pending_label')],
      signature: `p${flags}` };
  }
  if (store.isMine(note)) {
    return {
      mine: true,
      showAuthor,
      dots: !voting,
      extra,
      signature: `m${flags}${settings.locked ? 'l' : ''}`,
      // A locked canvas cannot be changed: no edit button.
      actions: settings.locked ? [] : [{ label: t('edit'), icon: 'edit', showLabel: true, onClick: () => editor.open(note.id) }],
    };
  }
  return { showAuthor, dots: !voting, extra, signature: flags };
}

/** Whether the participant is writing: focus in the form, or text in it. */
function isTyping() {
  const active = document.activeElement;
  if (active && active.closest && active.closest('#compose-form') && active.matches('textarea, input[type=text], select')) return true;
  if (form.text.value.trim()) return true;
  return Array.from(form.el.querySelectorAll('.nform__coalition textarea')).some((el) => el.value.trim());
}

/** Switch the form to the block in focus (and the sub-area of its question); bring it into view. */
function goToFocus(key, { scroll = true } = {}) {
  showHint(null);
  pendingFocus = null;
  if (!blockByKey.has(key)) return;
  const focus = focusOf(session.store.settings);
  const subarea = focus && focus.key === key ? focus.subarea : null;
  if (form.block !== key || (subarea && form.subarea !== subarea)) {
    form.setBlock(key, subarea || (form.block === key ? form.subarea : null));
    if (form.onChange) form.onChange();
  }
  if (scroll) {
    const target = $('#focus-card').hidden ? $('#compose') : $('#focus-card');
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  }
}

/** The facilitator moved on: follow, unless the participant is typing (then only a hint). */
let lastQuestion = null;

function followFocus(focus, first) {
  const key = focus ? focus.key : null;
  const question = focus ? focus.index : null;
  if (key === lastFocus) {
    // The next guiding question in the same block: follow its sub-area, quietly.
    if (key && question !== lastQuestion && !isTyping() && form.block === key) goToFocus(key, { scroll: false });
    lastQuestion = question;
    return;
  }
  lastFocus = key;
  lastQuestion = question;
  if (!key) { showHint(null); pendingFocus = null; return; }
  if (first) { if (!isTyping()) goToFocus(key, { scroll: false }); return; }
  if (isTyping() && form.block !== key) {
    pendingFocus = key;
    showHint(t('focus_moved', { block: focus.block.title }));
    return;
  }
  goToFocus(key);
}

/**
 * The hint sits in the status bar that stays at the top of the screen, so it is seen where the
 * participant is typing. The bar grows by a row: the field being typed in stays clear of it.
 */
function showHint(text) {
  const hint = $('#focus-hint');
  const field = writingField();
  hint.hidden = !text;
  if (text) $('#focus-hint-text').textContent = text;
  updateStatusBar();
  if (!text || !field) return;
  const barBottom = $('#pstatus').getBoundingClientRect().bottom;
  const rect = field.getBoundingClientRect();
  // Only a field that is (partly) on the screen, now under the bar, is moved down into view.
  if (rect.bottom > barBottom && rect.top < barBottom + 8) {
    window.scrollBy(0, rect.top - barBottom - 8);
  }
}

/** The compose form's field the participant is typing in (else its text field), if shown. */
function writingField() {
  const active = document.activeElement;
  if (active && active.closest && active.closest('#compose-form') && active.matches('textarea, input, select')) return active;
  return form && form.text.offsetParent ? form.text : null;
}

/** Per block in the list: how many notes of others the silent brainstorm still hides. */
function updateHiddenCounts() {
  const store = session.store;
  const silent = Boolean(store.settings.silent);
  for (const block of blocks) {
    const section = $(`#list [data-block="${CSS.escape(block.key)}"]`);
    if (!section) continue;
    let line = section.querySelector('.lblock__hidden');
    if (!line) {
      line = h('p', { class: 'lblock__hidden' });
      section.appendChild(line);
    }
    // The server counts the round's notes, ours among them; waiting notes are not in it yet.
    const mine = store.list((n) => n.block === block.key && store.isMine(n) && !n.pending
      && inSilentRound(n, store.settings)).length;
    const others = silent ? Math.max(0, (Number((store.counts || {})[block.key]) || 0) - mine) : 0;
    line.hidden = others === 0;
    line.textContent = tn('hidden_others', others);
    section.classList.toggle('has-hidden', others > 0);
  }
}

let settingsKey = '';

/** Everything the facilitator's settings change on this page. */
function updateFacilitation() {
  const store = session.store;
  const settings = store.settings || {};
  const first = lastFocus === undefined;
  const focus = focusOf(settings);

  const card = $('#focus-card');
  card.hidden = !focus;
  if (focus) {
    $('#focus-now').textContent = t('focus_now', { block: focus.block.title });
    $('#focus-pos').textContent = focus.index === null ? '' : t('focus_question_of', { n: focus.index + 1, total: focus.total });
    $('#focus-question').textContent = focus.question || focus.block.question;
    card.classList.toggle('is-key-question', !focus.question);
  }
  followFocus(focus, first);

  $('#silent-card').hidden = !settings.silent;
  updateHiddenCounts();

  const locked = Boolean(settings.locked);
  $('#compose-fieldset').disabled = locked;
  $('#locked-message').hidden = !locked;
  $('#compose').classList.toggle('is-locked', locked);
  $('#phone-lock').hidden = !locked;
  // An edit under way stays open with its text; saving waits until the canvas opens again.
  editor.setLocked(locked);

  const budget = Number(settings.votes_per_participant) || 0;
  const left = store.votesLeft();
  $('#voting-card').hidden = budget === 0;
  $('#list').classList.toggle('is-voting', budget > 0);
  $('#voting-title').textContent = budget ? tn('voting_banner', budget) : '';
  const counter = $('#votes-left');
  counter.hidden = budget === 0;
  counter.textContent = tn('votes_left_short', left);
  counter.setAttribute('aria-label', tn('votes_left', left));
  counter.title = tn('votes_left', left);
  counter.classList.toggle('is-empty', left === 0);

  countdown.set(settings.timer_end || null);
  updateStatusBar();

  // Decorations depend on the settings: rebuild the notes when they change.
  const key = `${settings.show_authors !== false}|${locked}|${budget}|${Boolean(settings.silent)}`;
  if (key !== settingsKey) { settingsKey = key; view.refresh(); }
}

function updateStatusBar() {
  $('#pstatus').hidden = $('#phone-timer').hidden && $('#votes-left').hidden && $('#phone-lock').hidden
    && $('#offline-bar').hidden && $('#focus-hint').hidden;
  fitStatusBar();
}

/** Timer, votes and lock share one row; on a very narrow screen the lock gives up its word. */
function fitStatusBar() {
  const bar = $('#pstatus');
  if (bar.hidden) return;
  const pills = Array.from(bar.querySelectorAll('.pstatus__item')).filter((el) => !el.hidden);
  const wraps = () => pills.some((el) => el.offsetTop !== pills[0].offsetTop);
  bar.classList.remove('is-tight');
  if (pills.length > 1 && wraps()) bar.classList.add('is-tight');
}

let lostConnection = false; // the connection dropped (or never came): said until it is back

/**
 * Without a connection the phone says so in plain words, in the status bar that stays in view,
 * with the notes waiting to be sent. (A first connect that simply takes a moment stays quiet.)
 */
function updateOffline() {
  const status = session.status;
  if (status === 'connected' || session.ended) lostConnection = false; // removed: nothing to retry
  else if (status === 'offline' || session.everJoined) lostConnection = true;
  const bar = $('#offline-bar');
  bar.hidden = !lostConnection;
  bar.dataset.state = status;
  const reconnecting = status === 'connecting' && navigator.onLine !== false;
  $('#offline-title').textContent = reconnecting ? t('connecting') : t('offline_short');
  const waiting = outbox ? outbox.size : 0;
  const count = $('#offline-count');
  count.hidden = waiting === 0;
  count.textContent = tn('outbox_count', waiting);
  updateStatusBar();
}

const countdown = new Countdown((state) => {
  const timer = $('#phone-timer');
  timer.hidden = !state;
  if (state) {
    timer.classList.toggle('is-over', state.over);
    timer.classList.toggle('is-flashing', state.flashing);
    $('#phone-timer-text').textContent = state.over ? t('timer_up') : formatClock(state.left);
  }
  updateStatusBar();
});

/** One of our own notes left the canvas, and not by our hand: say so, kindly, to its author. */
function noticeRemovedNote(change) {
  if (change.type !== 'deleted' || !change.previous || change.by !== 'facilitator') return;
  const note = change.previous;
  if (note.pending || !session.store.isMine(note) || editor.wasDeletedHere(change.id)) return;
  const text = note.text.length > 60 ? `${note.text.slice(0, 57).trimEnd()}…` : note.text;
  toast(t('note_removed_by_other', { text }), 'info', { timeout: 7000 });
}

function showRemoved() {
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  showFatal(t('removed_text'), t('removed_title'));
}

/** Which notes the list shows: "my notes" only, and in a silent round none of the notes others
 * write during it (those from before it stay in view). */
function visible(note) {
  const store = session.store;
  if (store.isMine(note)) return true;
  return !filterMine && !inSilentRound(note, store.settings);
}

function updateCounts() {
  const mine = session.store.list((n) => session.store.isMine(n)).length;
  $('#mine-count').textContent = String(mine);
  $('#mine-empty').hidden = !(filterMine && mine === 0);
}

function setFilter(mine) {
  filterMine = mine;
  for (const tab of $$('.tab')) tab.setAttribute('aria-pressed', String((tab.dataset.filter === 'mine') === mine));
  $('#board-title').textContent = mine ? t('my_notes') : t('whole_canvas');
  view.options.filter = visible;
  $('#list').classList.toggle('is-filtered', mine);
  view.schedule();
  updateCounts();
}

function showFatal(message, title = t('error_title')) {
  $('#name-step').hidden = true;
  $('#app').hidden = true;
  const main = $('#main');
  if (main.querySelector('.fatal')) return;
  main.appendChild(h('section', { class: 'card fatal', role: 'alert' },
    h('h2', { class: 'card__title', text: title }),
    h('p', { text: message }),
    h('a', { class: 'button button--primary', href: '/', text: t('back_home') })));
}

function start() {
  session = new Session({
    code,
    view: 'participant',
    tokenKey: keys.token(code),
    payload: () => ({ name: name || '' }),
    onJoined: () => {
      view.refresh(); updateCounts(); updateFacilitation();
      outbox.flush(); // after the join ack: the server knows who we are and the state is fresh
    },
    onJoinError: (ack) => {
      if (ack.code === 'workshop_not_found') showFatal(ack.error || t('error.workshop_not_found'));
      else toastError(ack);
    },
    onRemoved: showRemoved,
  });
  bindStatus(session);
  // A note of ours that the facilitator deletes or hides says so below (not twice).
  editor = new NoteEditor(session, { onDeletedElsewhere: () => {} });
  view = new BoardView(buildList($('#list')), session.store, { decorate, animate: true, filter: visible });
  session.store.subscribe(updateCounts);
  session.store.subscribe(noticeRemovedNote);
  session.store.subscribe((change) => {
    if (change.type === 'settings' || change.type === 'reset' || change.type === 'votes') updateFacilitation();
    else if (change.type !== 'presence') updateHiddenCounts();
  });
  // Created after the view: the notes still waiting from an earlier visit show at once.
  outbox = new Outbox({
    session,
    code,
    author: () => name || '',
    onRefused: (entry, ack) => composer.giveBack(entry, ack),
    onSent: (n) => toast(tn('outbox_sent', n), 'success'),
  });
  composer.outbox = outbox;
  outbox.subscribe(updateOffline);
  session.onStatus(updateOffline);
  updateCounts();
  session.start();
}

function init() {
  form = new NoteForm({ help: true, blockStyle: 'segmented', color: load(keys.color) || DEFAULT_COLOR });
  $('#compose-fields').appendChild(form.el);
  composer = new Composer({ form, formElement: $('#compose-form'), button: $('#compose-submit'), getSession: () => session });
  $('#name-form').addEventListener('submit', onNameSubmit);
  $('#change-name').addEventListener('click', showNameStep);
  $('#focus-go').addEventListener('click', () => goToFocus(pendingFocus || session.store.settings.focus));
  $('#focus-hint-close').addEventListener('click', () => showHint(null));
  $('#phone-timer').prepend(icon('clock', 18));
  $('#phone-lock').prepend(icon('lock', 16));
  for (const tab of $$('.tab')) tab.addEventListener('click', () => setFilter(tab.dataset.filter === 'mine'));
  window.addEventListener('resize', fitStatusBar);

  if (name === null) {
    showNameStep();
  } else {
    updateWhoami();
    $('#app').hidden = false;
    start();
  }
}

init();
