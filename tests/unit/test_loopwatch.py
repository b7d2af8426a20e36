"""The event loop's stall figures (canvas/realtime/loopwatch.py)."""
import logging

from canvas.realtime.loopwatch import LoopWatch


def test_summary_gives_percentiles_the_worst_and_the_share_held_in_long_stalls():
    watch = LoopWatch()
    for _ in range(990):
        watch.record(0.001)
    for _ in range(10):
        watch.record(0.2)  # ten stalls of 200 ms
    figures = watch.summary()
    assert figures["count"] == 1000
    assert figures["p50"] == 1.0
    assert figures["p99"] == 200.0
    assert figures["max"] == 200.0
    # 2 s held in long stalls out of 1,000 x 10 ms waits plus all the lateness.
    assert abs(figures["held_over_50ms"] - 2.0 / (10.0 + 0.99 + 2.0)) < 1e-9


def test_early_wake_ups_count_as_no_stall_and_an_empty_watch_reports_nothing(caplog):
    watch = LoopWatch()
    assert watch.summary() == {"count": 0}
    watch.report()
    assert not caplog.records
    watch.record(-0.002)  # the clock's granularity: woken a hair early
    assert watch.summary()["max"] == 0.0


def test_a_long_stall_is_logged_when_it_happens_and_the_summary_at_the_end(caplog):
    caplog.set_level(logging.WARNING, logger="canvas.realtime.loopwatch")
    watch = LoopWatch()
    watch.record(0.004)
    assert not caplog.records
    watch.record(0.75)
    assert "event loop held for 750 ms" in caplog.text
    watch.report()
    assert "event loop stalls: 2 checks" in caplog.text
    assert "max 750.0 ms" in caplog.text


def test_a_summary_without_a_felt_stall_is_quiet_unless_asked_for(caplog):
    caplog.set_level(logging.INFO, logger="canvas.realtime.loopwatch")
    quiet = LoopWatch()
    quiet.record(0.004)
    quiet.report()
    assert [r.levelno for r in caplog.records] == [logging.INFO]
    caplog.clear()
    asked = LoopWatch(always_report=True)
    asked.record(0.004)
    asked.report()
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "event loop stalls: 1 checks" in caplog.text


def test_the_watch_keeps_a_bounded_number_of_samples():
    watch = LoopWatch()
    for _ in range(LoopWatch.KEEP + 10):
        watch.record(0.0)
    assert len(watch.samples) == LoopWatch.KEEP


def test_settling_the_collector_freezes_what_exists_and_collects_less_often():
    import gc

    from canvas.realtime.loopwatch import GC_THRESHOLDS, settle_garbage_collector
    before = gc.get_threshold()
    try:
        settle_garbage_collector()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
