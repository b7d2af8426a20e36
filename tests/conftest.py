"""Shared fixtures: an app on a fresh database per test, and a real server process."""
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from canvas import create_app
from canvas.extensions import socketio as socketio_ext

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}",
                      "EXPORT_DIR": str(tmp_path / "exports"), "TESTING": True})
    yield app
    app.extensions["canvas"].db.dispose()


@pytest.fixture
def ctx(app):
    """The app's ServiceContext, for calling services directly."""
    return app.extensions["canvas"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_socket(app):
    """In-process Socket.IO test clients (SocketIOTestClient), disconnected at the end."""
    clients = []

    def make():
        c = socketio_ext.test_client(app)
        clients.append(c)
        return c

    yield make
    for c in clients:
        if c.is_connected():
            c.disconnect()


@pytest.fixture
def workshop(client):
    """A fresh workshop created through the API: its create response."""
    response = client.post("/api/workshops", json={"title": "Zorgnetwerk Oost"})
    assert response.status_code == 201
    return response.get_json()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """``netwerk-canvas serve`` as a real process on 127.0.0.1 (gunicorn, threading mode)."""

    def __init__(self, database_url: str, port: int = None, env: dict = None):
        self.database_url = database_url
        self.port = port or free_port()
        self.env = env or {}
        self.process = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20):
        env = {**os.environ, "DATABASE_URL": self.database_url, "PUBLIC_URL": self.url,
               **self.env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "canvas", "serve", "--host", "127.0.0.1",
             "--port", str(self.port), "--threads", "100"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited: " + self.process.stdout.read().decode())
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
        if self.process and self.process.stdout:
            self.process.stdout.close()
        self.process = None

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


@pytest.fixture
def live_server(tmp_path):
    """A real server process on a fresh SQLite file, stopped at the end of the test."""
    with running_server(f"sqlite:///{tmp_path / 'live.db'}") as server:
        yield server
