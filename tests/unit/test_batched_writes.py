"""BatchedWrites (canvas/services/limits.py): small writes of one workshop that come at once
are written together, each gets its own outcome, and a workshop's batches never mix with
another's."""
import threading
import time

import pytest

from canvas.services.errors import Forbidden, ServiceUnavailable
from canvas.services.limits import BatchedWrites


def run_at_once(count, submit):
    """``submit(i)`` from ``count`` threads started together; returns {i: result or error}."""
    outcomes, start = {}, threading.Barrier(count)

    def one(i):
        start.wait()
        try:
            outcomes[i] = submit(i)
        except Exception as exc:  # noqa: BLE001 - the outcome under test
            outcomes[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return outcomes


def test_a_burst_is_written_in_a_few_batches_each_item_with_its_own_outcome():
    batches = BatchedWrites()
    written = []

    def write(items):
        time.sleep(0.02)  # a transaction takes a moment: the others gather meanwhile
        written.append(list(items))
        return [Forbidden("odd") if item % 2 else item * 10 for item in items]

    outcomes = run_at_once(60, lambda i: batches.submit("w", i, write))
    assert sorted(i for batch in written for i in batch) == list(range(60))  # each once
    assert len(written) < 20  # batched, not one transaction each
    for i in range(60):
        if i % 2:
            assert isinstance(outcomes[i], Forbidden)
        else:
            assert outcomes[i] == i * 10


def test_a_failing_batch_fails_each_of_its_items_and_the_next_batch_still_runs():
    batches = BatchedWrites()
    calls = []

    def write(items):
        calls.append(list(items))
        if len(calls) == 1:
            time.sleep(0.05)
            raise ServiceUnavailable("busy")
        return list(items)

    outcome = {}

    def submit_a():
        try:
            outcome["a"] = batches.submit("w", "a", write)
        except ServiceUnavailable as exc:
            outcome["a"] = exc

    first = threading.Thread(target=submit_a)
    first.start()
    time.sleep(0.01)  # "b" comes while "a" is being written: it goes in the next batch
    assert batches.submit("w", "b", write) == "b"
    first.join(5)
    assert isinstance(outcome["a"], ServiceUnavailable)
    assert calls == [["a"], ["b"]]


def test_workshops_are_batched_apart():
    batches = BatchedWrites()
    seen = []

    def write(items):
        time.sleep(0.01)
        seen.append({workshop for workshop, _ in items})
        return [value for _, value in items]

    outcomes = run_at_once(40, lambda i: batches.submit(
        i % 2, (i % 2, i), write))
    assert all(len(workshops) == 1 for workshops in seen)
    assert outcomes == {i: i for i in range(40)}


def test_an_item_whose_batch_does_not_come_in_time_is_refused_busy_and_not_written():
    batches = BatchedWrites()
    written, release = [], threading.Event()

    def slow(items):
        release.wait(5)
        written.extend(items)
        return list(items)

    holder = threading.Thread(target=batches.submit, args=("w", "first", slow))
    holder.start()
    time.sleep(0.05)
    with pytest.raises(ServiceUnavailable):
        batches.submit("w", "late", slow, timeout=0.1)
    release.set()
    holder.join(5)
    assert written == ["first"]
