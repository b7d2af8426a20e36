// Snapshot page (/s/<code>/<id>): a frozen canvas, read-only, laid out like the projector (a
// list of blocks on phones), with its downloads. No live connection.
import { boot, t } from './boot.js';
import { $, h } from './dom.js';
import { api, paths } from './api.js';
import { NoteStore } from './store.js';
import { buildSheet, buildList, BoardView } from './render.js';
import { sheetArranger } from './arrange.js';
import { downloadLinks } from './downloads.js';
import { CURRENT, formatMoment, countNotes, countsText } from './moments.js';

const code = boot.code;
const snapshot = boot.snapshot || {};
const id = snapshot.id === null || snapshot.id === undefined ? CURRENT : String(snapshot.id);
// Wide screens get the sheet on one screen; narrow ones the list of blocks, which scrolls.
const wide = window.matchMedia('(min-width: 761px)');
let refit = () => {};

function show(store) {
  const board = $('#board');
  const showAuthor = store.settings.show_authors !== false;
  const decorate = () => ({ showAuthor, signature: showAuthor ? 'a' : '' });
  board.classList.toggle('is-sheet', wide.matches);
  if (wide.matches) {
    const sheet = h('div', { class: 'sheet sheet--projector sheet--snapshot', id: 'sheet' });
    board.replaceChildren(sheet);
    const built = buildSheet(sheet);
    const arranger = sheetArranger(built, store, { scroll: true });
    refit = arranger.refit;
    new BoardView(built, store, { showPrompts: true, animate: false, decorate, onRendered: () => arranger.arrange(0) })
      .render();
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
