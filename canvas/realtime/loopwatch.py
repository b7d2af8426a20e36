"""How long the event loop stalls, under the gevent worker.

Every connection of the process is served by one OS thread taking turns (greenlets). A call that
does not give its turn back (a C call such as an SQLite write or fsync, a long pure-Python loop)
holds every other connection for as long as it runs. ``LoopWatch`` asks to be woken every
``INTERVAL`` seconds and records how much later than that it was woken: that lateness is how long
the loop was held by someone else. The summary goes to the log when the worker stops, as a
warning when a stall was felt or when asked for (``bench/load.py`` prints it); a single stall
over ``WARN_SECONDS`` is logged when it happens.
"""
import atexit
import bisect
import gc
import logging
import time
from collections import deque

log = logging.getLogger(__name__)


class LoopWatch:
    INTERVAL = 0.01       # seconds between wake-ups: finer than anyone notices
    KEEP = 360_000        # lateness samples kept for the summary: the last hour at most
    WARN_SECONDS = 0.5    # a stall this long is felt by everyone in the room: log it at once

    def __init__(self, clock=time.perf_counter, always_report: bool = False):
        self.clock = clock
        # The summary is a warning when a stall was felt (or when asked for, as benchmarks
        # and tests do with LOOP_STALL_REPORT); otherwise an info line, which the server's log
        # leaves out: a quiet stop says nothing about a loop that was never held.
        self.always_report = always_report
        self.samples = deque(maxlen=self.KEEP)  # lateness in seconds, newest last
        self.worst = 0.0
        self.started = None
        self.reported = False

    def start(self) -> "LoopWatch":
        import gevent  # only under the gevent worker

        self.started = self.clock()
        gevent.spawn(self._watch)
        atexit.register(self.report)
        return self

    def _watch(self) -> None:
        import gevent

        while True:
            before = self.clock()
            gevent.sleep(self.INTERVAL)
            self.record(self.clock() - before - self.INTERVAL)

    def record(self, late: float) -> None:
        late = max(0.0, late)
        self.samples.append(late)
        self.worst = max(self.worst, late)
        if late >= self.WARN_SECONDS:
            log.warning("event loop held for %.0f ms", late * 1000)

    def summary(self) -> dict:
        """Lateness over the kept samples, in ms: count, p50, p99, p99.9, max, and the share of
        time the loop was held in stalls over 50 ms."""
        ordered = sorted(self.samples)
        if not ordered:
            return {"count": 0}

        def at(fraction: float) -> float:
            return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

        long_stalls = sum(ordered[bisect.bisect_left(ordered, 0.05):])
        watched = len(ordered) * self.INTERVAL + sum(ordered)
        return {"count": len(ordered), "p50": at(0.50), "p99": at(0.99), "p999": at(0.999),
                "max": self.worst * 1000, "held_over_50ms": long_stalls / watched}

    def report(self) -> None:
        """Log the summary, once (at the worker's stop, or at its exit if it was not told)."""
        if self.reported:
            return
        self.reported = True
        figures = self.summary()
        if figures["count"]:
            felt = self.worst >= self.WARN_SECONDS
            level = logging.WARNING if felt or self.always_report else logging.INFO
            log.log(level, "event loop stalls: %(count)d checks, p50 %(p50).1f ms, p99 "
                    "%(p99).1f ms, p99.9 %(p999).1f ms, max %(max).1f ms, "
                    "%(held_over_50ms).2f%% of the time in stalls over 50 ms",
                    {**figures, "held_over_50ms": figures["held_over_50ms"] * 100})


# Python's cycle collector runs when enough container objects were made (gen0), and a full
# collection walks every object the process has: with 1,000 connections that held the loop for
# 130-200 ms, several times while notes were posted (bench/load.py, 1,000 people: p95 2.6 x the
# floor). Objects made while starting (modules, the app) never become garbage: frozen, they are
# left out of every collection; and a collection comes after 50,000 new objects instead of 700,
# so the loop is held seldom (p95 0.75-1.16 x the floor). A cycle that became garbage still goes
# at the next collection of its generation.
GC_THRESHOLDS = (50_000, 50, 100)


def settle_garbage_collector() -> None:
    """Once the app is built (gevent worker): freeze what exists, collect less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
