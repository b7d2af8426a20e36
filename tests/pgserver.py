"""A throwaway PostgreSQL server for tests, from Debian's postgresql binaries.

It lives in a temporary folder, listens on a free port of 127.0.0.1 and is removed at the end,
so tests need no database set up by hand. Run as root (as CI does), the server runs as the
``postgres`` user the Debian package creates, since PostgreSQL refuses to run as root.
"""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from contextlib import contextmanager

from liveserver import free_port


def binaries() -> str | None:
    """The folder of initdb and pg_ctl, or None if PostgreSQL is not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def required() -> bool:
    """CI sets REQUIRE_POSTGRES: there a missing PostgreSQL fails the tests instead of
    skipping them."""
    return os.environ.get("REQUIRE_POSTGRES") == "1"


@contextmanager
def running_postgres():
    """Yield a SQLAlchemy URL of a fresh, empty database."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    folder = tempfile.mkdtemp(prefix="canvas-pg-")
    prefix = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = os.path.join(folder, "data"), free_port()

    def run(*args):
        subprocess.run(prefix + list(args), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, cwd=folder)

    try:
        run(f"{bin_dir}/initdb", "-D", data, "-U", "canvas", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8")
        run(f"{bin_dir}/pg_ctl", "-D", data, "-l", os.path.join(folder, "log"), "-w", "start",
            "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=on")
        run(f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "canvas", "canvas")
        yield f"postgresql+psycopg://canvas@127.0.0.1:{port}/canvas"
    finally:
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            subprocess.run(prefix + [f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "-w",
                                     "stop"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, cwd=folder)
        shutil.rmtree(folder, ignore_errors=True)
