"""The JSON log formatter, the metrics helpers and the access rules of /metrics, in process."""
import io
import json
import logging
import re
import sys
import timeit

import pytest

from canvas import logs, metrics
from canvas.metrics import LABEL_VALUES_MAX, OTHER, _Bounded


def record(message="hello %s", args=("world",), exc_info=None, **extra):
    made = logging.LogRecord("canvas.test", logging.WARNING, __file__, 1, message, args,
                             exc_info)
    for key, value in extra.items():
        setattr(made, key, value)
    return made


def test_the_formatter_writes_one_json_object_per_record():
    line = logs.JsonFormatter().format(record(kind="http", route="/api/workshops/<code>",
                                              ms=1.5))
    data = json.loads(line)
    assert data["message"] == "hello world" and data["level"] == "warning"
    assert data["logger"] == "canvas.test"
    assert data["time"].endswith("Z") and "T" in data["time"]
    assert (data["kind"], data["route"], data["ms"]) == ("http", "/api/workshops/<code>", 1.5)
    assert "args" not in data and "msg" not in data  # the standard attributes stay out


def test_a_traceback_stays_on_one_line():
    try:
        raise ValueError("kapot\nop twee regels")
    except ValueError:
        line = logs.JsonFormatter().format(record(exc_info=sys.exc_info()))
    assert "\n" not in line
    data = json.loads(line)
    assert "ValueError" in data["exception"] and "Traceback" in data["exception"]


def test_values_that_are_not_json_are_written_as_text():
    data = json.loads(logs.JsonFormatter().format(record(thing=object(), data=b"x")))
    assert data["thing"].startswith("<object object") and data["data"] == "b'x'"


def test_access_lines_carry_names_and_timings_only():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    logs.access_log.addHandler(handler)
    level = logs.access_log.level
    logs.access_log.setLevel(logging.INFO)
    try:
        logs.log_request("GET", "/p/<code>", 200, 0.0123, 345)
        logs.log_event("note:add", None, 0.002)
        logs.log_event("note:add", "too_fast", 0.001)
    finally:
        logs.access_log.removeHandler(handler)
        logs.access_log.setLevel(level)
    http, ok, refused = (json.loads(line) for line in stream.getvalue().splitlines())
    assert {k: http[k] for k in ("kind", "method", "route", "status", "ms", "bytes")} == \
        {"kind": "http", "method": "GET", "route": "/p/<code>", "status": 200, "ms": 12.3,
         "bytes": 345}
    assert (ok["kind"], ok["event"], ok["result"], ok["ms"]) == ("socket", "note:add", "ok", 2.0)
    assert refused["result"] == "too_fast"


def test_gunicorn_config_is_json_only_when_asked():
    assert logs.gunicorn_config(False) is None
    config = logs.gunicorn_config(True)
    assert config["formatters"]["json"]["()"] is logs.JsonFormatter
    assert config["disable_existing_loggers"] is False
    # gunicorn's access log would carry raw paths (workshop codes): kept silent.
    assert config["loggers"]["gunicorn.access"]["propagate"] is False


def test_label_values_are_bounded():
    bounded = _Bounded(most=3)
    assert [bounded("code", c) for c in ("a", "b", "a", "c", "d", "e", "b")] == \
        ["a", "b", "a", "c", OTHER, OTHER, "b"]
    assert bounded("event", "d") == "d"  # each label has its own bound
    assert LABEL_VALUES_MAX >= 100  # well above the error codes and events there are


def sample(name, **labels):
    return metrics.REGISTRY.get_sample_value(name, labels or None) or 0.0


def test_helpers_move_their_metrics():
    before = (sample("canvas_notes_created_total"),
              sample("canvas_ack_seconds_count", event="note:add"),
              sample("canvas_ack_seconds_bucket", event="note:add", le="0.005"),
              sample("canvas_errors_total", transport="socket", code="too_fast"),
              sample("canvas_rate_limit_refusals_total", limit="too_fast"),
              sample("canvas_fanout_seconds_count"),
              sample("canvas_poster_render_seconds_sum"))
    metrics.note_created()
    metrics.acknowledged("note:add", 0.003)
    metrics.refused("socket", "too_fast")
    metrics.rate_limited("too_fast")
    with metrics.timed(metrics.fanned_out):
        pass
    metrics.poster_rendered(0.5)
    after = (sample("canvas_notes_created_total"),
             sample("canvas_ack_seconds_count", event="note:add"),
             sample("canvas_ack_seconds_bucket", event="note:add", le="0.005"),
             sample("canvas_errors_total", transport="socket", code="too_fast"),
             sample("canvas_rate_limit_refusals_total", limit="too_fast"),
             sample("canvas_fanout_seconds_count"),
             sample("canvas_poster_render_seconds_sum"))
    assert [b - a for a, b in zip(before, after)] == [1, 1, 1, 1, 1, 1, 0.5]


def test_scraped_gauges_are_what_the_process_counts_now():
    body, content_type = metrics.exposition(
        connected=7, joined_by_role={"participant": 5, "projector": 1, "facilitator": 0},
        workshops=2, posters_waiting=3, posters_rendering=1)
    text = body.decode()
    assert content_type.startswith("text/plain")
    for line in ("canvas_connected_clients 7.0", 'canvas_joined_clients{role="participant"} 5.0',
                 'canvas_joined_clients{role="facilitator"} 0.0',
                 "canvas_workshops_with_clients 2.0", "canvas_poster_queue_length 3.0",
                 "canvas_posters_rendering 1.0"):
        assert line in text.splitlines(), line
    assert not re.search(r"^\w+_created[{ ]", text, re.M)  # creation timestamps are off


def test_recording_an_ack_costs_microseconds():
    """It runs on the event loop for every event: measured, it must stay far below a
    millisecond (about 2-4 us on the 2-core machine)."""
    runs = 20_000
    seconds = timeit.timeit(lambda: metrics.acknowledged("note:add", 0.002), number=runs)
    assert seconds / runs < 50e-6, seconds / runs


@pytest.mark.parametrize(("address", "headers", "token", "allowed"), [
    ("127.0.0.1", {}, None, True),
    ("::1", {}, None, True),
    ("192.168.1.20", {}, None, False),          # a phone on the venue's Wi-Fi
    ("10.0.0.3", {}, None, False),
    ("127.0.0.1", {"X-Forwarded-For": "198.51.100.7"}, None, False),  # via a local proxy
    ("127.0.0.1", {"X-Real-IP": "198.51.100.7"}, None, False),
    ("127.0.0.1", {"Forwarded": "for=198.51.100.7"}, None, False),
    ("192.168.1.20", {"Authorization": "Bearer s3cret-token"}, "s3cret-token", True),
    ("127.0.0.1", {}, "s3cret-token", False),   # with a token, loopback needs it too
    ("192.168.1.20", {"Authorization": "Bearer wrong"}, "s3cret-token", False),
    ("192.168.1.20", {"Authorization": "s3cret-token"}, "s3cret-token", False),
    ("192.168.1.20", {"Authorization": "bearer s3cret-token"}, "s3cret-token", True),  # RFC 7235
    ("192.168.1.20", {"Authorization": "Basic s3cret-token"}, "s3cret-token", False),
    ("192.168.1.20", {"Authorization": "Bearer s3cret-token "}, "s3cret-token", False),
])
def test_who_may_read_metrics(app, address, headers, token, allowed):
    app.config["METRICS_TOKEN"] = token
    response = app.test_client().get("/metrics", headers=headers,
                                     environ_base={"REMOTE_ADDR": address})
    assert response.status_code == (200 if allowed else 403)
    if allowed:
        assert b"canvas_connected_clients" in response.data
    else:
        assert response.get_json()["code"] == "metrics_forbidden"
        assert "METRICS_TOKEN" in response.get_json()["error"]


def test_healthz_touches_nothing_and_readyz_names_the_database(app, monkeypatch):
    client = app.test_client()
    assert client.get("/healthz").get_json() == {"ok": True}
    assert client.get("/readyz").get_json() == {"ok": True, "checks": {"database": "ok"}}

    def no_database():
        raise ConnectionError("no database")

    monkeypatch.setattr(app.extensions["canvas"].db, "session", no_database)
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["checks"] == {"database": "ConnectionError"}
    assert ready.get_json()["code"] == "not_ready" and "database" in ready.get_json()["error"]


def test_a_check_that_hangs_is_given_up(app, monkeypatch):
    """With threads (the in-process app) as under gevent: never longer than the bound."""
    import time

    from canvas.web import observability

    monkeypatch.setattr(observability, "READY_CHECK_SECONDS", 0.2)
    monkeypatch.setattr(app.extensions["canvas"].db, "session", lambda: time.sleep(2))
    started = time.monotonic()
    ready = app.test_client().get("/readyz")
    assert time.monotonic() - started < 1
    assert ready.status_code == 503 and ready.get_json()["checks"] == {"database": "timeout"}


def test_the_example_dashboard_reads_only_metrics_that_exist():
    from pathlib import Path

    dashboard = json.loads((Path(__file__).parents[2] / "docs" / "grafana-dashboard.json")
                           .read_text())
    exprs = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    named = {re.sub(r"_(bucket|total)$", "", name)
             for expr in exprs for name in re.findall(r"\b(canvas_\w+)", expr)}
    known = {metric.name for metric in metrics.REGISTRY.collect()}
    assert named and named <= known, named - known


def test_a_refused_handshake_is_counted_under_its_limit(app):
    """Too many new connections from one address: the handshake is refused (HTTP 401) and
    counted as the limit ``too_many_connections``."""
    from canvas.services import limits
    from canvas.web.unjoined import CONNECTION_LIMIT

    # A clock that stands still: no token comes back between draining and the handshake.
    state = app.extensions["canvas"].limits = limits.Limits(clock=lambda: 1000.0)
    while limits.take_connection(state, "192.0.2.44"):
        pass
    before = sample("canvas_rate_limit_refusals_total", limit=CONNECTION_LIMIT)
    handshake = app.test_client().get("/socket.io/?EIO=4&transport=polling",
                                      environ_base={"REMOTE_ADDR": "192.0.2.44"})
    assert handshake.status_code == 401
    assert sample("canvas_rate_limit_refusals_total", limit=CONNECTION_LIMIT) == before + 1


def test_presence_counts_this_process_by_role():
    from canvas.services.permissions import Actor
    from canvas.services.presence import Presence

    presence = Presence()
    assert presence.local_figures() == ({"participant": 0, "projector": 0,
                                         "facilitator": 0}, 0)
    presence.put("a", Actor(1, "AAAAAA", "participant", "p1"))
    presence.put("b", Actor(1, "AAAAAA", "projector"))
    presence.put("c", Actor(2, "BBBBBB", "participant", "p2"))
    assert presence.local_figures() == ({"participant": 2, "projector": 1,
                                         "facilitator": 0}, 2)
    presence.remove("c")
    assert presence.local_figures()[1] == 1


def test_the_open_files_warning_goes_where_it_is_told():
    """With LOG_FORMAT=json ``serve`` hands it a logger: the warning is a JSON line too."""
    import resource

    from canvas.cli import raise_open_files_limit

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        pytest.skip("no hard limit on open files here")
    said = []
    try:
        raise_open_files_limit(hard + 1, warn=said.append)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert len(said) == 1 and f"at most {hard} open files" in said[0]
