"""The client manager with each connection's rooms indexed (canvas/realtime/manager.py) keeps
python-socketio's rooms exactly as the library's own manager does."""
import random

import socketio

from canvas.realtime.manager import IndexedManager, client_manager


class FakeServer:
    """What a manager asks of its server: new ids."""

    def __init__(self):
        self.eio = self
        self.packet_class = socketio.packet.Packet
        self.count = 0

    def generate_id(self):
        self.count += 1
        return f"s{self.count}"


def managers():
    made = []
    for cls in (socketio.Manager, IndexedManager):
        manager = cls()
        manager.set_server(FakeServer())
        manager.initialize()
        made.append(manager)
    return made


def snapshot(manager) -> dict:
    return {ns: {room: dict(members) for room, members in rooms.items()}
            for ns, rooms in manager.rooms.items()}


def test_random_connects_rooms_and_disconnects_leave_the_same_rooms_as_the_library():
    plain, indexed = managers()
    rng = random.Random(15)
    connected = []
    for step in range(3000):
        action = rng.random()
        if action < 0.4 or not connected:
            sids = [m.connect(f"e{step}", "/") for m in (plain, indexed)]
            assert sids[0] == sids[1]
            connected.append(sids[0])
        elif action < 0.7:
            sid = rng.choice(connected)
            room = f"room-{rng.randrange(8)}"
            for manager in (plain, indexed):
                manager.enter_room(sid, "/", room)
        elif action < 0.8:
            sid = rng.choice(connected)
            room = f"room-{rng.randrange(8)}"
            for manager in (plain, indexed):
                manager.leave_room(sid, "/", room)
        else:
            sid = connected.pop(rng.randrange(len(connected)))
            for manager in (plain, indexed):
                manager.pre_disconnect(sid, "/")
                manager.disconnect(sid, "/")
        if step % 100 == 0 and connected:
            sid = rng.choice(connected)
            assert sorted(indexed.get_rooms(sid, "/")) == sorted(plain.get_rooms(sid, "/"))
    assert snapshot(indexed) == snapshot(plain)
    assert indexed.pending_disconnect == plain.pending_disconnect
    # Nothing is kept for connections that are gone.
    assert set(indexed.rooms_of) == {("/", sid) for sid in connected}


def test_a_disconnect_looks_only_at_the_rooms_of_that_connection():
    _, indexed = managers()
    sids = [indexed.connect(f"e{i}", "/") for i in range(2000)]
    looked = []
    rooms = indexed.rooms["/"]
    original = type(rooms).items

    class Watched(dict):
        def items(self):
            looked.append(len(self))
            return original(self)

        def copy(self):
            looked.append(len(self))
            return dict.copy(self)

    indexed.rooms["/"] = Watched(rooms)
    for sid in sids[:100]:
        indexed.disconnect(sid, "/")
    assert looked == []  # the library's manager copies and scans all 2,001 rooms each time
    assert len(indexed.rooms["/"][None]) == 1900


def test_the_manager_follows_the_message_queue():
    assert isinstance(client_manager(None), IndexedManager)
    assert client_manager("kafka://localhost:9092") is None  # Flask-SocketIO's own, unindexed
