"""Shared fixtures: an app on a fresh database per test, and a real server process."""
import pytest

from canvas import create_app
from canvas.extensions import socketio as socketio_ext
from liveserver import running_server


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


@pytest.fixture
def live_server(tmp_path):
    """A real server process on a fresh SQLite file, stopped at the end of the test."""
    with running_server(f"sqlite:///{tmp_path / 'live.db'}") as server:
        yield server
