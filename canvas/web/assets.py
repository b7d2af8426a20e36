"""The static files the pages load (scripts, styles, icons, fonts), their version, and how they
are delivered: precompressed (brotli and gzip) by whitenoise, under a URL that names the
version and may therefore be cached for a year.

The front end's modules import each other by relative paths (``./dom.js``), so hashing each
file's name would break them; the whole tree is versioned instead: a page asks for
``/static/<static_version()>/js/participant.js`` (``asset_url``), its imports stay inside that
version, and any change of any file gives every URL a new version. A plain ``/static/…`` keeps
working with a short cache, for old pages and bookmarks, and the versions still in the cache
folder keep being served, so a page loaded before an update gets its own files, not 404s.
"""
import hashlib
import logging
import os
import re
import shutil
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from flask import url_for

# canvas/web/assets.py -> the repository's root (not canvas.ROOT: create_app imports this module)
ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = ROOT / "static"
# A versioned URL never changes its content: a browser keeps it a year and does not ask again.
VERSIONED_CACHE_CONTROL = "public, max-age=31536000, immutable"
# A plain /static/ URL may change with the next start: a minute, then the browser asks again
# (and gets 304 Not Modified if it has not changed).
PLAIN_MAX_AGE = 60
# Versions kept in the cache directory besides the current one: a process started just before
# an update may still serve the previous one for a while.
CACHE_VERSIONS_KEPT = 3

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def static_version() -> str:
    """A short fingerprint of every file under static/ (names and contents): it changes with
    any change of the front end, so a URL or cache named after it never serves an old file
    for a new one. Computed once per process; the files do not change while it runs.

    ``STATIC_VERSION`` in the environment names the version instead, for tests that serve a
    "new release" of the same files; left unset, a changed file can never keep an old name."""
    if os.environ.get("STATIC_VERSION"):
        return os.environ["STATIC_VERSION"]
    return tree_version(STATIC_DIR)


def tree_version(folder: Path) -> str:
    """The fingerprint of every file under ``folder``: names and contents, in a fixed order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def asset_url(path: str) -> str:
    """The versioned URL of a file under static/ (``asset_url('js/participant.js')``), for
    templates: served with a year's immutable cache, and changed by any change of the tree."""
    return url_for("static", filename=f"{static_version()}/{path}")


def default_cache_dir() -> Path:
    """Where precompressed copies are kept when STATIC_CACHE_DIR is not set: the user's cache
    folder (``$XDG_CACHE_HOME`` or ``~/.cache``) on a laptop; the system's temporary folder
    where there is no writable home (a container's non-root user)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    candidate = Path(base) / "netwerk-canvas" / "static"
    try:
        candidate.mkdir(parents=True, exist_ok=True)
        if os.access(candidate, os.W_OK):
            return candidate
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / f"netwerk-canvas-{os.getuid()}" / "static"


def precompressed_static(cache_dir: Path, source: Path = STATIC_DIR,
                         version: str | None = None) -> Path:
    """A copy of ``source`` with a ``.br`` and a ``.gz`` beside every file that compresses
    (whitenoise's compressor: brotli at its best quality, gzip at level 9; files that shrink by
    less than 5 %, such as images already compressed, are left alone), in
    ``cache_dir/<version>``. Made once per version: a start with the same files finds it and
    compresses nothing. Made in a temporary folder and renamed into place, so two processes
    starting together never serve a half-written copy."""
    from whitenoise.compress import Compressor

    version = version or static_version()
    target = Path(cache_dir) / version
    if target.is_dir():
        return target
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=cache_dir))
    try:
        shutil.copytree(source, work, dirs_exist_ok=True)
        _blank_comments(work)
        # Source maps are only read by a developer's tools: compressing socket.io's took 3 of
        # the 5 s this step took on 2 cores.
        skipped = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
        compressor = Compressor(extensions=skipped, use_gzip=True, use_brotli=True, quiet=True)
        for path in sorted(p for p in work.rglob("*") if p.is_file()):
            if compressor.should_compress(path.name):
                compressor.compress(str(path))
        work.chmod(0o755)  # mkdtemp makes it private; whoever runs the server may read it
        try:
            work.rename(target)
        except OSError:  # another process put the same version in place first
            if not target.is_dir():
                raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    log.info("Static files compressed into %s in %.1f s", target, time.monotonic() - started)
    _prune(Path(cache_dir), keep=target)
    return target


# The front end's own scripts and styles (not vendor/, which comes minified): their comments
# explain why, for whoever reads the source, and are a third of what a phone would download.
COMMENTED_FOLDERS = ("js", "css")


def blank_comment_lines(text: str, line_comments: bool = True) -> str:
    """``text`` (JavaScript or CSS) with every line that holds only a comment made empty: whole
    ``//`` lines and whole ``/* … */`` blocks. Only whole lines, so no code is touched, and
    they stay as empty lines, so a line number in the browser's console is the source's.
    CSS has no ``//`` comments: ``line_comments=False`` for it.
    Nothing else is changed (no minifying: the files stay the ones in static/).
    tests/js/commentlines.test.mjs checks with a JavaScript parser that every line made empty
    held only a comment."""
    lines = text.split("\n")
    in_block = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        if in_block:
            if "*/" in stripped:
                in_block = False
                rest = stripped.split("*/", 1)[1]
                lines[number] = rest  # code after the block's end stays (rare)
            else:
                lines[number] = ""
        elif line_comments and stripped.startswith("//"):
            lines[number] = ""
        elif stripped.startswith("/*"):
            end = stripped.find("*/", 2)
            if end == -1:
                in_block = True
                lines[number] = ""
            elif end == len(stripped) - 2:
                lines[number] = ""
    return "\n".join(lines)


def _blank_comments(folder: Path) -> None:
    for sub in COMMENTED_FOLDERS:
        for path in sorted((folder / sub).rglob("*")):
            if path.suffix in (".js", ".css") and path.is_file():
                text = path.read_text(encoding="utf-8")
                path.write_text(blank_comment_lines(text, line_comments=path.suffix == ".js"),
                                encoding="utf-8")


def _prune(cache_dir: Path, keep: Path) -> None:
    """Remove all but the newest CACHE_VERSIONS_KEPT versions (and ``keep``)."""
    versions = sorted((p for p in cache_dir.iterdir() if p.is_dir() and not
                       p.name.startswith(".")), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in versions[CACHE_VERSIONS_KEPT:]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


VERSIONED_URL = re.compile(r"^/static/[0-9a-f]{12}/")


# Headers of a static file a browser may open as a document (an SVG can hold script): those
# of the pages (canvas/web/security.py), with a policy that needs no host. Scripts, styles
# and fonts get nosniff only: the others apply to documents, and on the phone page's 44 files
# they would add some 16 kB to its first load.
DOCUMENT_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DOCUMENT_SUFFIXES = (".svg", ".html", ".htm", ".xml")


def static_headers(headers, path: str, url: str) -> None:
    """What whitenoise adds to every static file: the cache lifetime (a year for a versioned
    URL, a minute for a plain one), nosniff, and for a file that is a document the pages'
    security headers (Flask's after_request never sees these responses)."""
    if VERSIONED_URL.match(url):
        headers["Cache-Control"] = VERSIONED_CACHE_CONTROL
    headers["X-Content-Type-Options"] = "nosniff"
    if url.lower().endswith(DOCUMENT_SUFFIXES):
        for name, value in DOCUMENT_HEADERS.items():
            headers[name] = value


def earlier_versions(cache_dir: Path, current: Path) -> list:
    """The other complete versions in the cache (at most CACHE_VERSIONS_KEPT): a page loaded
    before an update still gets the files of its own version (a module it imports later, the
    hyphenation patterns), never a newer file under its old URL."""
    try:
        return [p for p in Path(cache_dir).iterdir() if p.is_dir() and p != current
                and re.fullmatch(r"[0-9a-f]{12}", p.name)]
    except OSError:
        return []


def init_app(app) -> None:
    """Serve static/ through whitenoise (precompressed, cached per the URL's kind) and give
    templates ``asset_url``. A cache directory that cannot be written is logged and the files
    are served uncompressed from static/ (the pages still work)."""
    from whitenoise import WhiteNoise

    app.jinja_env.globals["asset_url"] = asset_url
    cache_dir = app.config.get("STATIC_CACHE_DIR") or default_cache_dir()
    earlier = []
    try:
        root = precompressed_static(Path(cache_dir))
        earlier = earlier_versions(Path(cache_dir), root)
    except OSError as error:
        log.warning("Static files served uncompressed: cannot write %s (%s); set "
                    "STATIC_CACHE_DIR to a writable folder", cache_dir, error)
        root = STATIC_DIR
    # allow_all_origins off: no other site needs to read our files (and it is 30 bytes a file).
    served = WhiteNoise(app.wsgi_app, max_age=PLAIN_MAX_AGE, allow_all_origins=False,
                        add_headers_function=static_headers)
    for folder in earlier:
        served.add_files(str(folder), prefix=f"static/{folder.name}/")
    served.add_files(str(root), prefix=f"static/{static_version()}/")
    served.add_files(str(root), prefix="static/")
    app.wsgi_app = served
