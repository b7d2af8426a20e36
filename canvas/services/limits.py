"""Rate limits: token buckets kept in the memory of this process.

Two limits, each aimed at one abuse and sized so that a real workshop never meets it:

- notes per participant: a burst of ``NOTE_BURST`` notes, then one every ``NOTE_INTERVAL``
  seconds, against a device flooding the canvas (a person writes a note in ten seconds or more);
- failed joins per network address: ``FAILED_JOIN_BURST`` unknown codes, then one every
  ``FAILED_JOIN_INTERVAL`` seconds, against guessing join codes. Only failures count. An address
  that is out of failures still gets in to every workshop it has *shown* it belongs to
  (``KnownCodes``: it created it, or joined it with a valid key, participant token, the join
  link's tag, or before it ran out); only unproven codes are refused, with one answer whether
  they exist or not. So a guesser behind the room's Wi-Fi cannot lock the room out, and guessing
  stays at one code per ``FAILED_JOIN_INTERVAL`` (docs/security.md has the arithmetic).

With several server processes each process keeps its own buckets: the limits multiply by the
number of processes, which still stops flooding and makes guessing (a space of about 10^9 codes)
hopeless.
"""
import ipaddress
import threading
import time
from collections import OrderedDict, deque
from contextlib import contextmanager

from canvas.i18n import translate
from canvas.services.errors import ServiceUnavailable, TooManyRequests
from canvas.services.rules import (
    ADDRESS_NOTE_BURST,
    ADDRESS_NOTE_INTERVAL,
    CONNECTION_ADDRESS_INTERVAL,
    CONNECTIONS_PER_ADDRESS_BURST,
    IDENTITIES_PER_ADDRESS,
    IDENTITIES_PER_CONNECTION,
    IDENTITY_ADDRESS_INTERVAL,
    IDENTITY_BURST_WINDOW,
    IDENTITY_CONNECTION_INTERVAL,
    TEMPLATE_SAVE_INTERVAL,
    TEMPLATES_PER_ADDRESS_BURST,
    VITALITY_ADDRESS_BURST,
    VITALITY_ADDRESS_INTERVAL,
    VITALITY_RATE_BURST,
    VITALITY_RATE_INTERVAL,
    WORKSHOP_CREATE_INTERVAL,
    WORKSHOPS_PER_ADDRESS_BURST,
    normalize_code,
)

NOTE_BURST = 20
NOTE_INTERVAL = 2.0
# The figures a ``too_fast`` refusal names: a person's limit (a connection has the same one;
# an address's is only ever reached by a machine).
NOTE_LIMIT_PARAMS = {"burst": NOTE_BURST, "interval": f"{NOTE_INTERVAL:g}"}
FAILED_JOIN_BURST = 30
FAILED_JOIN_INTERVAL = 10.0
MAX_KEYS = 100_000  # buckets kept at most; the fullest (idle) ones are forgotten first
# Workshops one address is remembered to belong to: a venue runs a few at once; a day is longer
# than any workshop.
KNOWN_CODES_PER_ADDRESS = 64
KNOWN_CODE_SECONDS = 24 * 3600


def address_key(address) -> str | None:
    """The unit the per-address limits count: an IPv4 address, or the /64 network of an IPv6
    one (one device gets a whole /64 and can pick any address in it)."""
    if not address:
        return None
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return str(address)
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


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

    def give_back(self, key) -> None:
        """Return a token taken for something that then did not happen."""
        with self._lock:
            now = self.clock()
            if key in self._buckets:
                self._buckets[key] = (min(self.capacity, self._tokens(key, now) + 1), now)

    def retry_after(self, key) -> int:
        """Seconds until ``key`` has a token again (at least 1)."""
        with self._lock:
            missing = 1 - self._tokens(key, self.clock())
        return max(1, int(missing * self.interval + 0.999))

    def _forget_full(self, now: float) -> None:
        full = [k for k in self._buckets if self._tokens(k, now) >= self.capacity]
        for key in full or list(self._buckets)[: len(self._buckets) // 2]:
            del self._buckets[key]


class KnownCodes:
    """Per address, the join codes it has shown it belongs to, for ``KNOWN_CODE_SECONDS``."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._codes: OrderedDict = OrderedDict()  # address -> OrderedDict(code -> expiry)
        self._lock = threading.Lock()

    def add(self, address, code: str) -> None:
        key = address_key(address)
        if key is None or not code:
            return
        with self._lock:
            codes = self._codes.pop(key, None) or OrderedDict()
            codes.pop(code, None)
            codes[code] = self.clock() + KNOWN_CODE_SECONDS
            while len(codes) > KNOWN_CODES_PER_ADDRESS:
                codes.popitem(last=False)
            self._codes[key] = codes  # most recently used last
            while len(self._codes) > MAX_KEYS:
                self._codes.popitem(last=False)

    def __contains__(self, item) -> bool:
        address, code = item
        key = address_key(address)
        with self._lock:
            expiry = self._codes.get(key, {}).get(code)
            return expiry is not None and expiry > self.clock()


class IdentityLog:
    """Per workshop, the participants started in the last ``IDENTITY_BURST_WINDOW`` seconds
    and the address (key) each came from: what a facilitator is shown to undo a burst."""

    MAX_PER_WORKSHOP = 5_000

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._log: dict = {}  # workshop id -> deque of (time, address key, participant id)
        self._lock = threading.Lock()

    def add(self, workshop_id: int, address, participant_id: str) -> None:
        with self._lock:
            log = self._log.setdefault(workshop_id, deque(maxlen=self.MAX_PER_WORKSHOP))
            log.append((self.clock(), address_key(address), participant_id))
            self._prune(workshop_id)

    def recent(self, workshop_id: int) -> list[tuple[str | None, list[str]]]:
        """(address key, participant ids, oldest first) per address, most identities first."""
        with self._lock:
            self._prune(workshop_id)
            groups: dict = {}
            for _, key, participant_id in self._log.get(workshop_id, ()):
                groups.setdefault(key, []).append(participant_id)
        return sorted(groups.items(), key=lambda item: -len(item[1]))

    def _prune(self, workshop_id: int) -> None:
        log = self._log.get(workshop_id)
        cutoff = self.clock() - IDENTITY_BURST_WINDOW
        while log and log[0][0] < cutoff:
            log.popleft()
        if log is not None and not log:
            del self._log[workshop_id]


class Limits:
    """The limits of one server process."""

    def __init__(self, clock=time.monotonic):
        self.notes = TokenBuckets(NOTE_BURST, NOTE_INTERVAL, clock)
        self.failed_joins = TokenBuckets(FAILED_JOIN_BURST, FAILED_JOIN_INTERVAL, clock)
        self.known_codes = KnownCodes(clock)
        self.notes_by_connection = TokenBuckets(NOTE_BURST, NOTE_INTERVAL, clock)
        self.notes_by_address = TokenBuckets(ADDRESS_NOTE_BURST, ADDRESS_NOTE_INTERVAL, clock)
        self.connections_by_address = TokenBuckets(CONNECTIONS_PER_ADDRESS_BURST,
                                                    CONNECTION_ADDRESS_INTERVAL, clock)
        self.identities_by_connection = TokenBuckets(IDENTITIES_PER_CONNECTION,
                                                     IDENTITY_CONNECTION_INTERVAL, clock)
        self.identities_by_address = TokenBuckets(IDENTITIES_PER_ADDRESS,
                                                  IDENTITY_ADDRESS_INTERVAL, clock)
        self.new_identities = IdentityLog(clock)
        # Every participant each open connection has been: a vote budget holds per connection.
        self.connection_identities: dict[str, set] = {}
        self.new_workshops = TokenBuckets(WORKSHOPS_PER_ADDRESS_BURST, WORKSHOP_CREATE_INTERVAL,
                                          clock)
        # Vitality ratings, per connection and per participant (canvas/services/vitality.py).
        self.vitality_ratings = TokenBuckets(VITALITY_RATE_BURST, VITALITY_RATE_INTERVAL, clock)
        self.vitality_by_address = TokenBuckets(VITALITY_ADDRESS_BURST,
                                                VITALITY_ADDRESS_INTERVAL, clock)
        # Templates saved per address (canvas/services/templates.py).
        self.saved_templates = TokenBuckets(TEMPLATES_PER_ADDRESS_BURST, TEMPLATE_SAVE_INTERVAL,
                                            clock)


# Answers that tell a guesser "wrong": they use up the address's failed-join allowance.
GUESS_FAILURES = ("workshop_not_found", "bad_facilitator_key")


def guessing_refused(limits: Limits, address, code) -> bool:
    """Whether a lookup of ``code`` from ``address`` needs proof of membership (a key, a
    participant token, the join link's tag): the address has used up its failed lookups and has
    not shown before that it belongs to this workshop. Without proof the answer is then
    ``too_many_attempts`` whether the code exists or not, so it tells a guesser nothing."""
    key = address_key(address)
    if key is None or limits.failed_joins.available(key):
        return False
    return (key, normalize_code(code)) not in limits.known_codes


def refusal(limits: Limits, address) -> TooManyRequests:
    """The answer to an unproven lookup from an address out of failed lookups."""
    key = address_key(address)
    wait = limits.failed_joins.retry_after(key)
    return TooManyRequests("too_many_attempts", data={"retry_after": wait},
                           max=FAILED_JOIN_BURST, seconds=int(FAILED_JOIN_INTERVAL))


def check_guessing(limits: Limits, address, code) -> None:
    """Raise ``refusal`` if ``guessing_refused``."""
    if guessing_refused(limits, address, code):
        raise refusal(limits, address)


def remember(limits: Limits, address, code) -> None:
    """``address`` has shown it belongs to the workshop ``code`` (a successful join, page or
    read, or it created it): it is never refused that workshop by the guessing guard."""
    limits.known_codes.add(address_key(address), normalize_code(code))


def _take_all(pairs, code: str, **params) -> None:
    """Take one token from each (buckets, key) pair, or none at all: TooManyRequests ``code``
    with the longest wait if any bucket is empty. A key of None is not limited."""
    pairs = [(buckets, key) for buckets, key in pairs if key is not None]
    empty = [(buckets, key) for buckets, key in pairs if not buckets.available(key)]
    if empty:
        wait = max(buckets.retry_after(key) for buckets, key in empty)
        raise TooManyRequests(code, data={"retry_after": wait}, seconds=wait, **params)
    for buckets, key in pairs:
        buckets.take(key)


def take_connection(limits: Limits, address) -> bool:
    """Count a new connection against its address; False when the address has opened more
    than ``CONNECTIONS_PER_ADDRESS_BURST`` lately (then 50 a second)."""
    key = address_key(address)
    return key is None or limits.connections_by_address.take(key)


def take_sender_note(limits: Limits, connection, address) -> None:
    """Count a participant's note against its connection (as tight as a participant's own
    limit, so joining again as someone new on the same connection buys nothing) and its
    address (sized for a room of 500). TooManyRequests ``too_fast`` when either is empty."""
    _take_all([(limits.notes_by_connection, connection),
               (limits.notes_by_address, address_key(address))], "too_fast",
              **NOTE_LIMIT_PARAMS)


def give_back_note(limits: Limits, writes, *, participant_id, is_facilitator, connection,
                   address, workshop_id) -> None:
    """A note refused ``busy`` (it did not get its turn to write) was not stored: the tokens
    taken for it go back, so that the sender's retry is not counted twice."""
    if is_facilitator:
        writes.facilitator_notes.give_back(workshop_id)
    elif participant_id:
        limits.notes.give_back(participant_id)
        if connection is not None:
            limits.notes_by_connection.give_back(connection)
        key = address_key(address)
        if key is not None:
            limits.notes_by_address.give_back(key)


def take_vitality_rating(limits: Limits, connection, participant_id, address=None) -> None:
    """Count one vitality rating against its connection and its participant (joining again as
    someone new on the same connection buys nothing) and its address (sized for a room of
    1,000 behind one Wi-Fi). TooManyRequests ``vitality_too_fast``, naming the limit, when
    any is spent."""
    key = address_key(address)
    _take_all([(limits.vitality_ratings, ("connection", connection) if connection else None),
               (limits.vitality_ratings, ("participant", participant_id)
                if participant_id else None),
               (limits.vitality_by_address, key)],
              "vitality_too_fast", burst=VITALITY_RATE_BURST,
              interval=f"{VITALITY_RATE_INTERVAL:g}")


def take_new_identity(limits: Limits, connection, address, workshop_id: int) -> None:
    """Count a new participant against its connection and its address in this workshop.
    TooManyRequests ``too_many_identities`` (with the limits) when either is spent."""
    key = address_key(address)
    _take_all([(limits.identities_by_connection, connection),
               (limits.identities_by_address, (key, workshop_id) if key else None)],
              "too_many_identities", per_connection=IDENTITIES_PER_CONNECTION,
              per_address=IDENTITIES_PER_ADDRESS)


def connection_was(limits: Limits, connection, participant_id) -> None:
    """Connection ``connection`` speaks (or spoke) as ``participant_id``."""
    if connection and participant_id:
        limits.connection_identities.setdefault(connection, set()).add(participant_id)


def identities_of(limits: Limits, connection, participant_id) -> set:
    """Every participant this connection has been, ``participant_id`` included."""
    return limits.connection_identities.get(connection, set()) | {participant_id}


def connection_closed(limits: Limits, connection) -> None:
    limits.connection_identities.pop(connection, None)


def _take_per_address(buckets: TokenBuckets, address, code: str, burst: int,
                      interval: float) -> None:
    """Take a token of ``address``'s bucket; TooManyRequests ``code`` (naming the burst, the
    minutes per token and the wait) when it is empty. No address, no limit."""
    key = address_key(address)
    if key is not None and not buckets.take(key):
        wait = buckets.retry_after(key)
        raise TooManyRequests(code, data={"retry_after": wait}, max=burst,
                              minutes=round(interval / 60), seconds=wait)


def take_workshop_creation(limits: Limits, address) -> None:
    """Count one new workshop (created or imported) against ``address``; TooManyRequests
    ``too_many_workshops`` past ``WORKSHOPS_PER_ADDRESS_BURST``, then one per
    ``WORKSHOP_CREATE_INTERVAL`` seconds."""
    _take_per_address(limits.new_workshops, address, "too_many_workshops",
                      WORKSHOPS_PER_ADDRESS_BURST, WORKSHOP_CREATE_INTERVAL)


def take_template_save(limits: Limits, address) -> None:
    """Count one saved template against ``address``; TooManyRequests
    ``too_many_templates_saved`` past ``TEMPLATES_PER_ADDRESS_BURST``, then one per
    ``TEMPLATE_SAVE_INTERVAL`` seconds."""
    _take_per_address(limits.saved_templates, address, "too_many_templates_saved",
                      TEMPLATES_PER_ADDRESS_BURST, TEMPLATE_SAVE_INTERVAL)


def count_if_guess(limits: Limits, address, error) -> None:
    """Count a failed lookup against the address it came from."""
    key = address_key(address)
    if key and getattr(error, "code", None) in GUESS_FAILURES:
        limits.failed_joins.take(key)


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
        self.ratings = BatchedWrites()


class _Entry:
    __slots__ = ("item", "done", "lead", "finished", "result", "error")

    def __init__(self, item):
        self.item = item
        self.done = threading.Event()
        self.lead = False       # this entry's thread writes the next batch
        self.finished = False   # written (or failed): ``result`` or ``error`` holds the outcome
        self.result = None
        self.error = None


class BatchedWrites:
    """Small writes of one workshop that wait for its turn together and are written in one
    transaction. The first to come writes; whoever comes while it writes waits, and the first
    of those writes all of them next. A room's burst (everyone taps five scores of the vitality
    check at once) then takes a handful of turns instead of one each, and never fills the
    workshop's queue of turns (``FairWriteGate``) that its notes need too."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pending: dict = {}   # workshop -> entries waiting for the next batch, in order
        self._writing: set = set()  # workshops with a batch on its way

    def submit(self, workshop, item, write, timeout: float = WRITE_WAIT_MAX):
        """Write ``item`` in a batch: ``write(items)`` is called with the batch and returns
        one outcome per item (a result, or an exception to raise for that item). Returns this
        item's result or raises its exception; ServiceUnavailable ``busy`` if its batch did
        not come in time (it is then not written)."""
        entry = _Entry(item)
        with self._lock:
            self._pending.setdefault(workshop, []).append(entry)
            if workshop not in self._writing:
                self._writing.add(workshop)
                entry.lead = True
        if not entry.lead and not entry.done.wait(timeout):
            with self._lock:
                waiting = self._pending.get(workshop, [])
                if entry in waiting and not entry.lead:
                    waiting.remove(entry)
                    if not waiting:
                        del self._pending[workshop]
                    raise busy_error()
            # Handed the lead, or in a batch being written: wait for that.
            if not entry.lead and not entry.done.wait(timeout):
                raise busy_error()
        if entry.lead and not entry.finished:
            self._write_batch(workshop, write)
        if entry.error is not None:
            raise entry.error
        return entry.result

    def _write_batch(self, workshop, write) -> None:
        with self._lock:
            batch = self._pending.pop(workshop, [])
        try:
            outcomes = write([entry.item for entry in batch])
        except Exception as exc:  # the whole batch failed (busy, database): each says so
            outcomes = [exc] * len(batch)
        finally:
            with self._lock:
                following = self._pending.get(workshop)
                if following:  # the first who waits writes the next batch
                    following[0].lead = True
                    following[0].done.set()
                else:
                    self._writing.discard(workshop)
        for entry, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Exception):
                entry.error = outcome
            else:
                entry.result = outcome
            entry.finished = True
            entry.done.set()


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
            # Refused before a queue is made: a refusal leaves no empty queue in the ring.
            if len(queue or ()) >= self.per_workshop:
                raise busy_error()
            if queue is None:
                queue = self._queues[workshop] = deque()
                self._ring.append(workshop)
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
