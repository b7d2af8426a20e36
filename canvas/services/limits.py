"""Rate limits: token buckets kept in the memory of this process.

Two limits, each aimed at one abuse and sized so that a real workshop never meets it:

- notes per participant: a burst of ``NOTE_BURST`` notes, then one every ``NOTE_INTERVAL``
  seconds, against a device flooding the canvas (a person writes a note in ten seconds or more);
- failed joins per network address: ``FAILED_JOIN_BURST`` unknown codes, then one every
  ``FAILED_JOIN_INTERVAL`` seconds, against guessing join codes. Only failures count, so a room of
  500 people joining from one shared Wi-Fi address with the right code is never refused; only
  an address that has already sent many wrong codes is slowed down.

With several server processes each process keeps its own buckets: the limits multiply by the
number of processes, which still stops flooding and makes guessing (a space of about 10^9 codes)
hopeless.
"""
import threading
import time

from canvas.services.errors import TooManyRequests

NOTE_BURST = 20
NOTE_INTERVAL = 2.0
FAILED_JOIN_BURST = 30
FAILED_JOIN_INTERVAL = 10.0
MAX_KEYS = 100_000  # buckets kept at most; the fullest (idle) ones are forgotten first


class TokenBuckets:
    """One bucket per key: ``capacity`` tokens, refilled with one every ``interval`` seconds."""

    def __init__(self, capacity: int, interval: float, clock=time.monotonic):
        self.capacity = capacity
        self.interval = interval
        self.clock = clock
        self._buckets: dict = {}  # key -> (tokens, time of that count)
        self._lock = threading.Lock()

    def _tokens(self, key, now: float) -> float:
        tokens, then = self._buckets.get(key, (self.capacity, now))
        return min(self.capacity, tokens + (now - then) / self.interval)

    def available(self, key) -> bool:
        """Whether ``key`` has a token left (without taking it)."""
        with self._lock:
            return self._tokens(key, self.clock()) >= 1

    def take(self, key) -> bool:
        """Take a token; False (and nothing taken) if the bucket is empty."""
        with self._lock:
            now = self.clock()
            tokens = self._tokens(key, now)
            if tokens < 1:
                return False
            if len(self._buckets) >= MAX_KEYS and key not in self._buckets:
                self._forget_full(now)
            self._buckets[key] = (tokens - 1, now)
            return True

    def retry_after(self, key) -> int:
        """Seconds until ``key`` has a token again (at least 1)."""
        with self._lock:
            missing = 1 - self._tokens(key, self.clock())
        return max(1, int(missing * self.interval + 0.999))

    def _forget_full(self, now: float) -> None:
        full = [k for k in self._buckets if self._tokens(k, now) >= self.capacity]
        for key in full or list(self._buckets)[: len(self._buckets) // 2]:
            del self._buckets[key]


class Limits:
    """The limits of one server process."""

    def __init__(self, clock=time.monotonic):
        self.notes = TokenBuckets(NOTE_BURST, NOTE_INTERVAL, clock)
        self.failed_joins = TokenBuckets(FAILED_JOIN_BURST, FAILED_JOIN_INTERVAL, clock)


# Answers that tell a guesser "wrong": they use up the address's failed-join allowance.
GUESS_FAILURES = ("workshop_not_found", "bad_facilitator_key")


def check_guessing(limits: Limits, address) -> None:
    """Refuse an address that has sent too many unknown codes (or wrong keys) lately."""
    if address and not limits.failed_joins.available(address):
        wait = limits.failed_joins.retry_after(address)
        raise TooManyRequests("too_many_attempts", data={"retry_after": wait})


def count_if_guess(limits: Limits, address, error) -> None:
    """Count a failed lookup against the address it came from."""
    if address and getattr(error, "code", None) in GUESS_FAILURES:
        limits.failed_joins.take(address)
