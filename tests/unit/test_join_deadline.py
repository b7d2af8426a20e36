"""The sweeper that closes connections that do not join (canvas/web/unjoined.py), on a stand-in
for python-socketio's server, and the ordered pipeline of shared presence when Redis fails."""
import pytest

from canvas.services.presence import OrderedPipeline
from canvas.web.unjoined import CLOSES_PER_TURN, JoinDeadline


class FakeSocket:
    def close(self, wait=True):
        pass


class FakeServer:
    """What the sweeper asks of python-socketio's server."""

    def __init__(self, count):
        self.eio = self
        self.manager = self
        self.sockets = {f"e{i}": FakeSocket() for i in range(count)}
        self.disconnected = []
        self.on_sleep = None

    def sid_from_eio_sid(self, eio_sid, _namespace):
        return "s" + eio_sid[1:]

    def disconnect(self, sid, namespace, ignore_queue):
        self.disconnected.append(sid)

    def sleep(self, _seconds):
        if self.on_sleep:
            self.on_sleep()


class FakePresence:
    def __init__(self):
        self.joined = set()

    def get(self, sid):
        return "actor" if sid in self.joined else None


def deadline_over(server):
    deadline = JoinDeadline(server)
    deadline.timeout = 30
    deadline.presence = FakePresence()
    deadline.sweeper = True
    deadline.opened = dict.fromkeys(server.sockets, 0.0)
    return deadline


def test_a_sweep_closes_the_overdue_but_looks_again_at_each_before_closing_it():
    server = FakeServer(CLOSES_PER_TURN * 3)
    deadline = deadline_over(server)
    late_joiner, late_joining = f"s{CLOSES_PER_TURN + 1}", f"s{CLOSES_PER_TURN + 2}"

    def meanwhile():  # while the sweeper waits between turns, two connections join
        deadline.presence.joined.add(late_joiner)
        deadline.joining.add(late_joining)
    server.on_sleep = meanwhile
    closed = deadline.sweep(now=100.0)
    assert closed == CLOSES_PER_TURN * 3 - 2
    assert late_joiner not in server.disconnected
    assert late_joining not in server.disconnected
    # The one whose join is being answered stays watched: if it is refused, it still goes.
    assert f"e{CLOSES_PER_TURN + 2}" in deadline.opened
    deadline.joining.clear()
    server.on_sleep = None
    assert deadline.sweep(now=200.0) == 1


def test_nothing_is_closed_before_its_time():
    server = FakeServer(3)
    deadline = deadline_over(server)
    assert deadline.sweep(now=29.0) == 0
    assert server.disconnected == []


class FailingPipe:
    def __init__(self, fail_at):
        self.fail_at = fail_at

    def execute(self, raise_on_error=True):
        if self.fail_at == "execute":
            raise ConnectionError("Redis is away")
        return [1]


class FakeRedis:
    def __init__(self, fail_at):
        self.fail_at = fail_at

    def pipeline(self, transaction=False):
        return FailingPipe(self.fail_at)


@pytest.mark.parametrize("fail_at", ["execute", "add"])
def test_a_failing_redis_answers_every_waiting_change_with_an_error(fail_at):
    pipeline = OrderedPipeline(FakeRedis(fail_at))

    def add(_pipe):
        if fail_at == "add":
            raise ValueError("cannot queue")
    first = pipeline.submit(add, [1])
    second = pipeline.submit(add, [1])
    for queued in (first, second):
        with pytest.raises((ConnectionError, ValueError)):
            queued.answer()
    # The sender is still there for the next change.
    third = pipeline.submit(add, [1])
    with pytest.raises((ConnectionError, ValueError)):
        third.answer()
