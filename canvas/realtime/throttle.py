"""Fold bursts of the same broadcast into one.

When 500 people join within seconds, telling everyone the new online count after every single
join sends 500 × 500 messages. The room only needs the count to be right soon: the first change
is sent at once, changes within the next ``interval`` are folded into one message at its end.
"""
import logging
import threading
import time

log = logging.getLogger(__name__)


class Throttle:
    """Run a per-key action at most once per ``interval`` seconds, and never drop the last."""

    def __init__(self, interval: float, clock=time.monotonic):
        self.interval = interval
        self.clock = clock
        self._lock = threading.Lock()
        self._last: dict = {}      # key -> when the action last ran
        self._pending: set = set()  # keys with a folded run scheduled
        # The latest action per pending key: a payload made when its change happened (a dict,
        # not a function reading the state later) must be the last one's, not the first's.
        self._latest: dict = {}

    def __call__(self, key, action) -> None:
        """Run ``action()`` now, or once at the end of the current interval for ``key``.
        The action reads the state when it runs, so the folded run sends the latest."""
        with self._lock:
            if key in self._pending:
                self._latest[key] = action
                return
            wait = self._last.get(key, float("-inf")) + self.interval - self.clock()
            if wait > 0:
                self._pending.add(key)
                self._latest[key] = action
            else:
                self._last[key] = self.clock()
        if wait <= 0:
            action()
            return
        timer = threading.Timer(wait, self._run_folded, args=(key,))
        timer.daemon = True
        timer.start()

    def _run_folded(self, key) -> None:
        with self._lock:
            self._pending.discard(key)
            self._last[key] = self.clock()
            action = self._latest.pop(key)
        try:
            action()
        except Exception:  # noqa: BLE001 - a timer thread has no caller to tell
            # (The database was busy past its timeout, say: the next change sends again.)
            log.exception("a folded broadcast failed")
