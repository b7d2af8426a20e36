"""Health, readiness and metrics for operators (docs/monitoring.md), and the access lines of
the structured log (canvas/logs.py).

- ``/healthz``: the process serves requests. Touches nothing else, so a slow database never
  makes a load balancer restart a healthy process.
- ``/readyz``: the database answers and, with a Redis message queue, Redis answers; each check
  within ``READY_CHECK_SECONDS``, else 503 naming what failed.
- ``/metrics``: Prometheus' text format, this process only; read only from this machine
  (loopback, not through a proxy) or with ``METRICS_TOKEN`` as a bearer token.
"""
import hmac
import ipaddress
import threading
import time

from flask import Blueprint, Response, current_app, g, jsonify, request
from sqlalchemy import text

from canvas import logs, metrics
from canvas.i18n import translate
from canvas.services.posters import render_queue
from canvas.web import request_language, services

bp = Blueprint("observability", __name__)

# Seconds each readiness check may take. A load balancer polls every few seconds with a
# timeout of its own (nginx, Kubernetes: 1-5 s); an answer after that is no answer.
READY_CHECK_SECONDS = 2.0
# Headers a proxy adds: a request carrying one came from elsewhere, whatever its address.
PROXY_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Real-IP")


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    return _no_store(jsonify({"ok": True}))


@bp.get("/readyz")
def readyz():
    checks = {"database": _check(_database_answers)}
    queue = current_app.config["MESSAGE_QUEUE"]
    if queue and queue.startswith(("redis://", "rediss://")):
        checks["redis"] = _check(_redis_answers)
    failed = [name for name, result in checks.items() if result != "ok"]
    body = {"ok": not failed, "checks": checks}
    if failed:
        body["error"] = translate("error.not_ready", request_language(),
                                  failed=", ".join(failed), seconds=READY_CHECK_SECONDS)
        body["code"] = "not_ready"
        metrics.refused("http", "not_ready")
    response = jsonify(body)
    response.status_code = 503 if failed else 200
    return _no_store(response)


def _database_answers() -> None:
    with services().db.session() as session:
        session.execute(text("SELECT 1"))


def _redis_answers() -> None:
    client = current_app.extensions.get("readiness_redis")
    if client is None:
        import redis  # only with a Redis message queue (the "scale" extra)
        client = redis.Redis.from_url(current_app.config["MESSAGE_QUEUE"],
                                      socket_timeout=READY_CHECK_SECONDS,
                                      socket_connect_timeout=READY_CHECK_SECONDS)
        current_app.extensions["readiness_redis"] = client
    client.ping()


def _check(probe) -> str:
    """"ok", "timeout" or the failure's kind (its class name: no message, which could carry
    an address or a password of a URL)."""
    try:
        within(READY_CHECK_SECONDS, probe)
    except TimeoutError:
        return "timeout"
    except Exception as error:
        # A driver's own timeout (redis.exceptions.TimeoutError, ...) is a timeout too.
        return "timeout" if "Timeout" in type(error).__name__ else type(error).__name__
    return "ok"


def within(seconds: float, probe):
    """Run ``probe()``; TimeoutError if it takes longer than ``seconds``. Under gevent a
    timeout interrupts it (what waits there waits cooperatively); with threads it runs in a
    thread of its own, left to finish alone if it hangs."""
    if current_app.config["ASYNC_MODE"] == "gevent":
        import gevent
        with gevent.Timeout(seconds, TimeoutError):
            return probe()
    app = current_app._get_current_object()
    outcome = {}

    def run():
        with app.app_context():
            try:
                outcome["value"] = probe()
            except BaseException as error:  # handed to the caller
                outcome["error"] = error
    worker = threading.Thread(target=run, name="readiness-check", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeoutError
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def may_read_metrics() -> bool:
    """With METRICS_TOKEN: whoever sends it as ``Authorization: Bearer <token>``. Without:
    only a client on this machine that did not come through a proxy (a proxy on this machine
    would make every visitor look local)."""
    token = current_app.config["METRICS_TOKEN"]
    if token:
        # The scheme's name in any case (RFC 7235: "bearer" is "Bearer"); the token exact.
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())
    if any(header in request.headers for header in PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


@bp.get("/metrics")
def metrics_page():
    if not may_read_metrics():
        metrics.refused("http", "metrics_forbidden")
        response = jsonify({"error": translate("error.metrics_forbidden", request_language()),
                            "code": "metrics_forbidden"})
        response.status_code = 403
        return _no_store(response)
    eio = current_app.extensions["socketio"].server.eio
    by_role, workshops = services().presence.local_figures()
    queue = render_queue()
    body, content_type = metrics.exposition(
        # A closed socket stays in the table until Engine.IO's next sweep: not counted.
        connected=sum(not socket.closed for socket in list(eio.sockets.values())),
        joined_by_role=by_role, workshops=workshops,
        posters_waiting=queue.pending(), posters_rendering=queue.rendering())
    return _no_store(Response(body, content_type=content_type))


def _started():
    g.started = time.perf_counter()


def _log_request(response):
    started = g.get("started")
    if started is not None:
        route = request.url_rule.rule if request.url_rule is not None else "unmatched"
        logs.log_request(request.method, route, response.status_code,
                         time.perf_counter() - started, response.content_length)
    return response


def init_app(app):
    app.register_blueprint(bp)
    logs.access_log.setLevel("INFO" if app.config["LOG_FORMAT"] == logs.JSON else "WARNING")
    if app.config["LOG_FORMAT"] == logs.JSON:
        # First of all: a request refused by an earlier hook is timed and logged too.
        app.before_request_funcs.setdefault(None, []).insert(0, _started)
        app.after_request(_log_request)
