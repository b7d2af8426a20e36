// Clusters on the phone: a stack shows closed (title, count, and the votes while voting) and
// opens on a tap to its notes. Which stacks are open is kept for this tab (session storage), so
// it survives every re-render and a reload, and is forgotten when the tab closes.
import { tn } from '../boot.js';
import { h } from '../dom.js';

function readIds(key) {
  try {
    const value = JSON.parse(window.sessionStorage.getItem(key) || '[]');
    return Array.isArray(value) ? value.filter((id) => typeof id === 'string') : [];
  } catch (error) {
    return []; // storage blocked, or written by something else: all closed
  }
}

function writeIds(key, ids) {
  try {
    if (ids.length) window.sessionStorage.setItem(key, JSON.stringify(ids));
    else window.sessionStorage.removeItem(key);
  } catch (error) {
    // Storage unavailable: the stacks still open and close, they just close after a reload.
  }
}

export class ClusterStacks {
  /**
   * store: the NoteStore; voting: the Voting (bars on clusters); key: where the open stacks are
   * kept; schedule(): re-render the list.
   */
  constructor({ store, voting, key, schedule }) {
    this.store = store;
    this.voting = voting;
    this.key = key;
    this.schedule = schedule;
    this.open = new Set(readIds(key));
    this.focusAfterRender = null; // the stack whose toggle had the focus when it was tapped
  }

  isOpen(id) {
    return this.open.has(id);
  }

  setOpen(id, open) {
    if (open) this.open.add(id);
    else this.open.delete(id);
    // Only clusters that still exist are kept (a long workshop makes and dissolves many).
    writeIds(this.key, Array.from(this.open).filter((cid) => this.store.clusters.has(cid)));
    this.focusAfterRender = id;
    this.schedule();
  }

  /**
   * Options for clusterElement. mineOnly: the list shows only this participant's notes, so the
   * stack holds only theirs and stays open (a closed stack would hide what the filter is for).
   */
  decorate(cluster, notes, { mineOnly = false } = {}) {
    const store = this.store;
    const voting = this.voting.budget() > 0;
    const score = store.clusterScore(cluster);
    const open = mineOnly || this.isOpen(cluster.id);
    const mine = notes.filter((note) => store.isMine(note)).length;
    const myVotes = Number(store.myVotes.by_cluster[cluster.id]) || 0;
    const none = voting && store.votesLeft() === 0;
    const extra = () => {
      // Closed, the stack still says that a note of yours is in it (you may edit it inside).
      const line = mine && !open ? h('p', { class: 'cluster__mine', text: tn('cluster_has_mine', mine) }) : null;
      const bar = voting ? this.voting.clusterBar(cluster, score) : null;
      return line || bar ? h('div', { class: 'cluster__extra' }, line, bar) : null;
    };
    return {
      collapsed: !open,
      onToggle: mineOnly ? null : (next) => this.setOpen(cluster.id, next),
      // While voting the score sits in the bar; otherwise as the round sticker in the head.
      dots: !voting,
      classes: `pcluster${mine ? ' has-mine' : ''}`,
      extra,
      signature: `${open ? 'o' : 'c'}${mineOnly ? 'M' : ''}${mine}|${voting ? `v${myVotes}${none ? 'z' : ''}` : ''}`,
    };
  }

  /** After a render: the toggle just tapped was rebuilt; give the focus back to the new one. */
  restoreFocus(root) {
    const id = this.focusAfterRender;
    if (!id) return;
    this.focusAfterRender = null;
    const toggle = root.querySelector(`.cluster[data-cluster="${CSS.escape(id)}"] .cluster__toggle`);
    if (toggle && document.activeElement !== toggle) toggle.focus({ preventScroll: true });
  }
}
