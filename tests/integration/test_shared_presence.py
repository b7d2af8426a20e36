"""Who is online across processes, kept incrementally in a real Redis: two SharedPresence
objects stand for two server processes (canvas/services/presence.py)."""
import time

import pytest
import redisserver

from canvas.services.permissions import ROLE_FACILITATOR, ROLE_PARTICIPANT, Actor
from canvas.services.presence import SharedPresence

LEASE = 1.0  # seconds: short, so that a crash is noticed within the test
WAIT = 10


@pytest.fixture
def redis_url():
    if not redisserver.installed():
        pytest.skip("redis-server is not installed here (CI installs it)")
    with redisserver.running_redis() as url:
        yield url


@pytest.fixture
def processes(redis_url):
    """Make SharedPresences ("processes") on one Redis; all stop renewing at the end."""
    made = []

    def make(name: str, ttl: float = LEASE) -> SharedPresence:
        presence = SharedPresence(redis_url, process_id=name, ttl=ttl)
        made.append(presence)
        return presence

    yield make
    for presence in made:
        presence.stop()
        presence.redis.close()


def participant(pid: str, workshop_id: int = 1) -> Actor:
    return Actor(workshop_id=workshop_id, code="ABCDEF", role=ROLE_PARTICIPANT,
                 participant_id=pid, name=pid)


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT} s: {what}")
        time.sleep(0.05)


def test_both_processes_count_joins_and_leaves_on_either(processes):
    one, two = processes("one"), processes("two")
    one.put("s1", participant("anne"))
    two.put("s2", participant("bram"))
    two.put("s3", participant("carla"))
    one.put("f1", Actor(workshop_id=1, code="ABCDEF", role=ROLE_FACILITATOR,
                        participant_id="host"))
    one.put("x1", participant("dirk", workshop_id=2))
    for presence in (one, two):
        assert presence.online_count(1, fresh=True) == 3  # the facilitator is not counted
        assert presence.online_participant_ids(1) == {"anne", "bram", "carla"}
        assert presence.is_online(1, "bram") and not presence.is_online(1, "host")
        assert presence.online_count(2, fresh=True) == 1
    assert two.remove("s2").participant_id == "bram"
    assert one.remove("s1").participant_id == "anne"
    for presence in (one, two):
        assert presence.online_participant_ids(1) == {"carla"}
        assert not presence.is_online(1, "anne")
    # A connection's request to join another workshop moves it there.
    two.put("s3", participant("carla", workshop_id=2))
    assert one.online_count(1, fresh=True) == 0
    assert one.online_participant_ids(2) == {"carla", "dirk"}
    # Leaving twice, or a connection never seen, counts nothing down.
    assert two.remove("s2") is None
    assert one.online_count(2, fresh=True) == 2


def test_a_participant_on_two_processes_is_online_until_both_leave(processes):
    one, two = processes("one"), processes("two")
    one.put("phone", participant("anne"))
    two.put("laptop", participant("anne"))
    one.put("phone2", participant("anne"))  # a third device
    assert one.online_count(1, fresh=True) == 1
    assert sorted(one.sids_of(1, "anne")) == ["laptop", "phone", "phone2"]
    one.remove("phone")
    one.remove("phone2")
    assert two.is_online(1, "anne") and one.online_count(1, fresh=True) == 1
    assert one.sids_of(1, "anne") == ["laptop"]
    two.remove("laptop")
    assert not one.is_online(1, "anne") and two.online_count(1, fresh=True) == 0
    # Nothing is left behind for a workshop nobody is in.
    assert one.redis.exists(one._online_key(1)) == 0


def test_a_crashed_process_is_taken_back_by_the_others(processes):
    one, two = processes("one"), processes("two")
    one.put("a-phone", participant("anne"))
    one.put("b-phone", participant("bram"))
    two.put("a-laptop", participant("anne"))
    two.put("c-phone", participant("carla"))
    wait_until(lambda: one.redis.exists("nc:presence:process:one"), "process one's lease")
    assert two.online_count(1, fresh=True) == 3
    one.stop()  # process one dies: it no longer renews, its record stays in Redis
    # Within the lease and a renewal of process two, one's connections are gone: Bram was
    # only on one; Anne stays online through her laptop on two.
    wait_until(lambda: two.online_count(1, fresh=True) == 2, "Bram taken back")
    assert two.online_participant_ids(1) == {"anne", "carla"}
    assert two.sids_of(1, "anne") == ["a-laptop"]
    assert not two.redis.sismember(SharedPresence.PROCESSES, "one")
    assert not two.redis.exists(one._connections_key(1))
    # Counts are taken back once, however many processes clean up.
    three = processes("three")
    time.sleep(LEASE)
    assert three.online_count(1, fresh=True) == 2
    # A late leave from the dead process (its socket closing) counts nothing down again.
    one.remove("a-phone")
    assert two.is_online(1, "anne") and two.online_count(1, fresh=True) == 2


def test_a_process_whose_record_was_lost_writes_it_again(processes):
    one, two = processes("one"), processes("two")
    one.put("a", participant("anne"))
    two.put("b", participant("bram"))
    two.put("f", Actor(workshop_id=1, code="ABCDEF", role=ROLE_FACILITATOR))
    wait_until(lambda: one.redis.exists("nc:presence:process:two"), "process two's lease")
    # Redis restarted empty (or both processes stalled past their lease): each process
    # notices its lease is gone at its next renewal and writes what it holds again.
    one.redis.flushall()
    assert one.online_count(1, fresh=True) == 0
    wait_until(lambda: one.online_participant_ids(1) == {"anne", "bram"}, "both written again")
    assert one.redis.hget(two._connections_key(1), "f") == "facilitator:"
    # Once written again, joins and leaves count on from there.
    one.remove("a")
    two.put("c", participant("carla"))
    assert two.online_participant_ids(1) == {"bram", "carla"}


def test_a_stalled_process_taken_back_by_another_counts_right_again(processes):
    one, two = processes("one", ttl=30), processes("two", ttl=30)  # no renewal meanwhile
    for name in ("one", "two"):
        wait_until(lambda key=f"nc:presence:process:{name}": one.redis.exists(key), name)
    one.put("a", participant("anne"))
    one.put("b", participant("bram"))
    # Process one stalled past its lease: two took its counts back.
    one.redis.delete("nc:presence:process:one")
    assert two._reclaim_script(args=["one", "1"]) == 2
    assert two.online_count(1, fresh=True) == 0
    one.remove("b")  # a leave while taken back changes nothing
    one.put("c", participant("carla"))  # a join while taken back counts
    assert two.online_participant_ids(1) == {"carla"}
    one.renew()  # one wakes up: its lease is gone, so it writes all it holds again
    assert two.online_participant_ids(1) == {"anne", "carla"}
    assert two.online_count(1, fresh=True) == 2
    assert two._reclaim_script(args=["one", "1"]) == -1  # one's lease is back


def test_a_count_includes_this_process_at_once_and_the_others_soon(processes):
    one, two = processes("one"), processes("two")
    one.put("a", participant("anne"))
    assert one.online_count(1) == 1
    two.put("b", participant("bram"))  # answered with the count: includes Anne
    assert two.online_count(1) == 2
    # Process one uses the count it saw for a moment (a join storm then asks Redis once per
    # join, not four times), but never longer than READ_AGAIN_SECONDS.
    assert one.online_count(1) == 1
    assert one.online_count(1, fresh=True) == 2
    two.remove("b")
    time.sleep(SharedPresence.READ_AGAIN_SECONDS)
    assert one.online_count(1) == 1
    # Its own leaves count at once.
    one.remove("a")
    assert one.online_count(1) == 0
