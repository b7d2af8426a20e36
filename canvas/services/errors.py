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
