"""PDF posters of snapshots and of the live canvas: rendered once, in a worker process, and kept
in EXPORT_DIR.

Rendering is CPU work in reportlab. Done in a server thread it would hold the GIL and delay the
notes other threads are delivering, so it runs in a separate process; the request's thread only
waits for the result.
"""
import hashlib
import json
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from canvas.services.context import ServiceContext
from canvas.services.errors import BadRequest
from canvas.services.files import forget_older, workshop_dir, write_atomically
from canvas.services.rules import DEFAULT_PAPER_SIZE, PAPER_SIZES
from canvas.services.snapshots import CURRENT, get_canvas

RENDER_TIMEOUT = 300  # seconds; a 1,000-note A0 poster takes about one
STALE_POSTER_SECONDS = 600  # an outdated rendering is removed once it is this old

_pool = None
_pool_lock = threading.Lock()
_file_locks: dict[Path, threading.Lock] = {}


def paper_size(value) -> str:
    """A paper size from a query parameter (default A1); BadRequest if unknown."""
    if value is None or value == "":
        return DEFAULT_PAPER_SIZE
    size = value.upper() if isinstance(value, str) else value
    if size not in PAPER_SIZES:
        raise BadRequest("unknown_size")
    return size


def _render(snapshot: dict, size: str) -> bytes:
    """Runs in the worker process."""
    from canvas.poster import render_poster  # reportlab is loaded in the worker, not here
    return render_poster(snapshot, size)


PARENT_CHECK_SECONDS = 1.0


def _end_with_parent(parent_pid: int) -> None:
    """Runs in the worker process when it starts: it ends as soon as the server process that
    started it is gone. A server stopped with SIGTERM while WebSockets are open is killed by
    gunicorn after its grace period, and a spawned worker would live on, orphaned (156 MB);
    with it gone, multiprocessing's resource tracker ends too (its last client left)."""
    def watch():
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)
    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def render_off_thread(snapshot: dict, size: str) -> bytes:
    """Render in the worker process (started on first use), restarting it once if it died."""
    global _pool
    for attempt in range(2):
        with _pool_lock:
            if _pool is None:
                # spawn, not fork: forking a process that runs many threads can copy held locks.
                _pool = ProcessPoolExecutor(max_workers=1,
                                            mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_end_with_parent,
                                            initargs=(os.getpid(),))
            pool = _pool
        try:
            return pool.submit(_render, snapshot, size).result(timeout=RENDER_TIMEOUT)
        except BrokenProcessPool:
            with _pool_lock:
                if _pool is pool:
                    _pool = None
            if attempt:
                raise
    raise AssertionError("unreachable")


def poster(ctx: ServiceContext, code, snapshot_id, size) -> tuple[dict, Path]:
    """The snapshot and its poster file, rendered the first time it is asked for.

    The file's name carries a digest of what the poster shows, so a poster is rendered again
    when that changes (a note hidden later, authors hidden now, the live canvas moving on), and
    many people asking for the same poster at once get it rendered once.

    Raises NotFound, BadRequest (size)."""
    size = paper_size(size)
    snapshot = get_canvas(ctx, code, snapshot_id)
    # The live canvas's "taken at" is the moment of asking: leave it out of what identifies it.
    shown = {k: v for k, v in snapshot.items() if not (snapshot_id == CURRENT
                                                        and k == "created_at")}
    digest = hashlib.sha256(json.dumps(shown, sort_keys=True, ensure_ascii=False)
                            .encode()).hexdigest()[:16]
    folder = workshop_dir(ctx, snapshot["workshop"]["code"])
    path = folder / f"snapshot-{snapshot['id']}-{size}-{digest}.pdf"
    with _pool_lock:
        lock = _file_locks.setdefault(path, threading.Lock())
    with lock:
        if not path.exists():
            write_atomically(path, render_off_thread(snapshot, size))
            forget_older(folder, f"snapshot-{snapshot['id']}-{size}-*.pdf", path,
                         STALE_POSTER_SECONDS)
    with _pool_lock:
        _file_locks.pop(path, None)
    return snapshot, path

