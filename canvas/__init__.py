"""Netwerk Canvas: a live workshop tool for the five building blocks of a vital network."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None):
    """Build an app (a Flask app). ``config`` is a mapping of overrides (tests) or a ``Config``
    instance."""
    from flask import Flask

    from canvas.config import Config
    from canvas.db.session import Database
    from canvas.extensions import socketio
    from canvas.realtime.manager import client_manager
    from canvas.realtime.publish import Publisher
    from canvas.services.context import ServiceContext
    from canvas.services.presence import Presence, SharedPresence
    from canvas.services.rules import SOCKET_ENGINE_MAX
    from canvas.web import (
        api,
        assets,
        compression,
        errors,
        events,
        exports,
        observability,
        offline,
        pages,
        security,
    )
    from canvas.web.frames import CheckedPacket

    if not isinstance(config, Config):
        config = Config(**(config or {}))
    app = Flask(__name__, static_folder=str(ROOT / "static"),
                template_folder=str(ROOT / "templates"))
    app.config.update(config.as_flask_config())
    app.json.sort_keys = False

    database = Database(app.config["DATABASE_URL"], app.config["SQLITE_SYNCHRONOUS"])
    if app.config["AUTO_MIGRATE"]:
        from canvas.db import migrate  # Alembic: only loaded when it has work to do
        migrate.upgrade(database.engine)

    # python-socketio's manager with each connection's rooms indexed (canvas/realtime/manager.py).
    manager = client_manager(app.config["MESSAGE_QUEUE"])
    socketio.init_app(
        app,
        **({"client_manager": manager} if manager is not None else {}),
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        # None: only the site's own origin may open a socket.
        cors_allowed_origins=app.config["CORS_ALLOWED_ORIGINS"],
        # Frames that cannot be decoded are refused with an ack, not dropped (frames.py);
        # messages up to the engine's limit are read, so those over the app's own limit
        # (rules.SOCKET_MESSAGE_MAX) are refused with an ack that names it.
        serializer=CheckedPacket,
        max_http_buffer_size=SOCKET_ENGINE_MAX,
        # Long-polling answers uncompressed: one may hold a join's participant token beside
        # notes others wrote (BREACH, docs/security.md "Compression"); WebSocket is the rule.
        http_compression=False,
    )
    if app.config["ASYNC_MODE"] == "gevent":
        from canvas.realtime.loopwatch import LoopWatch
        app.extensions["loopwatch"] = LoopWatch(
            always_report=app.config["LOOP_STALL_REPORT"]).start()
    queue = app.config["MESSAGE_QUEUE"]
    presence = SharedPresence(queue) if queue and queue.startswith(("redis://", "rediss://")) \
        else Presence()
    app.extensions["canvas"] = ServiceContext(db=database, publisher=Publisher(socketio),
                                              presence=presence,
                                              export_dir=app.config["EXPORT_DIR"])

    observability.init_app(app)  # first: its request timing starts before any other hook
    # Static files answered before Socket.IO and Flask see the request (whitenoise).
    assets.init_app(app)
    compression.init_app(app)
    security.init_app(app)  # after socketio.init_app: its proxy fix must see Socket.IO too
    errors.init_app(app)
    pages.init_app(app)
    offline.init_app(app)
    api.init_app(app)
    exports.init_app(app)
    events.init_app(socketio)
    if app.config["ASYNC_MODE"] == "gevent":
        from canvas.realtime.loopwatch import settle_garbage_collector
        settle_garbage_collector()
    return app


def stop_serving(app) -> None:
    """The worker is stopping (gunicorn's gevent worker on SIGTERM): report the event loop's
    stalls, then close every connection at once. The pages reconnect (to another process, or to
    this server once it is back) instead of holding the worker through its grace period, at
    the end of which it would be killed without a word."""
    watch = app.extensions.get("loopwatch")
    if watch is not None:
        watch.report()
    server = app.extensions["socketio"].server
    for socket in list(server.eio.sockets.values()):
        socket.close(wait=False)
