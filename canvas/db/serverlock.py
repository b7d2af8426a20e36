"""Which server processes use a database, and where a database is.

A server without a message queue keeps its rooms and presence in its own memory: a second
process on the same database would start and serve, but live updates would not cross between
the two. So on SQLite each server holds a lock on a file beside the database (``<file>.lock``,
``fcntl.flock``): exclusive without MESSAGE_QUEUE, shared with it (several processes that
share a queue may share the database). The operating system drops the lock when the process
ends, however it ends, so a crash never leaves a stale lock; the lock file itself stays.

PostgreSQL gets no lock here: its servers may run on other machines, where no file lock
reaches, and a session-level advisory lock would have to be held on a connection opened by
gunicorn's master and inherited by the forked worker (whose exit would close the master's
session). ``serve`` warns instead when it runs on PostgreSQL without a message queue.
"""
import fcntl
import os

from sqlalchemy.engine import make_url


class DatabaseInUse(Exception):
    """Another server process holds the database; the message says which and what to do."""


def sqlite_file(database_url: str) -> str | None:
    """The absolute path of the SQLite file, or None (another database, or SQLite in memory).
    A relative path is relative to the current folder, as SQLAlchemy opens it."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return os.path.abspath(url.database)


def describe(database_url: str) -> str:
    """Where the data is, for a person: the SQLite file, or the database and its host
    (never the password)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = sqlite_file(database_url)
        return f"{path} (SQLite)" if path else "in memory (SQLite: gone when the server stops)"
    backend = {"postgresql": "PostgreSQL"}.get(url.get_backend_name(), url.get_backend_name())
    place = f"{url.host or 'local socket'}" + (f":{url.port}" if url.port else "")
    user = f", user {url.username}" if url.username else ""
    return f"{backend} database {url.database} on {place}{user}"


def _lock_file(database_url: str) -> str | None:
    path = sqlite_file(database_url)
    return path + ".lock" if path else None


def hold(database_url: str, shared: bool):
    """Take the server lock of the database for the life of this process (and the processes it
    forks): exclusive, or ``shared`` with other processes that share a message queue.
    Returns the open lock file (keep it) or None where no lock applies. Raises
    ``DatabaseInUse`` when another server holds it in a way that excludes this one."""
    path = _lock_file(database_url)
    if path is None:
        return None
    try:
        lock = open(path, "a")  # noqa: SIM115 (held open until the process ends)
    except OSError:
        return None  # a folder we may not write in: SQLite itself will say what is wrong
    try:
        fcntl.flock(lock, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise DatabaseInUse(
            f"The database {sqlite_file(database_url)} is in use by another Netwerk Canvas "
            "server on this computer. Stop that server first, or, to run several server "
            "processes on one database, set MESSAGE_QUEUE for every one of them "
            "(docs/deploy.md).") from None
    return lock


def in_use(database_url: str) -> bool:
    """Whether a server on this computer has the database open (for commands that must not
    run beside one, such as a restore). Always False for PostgreSQL (see the module)."""
    path = _lock_file(database_url)
    if path is None or not os.path.exists(path):
        return False
    with open(path, "a") as probe:
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
    return False
