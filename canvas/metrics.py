"""Prometheus metrics of this server process (docs/monitoring.md), with the standard client
library. Recorded on the event loop for every event, so each record is a counter increment or a
histogram observation (a lock and a few dict look-ups, about a microsecond), nothing more.

Labels only ever carry names from the code (Socket.IO event names of the handler table, error
codes, limit names, transports): never a workshop code or title, a name, note text or a key.
``bounded`` keeps even a programming mistake from growing a label without end.

Each process keeps its own figures and is scraped on its own (``GET /metrics``).
"""
import threading
import time

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
)
from prometheus_client import generate_latest as _generate_latest

# The "_created" timestamp of every series doubles the output and no dashboard reads it.
disable_created_metrics()

# Label values past this many distinct ones per label are counted as "other".
LABEL_VALUES_MAX = 200
OTHER = "other"

# Seconds: an ack of a note is a few ms on a quiet laptop, 100-400 ms in a flood
# (docs/security.md, "Limits"); a join of a big room carries its whole state.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Seconds: a 3-note A4 poster takes 0.1 s, 1,000 notes on A0 1-2 s, a render waits at most 120 s.
RENDER_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)

CONNECTED_CLIENTS = Gauge(
    "canvas_connected_clients",
    "Socket.IO connections open in this process (joined or not).")
JOINED_CLIENTS = Gauge(
    "canvas_joined_clients",
    "Connections of this process that joined a workshop, by role.", ["role"])
WORKSHOPS_WITH_CLIENTS = Gauge(
    "canvas_workshops_with_clients",
    "Workshops with at least one joined connection in this process.")
NOTES_CREATED = Counter(
    "canvas_notes_created",
    "Notes and cards stored (a retry of a stored note is not counted again).")
ACK_SECONDS = Histogram(
    "canvas_ack_seconds",
    "Seconds from a Socket.IO event's receipt by its handler to its acknowledgement, by event.",
    ["event"], buckets=LATENCY_BUCKETS)
FANOUT_SECONDS = Histogram(
    "canvas_fanout_seconds",
    "Seconds to hand one committed change's events to all their recipients (or, with a "
    "message queue, to the queue).", buckets=LATENCY_BUCKETS)
POSTER_RENDER_SECONDS = Histogram(
    "canvas_poster_render_seconds",
    "Seconds from a poster's render starting in a worker process to its file being written.",
    buckets=RENDER_BUCKETS)
POSTER_QUEUE_LENGTH = Gauge(
    "canvas_poster_queue_length", "Poster renders waiting for a worker process.")
POSTERS_RENDERING = Gauge(
    "canvas_posters_rendering", "Poster renders under way in the worker processes.")
RATE_LIMIT_REFUSALS = Counter(
    "canvas_rate_limit_refusals",
    "Requests and events refused by a rate limit, by the limit (its error code).", ["limit"])
ERRORS = Counter(
    "canvas_errors",
    "Error answers by code and transport (socket: an ack with ok false; http: a 4xx or 5xx).",
    ["transport", "code"])


class _Bounded:
    """Label values as they come, until a label has had ``LABEL_VALUES_MAX`` distinct ones."""

    def __init__(self, most: int = LABEL_VALUES_MAX):
        self.most = most
        self._seen: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def __call__(self, label: str, value) -> str:
        value = str(value)
        seen = self._seen.get(label)
        if seen is not None and value in seen:  # the usual case: no lock
            return value
        with self._lock:
            seen = self._seen.setdefault(label, set())
            if value in seen:
                return value
            if len(seen) >= self.most:
                return OTHER
            seen.add(value)
            return value


bounded = _Bounded()


def note_created() -> None:
    NOTES_CREATED.inc()


def acknowledged(event: str, seconds: float) -> None:
    ACK_SECONDS.labels(bounded("event", event)).observe(seconds)


def fanned_out(seconds: float) -> None:
    FANOUT_SECONDS.observe(seconds)


def poster_rendered(seconds: float) -> None:
    POSTER_RENDER_SECONDS.observe(seconds)


def refused(transport: str, code: str) -> None:
    """An error answer with ``code`` went out over ``transport`` ("socket" or "http")."""
    ERRORS.labels(transport, bounded("code", code)).inc()


def rate_limited(limit: str) -> None:
    """A rate limit refused something; ``limit`` is its error code (``too_fast``, ...)."""
    RATE_LIMIT_REFUSALS.labels(bounded("code", limit)).inc()


class timed:
    """``with timed(record): ...`` calls ``record(seconds)`` with how long the block took."""

    __slots__ = ("record", "started")

    def __init__(self, record):
        self.record = record

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.record(time.perf_counter() - self.started)
        return False


def exposition(connected: int, joined_by_role: dict[str, int], workshops: int,
               posters_waiting: int, posters_rendering: int) -> tuple[bytes, str]:
    """The text format of every metric of this process, the gauges set to the figures given
    (read when scraped: counting them as they change would cost every connection); returns
    (body, content type)."""
    CONNECTED_CLIENTS.set(connected)
    for role, count in joined_by_role.items():
        JOINED_CLIENTS.labels(bounded("role", role)).set(count)
    WORKSHOPS_WITH_CLIENTS.set(workshops)
    POSTER_QUEUE_LENGTH.set(posters_waiting)
    POSTERS_RENDERING.set(posters_rendering)
    return _generate_latest(REGISTRY), CONTENT_TYPE_LATEST
