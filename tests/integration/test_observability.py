"""Health, readiness, metrics and structured logs of a real server (docs/monitoring.md)."""
import json
import re
import time
import uuid

import pgserver
import pytest
import redis
import redisserver
import requests
from liveserver import LiveServer, running_server

from canvas.services.limits import NOTE_BURST
from canvas.web.observability import READY_CHECK_SECONDS

WAIT = 10
TITLE = "Titel Geheim Zorgnetwerk"
NAME = "Naam Opvallend"
TEXT = "Notitie tekst vertrouwelijk"


def scrape(server, **headers) -> dict:
    """Every sample of /metrics: {'name{labels}': value}."""
    response = requests.get(server.url + "/metrics", headers=headers, timeout=WAIT)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    samples = {}
    for line in response.text.splitlines():
        if line and not line.startswith("#"):
            key, value = line.rsplit(" ", 1)
            samples[key] = float(value)
    return samples


def value(samples: dict, key: str) -> float:
    return samples.get(key, 0.0)


def new_note(text=TEXT) -> dict:
    return {"id": "n-" + uuid.uuid4().hex[:12], "block": "identiteit", "text": text}


def test_healthz_and_readyz_answer_on_a_healthy_server(live_server):
    health = requests.get(live_server.url + "/healthz", timeout=WAIT)
    assert health.status_code == 200 and health.json() == {"ok": True}
    ready = requests.get(live_server.url + "/readyz", timeout=WAIT)
    assert ready.status_code == 200
    assert ready.json() == {"ok": True, "checks": {"database": "ok"}}  # no Redis configured
    assert ready.headers["Cache-Control"] == "no-store"


def test_metrics_move_when_notes_are_posted(live_server, connect_peer):
    created = live_server.create_workshop(title=TITLE)
    code, key = created["code"], created["facilitator_key"]
    before = scrape(live_server)

    participant = connect_peer(live_server.url, "participant")
    participant.join(code, name=NAME)
    projector = connect_peer(live_server.url, "projector")
    projector.join(code, view="projector")
    for _ in range(3):
        assert participant.call("note:add", new_note())["ok"] is True
    projector.wait_for("note:added")
    during = scrape(live_server)

    assert value(during, "canvas_notes_created_total") == \
        value(before, "canvas_notes_created_total") + 3
    ack_count = 'canvas_ack_seconds_count{event="note:add"}'
    assert value(during, ack_count) == value(before, ack_count) + 3
    assert value(during, 'canvas_ack_seconds_count{event="join"}') >= 2
    assert value(during, "canvas_fanout_seconds_count") >= \
        value(before, "canvas_fanout_seconds_count") + 3
    assert value(during, "canvas_connected_clients") >= 2
    assert value(during, 'canvas_joined_clients{role="participant"}') == 1
    assert value(during, 'canvas_joined_clients{role="projector"}') == 1
    assert value(during, "canvas_workshops_with_clients") == 1

    # A rate limit refuses: counted by its name, and as an error of the socket transport.
    acks = [participant.call("note:add", new_note()) for _ in range(NOTE_BURST)]
    assert any(ack.get("code") == "too_fast" for ack in acks)
    # An HTTP error: a workshop that does not exist.
    assert requests.get(live_server.url + "/api/workshops/ZZZZZZ",
                        timeout=WAIT).status_code == 404
    # A poster rendered.
    poster = requests.get(f"{live_server.url}/api/workshops/{code}/snapshots/current/poster.pdf",
                          params={"size": "A4"}, timeout=60)
    assert poster.status_code == 200, poster.text
    participant.disconnect()
    projector.disconnect()

    deadline = time.monotonic() + WAIT
    while True:
        after = scrape(live_server)
        if value(after, "canvas_connected_clients") == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert value(after, 'canvas_rate_limit_refusals_total{limit="too_fast"}') >= 1
    assert value(after, 'canvas_errors_total{code="too_fast",transport="socket"}') >= 1
    assert value(after, 'canvas_errors_total{code="workshop_not_found",transport="http"}') >= 1
    assert value(after, "canvas_poster_render_seconds_count") == \
        value(before, "canvas_poster_render_seconds_count") + 1
    assert value(after, "canvas_poster_queue_length") == 0
    assert value(after, "canvas_connected_clients") == 0
    assert value(after, "canvas_workshops_with_clients") == 0

    # Nothing of the workshop in the metrics: names from the code only.
    text = requests.get(live_server.url + "/metrics", timeout=WAIT).text
    for secret in (code, key, TITLE, NAME, TEXT, created["facilitator_url"]):
        assert secret not in text


def test_metrics_are_refused_from_elsewhere_without_the_token(live_server, tmp_path):
    # Through a proxy (on this machine) every visitor would look local: refused.
    through_proxy = requests.get(live_server.url + "/metrics",
                                 headers={"X-Forwarded-For": "203.0.113.9"}, timeout=WAIT)
    assert through_proxy.status_code == 403
    assert through_proxy.json()["code"] == "metrics_forbidden"
    assert "METRICS_TOKEN" in through_proxy.json()["error"]

    token = "t-" + uuid.uuid4().hex
    with running_server(f"sqlite:///{tmp_path / 'token.db'}",
                        env={"METRICS_TOKEN": token}) as server:
        metrics = server.url + "/metrics"
        assert requests.get(metrics, timeout=WAIT).status_code == 403  # loopback is not enough
        assert requests.get(metrics, headers={"Authorization": "Bearer wrong"},
                            timeout=WAIT).status_code == 403
        assert requests.get(metrics, headers={"Authorization": token},
                            timeout=WAIT).status_code == 403  # the scheme is part of it
        scrape(server, Authorization="Bearer " + token)
        scrape(server, Authorization="Bearer " + token, **{"X-Forwarded-For": "203.0.113.9"})


@pytest.mark.skipif(not redisserver.installed(), reason="redis-server is not installed")
def test_readyz_names_redis_when_it_hangs_or_is_gone(tmp_path):
    with redisserver.running_redis() as url:
        server = LiveServer(f"sqlite:///{tmp_path / 'live.db'}",
                            env={"MESSAGE_QUEUE": url}).start()
        try:
            ready = requests.get(server.url + "/readyz", timeout=WAIT)
            assert ready.status_code == 200
            assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}
            # Scraped with presence shared in Redis too.
            assert "canvas_connected_clients" in scrape(server)

            # Redis holds every command for 4 s: the check gives up after its own timeout.
            pauser = redis.Redis.from_url(url)
            pauser.execute_command("CLIENT", "PAUSE", "4000", "ALL")
            pauser.close()
            started = time.monotonic()
            hung = requests.get(server.url + "/readyz", timeout=WAIT)
            took = time.monotonic() - started
            assert hung.status_code == 503
            assert hung.json()["checks"]["redis"] == "timeout"
            assert hung.json()["code"] == "not_ready" and "redis" in hung.json()["error"]
            assert took < READY_CHECK_SECONDS + 1.5, took
            # /healthz does not look at Redis: the process itself is fine.
            assert requests.get(server.url + "/healthz", timeout=WAIT).status_code == 200
            time.sleep(4)
        except BaseException:
            server.stop()
            raise
    try:  # Redis is stopped now
        gone = requests.get(server.url + "/readyz", timeout=WAIT)
        assert gone.status_code == 503
        assert gone.json()["checks"]["database"] == "ok"
        assert gone.json()["checks"]["redis"] not in ("ok", "timeout")
        assert requests.get(server.url + "/healthz", timeout=WAIT).status_code == 200
    finally:
        server.stop()


@pytest.mark.skipif(pgserver.binaries() is None and not pgserver.required(),
                    reason="PostgreSQL is not installed")
def test_readyz_names_the_database_when_it_is_gone():
    with pgserver.running_postgres() as url:
        server = LiveServer(url).start()
        try:
            assert requests.get(server.url + "/readyz", timeout=WAIT).status_code == 200
        except BaseException:
            server.stop()
            raise
    try:  # PostgreSQL is stopped and its folder removed
        started = time.monotonic()
        gone = requests.get(server.url + "/readyz", timeout=WAIT)
        assert time.monotonic() - started < READY_CHECK_SECONDS + 1.5
        assert gone.status_code == 503
        assert gone.json()["checks"]["database"] != "ok"
        assert "database" in gone.json()["error"]
        assert requests.get(server.url + "/healthz", timeout=WAIT).status_code == 200
    finally:
        server.stop()


def test_json_logs_are_json_lines_without_content(tmp_path, connect_peer):
    server = LiveServer(f"sqlite:///{tmp_path / 'live.db'}", env={"LOG_FORMAT": "json"})
    server.start()
    try:
        created = server.create_workshop(title=TITLE)
        code, key = created["code"], created["facilitator_key"]
        participant = connect_peer(server.url, "participant")
        participant.join(code, name=NAME)
        facilitator = connect_peer(server.url, "facilitator")
        facilitator.join(code, facilitator_key=key)
        note = participant.call("note:add", new_note())
        assert note["ok"] is True
        assert participant.call("note:add", {"block": "nergens"})["ok"] is False
        assert participant.call("no:such:event", {})["code"] == "unknown_event"
        for path in (f"/j/{code}", f"/api/workshops/{code}", "/api/workshops/ZZZZZZ",
                     f"/p/{code}", "/healthz"):
            requests.get(server.url + path, headers={"X-Facilitator-Key": key}, timeout=WAIT)
        participant.disconnect()
        facilitator.disconnect()
        time.sleep(0.3)  # the disconnect lines
    finally:
        server.stop()
    output = server.final_output

    lines = [json.loads(line) for line in output.splitlines() if line.strip()]  # all JSON
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    http = [line for line in lines if line.get("kind") == "http"]
    socket = [line for line in lines if line.get("kind") == "socket"]
    routes = {(line["method"], line["route"], line["status"]) for line in http}
    assert ("POST", "/api/workshops", 201) in routes
    assert ("GET", "/api/workshops/<code>", 200) in routes
    assert ("GET", "/api/workshops/<code>", 404) in routes
    assert all(isinstance(line["ms"], float) and line["ms"] >= 0 for line in http + socket)
    assert any(line["route"] == "/api/workshops" and line["bytes"] > 0 for line in http)
    results = {(line["event"], line["result"]) for line in socket}
    assert {("join", "ok"), ("note:add", "ok"), ("unknown", "unknown_event"),
            ("connect", "ok"), ("disconnect", "ok")} <= results
    assert any(event == "note:add" and result not in ("ok",) for event, result in results)
    assert any(line["logger"].startswith("gunicorn") for line in lines)  # gunicorn's own too
    assert any("On this computer" in line["message"] for line in lines)  # the banner
    for secret in (code, key, TITLE, NAME, TEXT, participant.participant["token"]):
        assert secret not in output, secret
    assert not re.search(r"/[jpf]/[A-Z0-9]{6}", output)  # no raw path of a workshop
