"""Who is connected right now, per workshop.

Connections are kept in memory: they exist only as long as this process holds their socket.
With several processes (MESSAGE_QUEUE=redis://...) each also adds its connections to counts
per workshop in Redis, so that every process knows who is online anywhere (SharedPresence).
"""
import logging
import math
import secrets
import threading
import time

from canvas.services.permissions import ROLE_PARTICIPANT, ROLES, Actor

log = logging.getLogger(__name__)


class Presence:
    """Connection id (Socket.IO sid) → Actor, safe to use from many threads; indexed per
    workshop, with each workshop's online participants counted as they come and go, so the
    questions asked at every join cost nothing like the size of the room."""

    def __init__(self):
        self._lock = threading.Lock()
        self._actors: dict[str, Actor] = {}
        self._by_workshop: dict[int, dict[str, Actor]] = {}
        # workshop → participant id → their connections
        self._online: dict[int, dict[str, int]] = {}

    def put(self, sid: str, actor: Actor) -> Actor | None:
        with self._lock:
            previous = self._actors.get(sid)
            if previous is not None:
                self._forget(sid, previous)
            self._actors[sid] = actor
            self._by_workshop.setdefault(actor.workshop_id, {})[sid] = actor
            if actor.role == ROLE_PARTICIPANT:
                online = self._online.setdefault(actor.workshop_id, {})
                online[actor.participant_id] = online.get(actor.participant_id, 0) + 1
        self._shared_put(sid, actor, previous)
        return previous

    def get(self, sid: str) -> Actor | None:
        with self._lock:
            return self._actors.get(sid)

    def remove(self, sid: str) -> Actor | None:
        with self._lock:
            actor = self._actors.pop(sid, None)
            if actor is not None:
                self._forget(sid, actor)
        if actor is not None:
            self._shared_remove(sid, actor)
        return actor

    def _forget(self, sid: str, actor: Actor) -> None:
        connections = self._by_workshop.get(actor.workshop_id)
        if connections is not None:
            connections.pop(sid, None)
            if not connections:
                del self._by_workshop[actor.workshop_id]
        if actor.role == ROLE_PARTICIPANT:
            online = self._online.get(actor.workshop_id, {})
            left = online.get(actor.participant_id, 0) - 1
            if left > 0:
                online[actor.participant_id] = left
            else:
                online.pop(actor.participant_id, None)
                if not online:
                    self._online.pop(actor.workshop_id, None)

    def _connections(self, workshop_id: int) -> list[tuple[str, str, str | None]]:
        """(sid, role, participant id) of every connection to the workshop."""
        with self._lock:
            return [(sid, a.role, a.participant_id)
                    for sid, a in self._by_workshop.get(workshop_id, {}).items()]

    def online_participant_ids(self, workshop_id: int) -> set[str]:
        """Participants (not the facilitator, not projectors) with at least one connection."""
        with self._lock:
            return set(self._online.get(workshop_id, ()))

    def online_count(self, workshop_id: int, fresh: bool = False) -> int:
        """How many participants have at least one connection (``fresh``: as of now, where
        an implementation may otherwise answer from a moment ago)."""
        with self._lock:
            return len(self._online.get(workshop_id, ()))

    def is_online(self, workshop_id: int, participant_id: str) -> bool:
        with self._lock:
            return participant_id in self._online.get(workshop_id, ())

    def local_figures(self) -> tuple[dict[str, int], int]:
        """This process's joined connections by role (every role, 0 included) and how many
        workshops they joined: for the metrics, read when scraped."""
        by_role = dict.fromkeys(ROLES, 0)
        with self._lock:
            for actor in self._actors.values():
                by_role[actor.role] = by_role.get(actor.role, 0) + 1
            return by_role, len(self._by_workshop)

    def sids_of(self, workshop_id: int, participant_id: str) -> list[str]:
        """The connections of one participant (all their devices), as they are right now."""
        return [sid for sid, _, pid in self._connections(workshop_id)
                if pid == participant_id]

    # Hooks for SharedPresence; one process keeps nothing elsewhere.
    def _shared_put(self, sid: str, actor: Actor, previous: Actor | None) -> None:
        pass

    def _shared_remove(self, sid: str, actor: Actor) -> None:
        pass


# Lua run by Redis itself, so that each change of the shared counts is one atomic step that
# no other process can interleave with. A connection is stored as "role:participant id".
_LUA_FUNCTIONS = f"""
local function participant_of(value)
  local role, pid = string.match(value, "^([^:]*):(.*)$")
  if role == "{ROLE_PARTICIPANT}" and pid ~= "" then return pid end
  return nil
end
local function take_back(online, pid)
  if redis.call("HINCRBY", online, pid, -1) <= 0 then redis.call("HDEL", online, pid) end
end
"""

# KEYS: this process's connections to the workshop, the workshop's online counts, this
# process's workshops, all processes. ARGV: sid, "role:participant", workshop id, process id.
_PUT = _LUA_FUNCTIONS + """
local old = redis.call("HGET", KEYS[1], ARGV[1])
if old then
  local pid = participant_of(old)
  if pid then take_back(KEYS[2], pid) end
end
redis.call("HSET", KEYS[1], ARGV[1], ARGV[2])
local pid = participant_of(ARGV[2])
if pid then redis.call("HINCRBY", KEYS[2], pid, 1) end
redis.call("SADD", KEYS[3], ARGV[3])
redis.call("SADD", KEYS[4], ARGV[4])
return redis.call("HLEN", KEYS[2])
"""

# KEYS: this process's connections to the workshop, the workshop's online counts.
# ARGV: sid. A connection that is no longer listed (taken back with its process, see
# _RECLAIM) is not counted down a second time. Both scripts answer the workshop's online count.
_REMOVE = _LUA_FUNCTIONS + """
local old = redis.call("HGET", KEYS[1], ARGV[1])
if old then
  redis.call("HDEL", KEYS[1], ARGV[1])
  local pid = participant_of(old)
  if pid then take_back(KEYS[2], pid) end
end
return redis.call("HLEN", KEYS[2])
"""

# ARGV: process id, "1" to do it only when the process's lease has expired (another process
# cleaning up after a crash) or "0" (a process starting over on its own). Takes back every
# count the process added and forgets its connections. Builds key names itself: presence
# needs one Redis (not a Redis Cluster).
_RECLAIM = _LUA_FUNCTIONS + """
local process = ARGV[1]
local lease = "nc:presence:process:" .. process
if ARGV[2] == "1" and redis.call("EXISTS", lease) == 1 then return -1 end
local taken = 0
local workshops = lease .. ":workshops"
for _, workshop in ipairs(redis.call("SMEMBERS", workshops)) do
  local connections = "nc:presence:" .. workshop .. ":conn:" .. process
  local online = "nc:presence:" .. workshop .. ":online"
  local flat = redis.call("HGETALL", connections)
  for i = 2, #flat, 2 do
    local pid = participant_of(flat[i])
    if pid then take_back(online, pid) end
    taken = taken + 1
  end
  redis.call("DEL", connections)
end
redis.call("DEL", workshops)
if ARGV[2] == "1" then redis.call("SREM", "nc:presence:processes", process) end
return taken
"""


REDIS_TIMEOUT = 5  # seconds


class _Queued:
    """One change waiting for its turn in an ``OrderedPipeline``."""

    def __init__(self, add, workshops: list):
        self.add, self.workshops = add, workshops
        self.results = None
        self.error = None
        self.done = threading.Event()

    def answer(self) -> list:
        """(workshop, online count) for each workshop the change touched, once Redis answered;
        what Redis raised, raised here (and TimeoutError if it did not answer in time)."""
        if not self.done.wait(REDIS_TIMEOUT * 2):
            raise TimeoutError("Redis did not answer")
        if self.error is not None:
            raise self.error
        return list(zip(self.workshops, self.results, strict=True))


class OrderedPipeline:
    """Sends the changes queued with ``submit`` to Redis in the order they were queued, all
    those waiting in one pipeline: in a join storm, hundreds of joins share a round trip
    instead of each waiting for the one before it (under gevent a round trip waits for the
    event loop's turn, and that, not Redis, is what costs)."""

    def __init__(self, redis):
        self.redis = redis
        self._waiting: list[_Queued] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        threading.Thread(target=self._send_forever, daemon=True, name="presence-writes").start()

    def submit(self, add, workshops: list) -> _Queued:
        """Queue ``add(pipe)`` (which adds one command per workshop in ``workshops``)."""
        queued = _Queued(add, workshops)
        with self._lock:
            self._waiting.append(queued)
        self._wake.set()
        return queued

    def _send_forever(self) -> None:
        while True:
            self._wake.wait()
            with self._lock:
                batch, self._waiting = self._waiting, []
                self._wake.clear()
            if batch:
                self.send(batch)

    def send(self, batch: list) -> None:
        try:
            pipe = self.redis.pipeline(transaction=False)
            for queued in batch:
                queued.add(pipe)
            results = pipe.execute(raise_on_error=False)
            at = 0
            for queued in batch:
                mine = results[at:at + len(queued.workshops)]
                at += len(queued.workshops)
                failed = [r for r in mine if isinstance(r, Exception)]
                queued.error = failed[0] if failed else None
                queued.results = mine
        except Exception as error:  # Redis unreachable or too slow: every caller hears so
            for queued in batch:
                queued.error = error
        finally:
            for queued in batch:  # nobody waits for ever, whatever happened
                if queued.error is None and queued.results is None:
                    queued.error = RuntimeError("presence change not sent")
                queued.done.set()


class SharedPresence(Presence):
    """Presence shared by several server processes through Redis (MESSAGE_QUEUE=redis://...).

    What the join path asks (how many participants are online, is this one online, who is)
    is kept up to date in Redis at every join and leave, so answering it is one small read
    whatever the size of the room:

    - ``nc:presence:{workshop}:online``: hash participant id → number of their connections,
      over all processes (HINCRBY at a join, down at a leave, the field deleted at 0). Its
      length is the online count.
    - ``nc:presence:{workshop}:conn:{process}``: hash sid → "role:participant id", the
      connections this process added to the workshop: what it must take back if it dies, and
      where ``sids_of`` finds a participant's devices on other processes.
    - ``nc:presence:process:{process}``: the process's lease, which expires after ``TTL``
      seconds unless renewed (every ``TTL / 3``); ``...:workshops``, the workshops it has
      connections in; ``nc:presence:processes``, every process that has a record.

    Each join or leave is one Lua script (atomic in Redis), in the order of this process's own
    changes (``_write_lock``), which answers the new online count; a count is used again for
    ``READ_AGAIN_SECONDS`` unless asked ``fresh``, so a join costs one round trip to Redis.

    A crashed process stops renewing; at their next renewal the others find its lease gone and
    take back everything it added (``_RECLAIM``, one atomic script that does nothing while the
    lease exists, so two processes cannot both take it back). Its connections so count as
    online for at most ``TTL + TTL / 3`` seconds. A process that finds its own lease gone (it
    stalled past the TTL, or Redis lost its data) takes back what is left of its record and
    writes all its connections again, in one transaction with the new lease. A leave of a
    connection already taken back changes nothing. ``get`` stays local: a connection's
    requests always reach the process holding it.
    """

    TTL = 30  # seconds
    # How long an online count seen in Redis is used again. Every join and leave of this
    # process brings the count back from Redis with it, so it always includes this process's
    # own changes; other processes' show within this time. Under gevent every round trip to
    # Redis waits for the loop's turn: in a join storm that, not Redis, is what costs.
    READ_AGAIN_SECONDS = 0.25
    PROCESSES = "nc:presence:processes"

    def __init__(self, redis_url: str, process_id: str | None = None, ttl: float | None = None):
        import redis  # only installed for several processes (the "scale" extra)

        super().__init__()
        # A Redis that stops answering must not hold joins and leaves for as long as TCP
        # takes to give up: a call waits REDIS_TIMEOUT seconds at most.
        self.redis = redis.Redis.from_url(redis_url, decode_responses=True,
                                          socket_timeout=REDIS_TIMEOUT,
                                          socket_connect_timeout=REDIS_TIMEOUT)
        self.process_id = process_id or secrets.token_hex(8)
        self.ttl = ttl or self.TTL
        # Redis gets this process's changes in the order they happened here, as many as are
        # waiting in one round trip.
        self._write_lock = threading.Lock()
        self._writes = OrderedPipeline(self.redis)
        self._queued = None
        self._put_script = self.redis.register_script(_PUT)
        self._remove_script = self.redis.register_script(_REMOVE)
        self._reclaim_script = self.redis.register_script(_RECLAIM)
        self._counts: dict[int, tuple[float, int]] = {}  # workshop → (when seen, online count)
        self._stopped = threading.Event()
        self._renewer = threading.Thread(target=self._renew_forever, daemon=True,
                                         name="presence-renew")
        self._renewer.start()

    @staticmethod
    def _online_key(workshop_id: int) -> str:
        return f"nc:presence:{workshop_id}:online"

    def _connections_key(self, workshop_id: int, process_id: str | None = None) -> str:
        return f"nc:presence:{workshop_id}:conn:{process_id or self.process_id}"

    def _lease_key(self) -> str:
        return f"nc:presence:process:{self.process_id}"

    def _workshops_key(self) -> str:
        return f"nc:presence:process:{self.process_id}:workshops"

    def put(self, sid: str, actor: Actor) -> Actor | None:
        with self._write_lock:  # the local change and its place in Redis's order together
            self._queued = None
            previous = super().put(sid, actor)
            queued = self._queued
        if queued is not None:
            self._saw_answer(queued.answer())
        return previous

    def remove(self, sid: str) -> Actor | None:
        with self._write_lock:
            self._queued = None
            actor = super().remove(sid)
            queued = self._queued
        if queued is not None:
            self._saw_answer(queued.answer())
        return actor

    def _put_in(self, client, sid: str, actor: Actor):
        return self._put_script(
            keys=[self._connections_key(actor.workshop_id), self._online_key(actor.workshop_id),
                  self._workshops_key(), self.PROCESSES],
            args=[sid, f"{actor.role}:{actor.participant_id or ''}", actor.workshop_id,
                  self.process_id],
            client=client)

    def _shared_put(self, sid, actor, previous) -> None:
        # Queued only (put() waits for the answer once the write lock is let go).
        def add(pipe):
            if previous is not None and previous.workshop_id != actor.workshop_id:
                self._remove_in(pipe, sid, previous)
            self._put_in(pipe, sid, actor)  # in the same workshop it replaces the entry
        workshops = [previous.workshop_id] if previous is not None and \
            previous.workshop_id != actor.workshop_id else []
        self._queued = self._writes.submit(add, workshops + [actor.workshop_id])

    def _saw_answer(self, answer) -> None:
        for workshop_id, count in answer:
            self._saw(workshop_id, count)

    def _remove_in(self, client, sid: str, actor: Actor):
        return self._remove_script(keys=[self._connections_key(actor.workshop_id),
                                  self._online_key(actor.workshop_id)],
                            args=[sid], client=client)

    def _shared_remove(self, sid, actor) -> None:
        self._queued = self._writes.submit(lambda pipe: self._remove_in(pipe, sid, actor),
                                           [actor.workshop_id])

    def _saw(self, workshop_id: int, count: int) -> None:
        with self._lock:
            self._counts[workshop_id] = (time.monotonic(), count)

    def online_participant_ids(self, workshop_id: int) -> set[str]:
        return set(self.redis.hkeys(self._online_key(workshop_id)))

    def online_count(self, workshop_id: int, fresh: bool = False) -> int:
        if not fresh:
            with self._lock:
                when, count = self._counts.get(workshop_id, (-math.inf, 0))
            if time.monotonic() - when < self.READ_AGAIN_SECONDS:
                return count
        count = self.redis.hlen(self._online_key(workshop_id))
        self._saw(workshop_id, count)
        return count

    def is_online(self, workshop_id: int, participant_id: str) -> bool:
        # Connected here: online, without asking Redis.
        return super().is_online(workshop_id, participant_id) or \
            bool(self.redis.hexists(self._online_key(workshop_id), participant_id))

    def sids_of(self, workshop_id: int, participant_id: str) -> list[str]:
        """Read from every process's record: only asked when a participant is removed."""
        processes = self.redis.smembers(self.PROCESSES) | {self.process_id}
        pipe = self.redis.pipeline()
        for process in processes:
            pipe.hgetall(self._connections_key(workshop_id, process))
        return [sid for stored in pipe.execute() for sid, value in stored.items()
                if value.partition(":")[2] == participant_id]

    def stop(self) -> None:
        """Stop renewing (tests: what a crash looks like to the others). Redis is left as is."""
        self._stopped.set()

    def renew(self) -> None:
        """Extend this process's lease (writing all its connections again if it had expired),
        then take back the counts of processes whose lease has expired."""
        if not self.redis.set(self._lease_key(), "1", xx=True, px=self._lease_ms()):
            self._write_again()
        others = self.redis.smembers(self.PROCESSES) - {self.process_id}
        if others:
            pipe = self.redis.pipeline(transaction=False)
            for process in others:
                self._reclaim_script(args=[process, "1"], client=pipe)
            pipe.execute()

    def _lease_ms(self) -> int:
        return max(1, math.ceil(self.ttl * 1000))

    def _write_again(self) -> None:
        """Our lease was gone: start our record over from what this process holds."""
        with self._write_lock:
            with self._lock:
                held = list(self._actors.items())
            pipe = self.redis.pipeline(transaction=True)
            self._reclaim_script(args=[self.process_id, "0"], client=pipe)
            for sid, actor in held:
                self._put_in(pipe, sid, actor)
            pipe.sadd(self.PROCESSES, self.process_id)
            pipe.set(self._lease_key(), "1", px=self._lease_ms())
            pipe.execute()

    def _renew_forever(self) -> None:
        while not self._stopped.is_set():
            with self._lock:  # forget counts of workshops nobody asked about for a while
                now = time.monotonic()
                for old in [w for w, (when, _) in self._counts.items() if now - when > 60]:
                    del self._counts[old]
            try:
                self.renew()
            except Exception:  # Redis away for a moment: try again next round
                log.warning("presence: renewing in Redis failed", exc_info=True)
            self._stopped.wait(self.ttl / 3)
