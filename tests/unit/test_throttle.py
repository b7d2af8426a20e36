"""Folding bursts of a broadcast into one (canvas/realtime/throttle.py)."""
import threading
import time

from canvas.realtime.throttle import Throttle


def test_first_call_runs_at_once_and_a_burst_is_folded_into_one_last_run():
    throttle = Throttle(0.2)
    runs, done = [], threading.Event()
    state = {"count": 0}

    def send():
        runs.append(state["count"])
        if len(runs) == 2:
            done.set()

    for count in range(1, 101):  # a join storm: 100 changes in a few milliseconds
        state["count"] = count
        throttle("w1", send)
    assert runs == [1]  # the first one went out at once
    assert done.wait(2)
    assert runs == [1, 100]  # ... and one more with the latest count, nothing in between
    time.sleep(0.3)
    assert runs == [1, 100]
    throttle("w1", send)  # quiet for longer than the interval: at once again
    assert runs == [1, 100, 100]


def test_keys_do_not_wait_for_each_other():
    throttle = Throttle(10)
    runs = []
    throttle("w1", lambda: runs.append("w1"))
    throttle("w2", lambda: runs.append("w2"))
    assert runs == ["w1", "w2"]


def test_the_folded_run_is_the_latest_call_not_the_first_of_the_burst():
    # A payload made when its change happened (votes:progress) travels in the action itself:
    # the run at the end of a burst must be the last call's, or the last change is never told.
    throttle = Throttle(0.2)
    runs, done = [], threading.Event()

    def sender(n):
        def send():
            runs.append(n)
            if len(runs) == 2:
                done.set()
        return send

    for n in (1, 2, 3):
        throttle("w1", sender(n))
    assert done.wait(2)
    assert runs == [1, 3]


def test_a_folded_run_that_fails_is_logged_and_the_next_change_still_goes_out(caplog):
    throttle = Throttle(0.05)
    runs = []

    def failing():
        raise RuntimeError("database is locked")

    throttle("w1", lambda: runs.append("first"))
    throttle("w1", failing)  # folded: runs in the timer thread, and fails there
    time.sleep(0.2)
    assert "a folded broadcast failed" in caplog.text
    throttle("w1", lambda: runs.append("later"))
    assert runs == ["first", "later"]
