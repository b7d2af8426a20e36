// The silent brainstorm on the phone: a banner while it goes on and, per block of the list, how
// many notes of others it still hides.
import { tn, blocks } from '../boot.js';
import { $, h } from '../dom.js';
import { inSilentRound } from '../silence.js';

export class SilentRound {
  constructor({ store }) {
    this.store = store;
    store.subscribe((change) => { if (change.type !== 'presence') this.update(); });
  }

  update() {
    const store = this.store;
    const silent = Boolean(store.settings.silent);
    $('#silent-card').hidden = !silent;
    for (const block of blocks) {
      const section = $(`#list [data-block="${CSS.escape(block.key)}"]`);
      if (!section) continue;
      let line = section.querySelector('.lblock__hidden');
      if (!line) {
        line = h('p', { class: 'lblock__hidden' });
        section.appendChild(line);
      }
      // The server counts the round's notes, ours among them; waiting notes are not in it yet,
      // nor are hidden ones.
      const mine = store.list((n) => n.block === block.key && store.isMine(n) && !n.pending && !n.hidden
        && inSilentRound(n, store.settings)).length;
      const others = silent ? Math.max(0, (Number((store.counts || {})[block.key]) || 0) - mine) : 0;
      line.hidden = others === 0;
      line.textContent = tn('hidden_others', others);
      section.classList.toggle('has-hidden', others > 0);
    }
  }
}
