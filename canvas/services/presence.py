"""Who is connected right now, per workshop.

Connections are kept in memory: they exist only as long as this process holds their socket.
With several processes (MESSAGE_QUEUE=redis://...) each also lists its connections in Redis,
so that every process knows who is online anywhere (SharedPresence).
"""
import secrets
import threading
import time

from canvas.services.permissions import ROLE_PARTICIPANT, Actor


class Presence:
    """Connection id (Socket.IO sid) → Actor, safe to use from many threads; indexed per
    workshop, so the questions asked at every join cost the size of one workshop, not of all."""

    def __init__(self):
        self._lock = threading.Lock()
        self._actors: dict[str, Actor] = {}
        self._by_workshop: dict[int, dict[str, Actor]] = {}

    def put(self, sid: str, actor: Actor) -> Actor | None:
        with self._lock:
            previous = self._actors.get(sid)
            if previous is not None:
                self._forget(sid, previous)
            self._actors[sid] = actor
            self._by_workshop.setdefault(actor.workshop_id, {})[sid] = actor
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

    def _connections(self, workshop_id: int,
                     fresh: bool = False) -> list[tuple[str, str, str | None]]:
        """(sid, role, participant id) of every connection to the workshop."""
        with self._lock:
            return [(sid, a.role, a.participant_id)
                    for sid, a in self._by_workshop.get(workshop_id, {}).items()]

    def online_participant_ids(self, workshop_id: int) -> set[str]:
        """Participants (not the facilitator, not projectors) with at least one connection."""
        return {pid for _, role, pid in self._connections(workshop_id)
                if role == ROLE_PARTICIPANT}

    def sids_of(self, workshop_id: int, participant_id: str) -> list[str]:
        """The connections of one participant (all their devices), as they are right now."""
        return [sid for sid, _, pid in self._connections(workshop_id, fresh=True)
                if pid == participant_id]

    # Hooks for SharedPresence; one process keeps nothing elsewhere.
    def _shared_put(self, sid: str, actor: Actor, previous: Actor | None) -> None:
        pass

    def _shared_remove(self, sid: str, actor: Actor) -> None:
        pass


class SharedPresence(Presence):
    """Presence shared by several server processes through Redis (MESSAGE_QUEUE=redis://...).

    Each process keeps its connections of a workshop in a Redis hash of its own (sid → role and
    participant), listed in a set per workshop. Both expire unless the process renews them, so
    the connections of a process that crashed are forgotten after ``TTL`` seconds. Questions
    about a workshop (who is online, which connections a participant has) read all processes'
    hashes; ``get`` stays local: a connection's requests always reach the process holding it.
    """

    TTL = 60  # seconds
    # How long a workshop's connections read from Redis are used again. This process's own
    # joins and leaves are applied to it at once; other processes' show within this time. A
    # join storm then reads Redis a few times a second instead of at every join.
    READ_AGAIN_SECONDS = 0.25

    def __init__(self, redis_url: str, process_id: str | None = None):
        import redis  # only installed for several processes (the "scale" extra)

        super().__init__()
        self.redis = redis.Redis.from_url(redis_url, decode_responses=True)
        self.process_id = process_id or secrets.token_hex(8)
        self._read: dict[int, tuple[float, dict]] = {}  # workshop -> (when, {sid: (role, pid)})
        self._read_lock = threading.Lock()
        self._renewer = threading.Thread(target=self._renew_forever, daemon=True,
                                         name="presence-renew")
        self._renewer.start()

    def _key(self, workshop_id: int, process_id: str | None = None) -> str:
        return f"nc:presence:{workshop_id}:{process_id or self.process_id}"

    @staticmethod
    def _procs(workshop_id: int) -> str:
        return f"nc:presence:{workshop_id}:processes"

    def _patch_read(self, workshop_id: int, sid: str, value) -> None:
        """Apply this process's own change to what was read from Redis."""
        with self._read_lock:
            read = self._read.get(workshop_id)
            if read is not None:
                if value is None:
                    read[1].pop(sid, None)
                else:
                    read[1][sid] = value

    def _shared_put(self, sid, actor, previous) -> None:
        if previous is not None:
            self._patch_read(previous.workshop_id, sid, None)
        self._patch_read(actor.workshop_id, sid, (actor.role, actor.participant_id))
        pipe = self.redis.pipeline()
        if previous is not None and previous.workshop_id != actor.workshop_id:
            pipe.hdel(self._key(previous.workshop_id), sid)
        key = self._key(actor.workshop_id)
        pipe.hset(key, sid, f"{actor.role}:{actor.participant_id or ''}")
        pipe.expire(key, self.TTL)
        pipe.sadd(self._procs(actor.workshop_id), self.process_id)
        pipe.expire(self._procs(actor.workshop_id), self.TTL)
        pipe.execute()

    def _shared_remove(self, sid, actor) -> None:
        self._patch_read(actor.workshop_id, sid, None)
        self.redis.hdel(self._key(actor.workshop_id), sid)

    def _connections(self, workshop_id: int,
                     fresh: bool = False) -> list[tuple[str, str, str | None]]:
        now = time.monotonic()
        with self._read_lock:
            read = self._read.get(workshop_id)
            if not fresh and read is not None and now - read[0] < self.READ_AGAIN_SECONDS:
                return [(sid, role, pid) for sid, (role, pid) in read[1].items()]
        processes = self.redis.smembers(self._procs(workshop_id))
        pipe = self.redis.pipeline()
        for process in processes:
            pipe.hgetall(self._key(workshop_id, process))
        connections = {}
        for stored in pipe.execute():
            for sid, value in stored.items():
                role, _, participant_id = value.partition(":")
                connections[sid] = (role, participant_id or None)
        with self._read_lock:
            self._read[workshop_id] = (now, dict(connections))
            # Forget workshops nobody asked about for a while.
            for old in [w for w, (when, _) in self._read.items() if now - when > 60]:
                del self._read[old]
        return [(sid, role, pid) for sid, (role, pid) in connections.items()]

    def _renew_forever(self) -> None:
        while True:
            time.sleep(self.TTL / 3)
            with self._lock:
                workshops = list(self._by_workshop)
            try:
                pipe = self.redis.pipeline()
                for workshop_id in workshops:
                    pipe.expire(self._key(workshop_id), self.TTL)
                    pipe.sadd(self._procs(workshop_id), self.process_id)
                    pipe.expire(self._procs(workshop_id), self.TTL)
                pipe.execute()
            except Exception:  # Redis away for a moment: try again next round
                pass
