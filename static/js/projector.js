// Projector page (/p/<code>): the whole sheet at 16:9, live, fitted to the screen; join panel.
import { boot, t, tn } from './boot.js';
import { $ } from './dom.js';
import { toastError } from './toast.js';
import { Session, bindStatus } from './connection.js';
import { buildSheet, BoardView } from './render.js';
import { sheetArranger } from './arrange.js';
import { formatCode } from './codes.js';
import { load, save } from './storage.js';

const code = boot.code;
const JOIN_PANEL_KEY = `nc:projector-join:${code}`;

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
  $('#stat-notes').textContent = tn('notes_count', store.notes.size);
}

/** The join link without "https://", with line-break chances after its slashes. */
function showJoinUrl() {
  const el = $('#join-url');
  const url = (boot.join_url || el.textContent).trim().replace(/^https?:\/\//, '');
  const parts = url.split('/');
  el.replaceChildren(...parts.flatMap((part, i) => (i ? [document.createElement('wbr'), `/${part}`] : [part])));
}

function init() {
  $('#join-code').textContent = formatCode(code);
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
  const arranger = sheetArranger(built, store);
  refit = arranger.refit;
  new BoardView(built, store, {
    showPrompts: true,
    animate: true,
    delay: 200, // many notes at once: lay out and fit once for the whole burst
    decorate: () => {
      const showAuthor = store.settings.show_authors !== false;
      return { showAuthor, signature: showAuthor ? 'a' : '' };
    },
    onRendered: () => arranger.arrange(0),
  });
  window.addEventListener('resize', refit);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(refit);
  store.subscribe(() => updateStats(store));
  updateStats(store);

  $('#toggle-join').addEventListener('click', toggleJoinPanel);
  $('#fullscreen').addEventListener('click', toggleFullscreen);
  document.addEventListener('fullscreenchange', () => { updateFullscreenButton(); refit(); });
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'j' || event.key === 'J') toggleJoinPanel();
    else if (event.key === 'f' || event.key === 'F') toggleFullscreen();
  });
  hideControlsWhenIdle();
  session.start();
}

init();
