"""PDF posters of snapshots: rendered once, in a worker process, and kept in EXPORT_DIR.

Rendering is CPU work in reportlab. Done in a server thread it would hold the GIL and delay the
notes other threads are delivering, so it runs in a separate process; the request's thread only
waits for the result.
"""
import multiprocessing
import os
import shutil
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from canvas.services import ServiceContext
from canvas.services.errors import BadRequest
from canvas.services.snapshots import CURRENT, get_canvas
from canvas.services.workshops import normalize_code

PAPER_SIZES = ("A0", "A1", "A2", "A3", "A4")
DEFAULT_SIZE = "A1"
RENDER_TIMEOUT = 300  # seconds; a 1,000-note A0 poster takes about one

_pool = None
_pool_lock = threading.Lock()
_file_locks: dict[Path, threading.Lock] = {}


def paper_size(value) -> str:
    """A paper size from a query parameter (default A1); BadRequest if unknown."""
    if value is None or value == "":
        return DEFAULT_SIZE
    size = value.upper() if isinstance(value, str) else value
    if size not in PAPER_SIZES:
        raise BadRequest("unknown_size")
    return size


def _render(snapshot: dict, size: str) -> bytes:
    """Runs in the worker process."""
    from canvas.poster import render_poster
    return render_poster(snapshot, size)


def render_off_thread(snapshot: dict, size: str) -> bytes:
    """Render in the worker process (started on first use), restarting it once if it died."""
    global _pool
    for attempt in range(2):
        with _pool_lock:
            if _pool is None:
                # spawn, not fork: forking a process that runs many threads can copy held locks.
                _pool = ProcessPoolExecutor(max_workers=1,
                                            mp_context=multiprocessing.get_context("spawn"))
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


def workshop_dir(ctx: ServiceContext, code: str) -> Path:
    return Path(ctx.export_dir) / code


def poster(ctx: ServiceContext, code, snapshot_id, size) -> tuple[dict, Path | None,
                                                                 bytes | None]:
    """The snapshot and its poster: as a file for a stored snapshot (rendered the first time it
    is asked for), as bytes for the live canvas (never kept: it changes).

    Raises NotFound, BadRequest (size)."""
    size = paper_size(size)
    snapshot = get_canvas(ctx, code, snapshot_id)
    if snapshot_id == CURRENT:
        return snapshot, None, render_off_thread(snapshot, size)
    path = workshop_dir(ctx, snapshot["workshop"]["code"]) / \
        f"snapshot-{snapshot['id']}-{size}.pdf"
    with _pool_lock:
        lock = _file_locks.setdefault(path, threading.Lock())
    with lock:  # two people asking for the same new poster get it rendered once
        if not path.exists():
            data = render_off_thread(snapshot, size)
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".pdf.part")
            partial.write_bytes(data)
            os.replace(partial, path)  # never serve a half-written file
    return snapshot, path, None


def delete_files(ctx: ServiceContext, code) -> None:
    """Remove every file kept for a workshop (posters)."""
    code = normalize_code(code)
    if code:
        shutil.rmtree(workshop_dir(ctx, code), ignore_errors=True)
