// Facilitator page (/f/<code>): the live board with moderation, links, presence, add a note.
import { boot, t, tn } from './boot.js';
import { $, h } from './dom.js';
import { keys, load, save } from './storage.js';
import { toastError } from './toast.js';
import { Session, bindStatus } from './connection.js';
import { buildSheet, BoardView } from './render.js';
import { NoteForm } from './noteform.js';
import { NoteEditor } from './editor.js';
import { Composer } from './composer.js';
import { bindCopyButtons } from './copy.js';
import { formatCode, normalizeCode } from './codes.js';
import { SnapshotPanel } from './snapshotpanel.js';
import { deleteWorkshop } from './deleteworkshop.js';
import { showWorkshopDeleted } from './gone.js';

const code = boot.code;
let session = null;
let deleting = false; // this page deletes the workshop: its own workshop:deleted is expected

/** The key from "#key=…" in the address: kept in local storage, then removed from the address bar. */
function takeKeyFromHash() {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash) return;
  const key = new URLSearchParams(hash).get('key');
  if (key) save(keys.facilitatorKey(code), key);
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
}

/** A pasted facilitator link or a bare key → {code, key}. */
function parseKeyInput(value) {
  const text = value.trim();
  if (!text) return null;
  const hashAt = text.indexOf('#');
  if (hashAt >= 0) {
    const key = new URLSearchParams(text.slice(hashAt + 1)).get('key');
    const match = text.slice(0, hashAt).match(/\/f\/([A-Za-z0-9]+)\/?$/);
    return key ? { key, code: match ? normalizeCode(match[1]) : code } : null;
  }
  const bare = text.replace(/^key=/, '');
  return /^[A-Za-z0-9_\-.~]+$/.test(bare) ? { key: bare, code } : null;
}

function showNeedKey(message) {
  $('#fac').hidden = true;
  $('#need-key').hidden = false;
  const error = $('#key-error');
  error.hidden = !message;
  error.textContent = message || '';
  $('#key-input').focus();
}

function onKeySubmit(event) {
  event.preventDefault();
  const parsed = parseKeyInput($('#key-input').value);
  if (!parsed) { showNeedKey(t('error.bad_facilitator_key')); return; }
  save(keys.facilitatorKey(parsed.code), parsed.key);
  if (parsed.code !== code) { window.location.assign(`/f/${encodeURIComponent(parsed.code)}`); return; }
  $('#need-key').hidden = true;
  start(parsed.key);
}

function renderPeople() {
  const store = session.store;
  const counts = new Map();
  for (const note of store.notes.values()) {
    if (note.participant_id) counts.set(note.participant_id, (counts.get(note.participant_id) || 0) + 1);
  }
  const me = store.me ? store.me.id : null;
  const people = Array.from(store.participants.values()).filter((p) => p.id !== me);
  people.sort((a, b) => (Number(b.online) - Number(a.online))
    || (a.name || '').localeCompare(b.name || '', undefined, { sensitivity: 'base' }));
  const online = people.filter((p) => p.online).length;
  const silent = people.filter((p) => !counts.get(p.id)).length;
  $('#people-summary').textContent = people.length
    ? t('participants_summary', { online, total: people.length }) : '';
  $('#people-empty').hidden = people.length > 0;
  const waiting = $('#people-waiting');
  waiting.hidden = silent === 0;
  waiting.textContent = t('not_posted_yet', { n: silent });
  $('#people').replaceChildren(...people.map((p) => {
    const n = counts.get(p.id) || 0;
    return h('li', { class: `person${p.online ? ' is-online' : ''}${n ? '' : ' is-silent'}` },
      h('span', { class: 'person__dot', title: p.online ? t('online') : t('offline') },
        h('span', { class: 'visually-hidden', text: p.online ? t('online') : t('offline') })),
      h('span', { class: `person__name${p.name ? '' : ' is-anonymous'}`, text: p.name || t('anonymous') }),
      h('span', { class: 'person__count', text: tn('notes_count', n) }));
  }));
}

function start(key) {
  $('#fac').hidden = false;
  if (session) { session.socket.connect(); return; }
  session = new Session({
    code,
    view: 'facilitator',
    tokenKey: keys.facilitatorToken(code),
    payload: () => ({ facilitator_key: load(keys.facilitatorKey(code)) || key }),
    onJoined: () => { renderPeople(); snapshots.load(); },
    onGone: () => { if (!deleting) showWorkshopDeleted(); },
    onJoinError: (ack) => {
      if (ack.code === 'bad_facilitator_key') {
        save(keys.facilitatorKey(code), null);
        session.socket.disconnect();
        showNeedKey(ack.error || t('error.bad_facilitator_key'));
      } else {
        toastError(ack);
      }
    },
  });
  bindStatus(session);
  const snapshots = new SnapshotPanel({ code, getKey: () => load(keys.facilitatorKey(code)) || key });
  const editor = new NoteEditor(session);
  const store = session.store;
  const built = buildSheet($('#sheet'));
  new BoardView(built, store, {
    animate: true,
    showPrompts: true,
    decorate: (note) => ({
      showAuthor: true,
      tilted: false,
      signature: 'f',
      actions: [
        { label: t('edit'), icon: 'edit', onClick: () => editor.open(note.id) },
        { label: t('delete'), icon: 'trash', kind: 'danger', onClick: () => editor.open(note.id, { confirmDelete: true }) },
      ],
    }),
  });
  store.subscribe((change) => {
    $('#stat-notes').textContent = tn('notes_count', store.notes.size);
    if (change.type !== 'presence') renderPeople();
  });

  const form = new NoteForm({ help: false, blockStyle: 'select', textRows: 3 });
  $('#add-fields').appendChild(form.el);
  new Composer({ form, formElement: $('#add-form'), button: $('#add-submit'), getSession: () => session });
  session.start();
  session.on('snapshot:created', (msg) => msg && snapshots.upsert(msg.snapshot));
  $('#delete-workshop').addEventListener('click', () => onDeleteClick(key));
}

async function onDeleteClick(key) {
  const gone = await deleteWorkshop({
    code,
    key: load(keys.facilitatorKey(code)) || key,
    title: boot.title,
    onStart: () => { deleting = true; },
    onFail: () => { deleting = false; },
  });
  if (!gone) return;
  save(keys.facilitatorKey(code), null);
  save(keys.facilitatorToken(code), null);
  window.location.assign('/?deleted=1');
}

function init() {
  $('#code-value').textContent = formatCode(code);
  bindCopyButtons(document);
  $('#key-form').addEventListener('submit', onKeySubmit);
  takeKeyFromHash();
  const key = load(keys.facilitatorKey(code));
  if (key) start(key);
  else showNeedKey('');
}

init();
