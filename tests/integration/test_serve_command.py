"""``netwerk-canvas serve`` as a person meets it: started in a folder of its own, it says where
its data is, stops at once and quietly on Ctrl+C or SIGTERM with pages open, refuses a port it
cannot use and a database another server holds, each in one plain line before any banner."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import socketio
from liveserver import free_port

ROOT = Path(__file__).resolve().parent.parent.parent
# A server with a page open stops in about a second; this leaves room for a busy machine, and
# stays under gunicorn's 5 s grace period, after which the worker would be killed.
STOP_SECONDS = 3
START_SECONDS = 30


class Serve:
    """One ``python -m canvas serve`` process started in ``folder``, its output in a file."""

    def __init__(self, folder: Path, *args, env=None):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environ = {key: value for key, value in os.environ.items()
                   if key not in ("DATABASE_URL", "EXPORT_DIR", "MESSAGE_QUEUE", "HOST", "PORT",
                                  "LOOP_STALL_REPORT")}
        self.log_path = folder / f"serve-{self.port}.log"
        self.log = open(self.log_path, "w+b")  # noqa: SIM115 (closed in stop())
        command = [sys.executable, "-m", "canvas", "serve", "--host", "127.0.0.1",
                   "--port", str(self.port), *args]
        # PYTHONPATH: the package of this checkout, whatever the folder the server starts in.
        self.process = subprocess.Popen(
            command, cwd=folder, env={**environ, "PYTHONPATH": str(ROOT), **(env or {})},
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self):
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                if requests.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise AssertionError("serve did not start:\n" + self.output())

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


@pytest.fixture
def serve(tmp_path):
    """serve(*args, folder=tmp_path, env=None) → a started Serve; every one is ended after the
    test, and no process of theirs is left."""
    started = []

    def start(*args, folder=tmp_path, env=None):
        server = Serve(folder, *args, env=env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def run_serve(folder: Path, *args, env=None) -> subprocess.CompletedProcess:
    """``serve`` expected to refuse: its result (it must end by itself)."""
    environ = {key: value for key, value in os.environ.items()
               if key not in ("DATABASE_URL", "EXPORT_DIR", "MESSAGE_QUEUE", "HOST", "PORT")}
    return subprocess.run([sys.executable, "-m", "canvas", "serve", *args], cwd=folder,
                          env={**environ, "PYTHONPATH": str(ROOT), **(env or {})},
                          capture_output=True, text=True, timeout=START_SECONDS)


@pytest.mark.parametrize("transport", ["websocket", "polling"])
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_a_server_with_a_page_open_stops_at_once_and_quietly(serve, transport, how):
    server = serve().wait_ready()
    code = requests.post(server.url + "/api/workshops", json={"title": "Stop", "language": "nl"},
                         timeout=5).json()["code"]
    page = socketio.SimpleClient()
    page.connect(server.url, transports=[transport])
    # A browser also keeps the connections it loaded the page over open, idle.
    keep_alive = requests.Session()
    assert keep_alive.get(server.url + "/api/health", timeout=5).status_code == 200
    try:
        assert page.call("join", {"code": code, "name": "Anne"})["ok"]
        started = time.monotonic()
        if how == "ctrl-c":  # the terminal sends SIGINT to every process of the group
            os.killpg(server.process.pid, signal.SIGINT)
        else:
            os.kill(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=15)
        took = time.monotonic() - started
    finally:
        page.disconnect()
        keep_alive.close()
    output = server.output()
    assert server.process.returncode == 0, output
    assert took < STOP_SECONDS, f"{took:.1f} s\n{output}"
    assert output.rstrip().endswith("Stopped."), output
    for alarming in ("Traceback", "ERROR", "SIGKILL", "timeout", "[INFO]"):
        assert alarming not in output, output
    # The loop watch's figures only after a stall that was felt (a busy machine may have one).
    if "event loop held for" not in output:
        assert "event loop stalls" not in output, output


def test_serve_says_where_its_data_is(serve, tmp_path):
    server = serve().wait_ready()
    head = server.output()
    assert f"Database:               {tmp_path / 'netwerk-canvas.db'} (SQLite)" in head, head
    assert f"Posters and exports:    {tmp_path / 'exports'}" in head, head
    assert (tmp_path / "netwerk-canvas.db").exists()


def test_a_port_in_use_is_one_line_saying_what_to_do_and_no_banner(tmp_path):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = run_serve(tmp_path, "--host", "127.0.0.1", "--port", str(port))
    assert result.returncode != 0
    assert result.stdout == ""  # no "On this computer: ..." for an address another answers
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"Port {port} is already in use" in result.stderr
    assert "--port" in result.stderr and "Stop that server" in result.stderr


def test_a_privileged_port_without_rights_is_one_line_saying_what_to_do(tmp_path):
    start = Path("/proc/sys/net/ipv4/ip_unprivileged_port_start")
    if start.exists() and int(start.read_text()) <= 80:
        pytest.skip("this machine lets every user listen on port 80")
    command = [sys.executable, "-m", "canvas", "serve", "--host", "127.0.0.1", "--port", "80"]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv is missing: no way to lose the rights")
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + command
    tmp_path.chmod(0o777)  # the unprivileged user may write its database here
    environ = {key: value for key, value in os.environ.items()
               if key not in ("DATABASE_URL", "EXPORT_DIR", "MESSAGE_QUEUE", "HOST", "PORT")}
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                            env={**environ, "PYTHONPATH": str(ROOT), "AUTO_MIGRATE": "0"},
                            timeout=START_SECONDS)
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Port 80 needs administrator rights" in result.stderr
    assert "--port 5000" in result.stderr


def test_a_second_server_on_the_same_database_is_refused_naming_it(serve, tmp_path):
    serve().wait_ready()
    other = tmp_path / "elsewhere"
    other.mkdir()
    database = tmp_path / "netwerk-canvas.db"
    result = run_serve(other, "--host", "127.0.0.1", "--port", str(free_port()),
                       env={"DATABASE_URL": f"sqlite:///{database}"})
    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"The database {database} is in use by another Netwerk Canvas server" \
        in result.stderr
    assert "MESSAGE_QUEUE" in result.stderr and "docs/deploy.md" in result.stderr


def test_a_crashed_server_leaves_no_lock_behind(serve, tmp_path):
    first = serve().wait_ready()
    os.killpg(first.process.pid, signal.SIGKILL)  # as a crash: no code of ours runs
    first.process.wait()
    serve().wait_ready()


def test_servers_sharing_a_message_queue_may_share_a_database(serve, tmp_path):
    import redisserver

    if not redisserver.installed():
        pytest.skip("redis-server is not installed here")
    with redisserver.running_redis() as queue:
        one = serve(env={"MESSAGE_QUEUE": queue}).wait_ready()
        two = serve(env={"MESSAGE_QUEUE": queue}).wait_ready()
        code = requests.post(one.url + "/api/workshops", json={"title": "Twee", "language": "nl"},
                             timeout=5).json()["code"]
        assert requests.get(f"{two.url}/api/workshops/{code}", timeout=5).status_code == 200
        # ... but a server without the queue cannot join them.
        result = run_serve(tmp_path, "--host", "127.0.0.1", "--port", str(free_port()))
        assert "is in use by another Netwerk Canvas server" in result.stderr
        for server in (one, two):
            os.killpg(server.process.pid, signal.SIGTERM)
            server.process.wait(timeout=15)


def test_help_lists_every_setting_and_version_is_known():
    from canvas.config import SETTINGS

    environ = {**os.environ, "PYTHONPATH": str(ROOT)}
    shown = subprocess.run([sys.executable, "-m", "canvas", "serve", "--help"], env=environ,
                           capture_output=True, text=True, timeout=30, check=True).stdout
    for known in SETTINGS:
        assert f"  {known.name} (default: " in shown, known.name
    version = subprocess.run([sys.executable, "-m", "canvas", "--version"], env=environ,
                             capture_output=True, text=True, timeout=30, check=True).stdout
    from importlib.metadata import version as installed
    assert version.strip() == f"netwerk-canvas, version {installed('netwerk-canvas')}"


def test_postgresql_without_a_message_queue_is_warned_about(serve):
    import pgserver

    if pgserver.binaries() is None:
        if pgserver.required():
            pytest.fail("PostgreSQL is required here (REQUIRE_POSTGRES=1)")
        pytest.skip("PostgreSQL is not installed here (CI installs it)")
    with pgserver.running_postgres() as database_url:
        server = serve(env={"DATABASE_URL": database_url}).wait_ready()
        head = server.output()
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=15)
    assert "Warning: no MESSAGE_QUEUE: run one server process on this database only" in head
    # (that no password is printed: tests/unit/test_settings.py, the test server has none)
    assert "Database:               PostgreSQL database canvas on 127.0.0.1:" in head, head
