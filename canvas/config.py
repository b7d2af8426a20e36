"""Settings, read from the environment once, with defaults that work on a laptop."""
import os
import secrets

from canvas.services.rules import JOIN_TIMEOUT


class Config:
    """One place for every setting. Tests and the CLI pass overrides to ``create_app``."""

    def __init__(self, **overrides):
        env = os.environ
        self.DATABASE_URL = env.get("DATABASE_URL", "sqlite:///netwerk-canvas.db")
        # Without a configured key every process start gets a fresh random one; nothing we sign
        # must outlive a restart yet, so that is safe, only not shareable between processes.
        self.SECRET_KEY = env.get("SECRET_KEY") or secrets.token_hex(32)
        self.EXPORT_DIR = env.get("EXPORT_DIR", "exports")
        self.MESSAGE_QUEUE = env.get("MESSAGE_QUEUE") or None
        # NORMAL: commits survive a crash of the server; FULL: also a power loss (slower).
        self.SQLITE_SYNCHRONOUS = env.get("SQLITE_SYNCHRONOUS", "NORMAL").upper()
        # The address phones use to reach this server (join link and QR code). Empty: the address
        # the facilitator's browser used, or this machine's LAN address if that was loopback.
        self.PUBLIC_URL = (env.get("PUBLIC_URL") or "").rstrip("/") or None
        self.LAN_URL = None
        # Without PUBLIC_URL, links are built from the request's Host only if it names one of
        # these (besides loopback, this machine's name and its LAN address): comma-separated.
        # Not Flask's TRUSTED_HOSTS, which refuses every other Host: phones may use any name.
        self.PUBLIC_HOSTS = [h for h in env.get("PUBLIC_HOSTS", "").split(",") if h.strip()]
        self.CORS_ALLOWED_ORIGINS = env.get("CORS_ALLOWED_ORIGINS") or None
        self.AUTO_MIGRATE = env.get("AUTO_MIGRATE", "1") not in ("0", "false", "no")
        # Request bodies larger than this are refused with 413 before they are parsed.
        self.MAX_CONTENT_LENGTH = int(env.get("MAX_CONTENT_LENGTH", 256 * 1024))
        # How many reverse proxies stand in front of the server (0: none). With one, the
        # client's address is taken from X-Forwarded-For (docs/deploy.md).
        self.PROXY_COUNT = int(env.get("PROXY_COUNT", 0))
        # Workshops without any activity for this many days are removed by `netwerk-canvas purge`.
        self.PURGE_AFTER_DAYS = int(env.get("PURGE_AFTER_DAYS", 90))
        # Seconds a connection may stay open without joining a workshop (0: forever); tests
        # shorten it. The default and its reasons: canvas/services/rules.py, JOIN_TIMEOUT.
        self.JOIN_TIMEOUT = float(env.get("JOIN_TIMEOUT", JOIN_TIMEOUT))
        # Flask-SocketIO's async mode: it must match the server the app runs under.
        # `netwerk-canvas serve` sets it from its worker (gevent unless told otherwise); the
        # in-process test client and wsgi.py under a threaded server use threading.
        self.ASYNC_MODE = env.get("ASYNC_MODE", "threading")
        # Where the precompressed copies of static/ are kept, one folder per version (made at
        # the first start of a version, reused after). Empty: ~/.cache/netwerk-canvas/static,
        # or a folder in the system's temporary folder without a writable home.
        self.STATIC_CACHE_DIR = env.get("STATIC_CACHE_DIR") or None
        self.TESTING = False
        for key, value in overrides.items():
            setattr(self, key, value)

    def as_flask_config(self) -> dict:
        return {key: value for key, value in vars(self).items() if key.isupper()}
