"""Structured logs (``LOG_FORMAT=json``, off by default): every log line one JSON object.

Besides the server's own log records (gunicorn's too) there is one line per HTTP request
(``canvas.access``: method, the route's pattern, status, duration, bytes) and one per
Socket.IO event (event name, ok or the error code, duration). Those lines carry only names
from the code, never a path or a payload: a path can hold a workshop code, a payload a note,
a name or the facilitator key.
"""
import json
import logging
import time

JSON = "json"
ACCESS_LOGGER = "canvas.access"
access_log = logging.getLogger(ACCESS_LOGGER)

# The attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line: time (UTC, ISO 8601 with milliseconds), level,
    logger, message, the fields passed with ``extra=`` and, for an exception, its traceback
    as one string (a multi-line traceback stays one line)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
                    + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def gunicorn_config(json_lines: bool) -> dict | None:
    """Gunicorn's ``logconfig_dict``: with ``json_lines`` every logger (gunicorn's in its
    master and worker, the app's, the access lines) writes JSON lines to stderr at INFO; else
    None, which keeps gunicorn's own format."""
    if not json_lines:
        return None
    handler = {"class": "logging.StreamHandler", "formatter": JSON,
               "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,  # the app's module loggers exist already
        "formatters": {JSON: {"()": JsonFormatter}},
        "handlers": {"console": handler, "error_console": handler},
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            # gunicorn's access log stays off: its lines carry the raw path (a workshop code).
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }


def enable_json(stream=None) -> None:
    """Write every record of this process as a JSON line (to stderr, or ``stream``): for what
    ``serve`` says before gunicorn sets up its logging (``gunicorn_config``), the start banner.
    Python's warnings become records too, so nothing reaches the log unformatted."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)


def log_request(method: str, route: str, status: int, seconds: float, size) -> None:
    """One line for an HTTP request: ``route`` is the matched pattern, never the path."""
    access_log.info("http", extra={"kind": "http", "method": method, "route": route,
                                   "status": status, "ms": round(seconds * 1000, 2),
                                   "bytes": size})


def log_event(event: str, code: str | None, seconds: float) -> None:
    """One line for a Socket.IO event: its name, ``ok`` or the error code, how long it took."""
    access_log.info("socket", extra={"kind": "socket", "event": event,
                                     "result": code or "ok",
                                     "ms": round(seconds * 1000, 2)})


def access_enabled() -> bool:
    """Whether access lines are written (the check is cached by logging: nearly free)."""
    return access_log.isEnabledFor(logging.INFO)
