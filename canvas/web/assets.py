"""The static files the pages load (scripts, styles, icons, fonts) and their version."""
import hashlib
import os
from functools import lru_cache
from pathlib import Path

# Not canvas.ROOT: the package's __init__ imports the web layer, which reads this module.
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"


@lru_cache(maxsize=1)
def static_version() -> str:
    """A short fingerprint of every file under static/ (names and contents): it changes with
    any change of the front end, so a URL or cache named after it never serves an old file
    for a new one. Computed once per process; the files do not change while it runs.

    ``STATIC_VERSION`` in the environment names the version instead, for tests that serve a
    "new release" of the same files; left unset, a changed file can never keep an old name."""
    if os.environ.get("STATIC_VERSION"):
        return os.environ["STATIC_VERSION"]
    digest = hashlib.sha256()
    for path in sorted(p for p in STATIC_DIR.rglob("*") if p.is_file()):
        digest.update(path.relative_to(STATIC_DIR).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
