"""The ``netwerk-canvas`` command: ``serve`` runs the production server, ``migrate`` the
database, ``purge`` removes idle workshops."""
import os
import socket
import textwrap

import click

from canvas.config import SETTINGS, SETTINGS_BY_NAME
from canvas.serving import listening_socket, quickly_stopping

# gthread only: each open WebSocket holds one gunicorn thread for its whole life, so the thread
# count is the cap on connected clients: a 500-person workshop plus projectors and facilitators.
DEFAULT_THREADS = 600
# Gunicorn worker -> the Flask-SocketIO async mode that runs under it.
CONNECTION_MODELS = {"gevent": "gevent", "gthread": "threading"}
# gevent: the most connections one process holds at once (gunicorn's worker_connections, the
# size of its greenlet pool; past it, new connections wait in the listen queue). Well above a
# room of 1,000 plus what one machine can hold open against it (5,000 idle sockets and 1,000
# unfinished requests, bench/freeze.py) with room to spare; a connection costs a greenlet, a
# socket and a few kB, so the bound is memory, not threads.
GEVENT_CONNECTIONS_MAX = 10_000
# File descriptors besides the connections: the database, logs, the poster workers' pipes.
OPEN_FILES_SPARE = 200
# Seconds a client has to send a whole request head (gunicorn's keepalive, which its
# gevent worker applies to reading each head, the first one included, and to an idle
# keep-alive connection). A phone sends its head in one packet; 10 s covers a few TCP
# retransmissions on bad Wi-Fi (1 + 2 + 4 s), while a head sent a byte at a time (slowloris)
# is cut off after 10 s. Not 0: that would mean no limit at all.
REQUEST_HEAD_TIMEOUT = 10


def lan_address() -> str | None:
    """This machine's address on the local network, for phones in the room; None if unknown."""
    candidates = []
    try:
        candidates += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None,
                                                                    socket.AF_INET)]
    except OSError:
        pass
    try:
        # Connecting a UDP socket sends nothing; it only asks the kernel which source address
        # it would route from.
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.connect(("192.0.2.1", 9))
        candidates.append(probe.getsockname()[0])
        probe.close()
    except OSError:
        pass
    for address in candidates:
        if not address.startswith("127."):
            return address
    return None


# Gunicorn's own limits on what it reads before the app sees a request (its defaults, named
# so that the refusals can state them).
REQUEST_LINE_MAX = 4094        # characters of the request line (method, path and query)
REQUEST_FIELDS_MAX = 100       # header fields
REQUEST_FIELD_SIZE_MAX = 8190  # bytes of one header field


# What gunicorn answers with 400 for a request it cannot parse (as in its handle_error).
MALFORMED_REQUEST_ERRORS = ("InvalidRequestLine", "InvalidRequestMethod", "InvalidHTTPVersion",
                            "InvalidHeader", "InvalidHeaderName", "ObsoleteFolding",
                            "InvalidChunkSize", "ChunkMissingTerminator",
                            "InvalidChunkExtension")


def json_refusal(exc) -> tuple[int, str, bytes] | None:
    """What to answer, as JSON like every other API error, for a request gunicorn refuses
    before the app sees it: (status, reason, body); None for anything that is no such
    refusal (gunicorn answers that itself)."""
    import json

    from gunicorn.http import errors

    from canvas.i18n import DEFAULT_LANGUAGE, translate

    malformed = tuple(getattr(errors, name) for name in MALFORMED_REQUEST_ERRORS
                      if hasattr(errors, name))
    if isinstance(exc, errors.LimitRequestLine):
        status, reason, code = 414, "URI Too Long", "uri_too_long"
    elif isinstance(exc, errors.LimitRequestHeaders):
        status, reason, code = 431, "Request Header Fields Too Large", "headers_too_large"
    elif malformed and isinstance(exc, malformed):
        status, reason, code = 400, "Bad Request", "bad_request_line"
    else:
        return None
    # No request was read, so neither its language nor its path is known.
    message = translate("error." + code, DEFAULT_LANGUAGE, line=REQUEST_LINE_MAX,
                        fields=REQUEST_FIELDS_MAX, size=REQUEST_FIELD_SIZE_MAX)
    return status, reason, json.dumps({"error": message, "code": code}).encode()


def json_error_worker(model: str = "gthread"):
    """Gunicorn's worker for the connection model (``gevent`` or ``gthread``), answering the
    requests gunicorn itself refuses (a request line or headers over its limits, a malformed
    request) in JSON instead of its HTML page."""
    if model == "gevent":
        from gunicorn.workers.ggevent import GeventWorker
        Base = quickly_stopping(GeventWorker)
    else:
        from gunicorn.workers.gthread import ThreadWorker as Base

    class JsonErrorWorker(Base):
        def handle_error(self, req, client, addr, exc):
            refusal = json_refusal(exc)
            if refusal is None:
                return super().handle_error(req, client, addr, exc)
            status, reason, body = refusal
            self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
            head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
                    "Content-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n").encode("latin-1")
            try:
                client.sendall(head + body)
            except OSError:
                self.log.debug("Failed to send error message.")

    return JsonErrorWorker


def worker_connections(model: str, threads: int) -> int:
    """The most connections the worker holds at once (gunicorn's worker_connections)."""
    return GEVENT_CONNECTIONS_MAX if model == "gevent" else threads + 100


def raise_open_files_limit(needed: int) -> int:
    """Raise this process's soft limit on open files towards ``needed`` (at most to the hard
    limit: every connection is a file descriptor, and distributions often start at 1,024).
    Returns the soft limit now in force; says so when it stays below ``needed``."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        if target > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
    if soft != resource.RLIM_INFINITY and soft < needed:
        click.echo(f"Warning: at most {soft} open files (ulimit -n); {needed} are needed to "
                   f"hold {needed - OPEN_FILES_SPARE} connections. Raise the hard limit "
                   "(LimitNOFILE= in the systemd unit, docs/deploy.md).", err=True)
    return soft


def run_gunicorn(make_app, listener: socket.socket, threads: int, model: str = "gthread"):
    """Serve the app that ``make_app()`` builds on ``listener`` (a listening socket, handed
    over to gunicorn). The app is built in the worker process, not in gunicorn's master: the
    master only watches the worker and stays small."""
    from gunicorn.app.base import BaseApplication

    listener_fd = listener.detach()  # gunicorn owns it from here

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"fd://{listener_fd}")
            # Its own lines (start, worker booted, signal handled, exit) say nothing a person
            # starting a workshop needs: serve prints what matters; warnings still show.
            self.cfg.set("loglevel", "warning")
            # One worker: Socket.IO rooms and presence live in the process (several processes
            # need MESSAGE_QUEUE and a proxy with sticky sessions, see docs/deploy.md).
            self.cfg.set("workers", 1)
            self.cfg.set("worker_class", json_error_worker(model))
            self.cfg.set("limit_request_line", REQUEST_LINE_MAX)
            self.cfg.set("limit_request_fields", REQUEST_FIELDS_MAX)
            self.cfg.set("limit_request_field_size", REQUEST_FIELD_SIZE_MAX)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_connections", worker_connections(model, threads))
            # A request head not complete in this time is dropped (slowloris), see the constant.
            self.cfg.set("keepalive", REQUEST_HEAD_TIMEOUT)
            self.cfg.set("timeout", 0)  # long-lived WebSockets are not hung workers
            self.cfg.set("graceful_timeout", 5)
            self.cfg.set("accesslog", None)
            self.cfg.set("control_socket_disable", True)

        def load(self):
            return make_app()

    Server().run()


def settings_help() -> str:
    """Every setting, for ``serve --help`` (the README has the same table)."""
    lines = ["\b", "Settings (environment variables; the README has the same table):"]
    for known in SETTINGS:
        lines.append(f"  {known.name} (default: {known.default_text.replace('`', '')})")
        lines += textwrap.wrap(known.meaning, 74, initial_indent="      ",
                               subsequent_indent="      ")
    return "\n".join(lines)


def data_location(config) -> list:
    """Lines that say where this server keeps its data."""
    from canvas.db import serverlock

    return [banner_line("Database:", serverlock.describe(config.DATABASE_URL)),
            banner_line("Posters and exports:", os.path.abspath(config.EXPORT_DIR))]


def banner_line(label: str, value: str) -> str:
    return f"  {label:<24}{value}"


@click.group()
@click.version_option(package_name="netwerk-canvas", prog_name="netwerk-canvas")
def main():
    """Netwerk Canvas: a live workshop around the Netwerk Canvas."""


@main.command(epilog=settings_help())
@click.option("--host", envvar="HOST", default=SETTINGS_BY_NAME["HOST"].default,
              show_default=True, show_envvar=True,
              help="Address to listen on (0.0.0.0: reachable by phones on the same network; "
                   "127.0.0.1: this computer only).")
@click.option("--port", envvar="PORT", default=int(SETTINGS_BY_NAME["PORT"].default),
              show_default=True, show_envvar=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--worker", type=click.Choice(CONNECTION_MODELS), default="gevent",
              show_default=True,
              help="Connection model: gevent (one greenlet per connection) or gthread (one "
                   "thread per connection, the cap being --threads).")
@click.option("--threads", default=DEFAULT_THREADS, show_default=True, type=int,
              help="gthread only: gunicorn threads, the most clients connected at once.")
def serve(host, port, worker, threads):
    """Create or migrate the database and start the production server. The database and the
    posters' folder are where DATABASE_URL and EXPORT_DIR say, relative to the folder this
    starts in; the first lines printed name them."""
    import subprocess
    import sys

    from canvas.config import Config, SettingError
    from canvas.db import serverlock

    try:
        config = Config()
    except SettingError as error:
        raise click.ClickException(str(error)) from None
    # One server per database unless they share a message queue (canvas/db/serverlock.py);
    # the lock is held until this process and the worker it forks end.
    try:
        lock = serverlock.hold(config.DATABASE_URL, shared=bool(config.MESSAGE_QUEUE))
    except serverlock.DatabaseInUse as error:
        raise click.ClickException(str(error)) from None
    if serverlock.sqlite_file(config.DATABASE_URL) is None and not config.MESSAGE_QUEUE:
        click.echo("Warning: no MESSAGE_QUEUE: run one server process on this database only "
                   "(live updates do not cross between processes; for several, set "
                   "MESSAGE_QUEUE, docs/deploy.md).", err=True)
    listener = listening_socket(host, port)
    lan = lan_address() if host in ("0.0.0.0", "::") else None
    if lan:
        config.LAN_URL = f"http://{lan}:{port}"
    if config.AUTO_MIGRATE:
        # In a process of its own: Alembic (and what it imports) need not stay in memory.
        subprocess.run([sys.executable, "-m", "canvas", "migrate", "--quiet"], check=True)
        config.AUTO_MIGRATE = False

    config.ASYNC_MODE = CONNECTION_MODELS[worker]

    def make_app():
        from canvas import create_app
        return create_app(config)

    local = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    click.echo("Netwerk Canvas")
    for line in data_location(config):
        click.echo(line)
    click.echo(banner_line("On this computer:", f"{local}/"))
    if lan:
        click.echo(banner_line("For phones in the room:", f"http://{lan}:{port}/"))
    click.echo("Stop with Ctrl+C.")
    raise_open_files_limit(worker_connections(worker, threads) + OPEN_FILES_SPARE)
    master = os.getpid()
    try:
        run_gunicorn(make_app, listener, threads, worker)
    except SystemExit as done:
        # The worker, a fork of this process, leaves through here too: only the master speaks.
        if os.getpid() == master and done.code in (0, None):
            click.echo("Stopped.")
        raise
    finally:
        if os.getpid() == master and lock is not None:
            lock.close()


@main.command()
@click.option("--quiet", is_flag=True, help="Print nothing when all went well.")
def migrate(quiet):
    """Create the database or bring it to the newest version."""
    from canvas.config import Config
    from canvas.db import migrate as migrations
    from canvas.db.session import Database

    database = Database(Config().DATABASE_URL)
    migrations.upgrade(database.engine)
    database.dispose()
    if not quiet:
        click.echo("Database is up to date.")


@main.command()
@click.option("--days", type=int, default=None,
              help="Remove workshops idle for this many days (default: PURGE_AFTER_DAYS, 90).")
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
def purge(days, dry_run):
    """Remove workshops without activity for a number of days, with their notes, snapshots and
    poster files (run it daily, e.g. from a systemd timer or cron)."""
    from canvas.config import Config
    from canvas.db import migrate as migrations
    from canvas.db.session import Database
    from canvas.realtime.publish import Publisher
    from canvas.services import notes, templates, workshops
    from canvas.services.context import ServiceContext
    from canvas.services.presence import Presence

    config = Config()
    days = config.PURGE_AFTER_DAYS if days is None else days
    if days < 1:
        raise click.BadParameter("must be at least 1", param_hint="--days")
    database = Database(config.DATABASE_URL)
    migrations.upgrade(database.engine)
    ctx = ServiceContext(db=database, publisher=Publisher(None), presence=Presence(),
                         export_dir=config.EXPORT_DIR)
    if dry_run:
        codes = workshops.idle_workshops(ctx, days)
        click.echo(f"Would remove {len(codes)} workshop(s) idle for {days} days or more"
                   + (f": {', '.join(codes)}" if codes else "."))
        return
    codes = workshops.purge_idle(ctx, days)
    click.echo(f"Removed {len(codes)} workshop(s) idle for {days} days or more"
               + (f": {', '.join(codes)}" if codes else "."))
    forgotten = templates.purge_unused(ctx, days)
    click.echo(f"Removed {forgotten} saved template(s) unused for {days} days or more.")
    pruned = notes.prune_tombstones(ctx)
    click.echo(f"Forgot {pruned} deleted note id(s) older than {notes.TOMBSTONE_DAYS} days.")
