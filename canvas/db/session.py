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


def _sqlite_pragmas(dbapi_connection, _record):
    # Foreign keys are off in SQLite unless every connection turns them on. WAL lets readers
    # carry on while one writer commits; the busy timeout makes concurrent writers wait their
    # turn instead of failing with "database is locked". synchronous=FULL syncs the log at every
    # commit, so an acknowledged note survives even the laptop's battery running out, not only
    # a crash of the server.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    return engine


class Database:
    """An engine and its session factory. Services get sessions from ``session()``."""

    def __init__(self, url: str):
        self.url = normalize_url(url)
        self.engine = make_engine(self.url)
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
