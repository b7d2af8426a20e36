// Facilitator page (/f/<code>): the live board with moderation, links, presence, add a note.
import './hyphenpatterns.js'; // hyphenated from the first layout (hyphenate.js)
import { boot, t, tn, rules } from './boot.js';
import { $, h } from './dom.js';
import { keys, load, save } from './storage.js';
import { toast, toastError } from './toast.js';
import { confirmDialog } from './confirm.js';
import { Controls } from './controls.js';
import { SpotControl } from './spotcontrol.js';
import { Session, bindStatus } from './connection.js';
import { FacilitatorBoard } from './overview.js';
import { NoteForm } from './noteform.js';
import { NoteEditor } from './editor.js';
import { Composer } from './composer.js';
import { bindCopyButtons } from './copy.js';
import { formatCode, normalizeCode } from './codes.js';
import { SnapshotPanel } from './snapshotpanel.js';
import { deleteWorkshop } from './deleteworkshop.js';
import { showWorkshopDeleted } from './gone.js';
import { watchPastes } from './fieldlimit.js';
import { Clustering, groupable, groupWithDialog, titleDialog } from './clustering.js';
import { DragGrouping } from './dragcluster.js';
import { SuggestionPanel } from './suggestions.js';
import { VotingPanel } from './votingpanel.js';
import { VitalityControl } from './vitalitycontrol.js';
import { PlanPanel } from './plan/planpanel.js';
import { RunBar } from './plan/runbar.js';
import { RemoteQr } from './remoteqr.js';

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
    // A link whose code cannot be a code (too long) is no facilitator link.
    const linked = match ? normalizeCode(match[1], rules.code) : code;
    return key && linked ? { key, code: linked } : null;
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
  const people = Array.from(store.participants.values()).filter((p) => p.id !== me && !p.removed);
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
      h('span', { class: 'person__count', text: tn('notes_count', n) }),
      h('button', { type: 'button', class: 'person__remove',
        'aria-label': t('remove_participant_of', { name: p.name || t('anonymous') }),
        title: t('remove_participant_of', { name: p.name || t('anonymous') }),
        text: t('remove_participant'),
        on: { click: () => removeParticipant(p) } }));
  }));
}

/** Remove a participant (after a confirmation): their devices are disconnected. */
async function removeParticipant(person) {
  const name = person.name || t('anonymous');
  const answer = await confirmDialog({
    title: t('remove_participant_title', { name }),
    text: t('remove_participant_text'),
    otherLabel: t('remove_participant_yes'),
    confirmLabel: t('remove_participant_with_notes'),
    danger: true,
  });
  if (!answer) return;
  const ack = await session.request('participant:remove', { id: person.id, notes: answer === true });
  if (!ack.ok) { toastError(ack); return; }
  session.store.upsertParticipant({ id: person.id, online: false, removed: true });
  toast(t('remove_participant_done', { name }), 'success');
}

/**
 * New identities lately: the participants started in the last minute from one network, the
 * largest group first. A burst (one device posing as many people) is removed at once, with
 * its notes and votes.
 */
async function reviewNewIdentities() {
  const ack = await session.request('participants:recent', {});
  if (!ack.ok) { toastError(ack); return; }
  const group = ack.groups[0];
  if (!group) { toast(t('new_identities_none'), 'success'); return; }
  const yes = await confirmDialog({
    title: t('new_identities_title', { n: group.count }),
    text: t('new_identities_text'),
    confirmLabel: t('new_identities_remove', { n: group.count }),
    danger: true,
  });
  if (!yes) return;
  const removed = await session.request('participants:remove', { ids: group.participants, notes: true });
  if (!removed.ok) { toastError(removed); return; }
  for (const id of removed.removed) session.store.upsertParticipant({ id, online: false, removed: true });
  toast(t('new_identities_done', { n: removed.removed.length }), 'success');
}

/** Hide a note from everyone but the facilitators, or show it again. */
async function setHidden(note, hidden) {
  const ack = await session.request('note:hide', { id: note.id, hidden });
  if (!ack.ok) { toastError(ack); return; }
  session.store.upsert(ack.note, ack.rev, false);
  toast(hidden ? t('note_hidden_done') : t('note_shown_done'), 'success');
}

/** Mark a note as an agreement of the network ("afspraak"), or unmark it. */
async function setAgreement(note, agreement) {
  const ack = await session.request('note:agreement', { id: note.id, agreement });
  if (!ack.ok) { toastError(ack); return; }
  session.store.upsert(ack.note, ack.rev, false);
}

/** The facilitator's own board marks the block in focus. */
function showFocus(root, settings) {
  // Only marked: the facilitator keeps every block's notes in view while the room follows one
  // (the projector's classes, has-focus / is-focus, would fold the others into a strip).
  const focus = settings && settings.focus;
  root.classList.toggle('has-followed', Boolean(focus));
  for (const section of root.querySelectorAll('[data-block]')) {
    section.classList.toggle('is-followed', section.dataset.block === focus);
  }
}

/**
 * The grouping actions on a note: "Group with…" (the keyboard's way to do what a drag does) and,
 * in a cluster, in the block's detail, up, down and out of it. Coalition cards never group.
 */
function groupActions(note, clustering, where) {
  if (!groupable(note)) return [];
  const actions = [{ label: t('group_with'), icon: 'group', onClick: () => groupWithDialog(clustering, note.id) }];
  const cluster = clustering.store.clusterOf(note.id);
  if (cluster && where === 'detail') {
    const index = cluster.note_ids.indexOf(note.id);
    if (index > 0) actions.push({ label: t('group_up'), icon: 'up', onClick: () => clustering.step(note.id, -1) });
    if (index < cluster.note_ids.length - 1) {
      actions.push({ label: t('group_down'), icon: 'down', onClick: () => clustering.step(note.id, 1) });
    }
    actions.push({ label: t('group_take_out'), icon: 'outOf', onClick: () => clustering.takeOut(note.id) });
  }
  return actions;
}

/** What a facilitator can do with a cluster: rename, show it large, ungroup. */
function clusterActions(cluster, clustering, spot) {
  return [
    { label: t('group_rename'), icon: 'edit', onClick: async () => {
      const current = clustering.store.clusters.get(cluster.id);
      if (!current) return;
      const title = await titleDialog({ title: t('group_rename_title'), label: t('group_rename_title'), value: current.title || '' });
      if (title !== null) clustering.rename(cluster.id, title);
    } },
    spot.clusterAction(cluster),
    { label: t('group_ungroup'), icon: 'ungroup', kind: 'danger', onClick: () => clustering.ungroup(cluster.id) },
  ];
}

/** The undo button and what it would undo. */
function showLastGrouping(last) {
  const button = $('#group-undo');
  button.disabled = !last;
  $('#group-last').textContent = last ? t('group_undo_what', { what: last.label }) : '';
}

/** What a facilitator can do with a note, on the overview and in a block's detail. */
function noteActions(note, editor) {
  return [
    { label: t('edit'), icon: 'edit', onClick: () => editor.open(note.id) },
    note.hidden
      ? { label: t('show_note'), icon: 'eye', onClick: () => setHidden(note, false) }
      : { label: t('hide_note'), icon: 'eyeOff', onClick: () => setHidden(note, true) },
    { label: note.agreement ? t('agreement_unmark') : t('agreement_mark'), icon: 'check', kind: 'agreement',
      text: t('agreement_badge'), onClick: () => setAgreement(note, !note.agreement) },
    { label: t('delete'), icon: 'trash', kind: 'danger', onClick: () => editor.open(note.id, { confirmDelete: true }) },
  ];
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
  const controls = new Controls(session);
  const spot = new SpotControl(store, (changes) => controls.send(changes));
  const clustering = new Clustering(session);
  const board = new FacilitatorBoard({
    store,
    decorate: (note, where) => {
      const cluster = store.clusterOf(note.id);
      // A note's actions depend on its place in a cluster: rebuilt when that changes.
      const place = cluster ? `${cluster.id}:${cluster.note_ids.indexOf(note.id)}/${cluster.note_ids.length}` : '';
      return {
        showAuthor: true,
        tilted: false,
        dots: true,
        signature: `f${place}`,
        classes: `${note.hidden ? 'is-hidden-note' : ''}${groupable(note) ? ' is-groupable' : ''}`,
        labels: note.hidden ? [t('hidden_label')] : [],
        actions: [...noteActions(note, editor), ...groupActions(note, clustering, where), spot.action(note)],
      };
    },
    decorateCluster: (cluster) => ({ dots: true, actions: clusterActions(cluster, clustering, spot) }),
    blockActions: (key) => spot.blockButton(key),
  });
  new DragGrouping($('#board'), clustering);
  $('#group-undo').addEventListener('click', () => clustering.undo());
  clustering.onChange(showLastGrouping);
  new SuggestionPanel({ code, getKey: () => load(keys.facilitatorKey(code)) || key, clustering });
  new VotingPanel(store, (changes) => controls.send(changes));
  new VitalityControl({ session, send: (changes) => controls.send(changes) });
  const plan = new PlanPanel({ session, code, getKey: () => load(keys.facilitatorKey(code)) || key });
  new RunBar({ session, plan });
  new RemoteQr({ code, getKey: () => load(keys.facilitatorKey(code)) || key });
  store.subscribe((change) => {
    $('#stat-notes').textContent = tn('notes_count', store.notes.size);
    if (change.type === 'settings' || change.type === 'reset') showFocus(board.sheet.root, store.settings);
    if (change.type !== 'presence' && change.type !== 'settings' && change.type !== 'votes') renderPeople();
  });

  const form = new NoteForm({ help: false, blockStyle: 'select', textRows: 3 });
  $('#add-fields').appendChild(form.el);
  new Composer({ form, formElement: $('#add-form'), button: $('#add-submit'), session });
  session.start();
  session.on('snapshot:created', (msg) => msg && snapshots.upsert(msg.snapshot));
  $('#delete-workshop').addEventListener('click', () => onDeleteClick(key));
  $('#new-identities').addEventListener('click', reviewNewIdentities);
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
  $('#code-value').textContent = formatCode(code, rules.code);
  bindCopyButtons(document);
  $('#key-form').addEventListener('submit', onKeySubmit);
  takeKeyFromHash();
  const key = load(keys.facilitatorKey(code));
  if (key) start(key);
  else showNeedKey('');
}

watchPastes();
init();
