"""Settings, read from the environment once, with defaults that work on a laptop.

Every setting is one line of ``SETTINGS``: its environment variable, its default (as it would be
written in the environment), what it means and how it is read. ``Config`` reads them all,
``netwerk-canvas serve --help`` lists them and ``tests/unit/test_settings.py`` holds the README's
table to them, so adding a setting is adding its line here."""
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from canvas.services.rules import JOIN_TIMEOUT


def _text(value: str) -> str:
    return value


def _optional(value: str) -> str | None:
    return value or None


def _flag(value: str) -> bool:
    return value.strip().lower() not in ("0", "false", "no", "off")


def _whole(value: str) -> int:
    return int(value)


@dataclass(frozen=True)
class Setting:
    name: str                 # the environment variable, and the attribute of Config
    default: str              # as written in the environment; "" is unset
    meaning: str              # one line, for --help (the README may say more)
    read: Callable[[str], Any] | None = _text  # None: read elsewhere, named in the meaning
    shown_default: str = ""   # the default in words, where "" would say nothing

    @property
    def default_text(self) -> str:
        """The default as --help and the README's table show it."""
        return self.shown_default or f"`{self.default}`"


SETTINGS = (
    Setting("HOST", "0.0.0.0", "address serve listens on (0.0.0.0: reachable by phones on the "
            "same network; 127.0.0.1: this computer only); --host"),
    Setting("PORT", "5000", "port serve listens on; --port", _whole),
    Setting("DATABASE_URL", "sqlite:///netwerk-canvas.db", "SQLite file (relative to the folder "
            "serve starts in), or postgresql+psycopg://user:pass@host/db"),
    Setting("AUTO_MIGRATE", "1", "create or migrate the database when the server starts "
            "(0: only `netwerk-canvas migrate` does)", _flag),
    Setting("MESSAGE_QUEUE", "", "redis://host:6379/0: several server processes share "
            "broadcasts and presence (docs/deploy.md)", _optional, "none"),
    Setting("SECRET_KEY", "", "Flask secret", lambda value: value or secrets.token_hex(32),
            "random per start"),
    Setting("EXPORT_DIR", "exports", "folder where rendered posters are kept (relative to the "
            "folder serve starts in)"),
    Setting("SQLITE_SYNCHRONOUS", "NORMAL", "FULL: SQLite also syncs every commit to disk "
            "(notes survive a power loss too; slower)", str.upper),
    Setting("PUBLIC_URL", "", "base of join links and QR codes, e.g. https://canvas.example.org",
            lambda value: value.rstrip("/") or None,
            "the address the browser used (or the LAN address instead of loopback)"),
    Setting("PUBLIC_HOSTS", "", "without PUBLIC_URL, other host names (comma-separated) that "
            "links may be built from", lambda value: [h for h in value.split(",") if h.strip()],
            "none"),
    Setting("CORS_ALLOWED_ORIGINS", "", "other origins allowed to open a socket", _optional,
            "the site's own origin"),
    Setting("MAX_CONTENT_LENGTH", str(256 * 1024), "request bodies over this many bytes are "
            "refused (413)", _whole),
    Setting("PROXY_COUNT", "0", "reverse proxies in front of the server (the client's address "
            "is read from X-Forwarded-For)", _whole),
    Setting("PURGE_AFTER_DAYS", "90", "`netwerk-canvas purge` removes workshops idle this long",
            _whole),
    Setting("JOIN_TIMEOUT", f"{JOIN_TIMEOUT:g}", "seconds a connection may stay open without "
            "joining a workshop (0: for ever)", float),
    Setting("ASYNC_MODE", "threading", "Flask-SocketIO's async mode for wsgi.py (serve sets it "
            "from --worker)"),
    Setting("LOOP_STALL_REPORT", "0", "1: log the event loop's stall figures when the server "
            "stops, also when no stall was felt (benchmarks and tests)", _flag),
    Setting("METRICS_TOKEN", "", "bearer token that may read /metrics (without it: only this "
            "machine, not through a proxy; docs/monitoring.md)", _optional, "none"),
    Setting("LOG_FORMAT", "text", "json: every log line a JSON object, one per request and per "
            "Socket.IO event (docs/monitoring.md)", lambda value: value.strip().lower()),
    Setting("STATIC_CACHE_DIR", "", "folder for the precompressed copies of static/, one "
            "folder per front-end version (made at the first start of a version)", _optional,
            "`~/.cache/netwerk-canvas/static` (without a writable home: "
            "`netwerk-canvas-<uid>/static` in the temporary folder)"),
    Setting("STATIC_VERSION", "", "the front end's version in static URLs and the phone's "
            "offline cache (tests; canvas/web/assets.py)", None, "a fingerprint of static/"),
    Setting("POSTER_FONT_DIRS", "", "folders (separated by :) where the poster looks for fonts "
            "beyond the shipped DejaVu Sans", None,
            "`/usr/share/fonts`, `/usr/local/share/fonts`, `~/.local/share/fonts`, `~/.fonts`"),
)
SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}


class SettingError(ValueError):
    """A setting in the environment that cannot be read; the message names it."""


def setting(name: str, environ=None) -> Any:
    """The value of one setting, from the environment or its default."""
    known = SETTINGS_BY_NAME[name]
    raw = (os.environ if environ is None else environ).get(name, known.default)
    try:
        return known.read(raw)
    except ValueError:
        raise SettingError(f"{name}={raw!r} cannot be read: {known.meaning} "
                           f"(default {known.default_text.strip('`')})") from None


class Config:
    """One place for every setting. Tests and the CLI pass overrides to ``create_app``.

    Some settings, as reasons: without SECRET_KEY every process start gets a fresh random one
    (nothing signed must outlive a restart yet, but it is not shareable between processes).
    SQLITE_SYNCHRONOUS NORMAL keeps commits through a crash of the server, FULL also through a
    power loss. PUBLIC_HOSTS is not Flask's TRUSTED_HOSTS, which refuses every other Host:
    phones may use any name. JOIN_TIMEOUT's default and its reasons: canvas/services/rules.py.
    ASYNC_MODE must match the server the app runs under: `netwerk-canvas serve` sets it from its
    worker (gevent unless told otherwise); the in-process test client and wsgi.py under a
    threaded server use threading."""

    def __init__(self, **overrides):
        for known in SETTINGS:
            if known.read is not None:
                setattr(self, known.name, setting(known.name))
        self.LAN_URL = None
        self.TESTING = False
        for key, value in overrides.items():
            setattr(self, key, value)

    def as_flask_config(self) -> dict:
        return {key: value for key, value in vars(self).items() if key.isupper()}
