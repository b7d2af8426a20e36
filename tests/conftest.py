"""Shared fixtures: a database with the schema per test (copied from a template made once), an
app on it, in-process Socket.IO clients, and a real server process.

The schema comes from the models (``create_all``) into one template file per test session; each
test gets its own copy, which is much faster than running the migrations for every test.
tests/unit/test_migrations.py checks that the migrations build exactly this schema.
"""
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from liveserver import running_server
from sqlalchemy import create_engine

from canvas import create_app
from canvas.db.models import Base
from canvas.extensions import socketio as socketio_ext


@pytest.fixture(scope="session", autouse=True)
def static_cache_dir():
    """One folder for the precompressed static files of every app and server of the session
    (made once, shared: a version is compressed once), removed at the end."""
    with tempfile.TemporaryDirectory(prefix="canvas-static-") as folder:
        previous = os.environ.get("STATIC_CACHE_DIR")
        os.environ["STATIC_CACHE_DIR"] = folder
        yield Path(folder)
        if previous is None:
            os.environ.pop("STATIC_CACHE_DIR", None)
        else:
            os.environ["STATIC_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def schema_template():
    """A SQLite file with the models' tables and nothing in them, made once per session."""
    with tempfile.TemporaryDirectory(prefix="canvas-schema-") as folder:
        path = Path(folder) / "schema.db"
        engine = create_engine(f"sqlite:///{path}")
        Base.metadata.create_all(engine)
        engine.dispose()  # a closed file in the default journal mode: one file, safe to copy
        yield path


@pytest.fixture(scope="session")
def new_database(schema_template):
    """new_database(folder, name) → the URL of a fresh SQLite file in ``folder`` with the
    schema (a copy of the template)."""
    def make(folder, name="test.db"):
        target = Path(folder) / name
        shutil.copyfile(schema_template, target)
        return f"sqlite:///{target}"
    return make


@pytest.fixture(scope="session")
def make_app(new_database):
    """``with make_app(folder) as app``: an app on a fresh database and export folder in
    ``folder``, without migrations; closed at the end of the block."""
    @contextmanager
    def make(folder, database_name="test.db"):
        app = create_app({"DATABASE_URL": new_database(folder, database_name),
                          "EXPORT_DIR": str(Path(folder) / "exports"), "TESTING": True,
                          "AUTO_MIGRATE": False})
        try:
            yield app
        finally:
            ctx = app.extensions["canvas"]
            # A folded broadcast still waiting (Publisher.send_folded) would otherwise go
            # out through the shared Socket.IO object into the rooms of a later test's app.
            ctx.publisher.socketio = None
            ctx.db.dispose()
    return make


@pytest.fixture
def app(make_app, tmp_path):
    with make_app(tmp_path) as app:
        yield app


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


@pytest.fixture
def live_server(tmp_path):
    """A real server process on a fresh SQLite file, stopped at the end of the test."""
    with running_server(f"sqlite:///{tmp_path / 'live.db'}") as server:
        yield server
