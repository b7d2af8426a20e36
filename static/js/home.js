// Home page: create a workshop (and show its links once), or go to a workshop by its code.
import { t, colorHex } from './boot.js';
import { $ } from './dom.js';
import { keys, save } from './storage.js';
import { toast } from './toast.js';
import { bindCopyButtons } from './copy.js';
import { normalizeCode, formatCode } from './codes.js';

function samePageLink(absolute) {
  try {
    const url = new URL(absolute, window.location.href);
    return url.pathname + url.search + url.hash;
  } catch (error) {
    return absolute;
  }
}

async function createWorkshop(form) {
  const titleInput = $('#create-title-input');
  const title = titleInput.value.trim();
  if (!title) {
    titleInput.focus();
    titleInput.setAttribute('aria-invalid', 'true');
    toast(t('error.missing_field', { field: t('home_title_label') }), 'error');
    return;
  }
  titleInput.removeAttribute('aria-invalid');
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    const response = await fetch('/api/workshops', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ title, language: $('#create-language').value }),
    });
    let body = null;
    try { body = await response.json(); } catch (error) { body = null; }
    if (!response.ok || !body || !body.code) {
      toast((body && body.error) || t('error.internal'), 'error');
      return;
    }
    showCreated(body);
  } catch (error) {
    toast(t('error.network'), 'error');
  } finally {
    button.disabled = false;
    form.removeAttribute('aria-busy');
  }
}

function showCreated(workshop) {
  // The page at /f/<code> finds the key here even if the link is opened without its fragment.
  if (workshop.facilitator_key) save(keys.facilitatorKey(workshop.code), workshop.facilitator_key);
  $('#created-name').textContent = workshop.title;
  $('#created-code').textContent = formatCode(workshop.code);
  $('#created-facilitator').value = workshop.facilitator_url;
  $('#created-join').value = workshop.join_url;
  $('#created-projector').value = workshop.projector_url;
  $('#created-qr').src = workshop.qr_url;
  $('#open-facilitator').href = samePageLink(workshop.facilitator_url);
  $('#open-projector').href = samePageLink(workshop.projector_url);
  $('#create-step').hidden = true;
  $('#created').hidden = false;
  $('#created-title').focus();
}

function resetCreate() {
  $('#create-form').reset();
  $('#created').hidden = true;
  $('#create-step').hidden = false;
  $('#created-facilitator').value = '';
  $('#create-title-input').focus();
}

function joinByCode(form) {
  const input = $('#join-code');
  const error = $('#join-code-error');
  const code = normalizeCode(input.value);
  if (!/^[A-Z0-9]{6}$/.test(code)) {
    error.textContent = t('code_invalid');
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  error.hidden = true;
  input.removeAttribute('aria-invalid');
  window.location.assign(`/j/${encodeURIComponent(code)}`);
}

/** The little cards in the drawing of the sheet get the paper colours of the method. */
function paintMiniSheet() {
  for (const card of document.querySelectorAll('.mini-sheet__card')) {
    const key = Array.from(card.classList).find((c) => c.startsWith('mini-sheet__card--'));
    if (key) card.style.setProperty('--paper', colorHex(key.slice('mini-sheet__card--'.length)));
  }
}

function init() {
  paintMiniSheet();
  bindCopyButtons(document);
  const createForm = $('#create-form');
  createForm.addEventListener('submit', (event) => { event.preventDefault(); createWorkshop(createForm); });
  $('#create-another').addEventListener('click', resetCreate);
  const joinForm = $('#join-form');
  joinForm.addEventListener('submit', (event) => { event.preventDefault(); joinByCode(joinForm); });
  $('#join-code').addEventListener('input', (event) => {
    const input = event.target;
    const start = input.selectionStart;
    input.value = input.value.toUpperCase();
    input.setSelectionRange(start, start);
    $('#join-code-error').hidden = true;
  });
}

init();
