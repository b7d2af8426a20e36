"""A real ``netwerk-canvas serve`` process on 127.0.0.1, for integration tests and benchmarks."""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """``netwerk-canvas serve`` as a real process on 127.0.0.1, under the production connection
    model unless ``worker`` names another."""

    def __init__(self, database_url: str, port: int = None, env: dict = None,
                 threads: int = 100, worker: str = None):
        self.database_url = database_url
        self.port = port or free_port()
        self.env = env or {}
        self.threads = threads
        # The connection model: the production default unless a benchmark compares models.
        self.worker = worker
        self.process = None
        self.log = None
        self.export_dir = None
        self.final_output = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list:
        """The server process to start."""
        command = [sys.executable, "-m", "canvas", "serve", "--host", "127.0.0.1",
                   "--port", str(self.port), "--threads", str(self.threads)]
        return command + (["--worker", self.worker] if self.worker else [])

    def start(self, timeout: float = 20):
        # Posters go to a folder of this server's own unless the caller names one.
        if self.export_dir is None:  # started again after kill(): same folder
            self.export_dir = tempfile.TemporaryDirectory(prefix="canvas-exports-")
        # The loop watch's figures in the log at every stop: benchmarks read them.
        env = {**os.environ, "DATABASE_URL": self.database_url, "PUBLIC_URL": self.url,
               "EXPORT_DIR": self.export_dir.name, "LOOP_STALL_REPORT": "1", **self.env}
        # The log goes to a file: a pipe nobody reads would block the server once full.
        if self.log is not None:
            self.log.close()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop() and before a restart)
        self.process = subprocess.Popen(self.command(), cwd=ROOT, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited:\n" + self.output())
            try:
                if requests.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not start in time")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None
        if self.log is not None:
            self.final_output = self.output()  # with what the server logged as it stopped
        if self.export_dir is not None:
            self.export_dir.cleanup()
            self.export_dir = None
        if self.log is not None:
            self.log.close()
            self.log = None

    def kill(self):
        """End the server at once, as a crash would (SIGKILL: no shutdown code runs)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def output(self) -> str:
        """What the server printed so far."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def create_workshop(self, title="Zorgnetwerk Oost", language="nl") -> dict:
        response = requests.post(self.url + "/api/workshops",
                                 json={"title": title, "language": language}, timeout=5)
        response.raise_for_status()
        return response.json()


@contextmanager
def running_server(database_url: str, **kwargs):
    server = LiveServer(database_url, **kwargs).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def server_under_attack(folder, **kwargs):
    """A server on its own database in ``folder``, with one workshop (``server.workshop``), for
    tests that send it what no client should: whatever they sent, its log must hold no
    traceback at the end."""
    with running_server(f"sqlite:///{folder / 'live.db'}", **kwargs) as server:
        server.workshop = server.create_workshop()
        yield server
        assert "Traceback" not in server.output(), server.output()[-3000:]
