// The remote's QR code on the facilitator page ("Afstandsbediening"): the link /r/<code>#key=…
// for the facilitator's own phone. Fetched only when asked for (a POST with the key in a header,
// never in a URL) and shown as a blob: URL, so the key is in no address the page loads; hidden
// again on demand, and the blob is let go. Only this page has it: the projector never shows it.
import { t } from './boot.js';
import { $ } from './dom.js';

export class RemoteQr {
  /** code: the workshop; getKey(): the facilitator key. */
  constructor({ code, getKey }) {
    this.code = code;
    this.getKey = getKey;
    this.url = null;
    this.button = $('#remote-show');
    this.box = $('#remote-box');
    this.button.addEventListener('click', () => (this.box.hidden ? this.show() : this.hide()));
    $('#remote-hide').addEventListener('click', () => { this.hide(); this.button.focus(); });
  }

  async show() {
    const error = $('#remote-error');
    error.hidden = true;
    let response = null;
    try {
      response = await fetch(`/api/workshops/${encodeURIComponent(this.code)}/remote-qr.svg`, {
        method: 'POST', cache: 'no-store', headers: { 'X-Facilitator-Key': this.getKey() || '' },
      });
    } catch (failure) {
      response = null;
    }
    if (!response || !response.ok) {
      let body = null;
      try { body = response ? await response.json() : null; } catch (failure) { body = null; }
      error.textContent = (body && body.error) || t('error.network');
      error.hidden = false;
      this.box.hidden = false;
      return;
    }
    this.release();
    this.url = URL.createObjectURL(await response.blob());
    $('#remote-qr').src = this.url;
    this.box.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
  }

  hide() {
    this.box.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    $('#remote-qr').removeAttribute('src');
    this.release();
  }

  release() {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }
}
