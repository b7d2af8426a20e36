"""Copies of the SQLite database taken while the server runs, and putting one back
(``netwerk-canvas backup`` and ``restore``, docs/deploy.md "Backup").

Every copy goes through SQLite's online backup API (``sqlite3.Connection.backup``), never a
file copy: a file copied while the server writes, or without its ``-wal`` file, can be torn or
miss the last commits. PostgreSQL has its own tools (``pg_dump``, ``pg_restore``).
"""
import fcntl
import os
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from canvas.db import serverlock
from canvas.db.session import normalize_url

# The tables every Netwerk Canvas database has had since its first migration.
OUR_TABLES = ("workshops", "notes", "participants", "alembic_version")
# Pages copied per step of the backup API when the database is not in WAL mode (a step then
# holds a read lock that makes the server's writers wait; 4 kB pages: 1,000 pages are 4 MB).
# In WAL mode (which the server sets) readers never block writers, and the copy is taken in one
# step: measured with bench/backup.py, see docs/deploy.md "Backup".
PAGES_PER_STEP = 1000
# A copy in steps starts again whenever another process writes between two steps; after this
# many restarts it is taken in one step.
RESTARTS_MAX = 3
# Where SQLite's unix VFS keeps the "dead man switch" lock in the ``-shm`` file: every
# connection that has the database open in WAL mode holds a shared lock on this byte
# (sqlite3.c, UNIX_SHM_DMS = 120 + 8).
SHM_DMS_OFFSET = 128


class BackupError(Exception):
    """What went wrong, as one sentence for the person at the command line."""


@dataclass
class Contents:
    """What a database holds, for the line a command prints."""
    workshops: int
    notes: int
    snapshots: int
    size: int
    revision: str


@dataclass
class CopyReport:
    """How a copy went: its duration, the steps it took and the longest of them (the longest
    time the source was read under one lock), the restarts after writes between steps."""
    seconds: float = 0.0
    steps: int = 0
    longest_step: float = 0.0
    restarts: int = 0
    step_seconds: list = field(default_factory=list)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite database URL; None for any other database (or an in-memory one)."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite":
        return None
    return Path(parsed.database) if parsed.database not in (None, "", ":memory:") else None


def postgres_commands(url: str, file: str) -> tuple[str, str]:
    """The pg_dump and pg_restore commands for ``url``, without its password (pg_dump reads it
    from PGPASSWORD or ~/.pgpass)."""
    parsed = make_url(normalize_url(url))
    plain = URL.create("postgresql", username=parsed.username, host=parsed.host,
                       port=parsed.port, database=parsed.database,
                       query=parsed.query).render_as_string(hide_password=False)
    return (f'pg_dump --format=custom --file "{file}" "{plain}"',
            f'pg_restore --clean --if-exists --no-owner --dbname "{plain}" "{file}"')


def in_use(database: Path) -> bool:
    """Whether another process has ``database`` open in WAL mode (a running server does as long
    as it runs). Asked of the lock every such connection holds, without opening the database:
    a lock taken and dropped by this process on a file it had open itself would drop SQLite's."""
    shm = Path(f"{database}-shm")
    try:
        fd = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, SHM_DMS_OFFSET)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, SHM_DMS_OFFSET)
        return False
    finally:
        os.close(fd)


def copy(source: sqlite3.Connection, target: sqlite3.Connection) -> CopyReport:
    """Copy ``source`` into ``target`` with the backup API: a consistent picture of one moment.

    In WAL mode in one step (a read transaction: the server's writers go on meanwhile, only the
    checkpoint waits); otherwise in steps of PAGES_PER_STEP pages, so no writer waits longer
    than one step, and in one step after RESTARTS_MAX restarts."""
    report = CopyReport()
    started = time.perf_counter()
    wal = source.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    last = [started, None]
    stepping = [not wal]

    def progress(_status, remaining, _total):
        now = time.perf_counter()
        report.step_seconds.append(now - last[0])
        if last[1] is not None and remaining > last[1]:
            report.restarts += 1
        last[:] = [now, remaining]
        if stepping[0] and report.restarts >= RESTARTS_MAX:
            raise _Restarted

    try:
        source.backup(target, pages=-1 if wal else PAGES_PER_STEP, progress=progress,
                      sleep=0.05)
    except _Restarted:
        stepping[0] = False
        last[:] = [time.perf_counter(), None]
        source.backup(target, pages=-1, progress=progress)
    report.seconds = time.perf_counter() - started
    report.steps = len(report.step_seconds)
    report.longest_step = max(report.step_seconds, default=0.0)
    return report


class _Restarted(Exception):
    pass


def contents(connection: sqlite3.Connection, size: int) -> Contents:
    def count(table):
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return Contents(workshops=count("workshops"), notes=count("notes"),
                    snapshots=count("snapshots"), size=size,
                    revision=revision[0] if revision else "")


def check(connection: sqlite3.Connection, name: str, known_revisions: set | None = None):
    """Raise BackupError unless ``connection`` is a whole Netwerk Canvas database: SQLite's
    integrity check passes, our tables are there, and (given ``known_revisions``) its schema
    version is one this version of the program knows."""
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{name} is not a SQLite database ({exc}).") from exc
    if result != [("ok",)]:
        problems = "; ".join(row[0] for row in result[:3])
        raise BackupError(f"{name} is damaged (SQLite's integrity check: {problems}).")
    missing = [table for table in OUR_TABLES if table not in tables]
    if missing:
        raise BackupError(f"{name} is a SQLite database but not one of Netwerk Canvas "
                          f"(no table {', '.join(missing)}).")
    if known_revisions is not None:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or row[0] not in known_revisions:
            raise BackupError(f"{name} has schema version {row[0] if row else 'none'}, which this "
                              "version of Netwerk Canvas does not know (made by a newer one?): "
                              "restore it with that version or a later one.")


def backup(database: Path, file: Path, *, force: bool = False) -> tuple[Contents, CopyReport]:
    """Copy ``database`` (while the server may be writing to it) to ``file``, checked.

    The copy is written to a temporary name beside ``file`` and renamed only once it is whole
    and checked, so a half-written backup never carries the name of a whole one. The copy is
    one file (journal mode DELETE: no ``-wal`` beside it). Raises BackupError for a missing
    database, an existing ``file`` without ``force``, or a copy that fails its check."""
    if not database.is_file():
        raise BackupError(f"There is no database at {database.resolve()}: nothing to back up "
                          "(is DATABASE_URL set as for the server?).")
    if file.exists() and not force:
        raise BackupError(f"{file} exists already: choose another name, or add --force to "
                          "replace it.")
    if file.is_dir():
        raise BackupError(f"{file} is a folder: give the name of the backup file.")
    temporary = file.with_name(f".{file.name}.partial-{os.getpid()}")
    try:
        source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
        target = sqlite3.connect(temporary)
        try:
            report = copy(source, target)
            target.execute("PRAGMA journal_mode=DELETE")
            check(target, "The copy")
            held = contents(target, 0)
        finally:
            source.close()
            target.close()
        os.replace(temporary, file)
    except sqlite3.Error as exc:
        raise BackupError(f"The backup failed: {exc}.") from exc
    finally:
        temporary.unlink(missing_ok=True)
    held.size = file.stat().st_size
    return held, report


def verify(file: Path, known_revisions: set) -> Contents:
    """What the backup ``file`` holds; BackupError unless it is a whole Netwerk Canvas database
    of a schema version this program knows. Opened read-only: checking changes nothing."""
    if not file.is_file():
        raise BackupError(f"There is no file {file}.")
    try:
        connection = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(f"{file} cannot be opened: {exc}.") from exc
    try:
        check(connection, str(file), known_revisions)
        return contents(connection, file.stat().st_size)
    finally:
        connection.close()


def restore(file: Path, database: Path) -> Path | None:
    """Put the backup ``file`` in the place of ``database``; returns where the database it
    replaced was kept (``<database>.before-restore-<time>``), None if there was none.

    Both copies go through the backup API, so the database's own ``-wal`` file stays
    consistent with it. Raises BackupError while a process has ``database`` open."""
    # A running server holds the lock beside the database (serverlock) from its start, and its
    # connections hold SQLite's own lock on the -shm file once they opened the database.
    if serverlock.in_use(f"sqlite:///{database.resolve()}") or in_use(database):
        raise BackupError(f"{database} is in use by a running server: stop the server first, "
                          "then restore.")
    kept = None
    if database.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = database.with_name(f"{database.name}.before-restore-{stamp}")
        for n in range(2, 100):  # two restores within a second keep both databases
            if not kept.exists():
                break
            kept = database.with_name(f"{database.name}.before-restore-{stamp}-{n}")
        _copy_file(database, kept, single_file=True)
    else:
        database.parent.mkdir(parents=True, exist_ok=True)
    _copy_file(file, database)
    return kept


def _copy_file(source_file: Path, target_file: Path, *, single_file: bool = False) -> None:
    source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True, timeout=10)
    target = sqlite3.connect(target_file, timeout=10)
    try:
        source.backup(target)
        if single_file:  # a copy set aside: one file, no -wal beside it
            target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise BackupError(f"Copying {source_file} to {target_file} failed: {exc}.") from exc
    finally:
        source.close()
        target.close()
