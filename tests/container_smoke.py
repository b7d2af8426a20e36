"""Smoke test of a running container image (.ci/container): create a workshop, post a note over
a socket, take a poster. Usage: python tests/container_smoke.py URL"""
import sys

import requests
import socketio

WAIT = 30


def smoke(url: str) -> None:
    assert requests.get(url + "/api/health", timeout=WAIT).json()["ok"] is True
    created = requests.post(url + "/api/workshops", json={"title": "Smoke"}, timeout=WAIT)
    created.raise_for_status()
    code, key = created.json()["code"], created.json()["facilitator_key"]
    client = socketio.SimpleClient()
    client.connect(url, transports=["websocket"], wait_timeout=WAIT)
    try:
        assert client.call("join", {"code": code, "name": "Anne"}, timeout=WAIT)["ok"]
        ack = client.call("note:add", {"id": "n1", "block": "regie", "text": "Zoë 👩‍💻 协作"},
                          timeout=WAIT)
        assert ack["ok"], ack
    finally:
        client.disconnect()
    snapshot = requests.post(f"{url}/api/workshops/{code}/snapshots", json={},
                             headers={"X-Facilitator-Key": key}, timeout=WAIT)
    assert snapshot.status_code == 201, snapshot.text
    poster = requests.get(f"{url}/api/workshops/{code}/snapshots/{snapshot.json()['id']}/"
                          "poster.pdf?size=A4", timeout=120)
    assert poster.status_code == 200 and poster.content.startswith(b"%PDF"), poster.text[:300]
    print(f"container smoke test passed: workshop {code}, note posted, "
          f"poster {len(poster.content)} bytes")


if __name__ == "__main__":
    smoke(sys.argv[1].rstrip("/"))
