// Dragging notes on the facilitator's board to group them (pointer events, so mouse, pen and
// touch alike; HTML5 drag and drop does nothing on touch screens):
// - onto another note: the two become a cluster;
// - onto a cluster: the note joins it; onto a note of its own cluster: it moves to that place;
// - onto an empty spot of an area: the note moves there (another block or sub-area), or just
//   leaves its cluster when it is its own area.
// A mouse drags once moved a few pixels; a finger after a short press (so that a swipe still
// scrolls). A ghost of the note follows the pointer and the drop target is highlighted.
import { COALITION_BLOCK } from './boot.js';
import { h } from './dom.js';
import { groupable } from './clustering.js';
import { areaKeyOf } from './render.js';

const MOUSE_THRESHOLD_PX = 6;
const TOUCH_PRESS_MS = 350;
const TOUCH_SLOP_PX = 10;
const SKIP = 'button, a, input, select, textarea, label, summary, [role="button"]';

export class DragGrouping {
  /** root: the element holding the boards; clustering: a Clustering. */
  constructor(root, clustering) {
    this.root = root;
    this.clustering = clustering;
    this.store = clustering.store;
    this.pending = null;  // {pointerId, id, x, y, timer, type} before the drag starts
    this.drag = null;     // {pointerId, id, ghost, source, target, dx, dy}
    root.addEventListener('pointerdown', (event) => this.onDown(event));
    document.addEventListener('pointermove', (event) => this.onMove(event));
    document.addEventListener('pointerup', (event) => this.onUp(event));
    document.addEventListener('pointercancel', (event) => this.cancel(event));
    document.addEventListener('keydown', (event) => { if (event.key === 'Escape' && this.drag) { event.stopPropagation(); this.end(); } }, true);
    // While a finger drags, the page must not scroll.
    document.addEventListener('touchmove', (event) => { if (this.drag) event.preventDefault(); }, { passive: false });
    // The click that ends a drag opens nothing.
    window.addEventListener('click', (event) => {
      if (this.swallowClick) { event.stopPropagation(); event.preventDefault(); this.swallowClick = false; }
    }, true);
  }

  onDown(event) {
    if (this.drag || (event.pointerType === 'mouse' && event.button !== 0)) return;
    if (event.target.closest(SKIP)) return;
    const el = event.target.closest('.note[data-id]');
    if (!el || !this.root.contains(el)) return;
    const note = this.store.notes.get(el.dataset.id);
    if (!groupable(note)) return;
    this.pending = { pointerId: event.pointerId, id: note.id, x: event.clientX, y: event.clientY, el,
      type: event.pointerType, timer: 0, ready: event.pointerType !== 'touch' };
    if (event.pointerType === 'touch') {
      this.pending.timer = window.setTimeout(() => {
        if (this.pending) { this.pending.ready = true; this.start(this.pending.x, this.pending.y); }
      }, TOUCH_PRESS_MS);
    }
  }

  onMove(event) {
    if (this.pending && event.pointerId === this.pending.pointerId) {
      const p = this.pending;
      const far = Math.hypot(event.clientX - p.x, event.clientY - p.y);
      if (!p.ready) {
        if (far > TOUCH_SLOP_PX) this.clearPending(); // a swipe: let the page scroll
        return;
      }
      if (far < MOUSE_THRESHOLD_PX) return;
      this.start(p.x, p.y);
    }
    if (!this.drag || event.pointerId !== this.drag.pointerId) return;
    event.preventDefault();
    this.follow(event.clientX, event.clientY);
  }

  clearPending() {
    if (this.pending) window.clearTimeout(this.pending.timer);
    this.pending = null;
  }

  start(x, y) {
    const p = this.pending;
    this.clearPending();
    if (!p || !p.el.isConnected) return;
    const rect = p.el.getBoundingClientRect();
    const ghost = p.el.cloneNode(true);
    ghost.removeAttribute('data-id');
    ghost.classList.add('drag-ghost');
    ghost.setAttribute('aria-hidden', 'true');
    for (const button of ghost.querySelectorAll('button')) button.remove();
    const width = Math.min(220, Math.max(140, rect.width));
    Object.assign(ghost.style, { width: `${width}px`, left: '0px', top: '0px' });
    document.body.appendChild(ghost);
    p.el.classList.add('is-dragged');
    document.body.classList.add('is-dragging-note');
    // The ghost hangs below and right of the pointer, so that the target under it stays in view.
    this.drag = { pointerId: p.pointerId, id: p.id, ghost, source: p.el, target: null, dx: -18, dy: -14 };
    this.follow(x, y);
  }

  follow(x, y) {
    const d = this.drag;
    d.ghost.style.transform = `translate(${x - d.dx}px, ${y - d.dy}px) rotate(-2deg)`;
    this.setTarget(this.targetAt(x, y));
  }

  /** What is under the pointer: {kind: 'note'|'cluster'|'area', id, el}, or null. */
  targetAt(x, y) {
    const under = document.elementFromPoint(x, y);
    if (!under || !this.root.contains(under)) return null;
    const own = this.store.clusterOf(this.drag.id);
    const noteEl = under.closest('.note[data-id]');
    const clusterEl = under.closest('.cluster[data-cluster]');
    if (clusterEl) {
      const id = clusterEl.dataset.cluster;
      if (own && own.id === id) {
        // Within its own stack: onto another of its notes moves it there.
        if (noteEl && noteEl.dataset.id !== this.drag.id) return { kind: 'place', id: noteEl.dataset.id, el: noteEl };
        return null;
      }
      const cluster = this.store.clusters.get(id);
      if (cluster && cluster.block !== COALITION_BLOCK) return { kind: 'cluster', id, el: clusterEl };
      return null;
    }
    if (noteEl) {
      if (noteEl.dataset.id === this.drag.id) return null;
      const note = this.store.notes.get(noteEl.dataset.id);
      return groupable(note) ? { kind: 'note', id: note.id, el: noteEl } : null;
    }
    const areaEl = under.closest('.area[data-area]');
    if (areaEl) {
      const key = areaEl.dataset.area;
      if (key.endsWith(':*') || key.split(':')[0] === COALITION_BLOCK) return null;
      const note = this.store.notes.get(this.drag.id);
      // Its own area when it is in no cluster: nothing to do.
      if (!own && note && key === areaKeyOf(note)) return null;
      return { kind: 'area', id: key, el: areaEl };
    }
    return null;
  }

  setTarget(target) {
    const d = this.drag;
    if (d.target && target && d.target.el === target.el) return;
    if (d.target) d.target.el.classList.remove('is-drop-target');
    d.target = target;
    if (target) target.el.classList.add('is-drop-target');
    d.ghost.classList.toggle('has-target', Boolean(target));
  }

  onUp(event) {
    if (this.pending && event.pointerId === this.pending.pointerId) { this.clearPending(); return; }
    if (!this.drag || event.pointerId !== this.drag.pointerId) return;
    this.setTarget(this.targetAt(event.clientX, event.clientY));
    const { id, target } = this.drag;
    this.swallowClick = true;
    window.setTimeout(() => { this.swallowClick = false; }, 0);
    this.end();
    if (!target) return;
    const c = this.clustering;
    if (target.kind === 'note') c.groupWithNote(id, target.id);
    else if (target.kind === 'cluster') c.addTo(target.id, [id]);
    else if (target.kind === 'place') {
      const cluster = this.store.clusterOf(id);
      if (cluster) c.reorder(id, cluster.note_ids.filter((n) => n !== id).indexOf(target.id)
        + (cluster.note_ids.indexOf(target.id) > cluster.note_ids.indexOf(id) ? 1 : 0));
    } else if (target.kind === 'area') c.moveToArea(id, target.id);
  }

  cancel(event) {
    if (this.pending && event.pointerId === this.pending.pointerId) this.clearPending();
    if (this.drag && event.pointerId === this.drag.pointerId) this.end();
  }

  end() {
    const d = this.drag;
    if (!d) return;
    this.drag = null;
    if (d.target) d.target.el.classList.remove('is-drop-target');
    d.ghost.remove();
    d.source.classList.remove('is-dragged');
    document.body.classList.remove('is-dragging-note');
  }
}

