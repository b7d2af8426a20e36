// Moments of a canvas (snapshots, the live canvas): their times and counts as people read them.
import { t, tn, lang, COALITION_BLOCK } from './boot.js';

export const CURRENT = 'current';

const formatter = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
});

/** "2026-11-23T18:01:02Z" → "23 nov 2026 19:01" in the browser's time zone. */
export function formatMoment(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : formatter.format(date);
}

/** {notes, cards} of a list of notes: cards are the notes in the coalition block. */
export function countNotes(notes) {
  const cards = notes.filter((n) => n.block === COALITION_BLOCK).length;
  return { notes: notes.length - cards, cards };
}

/** "7 notities · 1 kaart · 12 deelnemers" (notes here: all notes except the cards). */
export function countsText({ notes, cards, participants }) {
  const parts = [tn('notes_count', notes), tn('cards_count', cards)];
  if (typeof participants === 'number') parts.push(tn('participants_count', participants));
  return parts.join(' · ');
}

/** A snapshot summary's label for a picker: "Einde sessie 1 (23 nov 2026 19:01)". */
export function momentOption(summary) {
  return t('moment_option', { label: summary.label, time: formatMoment(summary.created_at) });
}
