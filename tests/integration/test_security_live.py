"""Security on a real server: the guard against guessing codes, the secret key, purging idle
workshops."""
import socketio

from canvas.services import limits


def test_guessing_codes_over_socketio_is_slowed_down(live_server):
    code = live_server.create_workshop()["code"]
    client = socketio.Client(reconnection=False)
    client.connect(live_server.url, transports=["websocket"], wait_timeout=10)
    try:
        for i in range(limits.FAILED_JOIN_BURST):
            ack = client.call("join", {"code": f"ZZZ{i:03d}"}, timeout=10)
            assert ack["code"] == "workshop_not_found"
        ack = client.call("join", {"code": "ZZZ999"}, timeout=10)
        assert ack["ok"] is False and ack["code"] == "too_many_attempts"
        assert ack["retry_after"] >= 1 and client.connected
        # The workshop this address created (so belongs to) is never refused it.
        assert client.call("join", {"code": code}, timeout=10)["ok"] is True
    finally:
        client.disconnect()


def test_a_room_joining_from_one_address_is_not_refused_after_some_typos(live_server):
    """Typos from a shared Wi-Fi address (below the limit) do not stop the room joining."""
    code = live_server.create_workshop()["code"]
    clients = []
    try:
        for i in range(60):
            client = socketio.Client(reconnection=False)
            clients.append(client)
            client.connect(live_server.url, transports=["websocket"], wait_timeout=10)
            if i % 3 == 0:  # every third person mistypes the code first
                assert client.call("join", {"code": code[::-1] + "X"},
                                   timeout=10)["code"] == "workshop_not_found"
            assert client.call("join", {"code": code, "name": f"P{i}"}, timeout=10)["ok"], i
    finally:
        for client in clients:
            client.disconnect()


def test_the_facilitator_key_stays_secret(live_server, tmp_path):
    """Not in the server's log, not in what the public receives, not in the database."""
    import requests

    created = live_server.create_workshop()
    code, key = created["code"], created["facilitator_key"]
    assert len(key) >= 22  # at least 128 bits of randomness, URL-safe base64
    assert created["facilitator_url"].endswith("#key=" + key)  # the fragment never leaves
    facilitator = socketio.Client(reconnection=False)
    facilitator.connect(live_server.url, transports=["websocket"], wait_timeout=10)
    try:
        assert facilitator.call("join", {"code": code, "facilitator_key": key}, timeout=10)["ok"]
        assert facilitator.call("workshop:update", {"silent": True}, timeout=10)["ok"]
        assert facilitator.call("join", {"code": code, "facilitator_key": key + "x"},
                                timeout=10)["code"] == "bad_facilitator_key"
    finally:
        facilitator.disconnect()
    headers = {"X-Facilitator-Key": key}
    requests.post(f"{live_server.url}/api/workshops/{code}/snapshots", json={}, headers=headers,
                  timeout=10).raise_for_status()
    requests.get(f"{live_server.url}/f/{code}", timeout=10).raise_for_status()
    public = [requests.get(live_server.url + path, timeout=10).text for path in (
        f"/api/workshops/{code}", f"/j/{code}", f"/p/{code}", f"/f/{code}",
        f"/api/workshops/{code}/snapshots/current/export.json")]
    assert all(key not in text for text in public)
    assert key not in live_server.output()
    database = live_server.database_url.removeprefix("sqlite:///")
    import glob
    for path in glob.glob(database + "*"):  # the database, its write-ahead log
        with open(path, "rb") as stored:
            assert key.encode() not in stored.read(), path


def test_purge_command_removes_idle_workshops(tmp_path):
    """`netwerk-canvas purge` on a real database: --dry-run lists, then it removes."""
    import os
    import subprocess
    import sys
    from datetime import timedelta

    from canvas import create_app
    from canvas.db.models import Workshop, utcnow
    from canvas.services import workshops

    url = f"sqlite:///{tmp_path / 'purge.db'}"
    app = create_app({"DATABASE_URL": url, "EXPORT_DIR": str(tmp_path / "exports")})
    ctx = app.extensions["canvas"]
    idle = workshops.create_workshop(ctx, {"title": "Oud"})
    kept = workshops.create_workshop(ctx, {"title": "Nieuw"})
    with ctx.db.session() as session:
        session.get(Workshop, workshops.workshop_info(ctx, idle.code).id).last_activity_at = \
            utcnow() - timedelta(days=120)
        session.commit()
    ctx.db.dispose()
    env = {**os.environ, "DATABASE_URL": url, "EXPORT_DIR": str(tmp_path / "exports")}

    def purge(*args):
        return subprocess.run([sys.executable, "-m", "canvas", "purge", *args], env=env,
                              capture_output=True, text=True, check=True).stdout

    assert idle.code in purge("--dry-run") and kept.code not in purge("--dry-run")
    assert "Removed 1 workshop" in purge()
    assert "Removed 0 workshop" in purge("--days", "1000")
    app = create_app({"DATABASE_URL": url, "EXPORT_DIR": str(tmp_path / "exports")})
    with app.extensions["canvas"].db.session() as session:
        assert session.query(Workshop.code).all() == [(kept.code,)]
    app.extensions["canvas"].db.dispose()


def test_sockets_from_another_site_are_refused(live_server):
    """cors_allowed_origins: only the site's own origin may open a socket (by default)."""
    import requests

    handshake = f"{live_server.url}/socket.io/?EIO=4&transport=polling"
    foreign = requests.get(handshake, headers={"Origin": "http://evil.example"}, timeout=5)
    assert foreign.status_code == 400
    own = requests.get(handshake, headers={"Origin": live_server.url}, timeout=5)
    assert own.status_code == 200 and own.text.startswith("0{")
