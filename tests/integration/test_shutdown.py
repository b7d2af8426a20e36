"""``kill -TERM`` of a busy server (a WebSocket open, the poster worker started) ends every
process it started: the poster worker and multiprocessing's resource tracker included."""
import os
import signal
import time
from pathlib import Path

import requests
import socketio


def processes_in_group(pgid: int) -> dict[int, str]:
    """Live (not zombie) processes of the process group: pid → command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            state, group = fields[0], int(fields[2])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
        if group == pgid and state != "Z":
            found[int(entry.name)] = command
    return found


def test_sigterm_of_a_busy_server_leaves_no_process_behind(live_server):
    workshop = live_server.create_workshop()
    poster = requests.get(f"{live_server.url}/api/workshops/{workshop['code']}/snapshots/"
                          "current/poster.pdf?size=A4", timeout=60)
    assert poster.status_code == 200
    client = socketio.SimpleClient()
    client.connect(live_server.url, transports=["websocket"])
    try:
        assert client.call("join", {"code": workshop["code"], "name": "Anne"})["ok"]
        pgid = live_server.process.pid  # the server leads its own process group
        started = processes_in_group(pgid)
        assert any("multiprocessing" in c for c in started.values()), started
        os.kill(live_server.process.pid, signal.SIGTERM)  # the server only, as `kill -TERM`
        live_server.process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while processes_in_group(pgid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert processes_in_group(pgid) == {}
    finally:
        client.disconnect()
        if processes_in_group(live_server.process.pid if live_server.process else 0):
            os.killpg(live_server.process.pid, signal.SIGKILL)
