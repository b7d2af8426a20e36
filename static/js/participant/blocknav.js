// Finding your way in a long list of notes on a phone: an index of the five blocks with their
// counts that stays at the top of the screen while the notes scroll by (tap: go there), and
// blocks that fold away to their title and count (remembered on this device, per workshop).
import { t, tn, blocks, blockByKey } from '../boot.js';
import { $, $$, h, onPageScroll, pageScroller, scrollPageBy, scrollView } from '../dom.js';
import { load, save } from '../storage.js';

function readKeys(key) {
  try {
    const value = JSON.parse(load(key) || '[]');
    return Array.isArray(value) ? value.filter((k) => blockByKey.has(k)) : [];
  } catch (error) {
    return [];
  }
}

export class BlockNav {
  /** list: the NoteList; key: where the folded blocks are kept (keys.folded(code)). */
  constructor({ list, key }) {
    this.list = list;
    this.key = key;
    this.root = $('#list');
    this.nav = $('#blocknav');
    this.row = $('#blocknav-list');
    this.foldAll = $('#fold-all');
    this.folded = new Set(readKeys(key));
    this.active = null;
    this.frame = 0;
    this.top = 0; // where the index sticks (px from the top of the screen)
    this.links = new Map(blocks.map((block) => [block.key, this.link(block)]));
    this.row.replaceChildren(...Array.from(this.links.values(), (link) => h('li', { class: 'blocknav__item' }, link)));
    for (const section of this.sections()) {
      const key = section.dataset.block;
      section.querySelector('.lblock__toggle').addEventListener('click', () => this.toggle(key));
    }
    this.foldAll.addEventListener('click', () => this.setAll(!this.anyOpen()));
    for (const key of this.folded) this.show(key, false);
    this.updateFoldAll();
    list.onRender(() => this.update());
    onPageScroll(() => this.schedule());
    window.addEventListener('resize', () => { this.measure(); this.schedule(); });
    // The index sticks right under what already sticks at the top (top bar, status bar).
    if (window.ResizeObserver) {
      const observer = new ResizeObserver(() => this.measure());
      for (const el of [$('.topbar'), $('#pstatus')]) if (el) observer.observe(el);
    }
    this.measure();
  }

  sections() {
    return $$('#list > .lblock');
  }

  section(key) {
    return this.root.querySelector(`.lblock[data-block="${CSS.escape(key)}"]`);
  }

  link(block) {
    return h('a', { class: `blocknav__link blocknav__link--${block.key}`, href: `#${this.section(block.key).id}`,
      dataset: { block: block.key },
      on: { click: (event) => { event.preventDefault(); this.goTo(block.key); } } },
    h('span', { class: 'blocknav__name', text: block.title }), ' ',
    h('span', { class: 'blocknav__count', text: '0' }));
  }

  /** Where the sticky things above the index end, in what scrolls: the index sticks there. */
  measure() {
    let top = 0;
    const scroller = pageScroller();
    for (const el of [$('.topbar'), $('#pstatus')]) {
      if (!el || el.hidden || window.getComputedStyle(el).position !== 'sticky') continue;
      if (!scroller.contains(el)) continue; // (the top bar above the laptop's column)
      top = Math.max(top, (parseFloat(window.getComputedStyle(el).top) || 0) + el.getBoundingClientRect().height);
    }
    this.top = Math.round(top);
    document.body.style.setProperty('--board-sticky-top', `${this.top}px`);
  }

  /** After a render: the counts in the index (what the list shows: all, or mine). */
  update() {
    const mineOnly = this.list.mineOnly;
    for (const section of this.sections()) {
      const count = Number(section.dataset.count || 0);
      const link = this.links.get(section.dataset.block);
      link.querySelector('.blocknav__count').textContent = String(count);
      // Its name is what it shows ("Regie 12"): a different label would not match what is read.
      link.title = `${blockByKey.get(section.dataset.block).title}, ${tn('block_count', count)}`;
      link.classList.toggle('is-empty', count === 0);
      // "My notes": blocks without any are left out of the list, and so of its index.
      link.parentElement.hidden = mineOnly && count === 0;
    }
    this.schedule();
  }

  toggle(key) {
    this.show(key, this.folded.has(key));
    this.remember();
  }

  /** Fold every block away, or open every one. */
  setAll(open) {
    for (const block of blocks) this.show(block.key, open);
    this.remember();
  }

  anyOpen() {
    return blocks.some((block) => !this.folded.has(block.key));
  }

  show(key, open) {
    const section = this.section(key);
    if (!section) return;
    if (open) this.folded.delete(key);
    else this.folded.add(key);
    section.classList.toggle('is-folded', !open);
    section.querySelector('.lblock__toggle').setAttribute('aria-expanded', String(open));
    section.querySelector('.lblock__body').hidden = !open;
    this.updateFoldAll();
    this.schedule();
  }

  updateFoldAll() {
    this.foldAll.textContent = this.anyOpen() ? t('collapse_all') : t('expand_all');
  }

  remember() {
    save(this.key, this.folded.size ? JSON.stringify(Array.from(this.folded)) : null);
  }

  /** The bottom of the index on the screen, where a block's title lands after a jump. */
  stickyBottom() {
    return scrollView().top + this.top + this.nav.getBoundingClientRect().height;
  }

  /** Jump to a block (opened if it was folded): its title right under the index, focus on it. */
  goTo(key) {
    const section = this.section(key);
    if (!section) return;
    if (this.folded.has(key)) { this.show(key, true); this.remember(); }
    scrollPageBy(section.getBoundingClientRect().top - this.stickyBottom() - 8);
    section.querySelector('.lblock__toggle').focus({ preventScroll: true });
    this.setActive(key);
  }

  schedule() {
    if (this.frame) return;
    this.frame = window.requestAnimationFrame(() => { this.frame = 0; this.spy(); });
  }

  /** The block under the index is the one marked in it. */
  spy() {
    const line = this.stickyBottom() + 12;
    let current = null;
    for (const section of this.sections()) {
      if (!section.offsetParent) continue; // left out ("my notes")
      if (!current || section.getBoundingClientRect().top <= line) current = section.dataset.block;
    }
    this.setActive(current);
  }

  setActive(key) {
    if (key === this.active) return;
    this.active = key;
    for (const [block, link] of this.links) {
      if (block === key) link.setAttribute('aria-current', 'location');
      else link.removeAttribute('aria-current');
    }
    // The row scrolls sideways on a narrow screen: keep the marked block in it.
    const link = key ? this.links.get(key) : null;
    if (!link) return;
    const row = this.row;
    const left = link.parentElement.offsetLeft; // the row is the items' offset parent
    if (left < row.scrollLeft + 8 || left + link.offsetWidth > row.scrollLeft + row.clientWidth - 8) {
      row.scrollTo({ left: Math.max(0, left - 24), behavior: 'auto' });
    }
  }
}
