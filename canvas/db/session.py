"""Engine and sessions: the one place that knows which database we talk to."""
from contextlib import contextmanager

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker


def normalize_url(url: str) -> str:
    """Accept the ``postgres://`` and ``postgresql://`` forms hosting panels hand out."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


SQLITE_SYNCHRONOUS = ("NORMAL", "FULL")


def _sqlite_pragmas(synchronous: str):
    def set_pragmas(dbapi_connection, _record):
        # Foreign keys are off in SQLite unless every connection turns them on. WAL lets
        # readers carry on while one writer commits; the busy timeout makes concurrent writers
        # wait their turn instead of failing with "database is locked".
        # synchronous=NORMAL (in WAL mode): a commit survives a crash or a kill of the server,
        # which tests/integration/test_durability.py checks; only a power loss of the machine
        # may lose the last commits. FULL also syncs the log to disk at every commit, which
        # survives that too but makes a join storm of 500 about four times slower
        # (docs/performance.md); SQLITE_SYNCHRONOUS=FULL chooses it.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()
    return set_pragmas


def make_engine(url: str, sqlite_synchronous: str = "NORMAL") -> Engine:
    """The engine for ``url``. A database error's text leaves out the statement's parameters
    (``hide_parameters``): logged, they would put note text and names in the log."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if sqlite_synchronous not in SQLITE_SYNCHRONOUS:
            raise ValueError(f"SQLITE_SYNCHRONOUS must be one of {SQLITE_SYNCHRONOUS}")
        # Many threads (one per connected client) may ask at once; SQLite connections are
        # cheap, and readers do not wait for each other in WAL mode.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10},
                               pool_size=20, max_overflow=60, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas(sqlite_synchronous))
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20,
                               hide_parameters=True)
    return engine


class Database:
    """An engine and its session factory. Services get sessions from ``session()``."""

    def __init__(self, url: str, sqlite_synchronous: str = "NORMAL"):
        self.url = normalize_url(url)
        self.engine = make_engine(self.url, sqlite_synchronous)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self):
        """A session that rolls back whatever was not committed explicitly."""
        session: Session = self.sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def dispose(self):
        self.engine.dispose()
