// The silent round, as canvas/realtime/visibility.py defines it (in_silent_round): a note written
// since the round began (settings.silent_since) stays out of sight of everyone but its author and
// the facilitator; what was written before stays in view.

/** Whether `note` belongs to the silent round going on (false when there is none). */
export function inSilentRound(note, settings) {
  if (!settings || !settings.silent) return false;
  const since = settings.silent_since;
  // No start time (settings from before it existed): every note is in the round.
  if (since === null || since === undefined) return true;
  // A note without a time compares as "", as in Python: before any start time, so in view.
  const created = note && typeof note.created_at === 'string' ? note.created_at : '';
  return created >= since;
}
