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
from collections import deque
from contextlib import contextmanager

from canvas.i18n import translate
from canvas.services.errors import ServiceUnavailable, TooManyRequests

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


# Writers across workshops -------------------------------------------------------------------
#
# Facilitators have a limit of their own: higher than a participant's (they paste a prepared
# list, type fast in front of the room), but finite, because anyone can create a workshop and so
# be its facilitator. One bucket per workshop, shared by all of its facilitators' connections.
FACILITATOR_NOTE_BURST = 60
FACILITATOR_NOTE_INTERVAL = 0.5

# The database takes one write at a time (SQLite) and one per workshop (the workshop's row lock
# in PostgreSQL). ``FairWriteGate`` hands out that turn round robin over the workshops that are
# waiting, so a flooding workshop waits behind every other workshop's next write instead of
# ahead of it; and it keeps at most ``WRITES_QUEUED_PER_WORKSHOP`` writes of one workshop
# waiting, refusing the rest at once (``busy``, retryable) instead of letting them pile up as
# threads. A write that waited ``WRITE_WAIT_MAX`` seconds for its turn is refused the same way.
WRITES_QUEUED_PER_WORKSHOP = 32
WRITE_WAIT_MAX = 8.0
WRITE_SLOTS_SQLITE = 1
WRITE_SLOTS_OTHER = 16
BUSY_RETRY_AFTER = 1  # seconds a refused write is asked to wait


class FacilitatorTooFast(TooManyRequests):
    """``too_fast`` (clients retry it after ``retry_after``), with a text that names the
    facilitators' limit."""

    def message(self, lang: str) -> str:
        return translate("error.too_fast_facilitator", lang, **self.params)


class WriteLimits:
    """Writers of this process: the facilitators' note limit and the fair write gate."""

    def __init__(self, slots: int = WRITE_SLOTS_SQLITE, clock=time.monotonic):
        self.facilitator_notes = TokenBuckets(FACILITATOR_NOTE_BURST, FACILITATOR_NOTE_INTERVAL,
                                              clock)
        self.gate = FairWriteGate(slots)


def take_facilitator_note(writes: WriteLimits, workshop_id) -> None:
    """Take a token from the workshop's facilitators' bucket; FacilitatorTooFast if empty."""
    if not writes.facilitator_notes.take(workshop_id):
        wait = writes.facilitator_notes.retry_after(workshop_id)
        raise FacilitatorTooFast("too_fast", data={"retry_after": wait}, seconds=wait,
                                 burst=FACILITATOR_NOTE_BURST,
                                 interval=FACILITATOR_NOTE_INTERVAL)


def busy_error() -> ServiceUnavailable:
    """The refusal of a write that could not get its turn (retryable)."""
    return ServiceUnavailable("busy", data={"retry_after": BUSY_RETRY_AFTER},
                              seconds=BUSY_RETRY_AFTER, queued=WRITES_QUEUED_PER_WORKSHOP,
                              wait=int(WRITE_WAIT_MAX))


class _Waiter:
    __slots__ = ("event", "granted")

    def __init__(self):
        self.event = threading.Event()
        self.granted = False


class FairWriteGate:
    """Turns to write, ``slots`` at a time, at most one per workshop, round robin over the
    workshops that wait (first come, first served within a workshop)."""

    def __init__(self, slots: int = 1, per_workshop: int = WRITES_QUEUED_PER_WORKSHOP):
        self.slots = slots
        self.per_workshop = per_workshop
        self._lock = threading.Lock()
        self._active: set = set()          # workshops writing now
        self._queues: dict = {}            # workshop -> deque of _Waiter, in arrival order
        self._ring: deque = deque()        # workshops with waiters, in turn order

    @contextmanager
    def turn(self, workshop, timeout: float = WRITE_WAIT_MAX):
        """Hold the turn of ``workshop`` for the block; ServiceUnavailable ``busy`` if more
        than ``per_workshop`` writes of it wait already or the turn did not come in time."""
        self.acquire(workshop, timeout)
        try:
            yield
        finally:
            self.release(workshop)

    def acquire(self, workshop, timeout: float = WRITE_WAIT_MAX) -> None:
        with self._lock:
            queue = self._queues.get(workshop)
            if not queue and workshop not in self._active and len(self._active) < self.slots:
                self._active.add(workshop)
                return
            if queue is None:
                queue = self._queues[workshop] = deque()
                self._ring.append(workshop)
            if len(queue) >= self.per_workshop:
                raise busy_error()
            waiter = _Waiter()
            queue.append(waiter)
        if waiter.event.wait(timeout):
            return
        with self._lock:
            if waiter.granted:  # granted between the timeout and this lock: keep it
                return
            queue.remove(waiter)
            if not queue:
                del self._queues[workshop]
                self._ring.remove(workshop)
        raise busy_error()

    def release(self, workshop) -> None:
        with self._lock:
            self._active.discard(workshop)
            if workshop in self._queues:  # it just wrote: the others that wait go first
                self._ring.remove(workshop)
                self._ring.append(workshop)
            self._grant_next()

    def waiting(self, workshop) -> int:
        with self._lock:
            return len(self._queues.get(workshop, ()))

    def _grant_next(self) -> None:
        """Give free slots to the next workshops in the ring that are not writing now."""
        for _ in range(len(self._ring)):
            if len(self._active) >= self.slots:
                return
            workshop = self._ring[0]
            self._ring.rotate(-1)  # it goes to the back of the ring, served or not
            if workshop in self._active:
                continue
            queue = self._queues[workshop]
            waiter = queue.popleft()
            if not queue:
                del self._queues[workshop]
                self._ring.remove(workshop)
            self._active.add(workshop)
            waiter.granted = True
            waiter.event.set()
