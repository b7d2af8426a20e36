// Home page: create a workshop (and show its links once), or go to a workshop by its code.
import { t, tn, colorHex, rules } from './boot.js';
import { $, h } from './dom.js';
import { keys, save, rememberTemplate, templatesPath } from './storage.js';
import { watchPastes } from './fieldlimit.js';
import { toast } from './toast.js';
import { bindCopyButtons } from './copy.js';
import { normalizeCode, formatCode, looksLikeCode } from './codes.js';
import { api, paths } from './api.js';


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
      body: JSON.stringify(Object.assign({ title, language: $('#create-language').value },
        $('#create-template').value ? { template: $('#create-template').value } : {})),
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

let templates = [];
// A template passed on by link (/?template=<key>): remembered, and chosen once it is listed.
let wantedTemplate = new URLSearchParams(window.location.search).get('template');

/**
 * The plans to start from, in the workshop's language (GET /api/templates): the method's, then
 * those saved on this server; "Leeg plan" (no template) first. The choice survives a language
 * change when the template exists in both.
 */
async function loadTemplates() {
  const select = $('#create-template');
  const language = $('#create-language').value;
  const result = await api(templatesPath(language));
  if (language !== $('#create-language').value) return; // the language changed meanwhile
  templates = result.ok && result.body && Array.isArray(result.body.templates) ? result.body.templates : [];
  const chosen = select.value;
  const option = (tpl) => h('option', { value: tpl.key, text: `${tpl.title} (${tn('plan_steps_count', tpl.steps.length)})` });
  const builtin = templates.filter((tpl) => tpl.builtin);
  const saved = templates.filter((tpl) => !tpl.builtin);
  select.replaceChildren(
    h('option', { value: '', text: t('plan_template_empty') }),
    ...(builtin.length ? [h('optgroup', { label: t('plan_templates_method') }, ...builtin.map(option))] : []),
    ...(saved.length ? [h('optgroup', { label: t('plan_templates_saved') }, ...saved.map(option))] : []));
  const pick = wantedTemplate || chosen;
  select.value = templates.some((tpl) => tpl.key === pick) ? pick : '';
  if (wantedTemplate && select.value === wantedTemplate) wantedTemplate = null;
  showTemplateAbout();
}

function showTemplateAbout() {
  const template = templates.find((tpl) => tpl.key === $('#create-template').value);
  $('#create-template-about').textContent = template ? (template.about || '') : '';
}

function showCreated(workshop) {
  // The page at /f/<code> finds the key here even if the link is opened without its fragment.
  if (workshop.facilitator_key) save(keys.facilitatorKey(workshop.code), workshop.facilitator_key);
  $('#created-name').textContent = workshop.title;
  $('#created-code').textContent = formatCode(workshop.code, rules.code);
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

function importError(message) {
  const error = $('#import-error');
  error.textContent = message || '';
  error.hidden = !message;
  const input = $('#import-file');
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/** Read the chosen export, send it to the server, and show the new workshop as after creating. */
async function importWorkshop(form) {
  const file = $('#import-file').files[0];
  if (!file) { importError(t('import_choose_file')); return; }
  if (file.size > rules.import_max_bytes) { importError(t('import_too_large')); return; }
  const button = $('#import-submit');
  button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    let text;
    try {
      text = await file.text();
      JSON.parse(text);
    } catch (error) {
      importError(t('import_not_json'));
      return;
    }
    const result = await api(paths.import, { method: 'POST', body: text });
    if (!result.ok || !result.body || !result.body.code) {
      importError(result.code === 'too_large' ? t('import_too_large') : result.error);
      return;
    }
    importError('');
    showCreated(result.body);
  } finally {
    button.disabled = false;
    form.removeAttribute('aria-busy');
  }
}

function showChosenFile() {
  const file = $('#import-file').files[0];
  $('#import-file-name').textContent = file ? file.name : t('no_file_chosen');
  importError('');
}

function resetCreate() {
  $('#create-form').reset();
  $('#import-form').reset();
  showChosenFile();
  loadTemplates();
  $('#created').hidden = true;
  $('#create-step').hidden = false;
  $('#created-facilitator').value = '';
  $('#create-title-input').focus();
}

function joinByCode(form) {
  const input = $('#join-code');
  const error = $('#join-code-error');
  const code = normalizeCode(input.value, rules.code);
  if (!looksLikeCode(code, rules.code)) {
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

/** After deleting a workshop the facilitator lands here (/?deleted=1): say it worked. */
function showDeleted() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('deleted')) return;
  toast(t('workshop_deleted_done'), 'success', { timeout: 6000 });
  url.searchParams.delete('deleted');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

function init() {
  paintMiniSheet();
  bindCopyButtons(document);
  const createForm = $('#create-form');
  createForm.addEventListener('submit', (event) => { event.preventDefault(); createWorkshop(createForm); });
  $('#create-another').addEventListener('click', resetCreate);
  $('#create-language').addEventListener('change', loadTemplates);
  $('#create-template').addEventListener('change', showTemplateAbout);
  if (wantedTemplate) rememberTemplate(wantedTemplate);
  loadTemplates();
  const importForm = $('#import-form');
  importForm.addEventListener('submit', (event) => { event.preventDefault(); importWorkshop(importForm); });
  $('#import-file').addEventListener('change', showChosenFile);
  showDeleted();
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

watchPastes();
init();
