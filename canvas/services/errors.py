"""The one family of errors the service layer raises.

Each carries a ``code`` (its text lives in canvas/i18n.py as ``error.<code>``) and a category
that maps once to an HTTP status (canvas/web/errors.py) and once to a Socket.IO ack
(canvas/web/events.py).
"""
from canvas.i18n import translate


class ServiceError(Exception):
    status = 400

    def __init__(self, code: str, data: dict | None = None, **params):
        super().__init__(code)
        self.code = code
        self.params = params
        # What the client needs to recover, sent along with the error (e.g. the current note).
        self.data = data or {}

    def message(self, lang: str) -> str:
        return translate("error." + self.code, lang, **self.params)


class BadRequest(ServiceError):
    status = 400


class Unauthorized(ServiceError):
    status = 401


class Forbidden(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409


class TooManyRequests(ServiceError):
    status = 429


class ServiceUnavailable(ServiceError):
    """The server cannot take this now but will soon (a full queue, a database busy with other
    writers): the client tries again after ``retry_after`` seconds (sent along)."""
    status = 503


# SQLite's answer when another writer held the lock for longer than the busy timeout. Told by
# its text, so that this module needs no database driver.
DATABASE_BUSY_TEXTS = ("database is locked", "database table is locked")


def is_database_busy(error: BaseException) -> bool:
    """Whether ``error`` (a driver's or SQLAlchemy's OperationalError) says the database was too
    busy to take a write: worth trying again, never an internal error."""
    text = str(error).lower()
    return type(error).__name__ == "OperationalError" and any(
        busy in text for busy in DATABASE_BUSY_TEXTS)
