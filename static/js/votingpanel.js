// The voting round on the facilitator page: how it goes (votes:progress: votes spent of all the
// participants' budgets, how many voted, how many still have votes left; never who voted what)
// and the results on the projector (settings.results: {"block": key|null} or null).
import { t, tn, blocks } from './boot.js';
import { $, h } from './dom.js';

export class VotingPanel {
  /** store: the facilitator's NoteStore; send(changes): Controls.send (workshop:update). */
  constructor(store, send) {
    this.store = store;
    this.send = send;
    this.box = $('#ctl-progress');
    this.bar = $('#ctl-progress-bar');
    this.picker = $('#ctl-results-block');
    this.picker.replaceChildren(
      h('option', { value: '', text: t('results_whole_canvas') }),
      ...blocks.map((b) => h('option', { value: b.key, text: b.title })));
    $('#ctl-results-show').addEventListener('click', () => this.send({ results: { block: this.picker.value || null } }));
    $('#ctl-results-hide').addEventListener('click', () => this.send({ results: null }));
    store.subscribe((change) => {
      if (['settings', 'reset', 'progress', 'participants'].includes(change.type)) this.render();
    });
    this.render();
  }

  render() {
    const settings = this.store.settings || {};
    const budget = Number(settings.votes_per_participant) || 0;
    const progress = this.store.votesProgress;
    this.box.hidden = !(budget > 0 && progress);
    if (!this.box.hidden) {
      const total = (Number(progress.budget) || budget) * (Number(progress.participants) || 0);
      const spent = Number(progress.spent) || 0;
      $('#ctl-progress-spent').textContent = t('progress_spent', { spent, total });
      $('#ctl-progress-voters').textContent = t('progress_voters',
        { voters: Number(progress.voters) || 0, participants: Number(progress.participants) || 0 });
      $('#ctl-progress-left').textContent = tn('progress_left', Number(progress.with_votes_left) || 0);
      this.bar.max = Math.max(1, total);
      this.bar.value = Math.min(spent, Math.max(1, total));
    }
    const results = settings.results;
    const on = Boolean(results && typeof results === 'object');
    const status = $('#ctl-results-status');
    if (on) {
      const block = blocks.find((b) => b.key === results.block);
      status.textContent = t('results_on', { what: block ? block.title : t('results_whole_canvas') });
      if (document.activeElement !== this.picker) this.picker.value = block ? block.key : '';
    } else status.textContent = t('results_off');
    status.classList.toggle('is-on', on);
    $('#ctl-results-hide').hidden = !on;
  }
}
