// Participant page (/j/<code>), phones first: name, post notes and cards, see and edit your own.
import { boot, t, limits, DEFAULT_COLOR } from './boot.js';
import { $, $$, h } from './dom.js';
import { keys, load, save } from './storage.js';
import { toastError } from './toast.js';
import { Session, bindStatus } from './connection.js';
import { Composer } from './composer.js';
import { NoteForm } from './noteform.js';
import { NoteEditor } from './editor.js';
import { buildList, BoardView } from './render.js';

const code = boot.code;
let name = load(keys.name); // null: never asked on this device
let session = null;
let view = null;
let editor = null;
let form = null;
let filterMine = false;

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

function decorate(note) {
  const store = session.store;
  const showAuthor = store.settings.show_authors !== false;
  if (store.isMine(note)) {
    return {
      mine: true,
      showAuthor,
      signature: `m${showAuthor ? 'a' : ''}`,
      actions: [{ label: t('edit'), icon: 'edit', showLabel: true, onClick: () => editor.open(note.id) }],
    };
  }
  return { showAuthor, signature: showAuthor ? 'a' : '' };
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
  view.options.filter = mine ? (note) => session.store.isMine(note) : null;
  $('#list').classList.toggle('is-filtered', mine);
  view.schedule();
  updateCounts();
}

function showFatal(message) {
  $('#name-step').hidden = true;
  $('#app').hidden = true;
  const main = $('#main');
  main.appendChild(h('section', { class: 'card fatal', role: 'alert' },
    h('h2', { class: 'card__title', text: t('error_title') }),
    h('p', { text: message }),
    h('a', { class: 'button button--primary', href: '/', text: t('back_home') })));
}

function start() {
  session = new Session({
    code,
    view: 'participant',
    tokenKey: keys.token(code),
    payload: () => ({ name: name || '' }),
    onJoined: () => { view.refresh(); updateCounts(); },
    onJoinError: (ack) => {
      if (ack.code === 'workshop_not_found') showFatal(ack.error || t('error.workshop_not_found'));
      else toastError(ack);
    },
  });
  bindStatus(session);
  editor = new NoteEditor(session);
  view = new BoardView(buildList($('#list')), session.store, { decorate, animate: true });
  session.store.subscribe(updateCounts);
  session.start();
}

function init() {
  form = new NoteForm({ help: true, blockStyle: 'segmented', color: load(keys.color) || DEFAULT_COLOR });
  $('#compose-fields').appendChild(form.el);
  new Composer({ form, formElement: $('#compose-form'), button: $('#compose-submit'), getSession: () => session });
  $('#name-form').addEventListener('submit', onNameSubmit);
  $('#change-name').addEventListener('click', showNameStep);
  for (const tab of $$('.tab')) tab.addEventListener('click', () => setFilter(tab.dataset.filter === 'mine'));

  if (name === null) {
    showNameStep();
  } else {
    updateWhoami();
    $('#app').hidden = false;
    start();
  }
}

init();
