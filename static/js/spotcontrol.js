// The facilitator's spotlight (settings.spotlight, docs/protocol.md "Facilitation"): "Toon groot"
// on a note, a card, a cluster or a block puts it large on the projector; while it is on, the
// arrow keys step to the previous or next note or cluster in the projector's order and Escape
// returns to the canvas.
// Every step is a workshop:update {spotlight}.
import { t, blockByKey } from './boot.js';
import { h } from './dom.js';
import { icon } from './icons.js';
import { boardOrder, placeOf } from './spotlight.js';
import { inSilentRound } from './silence.js';

export class SpotControl {
  /** store: the facilitator's NoteStore; send(changes): Controls.send (workshop:update). */
  constructor(store, send) {
    this.store = store;
    this.send = send;
    this.text = h('span', { class: 'spotbar__text' });
    this.bar = h('div', { class: 'spotbar', role: 'status', hidden: true },
      icon('expand', 20),
      this.text,
      h('span', { class: 'spotbar__keys', text: t('spotlight_keys') }),
      h('button', { type: 'button', class: 'button button--small spotbar__close', text: t('spotlight_close'),
        on: { click: () => this.show(null) } }));
    document.body.appendChild(this.bar);
    store.subscribe((change) => {
      if (change.type === 'settings' || change.type === 'reset' || change.type === 'cluster') this.render();
    });
    document.addEventListener('keydown', (event) => this.onKey(event));
    this.render();
  }

  /** The action on a note or card (for BoardView's decorate). */
  action(note) {
    return { label: t('spotlight_show'), icon: 'expand', onClick: () => this.show({ note: note.id }) };
  }

  /**
   * A "Toon groot" button for a block (FacilitatorBoard's blockActions: in the block's head on
   * the overview and in the detail's bar). Its name begins with what it shows, then the block.
   */
  /** The action on a cluster's stack: all of its notes large on the projector. */
  clusterAction(cluster) {
    return { label: t('spotlight_cluster'), icon: 'expand', onClick: () => this.show({ cluster: cluster.id }) };
  }

  blockButton(key) {
    const block = blockByKey.get(key);
    const title = block ? block.title : key;
    return h('button', {
      type: 'button',
      class: 'block__spot',
      title: t('spotlight_block'),
      'aria-label': `${t('spotlight_show')}: ${title}`,
      on: { click: () => this.show({ block: key }) },
    }, icon('expand', 14), h('span', { class: 'block__spot-text', text: t('spotlight_show') }));
  }

  /**
   * Ask for `spotlight`. Until the answer comes, the arrow keys step on from what was asked, not
   * from the settings held: a quick second key (or the projector showing the step before this
   * page heard back) would otherwise step from the spotlight before.
   */
  async show(spotlight) {
    this.asked = spotlight;
    this.asking = (this.asking || 0) + 1;
    try {
      return await this.send({ spotlight });
    } finally {
      this.asking -= 1;
    }
  }

  /** The notes the projector shows, in its order (not hidden, not in a silent round). */
  order() {
    const settings = this.store.settings || {};
    return boardOrder(this.store.list((note) => !note.hidden && !note.pending && !inSilentRound(note, settings)));
  }

  /**
   * What the arrow keys step through, in the projector's order: a cluster once (in the place of
   * its first note, as the projector shows it: all of its notes at once), every other note.
   */
  units() {
    const units = [];
    const clusters = new Set();
    for (const note of this.order()) {
      const cluster = this.store.clusterOf(note.id);
      if (!cluster) units.push({ note: note.id, block: note.block });
      else if (!clusters.has(cluster.id)) {
        clusters.add(cluster.id);
        units.push({ cluster: cluster.id, block: note.block });
      }
    }
    return units;
  }

  step(delta) {
    const spot = this.asking ? this.asked : this.store.settings.spotlight;
    const units = this.units();
    if (!units.length) return;
    const at = (unit) => Boolean(spot) && ((unit.note && spot.note === unit.note) || (unit.cluster && spot.cluster === unit.cluster));
    let index = units.findIndex(at);
    if (index < 0 && spot && spot.note) {
      // A note of a cluster (spotlit from its own button): from its cluster.
      const cluster = this.store.clusterOf(spot.note);
      if (cluster) index = units.findIndex((unit) => unit.cluster === cluster.id);
    }
    if (index < 0 && spot && spot.block) {
      // From a block: its first (or, going back, its last) note or cluster.
      const inBlock = units.map((unit, i) => [unit, i]).filter(([unit]) => unit.block === spot.block);
      if (inBlock.length) index = inBlock[delta > 0 ? 0 : inBlock.length - 1][1] - delta;
    }
    const next = index < 0 ? (delta > 0 ? 0 : units.length - 1) : Math.min(units.length - 1, Math.max(0, index + delta));
    const unit = units[next];
    if (unit && !at(unit)) this.show(unit.cluster ? { cluster: unit.cluster } : { note: unit.note });
  }

  onKey(event) {
    if (!(this.asking ? this.asked : this.store.settings.spotlight) || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.closest('input, textarea, select, [contenteditable="true"]') || target.closest('dialog[open]'))) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') { event.preventDefault(); this.step(1); }
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') { event.preventDefault(); this.step(-1); }
    else if (event.key === 'Escape') { event.preventDefault(); this.show(null); }
  }

  render() {
    const spot = (this.store.settings || {}).spotlight;
    this.bar.hidden = !spot;
    document.body.classList.toggle('has-spotbar', Boolean(spot));
    if (!spot) return;
    let what = '';
    if (spot.block) what = (blockByKey.get(spot.block) || {}).title || spot.block;
    else if (spot.cluster) {
      const cluster = this.store.clusters.get(spot.cluster);
      what = cluster ? `${t('cluster')}: “${this.store.clusterTitle(cluster)}”` : '';
    }
    else if (spot.note) {
      const note = this.store.notes.get(spot.note);
      what = note ? `${placeOf(note)}: “${note.text}”` : '';
    }
    this.text.textContent = `${t('spotlight_on')}: ${what}`;
  }
}
