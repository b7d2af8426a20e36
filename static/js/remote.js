// The facilitator's phone as a remote (/r/<code>#key=…, docs/protocol.md "The remote"): the
// same join as the facilitator page and the same events (workshop:update, plan:go), so every
// action reaches the projector exactly as from the laptop. Phone first: what the room shows at
// the top, big buttons in the lower half. A phone that locks its screen and comes back joins
// again (connection.js: reconnect, online, visibilitychange) and shows the settings of then.
import { boot, t, tn, method, blocks, blockByKey } from './boot.js';
import { $, $$, h } from './dom.js';
import { keys, load, save } from './storage.js';
import { Session, bindStatus } from './connection.js';
import { Countdown, focusOf, formatClock } from './facilitation.js';
import { SpotControl } from './spotcontrol.js';
import { placeOf } from './spotlight.js';

const code = boot.code;
// A voting round opened here has the facilitator page's default number of votes.
const DEFAULT_VOTES = 3;

/** The key from "#key=…": kept in local storage, then removed from the address bar. */
function takeKeyFromHash() {
  const hash = window.location.hash.replace(/^#/, '');
  if (!hash) return;
  const key = new URLSearchParams(hash).get('key');
  if (key) save(keys.facilitatorKey(code), key);
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
}

const modeTitle = (key) => ((method.plan_modes || []).find((m) => m.key === key) || { title: key }).title;

class Remote {
  constructor(session) {
    this.session = session;
    this.store = session.store;
    this.steps = [];
    this.lastVotes = DEFAULT_VOTES;
    this.spot = new SpotControl(this.store, (changes) => this.send(changes));
    this.countdown = new Countdown((state) => this.showTimer(state));
    session.onJoin((ack) => {
      if (!this.listening) {
        this.listening = true;
        session.on('plan:updated', (msg) => { if (msg) this.receivePlan(msg.steps); });
      }
      if (ack.state && ack.state.plan) this.receivePlan(ack.state.plan.steps);
      this.render();
    });
    this.store.subscribe(() => this.render());
    this.bind();
  }

  receivePlan(steps) {
    this.steps = Array.isArray(steps) ? steps : [];
    this.render();
  }

  settings() { return this.store.settings || {}; }

  bind() {
    for (const button of $$('[data-minutes]')) {
      button.addEventListener('click', () => this.send({ timer_seconds: Number(button.dataset.minutes) * 60 }));
    }
    $('#remote-timer-stop').addEventListener('click', () => this.send({ timer_seconds: null }));
    $('#remote-lock').addEventListener('click', () => this.send({ locked: !this.settings().locked }));
    $('#remote-silent').addEventListener('click', () => this.send({ silent: !this.settings().silent }));
    $('#remote-voting').addEventListener('click', () => {
      const open = Number(this.settings().votes_per_participant) || 0;
      this.send({ votes_per_participant: open ? 0 : this.lastVotes });
    });
    $('#remote-spot-prev').addEventListener('click', () => this.spot.step(-1));
    $('#remote-spot-next').addEventListener('click', () => this.spot.step(1));
    $('#remote-spot-off').addEventListener('click', () => this.spot.show(null));
    $('#remote-question-prev').addEventListener('click', () => this.question(-1));
    $('#remote-question-next').addEventListener('click', () => this.question(1));
    $('#remote-prev').addEventListener('click', () => (this.steps.length ? this.step(-1) : this.question(-1)));
    $('#remote-next').addEventListener('click', () => (this.steps.length ? this.step(1) : this.question(1)));
  }

  /** workshop:update; the ack's settings are shown at once (the broadcast follows). */
  async send(changes) {
    const ack = await this.session.request('workshop:update', changes);
    this.showError(ack.ok ? '' : (ack.error || t(`error.${ack.code || 'internal'}`)));
    if (ack.ok) this.store.setSettings(ack.settings, ack.rev, false);
    return ack.ok;
  }

  async go(index) {
    const ack = await this.session.request('plan:go', { step: index });
    this.showError(ack.ok ? '' : (ack.error || t(`error.${ack.code || 'internal'}`)));
    if (ack.ok) this.store.setSettings(ack.settings, ack.rev, false);
  }

  showError(message) {
    const error = $('#remote-error');
    error.hidden = !message;
    error.textContent = message || '';
  }

  running() {
    const step = this.settings().step;
    return step && Number.isInteger(step.index) ? step : null;
  }

  /** The next or previous step of the plan (outside it: the one that ran last, or the first). */
  step(delta) {
    const total = this.steps.length;
    const running = this.running();
    let index;
    if (running) index = running.index + delta;
    else {
      const kept = this.settings().last_step;
      const last = Number.isInteger(kept) && kept >= 0 ? Math.min(total - 1, kept) : null;
      index = last === null ? 0 : Math.min(total - 1, last + (delta > 0 ? 1 : 0));
    }
    if (index < 0 || index >= total || (running && index === running.index)) return;
    this.go(index);
  }

  /**
   * The next or previous guiding question of the block in focus; past its last (or before its
   * first) the next (previous) block. Without a focus: the first block.
   */
  question(delta) {
    const focus = focusOf(this.settings());
    if (!focus) {
      if (blocks.length) this.send({ focus: blocks[delta > 0 ? 0 : blocks.length - 1].key, question: null });
      return;
    }
    const next = focus.index === null ? (delta > 0 ? 0 : focus.total - 1) : focus.index + delta;
    if (next >= 0 && next < focus.total) { this.send({ question: next }); return; }
    const at = blocks.findIndex((b) => b.key === focus.key);
    const block = blocks[at + delta];
    if (block) this.send({ focus: block.key, question: null });
  }

  render() {
    const settings = this.settings();
    this.renderRoom();
    this.renderStates(settings);
    this.renderWhere(settings);
    this.countdown.set(settings.timer_end || null);
    this.renderSpot(settings);

    const voting = Number(settings.votes_per_participant) || 0;
    if (voting) this.lastVotes = voting;
    this.toggle('#remote-silent', Boolean(settings.silent), t('remote_reveal'), t('remote_silent_on'));
    this.toggle('#remote-voting', voting > 0, t('remote_voting_close'), t('remote_voting_open', { n: this.lastVotes }));
    this.toggle('#remote-lock', Boolean(settings.locked), t('remote_unlock'), t('remote_lock'));
    $('#remote-timer-stop').disabled = !settings.timer_end;
    $('#remote-spot-off').disabled = !settings.spotlight;

    const plan = this.steps.length > 0;
    const running = this.running();
    const focus = focusOf(settings);
    $('#remote-prev').textContent = plan ? t('remote_prev_step') : t('remote_prev_question');
    $('#remote-next').textContent = plan ? t('remote_next_step') : t('remote_next_question');
    $('#remote-prev').disabled = plan && Boolean(running) && running.index === 0;
    $('#remote-next').disabled = plan && Boolean(running) && running.index >= this.steps.length - 1;
    // With a plan the big pair steps through it; the questions of the step's block stay at hand.
    $('#remote-questions').hidden = !plan || !focus || !focus.total;
  }

  /** A button that says what pressing it does now; aria-pressed says what is on. */
  toggle(selector, on, whenOn, whenOff) {
    const button = $(selector);
    button.textContent = on ? whenOn : whenOff;
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  renderRoom() {
    const me = this.store.me ? this.store.me.id : null;
    const people = Array.from(this.store.participants.values()).filter((p) => p.id !== me && !p.removed);
    const posted = new Set();
    for (const note of this.store.notes.values()) if (note.participant_id) posted.add(note.participant_id);
    const count = people.filter((p) => posted.has(p.id)).length;
    $('#remote-room').textContent = tn('remote_glance', count, {
      joined: people.length,
      online: people.filter((p) => p.online).length,
      posted: count,
    });
  }

  renderStates(settings) {
    const states = [];
    if (settings.silent) states.push(t('remote_state_silent'));
    if (Number(settings.votes_per_participant) > 0) states.push(t('remote_state_voting'));
    if (settings.locked) states.push(t('remote_state_locked'));
    $('#remote-states').replaceChildren(...states.map((text) => h('span', { class: 'remote__state', text })));
  }

  renderWhere(settings) {
    const running = this.running();
    const focus = focusOf(settings);
    const parts = [];
    if (running) {
      const step = this.steps.find((s) => s.id === running.id) || running;
      parts.push(t('run_step_of', { n: running.index + 1, total: this.steps.length || running.total || 0 }),
        modeTitle(step.mode));
    }
    parts.push(focus ? focus.block.title : t('remote_no_focus'));
    $('#remote-where').textContent = parts.filter(Boolean).join(' · ');
    const question = $('#remote-question');
    question.textContent = focus && focus.question
      ? `${t('remote_question_of', { n: focus.index + 1, total: focus.total })}: ${focus.question}` : '';
  }

  showTimer(state) {
    const timer = $('#remote-timer');
    timer.classList.toggle('is-over', Boolean(state && state.over));
    if (!state) timer.textContent = t('ctl_timer_off');
    else if (state.over) timer.textContent = t('ctl_timer_over');
    else timer.textContent = formatClock(state.left);
  }

  renderSpot(settings) {
    const spot = settings.spotlight;
    let what = t('remote_spot_none');
    if (spot && spot.block) what = (blockByKey.get(spot.block) || {}).title || spot.block;
    else if (spot && spot.cluster) {
      const cluster = this.store.clusters.get(spot.cluster);
      what = cluster ? `${t('cluster')}: “${this.store.clusterTitle(cluster)}”` : t('cluster');
    } else if (spot && spot.note) {
      const note = this.store.notes.get(spot.note);
      what = note ? `${placeOf(note)}: “${note.text}”` : '';
    }
    $('#remote-spot').textContent = what;
  }
}

function start() {
  $('#remote-main').hidden = false;
  const session = new Session({
    code,
    view: 'facilitator',
    tokenKey: keys.facilitatorToken(code),
    payload: () => ({ facilitator_key: load(keys.facilitatorKey(code)) }),
    onJoinError: (ack) => {
      if (ack.code === 'bad_facilitator_key') {
        save(keys.facilitatorKey(code), null);
        session.socket.disconnect();
        $('#remote-main').hidden = true;
        $('#remote-need-key').hidden = false;
      }
    },
  });
  bindStatus(session);
  new Remote(session);
  session.start();
}

takeKeyFromHash();
if (load(keys.facilitatorKey(code))) start();
else $('#remote-need-key').hidden = false;
