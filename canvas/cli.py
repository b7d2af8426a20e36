"""The ``netwerk-canvas`` command: ``serve`` runs the production server, ``migrate`` the
database, ``purge`` removes idle workshops."""
import os
import socket
import textwrap
from pathlib import Path

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
            # The kind of refusal only: the exception's text quotes the request line, whose
            # path can carry a workshop code.
            self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0],
                             type(exc).__name__)
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


def raise_open_files_limit(needed: int, warn=None) -> int:
    """Raise this process's soft limit on open files towards ``needed`` (at most to the hard
    limit: every connection is a file descriptor, and distributions often start at 1,024).
    Returns the soft limit now in force; says so (through ``warn``, else on stderr) when it
    stays below ``needed``."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        if target > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
    if soft != resource.RLIM_INFINITY and soft < needed:
        (warn or (lambda text: click.echo(text, err=True)))(
            f"Warning: at most {soft} open files (ulimit -n); {needed} are needed to "
            f"hold {needed - OPEN_FILES_SPARE} connections. Raise the hard limit "
            "(LimitNOFILE= in the systemd unit, docs/deploy.md).")
    return soft


def run_gunicorn(make_app, listener: socket.socket, threads: int, model: str = "gthread"):
    """Serve the app that ``make_app()`` builds on ``listener`` (a listening socket, handed
    over to gunicorn). The app is built in the worker process, not in gunicorn's master: the
    master only watches the worker and stays small."""
    from gunicorn.app.base import BaseApplication

    from canvas.logs import JSON, gunicorn_config

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
            # LOG_FORMAT=json: every line JSON, gunicorn's own too (canvas/logs.py).
            self.cfg.set("logconfig_dict", gunicorn_config(
                os.environ.get("LOG_FORMAT", "").strip().lower() == JSON) or {})
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
    from canvas.logs import JSON, enable_json

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
    say, warn = click.echo, None
    if config.LOG_FORMAT == JSON:  # the banner too is a JSON line, like all that follows
        import logging
        enable_json()
        say = logging.getLogger("canvas.serve").info
        warn = logging.getLogger("canvas.serve").warning
    say("Netwerk Canvas")
    for line in data_location(config):
        say(line)
    say(banner_line("On this computer:", f"{local}/"))
    if lan:
        say(banner_line("For phones in the room:", f"http://{lan}:{port}/"))
    say("Stop with Ctrl+C.")
    raise_open_files_limit(worker_connections(worker, threads) + OPEN_FILES_SPARE, warn)
    master = os.getpid()
    try:
        run_gunicorn(make_app, listener, threads, worker)
    except SystemExit as done:
        # The worker, a fork of this process, leaves through here too: only the master speaks.
        if os.getpid() == master and done.code in (0, None):
            say("Stopped.")
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


# backup, restore and export-all: docs/deploy.md "Backup".

def _sqlite_database(url: str, file, doing: str):
    """The SQLite file of ``url``; for PostgreSQL a refusal naming its own tools."""
    from canvas.db import backup as backups

    database = backups.sqlite_path(url)
    if database is None:
        if not url.startswith(("postgres", "postgresql")):
            raise click.ClickException(f"{doing} works on a SQLite database file; DATABASE_URL "
                                       "names none.")
        dump, load = backups.postgres_commands(url, str(file))
        raise click.ClickException(
            f"DATABASE_URL names a PostgreSQL database: {doing.lower()} is done with "
            "PostgreSQL's own tools (they read the password from PGPASSWORD or ~/.pgpass).\n"
            f"  Backup:  {dump}\n"
            f"  Restore: {load}\n(docs/deploy.md, \"Backup\").")
    return database


def _described(contents) -> str:
    return (f"{contents.workshops:,} workshop(s), {contents.notes:,} note(s), "
            f"{contents.snapshots:,} snapshot(s), {contents.size / 1e6:.1f} MB")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def backup(file, force):
    """Copy the database (DATABASE_URL, as for serve) to FILE, also while the server runs.

    SQLite's online backup gives a consistent copy of one moment; it is checked (SQLite's
    integrity check) before it gets the name FILE. For PostgreSQL this names pg_dump."""
    from canvas.config import Config
    from canvas.db import backup as backups

    database = _sqlite_database(Config().DATABASE_URL, file, "Backup")
    try:
        contents, report = backups.backup(database, file, force=force)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Backed up {database.resolve()} to {file}: {_described(contents)}. "
               f"Integrity check: ok. Copied in {report.seconds:.2f} s.")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
def restore(file):
    """Put the backup FILE in the place of the database (DATABASE_URL), with the server stopped.

    FILE must be a whole Netwerk Canvas database; the database it replaces is kept beside it as
    <database>.before-restore-<time>. The restored database is brought to this version's
    schema. For PostgreSQL this names pg_restore."""
    from canvas.config import Config
    from canvas.db import backup as backups
    from canvas.db import migrate as migrations
    from canvas.db.session import Database

    url = Config().DATABASE_URL
    database = _sqlite_database(url, file, "Restore")
    try:
        held = backups.verify(file, migrations.known_revisions())
        if database.exists() and database.resolve() == file.resolve():
            raise backups.BackupError(f"{file} is the database itself: nothing to restore.")
        kept = backups.restore(file, database)
    except backups.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    if kept:
        click.echo(f"The database it replaces is kept as {kept}.")
    target = Database(url)
    migrations.upgrade(target.engine)
    target.dispose()
    click.echo(f"Restored {file} into {database.resolve()}: {_described(held)}. "
               "The database is up to date; start the server.")


@main.command("export-all")
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Write into DIR even if it holds files.")
def export_all(folder, force):
    """Write every workshop's JSON export into DIR (one file per workshop, and index.json).

    Each file is the export the workshop's page gives (what anyone with the code sees: no
    hidden notes, no keys or tokens); import it on another server's home page."""
    from datetime import UTC, datetime

    from canvas.config import Config
    from canvas.db import migrate as migrations
    from canvas.db.session import Database
    from canvas.realtime.publish import Publisher
    from canvas.services import exports
    from canvas.services.context import ServiceContext
    from canvas.services.presence import Presence

    if folder.exists() and any(folder.iterdir()) and not force:
        raise click.ClickException(f"{folder} holds files already: choose an empty folder, or "
                                   "add --force to write into it.")
    folder.mkdir(parents=True, exist_ok=True)
    config = Config()
    database = Database(config.DATABASE_URL)
    migrations.upgrade(database.engine)
    ctx = ServiceContext(db=database, publisher=Publisher(None), presence=Presence(),
                         export_dir=config.EXPORT_DIR)
    index, left_out_total = [], 0
    for code, title, data, left_out in exports.all_workshops(ctx):
        name = f"{code}.json"
        _write_json(folder / name, data)
        index.append({"code": code, "title": title, "file": name, "notes": len(data["notes"]),
                      "notes_left_out": left_out})
        left_out_total += left_out
    database.dispose()
    _write_json(folder / "index.json", {
        "format": f"{exports.FORMAT}-all", "version": exports.VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"), "workshops": index})
    click.echo(f"Exported {len(index)} workshop(s) with {sum(w['notes'] for w in index):,} "
               f"note(s) to {folder}/ (index.json lists them).")
    if left_out_total:
        click.echo(f"Left out, as in every export: {left_out_total:,} note(s) hidden or in a "
                   "silent round going on (index.json counts them per workshop).")


def _write_json(path: Path, data) -> None:
    """Write under a temporary name, then rename: no file is ever half written."""
    import json

    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)
