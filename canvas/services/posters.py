"""PDF posters of snapshots and of the live canvas: rendered once, in worker processes, and kept
in EXPORT_DIR.

Rendering is CPU work in reportlab. Done in a server thread it would hold the GIL and delay the
notes other threads are delivering, so it runs in separate processes; the request's thread only
waits for the result. ``RenderQueue`` keeps that fair between workshops and bounded.
"""
import hashlib
import json
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from canvas import metrics
from canvas.services.context import ServiceContext
from canvas.services.errors import BadRequest, ServiceUnavailable
from canvas.services.files import forget_older, workshop_dir, write_atomically
from canvas.services.rules import DEFAULT_PAPER_SIZE, PAPER_SIZES
from canvas.services.snapshots import CURRENT, get_canvas

log = logging.getLogger(__name__)

STALE_POSTER_SECONDS = 600  # an outdated rendering is removed once it is this old

# The render queue. Posters render in ``RENDER_WORKERS`` worker processes, at most one per
# workshop at a time, taking workshops round robin: a workshop that asks for many big posters
# waits behind every other workshop's next poster, not ahead of it. At most
# ``QUEUE_PER_WORKSHOP`` renders of one workshop and ``QUEUE_MAX`` in all wait; more are
# refused at once (503 ``poster_queue_full`` with Retry-After). Identical requests share one
# render. A render whose every requester gave up (went away, or waited ``WAIT_MAX`` seconds)
# is dropped before it starts; one already running finishes into its file, for the retry.
RENDER_WORKERS = 2
QUEUE_PER_WORKSHOP = 5
QUEUE_MAX = 20
WAIT_MAX = 120  # seconds a request waits for its poster; then 503 ``poster_busy``
RETRY_AFTER = 10  # seconds a refused request is asked to wait
POLL_SECONDS = 0.25  # how often a waiting request checks whether its client is still there


class _Job:
    """One poster to render, and who waits for it."""

    def __init__(self, path: Path, workshop: str, snapshot: dict, size: str):
        self.path = path
        self.workshop = workshop
        self.snapshot = snapshot
        self.size = size
        self.waiters = 0
        self.started = False
        self.attempts = 0
        self.started_at = 0.0  # time.monotonic() when its render started
        self.done = threading.Event()
        self.error: BaseException | None = None


class RenderQueue:
    """Renders posters in worker processes, fairly across workshops (see above)."""

    def __init__(self, workers: int = RENDER_WORKERS, per_workshop: int = QUEUE_PER_WORKSHOP,
                 limit: int = QUEUE_MAX, render=None):
        self.workers = workers
        self.per_workshop = per_workshop
        self.limit = limit
        self._render = render or _render
        # Reentrant: a future that is done already runs its callback in the submitting thread.
        self._lock = threading.RLock()
        self._jobs: dict[Path, _Job] = {}            # queued or running, by file
        self._queues: dict[str, deque[_Job]] = {}    # workshop -> jobs not started, in order
        self._ring: deque[str] = deque()             # workshops with queued jobs, in turn order
        self._running: dict[str, _Job] = {}          # workshop -> its job rendering now
        self._pool: ProcessPoolExecutor | None = None

    def render(self, path: Path, workshop: str, snapshot: dict, size: str,
               gone=lambda: False, wait: float = WAIT_MAX) -> None:
        """Make sure ``path`` holds this poster: render it (or join the render of the same
        poster under way) and wait for it. ``gone()`` tells whether the requester went away.

        Raises ServiceUnavailable ``poster_queue_full`` (nothing queued) or ``poster_busy``
        (not ready in ``wait`` seconds, or the render failed); never a timeout of its own."""
        job = self._join(path, workshop, snapshot, size)
        deadline = time.monotonic() + wait
        while not job.done.wait(POLL_SECONDS):
            if gone() or time.monotonic() >= deadline:
                self._leave(job)
                raise _unavailable("poster_busy", wait=int(wait))
        with self._lock:
            job.waiters -= 1
        if job.error is not None:
            raise _unavailable("poster_busy", wait=int(wait))

    def pending(self) -> int:
        """Renders waiting to start."""
        with self._lock:
            return sum(len(queue) for queue in self._queues.values())

    def rendering(self) -> int:
        """Renders under way."""
        with self._lock:
            return len(self._running)

    def _join(self, path, workshop, snapshot, size) -> _Job:
        with self._lock:
            job = self._jobs.get(path)
            if job is not None:  # the same poster is already on its way: wait for that one
                job.waiters += 1
                return job
            queued = self._queues.get(workshop, ())
            if len(queued) >= self.per_workshop or \
                    sum(len(q) for q in self._queues.values()) >= self.limit:
                raise _unavailable("poster_queue_full", queued=self.limit,
                                   per_workshop=self.per_workshop)
            job = self._jobs[path] = _Job(path, workshop, snapshot, size)
            job.waiters = 1
            if workshop not in self._queues:
                self._queues[workshop] = deque()
                self._ring.append(workshop)
            self._queues[workshop].append(job)
            self._dispatch()
            return job

    def _leave(self, job: _Job) -> None:
        """The requester stopped waiting; a render nobody waits for any more is dropped."""
        with self._lock:
            job.waiters -= 1
            if job.waiters > 0 or job.started or job.done.is_set():
                return
            queue = self._queues[job.workshop]
            queue.remove(job)
            if not queue:
                del self._queues[job.workshop]
                self._ring.remove(job.workshop)
            del self._jobs[job.path]

    def _dispatch(self) -> None:
        """Start queued jobs while workers are free: the next workshop in the ring that is not
        rendering now. Called with the lock held."""
        for _ in range(len(self._ring)):
            if len(self._running) >= self.workers:
                return
            workshop = self._ring[0]
            self._ring.rotate(-1)
            if workshop in self._running:
                continue
            queue = self._queues[workshop]
            job = queue.popleft()
            if not queue:
                del self._queues[workshop]
                self._ring.remove(workshop)
            self._start(job)

    def _start(self, job: _Job) -> None:
        job.started = True
        job.started_at = time.monotonic()
        job.attempts += 1
        self._running[job.workshop] = job
        if self._pool is None:
            # spawn, not fork: forking a process that runs many threads can copy held locks.
            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_end_with_parent,
                                             initargs=(os.getpid(),))
        pool = self._pool
        try:
            future = pool.submit(self._render, job.snapshot, job.size)
        except (BrokenProcessPool, RuntimeError) as error:
            self._pool = None
            self._finish(job, error, None)
            return
        future.add_done_callback(lambda done: self._finished(job, pool, done))

    def _finished(self, job: _Job, pool, future) -> None:
        """In the pool's thread: keep the file, wake the waiters, start the next render."""
        error = future.exception()
        data = None if error else future.result()
        if data is not None:
            try:
                write_atomically(job.path, data)
                metrics.poster_rendered(time.monotonic() - job.started_at)
            except OSError as failed:
                error = failed
        with self._lock:
            if isinstance(error, BrokenProcessPool) and self._pool is pool:
                self._pool = None  # the worker died (killed, out of memory): a new one next
                if job.attempts < 2:
                    del self._running[job.workshop]
                    self._start(job)
                    self._dispatch()
                    return
            self._finish(job, error, data)

    def _finish(self, job: _Job, error, _data) -> None:
        """Called with the lock held."""
        if error is not None:
            # The kind only: an error's text could quote the canvas it was rendering.
            log.error("poster render failed: %s", type(error).__name__)
        job.error = error
        self._running.pop(job.workshop, None)
        self._jobs.pop(job.path, None)
        job.done.set()
        if job.workshop in self._queues:  # it just had a turn: the others that wait go first
            self._ring.remove(job.workshop)
            self._ring.append(job.workshop)
        self._dispatch()

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _unavailable(code: str, **params) -> ServiceUnavailable:
    return ServiceUnavailable(code, data={"retry_after": RETRY_AFTER}, seconds=RETRY_AFTER,
                              **params)


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


_queue: RenderQueue | None = None
_queue_lock = threading.Lock()


def render_queue() -> RenderQueue:
    """This process's render queue (its workers start on first use)."""
    global _queue
    with _queue_lock:
        if _queue is None:
            _queue = RenderQueue()
        return _queue


def poster(ctx: ServiceContext, code, snapshot_id, size,
           gone=lambda: False) -> tuple[dict, Path]:
    """The snapshot and its poster file, rendered the first time it is asked for.

    The file's name carries a digest of what the poster shows, so a poster is rendered again
    when that changes (a note hidden later, authors hidden now, the live canvas moving on), and
    many people asking for the same poster at once get it rendered once (``RenderQueue``).
    ``gone()`` tells whether the requester went away (its render is then dropped if nobody
    else waits for it).

    Raises NotFound, BadRequest (size), ServiceUnavailable (queue full, not ready in time)."""
    size = paper_size(size)
    snapshot = get_canvas(ctx, code, snapshot_id)
    # The live canvas's "taken at" is the moment of asking: leave it out of what identifies it.
    shown = {k: v for k, v in snapshot.items() if not (snapshot_id == CURRENT
                                                        and k == "created_at")}
    digest = hashlib.sha256(json.dumps(shown, sort_keys=True, ensure_ascii=False)
                            .encode()).hexdigest()[:16]
    folder = workshop_dir(ctx, snapshot["workshop"]["code"])
    path = folder / f"snapshot-{snapshot['id']}-{size}-{digest}.pdf"
    if not path.exists():
        render_queue().render(path, snapshot["workshop"]["code"], snapshot, size, gone=gone)
        forget_older(folder, f"snapshot-{snapshot['id']}-{size}-*.pdf", path,
                     STALE_POSTER_SECONDS)
    return snapshot, path
