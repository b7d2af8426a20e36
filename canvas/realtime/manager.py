"""python-socketio's client manager, with the rooms of each connection indexed.

python-socketio finds the rooms of a connection that leaves by looking into every room of the
namespace (``BaseManager.basic_disconnect``, and ``get_rooms``). Every connection has a room
of its own, so one disconnect costs as many lookups as there are connections: when a machine
holding 5,000 idle sockets has them closed, that is 25 million lookups, and the event loop was
held for 9 s (bench/freeze.py). ``RoomIndex`` keeps, per connection, the rooms it is in, so a
disconnect costs the rooms of that one connection.
"""
import socketio


class RoomIndex:
    """Mixed in before a python-socketio manager class (``Manager``, ``RedisManager``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # (namespace, sid) -> the rooms it is in: None (the namespace's connected clients), its
        # own room and the rooms it entered.
        self.rooms_of: dict[tuple, set] = {}

    def basic_enter_room(self, sid, namespace, room, eio_sid=None):
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        self.rooms_of.setdefault((namespace, sid), set()).add(room)

    def basic_leave_room(self, sid, namespace, room):
        super().basic_leave_room(sid, namespace, room)
        rooms = self.rooms_of.get((namespace, sid))
        if rooms is not None:
            rooms.discard(room)
            if not rooms:
                del self.rooms_of[(namespace, sid)]

    def basic_disconnect(self, sid, namespace, **kwargs):
        """As ``BaseManager.basic_disconnect`` (python-socketio 5.x), with the connection's rooms
        taken from the index instead of from every room."""
        if namespace not in self.rooms:
            return
        for room in list(self.rooms_of.get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.rooms_of.pop((namespace, sid), None)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            if namespace in pending and sid in pending[namespace]:
                pending[namespace].remove(sid)
                if not pending[namespace]:
                    del pending[namespace]

    def get_rooms(self, sid, namespace):
        """The rooms a client is in (its own room included, as python-socketio has it)."""
        return [room for room in self.rooms_of.get((namespace, sid), ()) if room is not None]


class IndexedManager(RoomIndex, socketio.Manager):
    """One process: the rooms live in this process."""


class IndexedRedisManager(RoomIndex, socketio.RedisManager):
    """Several processes sharing broadcasts through Redis (MESSAGE_QUEUE=redis://...)."""


def client_manager(message_queue: str | None):
    """The manager for ``message_queue`` (None: one process), or None for a queue of another
    kind, which Flask-SocketIO then sets up itself, unindexed."""
    if not message_queue:
        return IndexedManager()
    if message_queue.startswith(("redis://", "rediss://")):
        # Flask-SocketIO's own channel name: processes of an older version still hear us.
        return IndexedRedisManager(message_queue, channel="flask-socketio", write_only=False)
    return None
