"""The poster render queue: shared renders, fair turns between workshops, bounds, and renders
nobody waits for dropped. Real worker processes, with a stand-in render of known duration."""
import threading
import time
from pathlib import Path

import pytest

from canvas.services.errors import ServiceUnavailable
from canvas.services.posters import RenderQueue


def slow_render(snapshot: dict, size: str) -> bytes:
    """Runs in the worker process: notes that it ran, takes ``seconds``, returns a 'PDF'."""
    time.sleep(snapshot["seconds"])
    with open(snapshot["log"], "a") as log:
        log.write(f"{snapshot['name']}\n")
    return f"%PDF {snapshot['name']} {size}".encode()


@pytest.fixture
def queue():
    made = RenderQueue(workers=1, per_workshop=3, limit=6, render=slow_render)
    yield made
    made.shutdown()


def job(tmp_path: Path, name: str, seconds: float = 0.0) -> dict:
    return {"name": name, "seconds": seconds, "log": str(tmp_path / "renders.log")}


def rendered(tmp_path: Path) -> list[str]:
    log = tmp_path / "renders.log"
    return log.read_text().split() if log.exists() else []


def in_thread(target, *args, **kwargs):
    result = {}

    def run():
        try:
            target(*args, **kwargs)
            result["ok"] = True
        except Exception as error:  # recorded for the test to look at
            result["error"] = error
    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def test_identical_requests_share_one_render(queue, tmp_path):
    path = tmp_path / "a.pdf"
    snapshot = job(tmp_path, "a", 0.5)
    waiting = [in_thread(queue.render, path, "W1", snapshot, "A4") for _ in range(4)]
    for thread, result in waiting:
        thread.join(30)
        assert result == {"ok": True}
    assert rendered(tmp_path) == ["a"]
    assert path.read_bytes() == b"%PDF a A4"


def test_workshops_take_turns(queue, tmp_path):
    queue.render(tmp_path / "warm.pdf", "W0", job(tmp_path, "warm"), "A4")  # worker started
    threads = []
    for name in ("a1", "a2", "a3"):  # one workshop asks for three big posters
        threads.append(in_thread(queue.render, tmp_path / f"{name}.pdf", "A",
                                 job(tmp_path, name, 0.4), "A0"))
        time.sleep(0.05)
    threads.append(in_thread(queue.render, tmp_path / "b1.pdf", "B", job(tmp_path, "b1"), "A4"))
    for thread, result in threads:
        thread.join(30)
        assert result == {"ok": True}
    # B asked last but waited for one of A's renders only, not all three.
    assert rendered(tmp_path) == ["warm", "a1", "b1", "a2", "a3"]


def test_a_full_queue_is_refused_with_retry_after(queue, tmp_path):
    queue.render(tmp_path / "warm.pdf", "W0", job(tmp_path, "warm"), "A4")
    threads = [in_thread(queue.render, tmp_path / f"a{i}.pdf", "A", job(tmp_path, f"a{i}", 0.3),
                         "A0") for i in range(4)]  # one renders, three wait: A's share
    while queue.pending() < 3:
        time.sleep(0.01)
    with pytest.raises(ServiceUnavailable) as refused:
        queue.render(tmp_path / "a9.pdf", "A", job(tmp_path, "a9"), "A0")
    assert refused.value.code == "poster_queue_full" and refused.value.status == 503
    assert refused.value.data["retry_after"] >= 1
    assert "3" in refused.value.message("en")  # the limit it enforces
    # Another workshop still gets in.
    queue.render(tmp_path / "b.pdf", "B", job(tmp_path, "b"), "A4")
    for thread, result in threads:
        thread.join(30)
        assert result == {"ok": True}
    assert "a9" not in rendered(tmp_path)


def test_a_render_nobody_waits_for_is_dropped(queue, tmp_path):
    queue.render(tmp_path / "warm.pdf", "W0", job(tmp_path, "warm"), "A4")
    running, _ = in_thread(queue.render, tmp_path / "a1.pdf", "A", job(tmp_path, "a1", 0.6), "A0")
    time.sleep(0.1)
    gave_up = threading.Event()
    abandoned, result = in_thread(queue.render, tmp_path / "a2.pdf", "A",
                                  job(tmp_path, "a2", 0.1), "A0", gone=gave_up.is_set)
    time.sleep(0.1)
    gave_up.set()  # the client closed the connection
    abandoned.join(5)
    assert result["error"].code == "poster_busy"
    running.join(30)
    time.sleep(0.3)
    assert rendered(tmp_path) == ["warm", "a1"] and queue.pending() == 0


def test_waiting_too_long_is_a_503_not_a_timeout(queue, tmp_path):
    queue.render(tmp_path / "warm.pdf", "W0", job(tmp_path, "warm"), "A4")
    with pytest.raises(ServiceUnavailable) as refused:
        queue.render(tmp_path / "slow.pdf", "A", job(tmp_path, "slow", 1.0), "A0", wait=0.2)
    assert refused.value.code == "poster_busy" and refused.value.data["retry_after"] >= 1
    # The render already running finishes into its file, for the retry.
    deadline = time.monotonic() + 10
    while not (tmp_path / "slow.pdf").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (tmp_path / "slow.pdf").read_bytes() == b"%PDF slow A0"
