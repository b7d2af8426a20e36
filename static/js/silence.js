// The silent round, as canvas/realtime/visibility.py defines it: a note written since the round
// began (settings.silent_since) stays out of sight of everyone but its author and the
// facilitator; what was written before stays in view.

/** Whether `note` belongs to the silent round going on (false when there is none). */
export function inSilentRound(note, settings) {
  if (!settings || !settings.silent) return false;
  const since = settings.silent_since;
  // No start time (settings from before it existed), or a note not yet stored: in the round.
  return !since || !note || !note.created_at || note.created_at >= since;
}
