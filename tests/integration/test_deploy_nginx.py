"""The deployment files, run for real without containers: the repository's nginx config
(deploy/nginx.conf, addresses substituted) in front of two `netwerk-canvas serve` processes on
a throwaway PostgreSQL and Redis, as compose.yaml wires them; the image's command and health
check (Dockerfile) with its environment and /data in a temporary folder; and compose.yaml
itself, which must name what docs/deploy.md names."""
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pgserver
import pytest
import redisserver
import requests
import socketio
import yaml
from liveserver import ROOT, LiveServer, free_port

WAIT = 10
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                  else None)
APP_SERVICES = ("app1", "app2")
COMPOSE_SERVICES = {"postgres", "redis", "migrate", *APP_SERVICES, "nginx"}


def nginx_config(upstreams: list, port: int, folder: Path, sticky: bool = True) -> str:
    """deploy/nginx.conf as it runs here: upstream processes and the listening port replaced,
    the pid and temporary files in ``folder``; without ``ip_hash`` if not ``sticky``. Fails
    when a line it replaces is gone, so the test never runs a config the repository lacks."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()

    def replace(pattern, new, count=1):
        nonlocal text
        text, made = re.subn(pattern, new, text, flags=re.M)
        assert made == count, f"deploy/nginx.conf no longer has {pattern!r} {count} time(s)"

    replace(r"^(\s*)server app1:5000;\n\s*server app2:5000;",
            "\n".join(rf"\g<1>server {address};" for address in upstreams))
    replace(r"^(\s*)listen 80;", rf"\g<1>listen 127.0.0.1:{port};")
    replace(r"^pid .*;", f"pid {folder}/nginx.pid;")
    replace(r"^worker_processes .*;", "worker_processes 1;")
    replace(r"^worker_rlimit_nofile .*;", "")   # raising it needs a privilege tests lack
    temp = "".join(f"    {kind}_temp_path {folder}/{kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    replace(r"^http \{\n", "http {\n" + temp)
    if not sticky:
        replace(r"^\s*ip_hash;\n", "")
    return text


class Nginx:
    """nginx in the foreground with a config of its own, stopped at the end."""

    def __init__(self, config: str):
        self.folder = Path(tempfile.mkdtemp(prefix="canvas-nginx-"))
        os.chmod(self.folder, 0o755)
        self.port = free_port()
        (self.folder / "nginx.conf").write_text(config(self.port, self.folder))
        self.log = open(self.folder / "stderr", "w+b")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"),
             "-e", "stderr", "-g", "daemon off;"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + WAIT
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("nginx did not start: " + self.output) from None
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def output(self) -> str:
        return (self.folder / "stderr").read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def deployment():
    """PostgreSQL, Redis, migrations run once, two app processes with compose.yaml's settings
    (AUTO_MIGRATE=0, one SECRET_KEY, PROXY_COUNT=1, one export folder) and nginx in front."""
    missing = (NGINX is None or pgserver.binaries() is None or not redisserver.installed())
    if missing and not pgserver.required():
        pytest.skip("nginx, PostgreSQL or redis-server is not installed here (CI installs them)")
    exports = tempfile.mkdtemp(prefix="canvas-shared-exports-")
    with pgserver.running_postgres() as database_url, redisserver.running_redis() as queue:
        migrate = subprocess.run([sys.executable, "-m", "canvas", "migrate"], cwd=ROOT,
                                 env={**os.environ, "DATABASE_URL": database_url},
                                 capture_output=True, text=True, timeout=60)
        assert migrate.returncode == 0, migrate.stderr
        nginx_port = free_port()
        env = {"MESSAGE_QUEUE": queue, "AUTO_MIGRATE": "0", "SECRET_KEY": "s" * 64,
               "PROXY_COUNT": "1", "EXPORT_DIR": exports,
               "PUBLIC_URL": f"http://127.0.0.1:{nginx_port}"}
        apps, proxy = [], None
        try:
            for _ in APP_SERVICES:
                apps.append(LiveServer(database_url, env=env).start())
            upstreams = [f"127.0.0.1:{app.port}" for app in apps]
            proxy = Nginx(lambda port, folder: nginx_config(upstreams, port, folder))
            yield apps, proxy, upstreams
        finally:
            if proxy is not None:
                proxy.stop()
            for app in apps:
                app.stop()
            shutil.rmtree(exports, ignore_errors=True)


def polling_owner(url: str, apps: list, headers=None) -> LiveServer:
    """Open an Engine.IO session over long-polling through ``url`` and ask each app directly
    which one holds it: the process that answered the handshake."""
    handshake = requests.get(f"{url}/socket.io/?EIO=4&transport=polling", timeout=WAIT,
                             headers=headers)
    assert handshake.status_code == 200, handshake.text
    sid = json.loads(handshake.text[1:])["sid"]
    owners = [app for app in apps
              if requests.post(f"{app.url}/socket.io/?EIO=4&transport=polling&sid={sid}",
                               data="1", timeout=WAIT).status_code == 200]   # "1": close
    assert len(owners) == 1, sid
    return owners[0]


def test_pages_and_files_load_through_nginx(deployment):
    _apps, proxy, _ = deployment
    home = requests.get(proxy.url + "/", timeout=WAIT)
    assert home.status_code == 200
    assert home.headers["Content-Type"].startswith("text/html")
    scripts = re.findall(r'src="(/static/[^"]+)"', home.text)
    assert scripts, home.text[:500]
    for path in scripts:
        assert requests.get(proxy.url + path, timeout=WAIT).status_code == 200, path
    assert requests.get(proxy.url + "/api/health", timeout=WAIT).json()["ok"] is True


def test_a_note_posted_through_nginx_reaches_a_client_of_the_other_process(deployment,
                                                                          connect_peer):
    apps, proxy, _ = deployment
    created = requests.post(proxy.url + "/api/workshops", json={"title": "Zorgnetwerk",
                                                                 "language": "nl"},
                            timeout=WAIT).json()
    code = created["code"]
    anne = connect_peer(proxy.url, "Anne through nginx", wait=WAIT)
    assert anne.sio.transport() == "websocket"   # the upgrade passed through nginx
    anne.join(code, name="Anne")
    # Every client of this test comes from 127.0.0.1: ip_hash sends them all to one process.
    # Bram connects to the other one directly.
    behind_nginx = polling_owner(proxy.url, apps)
    other = next(app for app in apps if app is not behind_nginx)
    bram = connect_peer(other.url, "Bram on the other process", wait=WAIT)
    bram.join(code, name="Bram")
    assert anne.call("note:add", {"id": "n1", "block": "regie", "text": "Over"})["ok"]
    bram.wait_for("note:added", lambda data: data["note"]["id"] == "n1")
    assert bram.call("note:add", {"id": "n2", "block": "regie", "text": "Terug"})["ok"]
    anne.wait_for("note:added", lambda data: data["note"]["id"] == "n2")


def test_ip_hash_keeps_a_polling_client_on_one_process(deployment):
    apps, proxy, _ = deployment
    owners = {polling_owner(proxy.url, apps).port for _ in range(6)}
    assert len(owners) == 1
    # A whole Socket.IO session over long-polling only (no WebSocket), through nginx.
    code = requests.post(proxy.url + "/api/workshops", json={"title": "Polling"},
                         timeout=WAIT).json()["code"]
    client = socketio.Client(reconnection=False)
    added = []
    client.on("note:added", lambda data: added.append(data["note"]["id"]))
    client.connect(proxy.url, transports=["polling"], wait_timeout=WAIT)
    try:
        assert client.transport() == "polling"
        assert client.call("join", {"code": code, "name": "Cor"}, timeout=WAIT)["ok"]
        for i in range(5):
            assert client.call("note:add", {"id": f"p{i}", "block": "regie",
                                            "text": f"notitie {i}"}, timeout=WAIT)["ok"]
        deadline = time.monotonic() + WAIT
        while len(added) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sorted(added) == [f"p{i}" for i in range(5)]
    finally:
        client.disconnect()


def test_without_ip_hash_polling_sessions_land_on_the_wrong_process(deployment):
    """What the sticky line is for: round robin sends the second request of a session to the
    other process, which does not know it."""
    apps, _, upstreams = deployment
    proxy = Nginx(lambda port, folder: nginx_config(upstreams, port, folder, sticky=False))
    try:
        owners = {polling_owner(proxy.url, apps).port for _ in range(6)}
        assert owners == {app.port for app in apps}
    finally:
        proxy.stop()


def test_a_poster_is_taken_through_nginx_into_the_shared_export_folder(deployment,
                                                                      connect_peer):
    _apps, proxy, _ = deployment
    # What nginx says while this test runs (sockets of earlier tests may close meanwhile).
    before = len(proxy.output)
    created = requests.post(proxy.url + "/api/workshops", json={"title": "Poster"},
                            timeout=WAIT).json()
    code, key = created["code"], created["facilitator_key"]
    anne = connect_peer(proxy.url, "Anne", wait=WAIT)
    anne.join(code, name="Anne")
    # Note ids are unique in the whole database, which this file's tests share.
    ack = anne.call("note:add", {"id": "poster-n1", "block": "identiteit",
                                 "text": "Samen sterker"})
    assert ack["ok"], ack
    snapshot = requests.post(f"{proxy.url}/api/workshops/{code}/snapshots", json={},
                             headers={"X-Facilitator-Key": key}, timeout=WAIT)
    assert snapshot.status_code == 201, snapshot.text
    poster = requests.get(f"{proxy.url}/api/workshops/{code}/snapshots/"
                          f"{snapshot.json()['id']}/poster.pdf?size=A4", timeout=60)
    assert poster.status_code == 200, poster.text[:300]
    assert poster.content.startswith(b"%PDF")
    said = proxy.output[before:]
    assert "[emerg]" not in said and "[error]" not in said, said


# The image, as the Dockerfile runs it, without a container.

def dockerfile_final_stage() -> dict:
    """ENV, CMD and HEALTHCHECK of the Dockerfile's last stage."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    stage = text[text.rindex("\nFROM "):]
    env = {}
    for line in re.findall(r"^ENV (.*)$", stage, flags=re.M):
        for pair in shlex.split(line):
            name, value = pair.split("=", 1)
            env[name] = value
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", stage, flags=re.M).group(1))
    health = json.loads(re.search(r"^HEALTHCHECK .*?CMD (\[.*\])$", stage,
                                  flags=re.M).group(1))
    return {"env": env, "cmd": cmd, "healthcheck": health}


def test_the_image_command_serves_with_its_data_on_the_volume(tmp_path):
    image = dockerfile_final_stage()
    assert image["cmd"] == ["netwerk-canvas", "serve"]
    volume = tmp_path / "data"
    volume.mkdir()
    env = {name: value.replace("/data", str(volume)) for name, value in image["env"].items()}
    assert env["DATABASE_URL"] == f"sqlite:///{volume}/netwerk-canvas.db"
    assert env["EXPORT_DIR"] == f"{volume}/exports"
    port = free_port()
    env.update(PORT=str(port), HOST="127.0.0.1", POSTER_FONT_DIRS=os.environ.get(
        "POSTER_FONT_DIRS", "/usr/share/fonts"))
    # Made by the image's build (a RUN step); here a folder of the test's own.
    assert env["STATIC_CACHE_DIR"] == "/opt/static-cache"
    env["STATIC_CACHE_DIR"] = str(tmp_path / "static-cache")
    # The image's PATH starts with its virtual environment: here, this one.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    workdir = tmp_path / "app"   # the command must not need the folder it starts in
    workdir.mkdir()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(image["cmd"], cwd=workdir, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                try:
                    if requests.get(url + "/healthz", timeout=1).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail("the image's command did not serve:\n"
                                + log.read().decode(errors="replace"))
                time.sleep(0.1)
            health = subprocess.run(image["healthcheck"], env=env, timeout=10)
            assert health.returncode == 0
            created = requests.post(url + "/api/workshops", json={"title": "Container"},
                                    timeout=WAIT).json()
            poster = requests.get(f"{url}/api/workshops/{created['code']}/snapshots/current/"
                                  "poster.pdf?size=A4", timeout=60)
            assert poster.status_code == 200
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=WAIT)
    # The database and the posters are on the volume, nothing in the working folder.
    assert (volume / "netwerk-canvas.db").exists()
    assert list((volume / "exports").rglob("*.pdf"))
    assert list(workdir.iterdir()) == []
    # Once stopped, the health check fails.
    assert subprocess.run(image["healthcheck"], env=env, timeout=10,
                          capture_output=True).returncode != 0


def test_compose_runs_what_docs_deploy_describes():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == COMPOSE_SERVICES
    docs = (ROOT / "docs" / "deploy.md").read_text()
    for name in COMPOSE_SERVICES:
        assert f"`{name}`" in docs, f"docs/deploy.md does not name the service {name}"
    apps = [services[name] for name in APP_SERVICES]
    for app in apps:
        env = app["environment"]
        assert env["AUTO_MIGRATE"] == "0"          # only `migrate` changes the schema
        assert env["PROXY_COUNT"] == "1"
        assert env["MESSAGE_QUEUE"].startswith("redis://redis:")
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert "exports:/data/exports" in app["volumes"]
        assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert apps[0]["environment"]["SECRET_KEY"] == apps[1]["environment"]["SECRET_KEY"]
    assert services["migrate"]["command"] == ["netwerk-canvas", "migrate"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in services["nginx"]["volumes"]
    upstreams = re.findall(r"^\s*server (\S+):(\d+);", (ROOT / "deploy" / "nginx.conf")
                           .read_text(), flags=re.M)
    port = dockerfile_final_stage()["env"]["PORT"]
    assert upstreams == [(name, port) for name in APP_SERVICES]
