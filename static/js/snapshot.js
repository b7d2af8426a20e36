// Snapshot page (/s/<code>/<id>): a frozen canvas, read-only, laid out like the projector (a
// list of blocks on phones), with its downloads. No live connection.
import './hyphenpatterns.js'; // hyphenated from the first layout (hyphenate.js)
import { boot, t } from './boot.js';
import { $, h } from './dom.js';
import { api, paths } from './api.js';
import { NoteStore } from './store.js';
import { buildSheet, buildList, BoardView } from './render.js';
import { sheetArranger } from './arrange.js';
import { Spotlight } from './spotlight.js';
import { downloadLinks } from './downloads.js';
import { CURRENT, formatMoment, countNotes, countsText } from './moments.js';

const code = boot.code;
const snapshot = boot.snapshot || {};
const id = snapshot.id === null || snapshot.id === undefined ? CURRENT : String(snapshot.id);
// Wide screens get the sheet on one screen; narrow ones the list of blocks, which scrolls.
const wide = window.matchMedia('(min-width: 761px)');
let refit = () => {};
let stop = () => {};

function show(store) {
  const board = $('#board');
  const showAuthor = store.settings.show_authors !== false;
  const decorate = () => ({ showAuthor, signature: showAuthor ? 'a' : '' });
  board.classList.toggle('is-sheet', wide.matches);
  stop();
  stop = () => {};
  if (wide.matches) {
    // As on the projector: every note whole, areas too full for that turn pages; a click on a
    // note shows it large.
    const sheet = h('div', { class: 'sheet sheet--projector sheet--snapshot', id: 'sheet' });
    board.replaceChildren(sheet);
    const built = buildSheet(sheet);
    const arranger = sheetArranger(built);
    const spotlight = new Spotlight(board, {
      decorate,
      onClose: () => spotlight.hide(),
      sizes: () => ({ min: Math.ceil(window.innerHeight * 0.04), max: Math.round(window.innerHeight * 0.085) }),
    });
    refit = () => { arranger.refit(); spotlight.fit(); };
    stop = () => arranger.stop();
    sheet.addEventListener('click', (event) => {
      const el = event.target.closest('[data-id]');
      const note = el && store.notes.get(el.dataset.id);
      if (note) spotlight.show(note, { local: true });
    });
    document.addEventListener('keydown', (event) => { if (event.key === 'Escape') spotlight.hide(); });
    new BoardView(built, store, { showPrompts: true, animate: false, decorate, place: arranger.place }).render();
  } else {
    const list = h('div', { class: 'clist', id: 'list' });
    board.replaceChildren(list);
    refit = () => {};
    new BoardView(buildList(list), store, { animate: false, decorate }).render();
  }
}

async function init() {
  // The live canvas: the server names it in the workshop's language; say it in the page's.
  const label = id === CURRENT ? t('current_canvas') : snapshot.label;
  $('#snap-label').textContent = label;
  $('#snap-time').textContent = formatMoment(snapshot.created_at);
  $('#snap-downloads').appendChild(downloadLinks(code, id, { name: label }));
  const result = await api(paths.snapshot(code, id));
  const status = $('#snap-status');
  if (!result.ok) {
    status.textContent = `${t('snapshot_not_loaded')} ${result.error}`;
    status.classList.add('is-error');
    return;
  }
  const data = result.body;
  status.hidden = true;
  const store = new NoteStore();
  store.applyState({ rev: data.snapshot.rev, notes: data.notes, settings: data.settings || {} });
  $('#snap-counts').textContent = countsText(Object.assign(countNotes(data.notes),
    { participants: data.snapshot.participants }));
  show(store);
  wide.addEventListener('change', () => show(store));
  window.addEventListener('resize', () => refit());
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(() => refit());
}

init();
