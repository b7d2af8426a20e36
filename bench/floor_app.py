"""The floor for bench/load.py: a bare Flask-SocketIO server with nothing of Netwerk Canvas in it.

It is served exactly as ``python -m canvas serve`` serves the real app (``canvas.cli.run_gunicorn``:
gunicorn, one gthread worker, the same thread count; Flask-SocketIO in threading mode, WebSocket
through simple-websocket), and does only what the real server must do at the least:

- ``join`` ``{"code"}``: the connection enters the room ``code``; ack ``{"ok": true, ...}``;
- ``note:add`` ``{"id", "block", "text", ...}``: ``note:added`` ``{"note", "rev"}`` goes to the
  whole room, the sender included (as the real server does: the sender is in the workshop's room),
  with a note of the same shape as a stored one; ack ``{"ok": true, "note", "rev"}``.

No database, no rules, no limits, no presence broadcasts. Whatever the real server needs on top
of this is its own cost. ``GET /api/health`` answers 200 (what LiveServer waits for).

Run: ``python bench/floor_app.py --host 127.0.0.1 --port 5099 --threads 600``
"""
import argparse
import itertools
import sys
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, request
from flask_socketio import SocketIO, join_room

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

app = Flask(__name__)
socketio = SocketIO()  # bound in main(), to the async mode of the chosen worker
revs = itertools.count(1)  # next() on a count is atomic under the GIL
joined = {}  # sid -> (room, name) given in join (socketio.server.rooms() scans every room)


@app.get("/api/health")
def health():
    return {"ok": True}


@socketio.on("join")
def on_join(payload=None):
    payload = payload if isinstance(payload, dict) else {}
    room = str(payload.get("code", ""))
    join_room(room)
    joined[request.sid] = (room, str(payload.get("name", "")))
    return {"ok": True, "role": "participant"}


@socketio.on("note:add")
def on_note_add(payload=None):
    payload = payload if isinstance(payload, dict) else {}
    room, name = joined.get(request.sid, (None, ""))
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    note = {"id": payload.get("id"), "block": payload.get("block"),
            "subarea": payload.get("subarea"), "text": payload.get("text"),
            "color": payload.get("color") or "geel", "author": name,
            "participant_id": None, "coalition": None, "votes": 0, "hidden": False,
            "version": 1, "created_at": now, "updated_at": now}
    rev = next(revs)
    if room is not None:
        socketio.emit("note:added", {"note": note, "rev": rev}, to=room)
    return {"ok": True, "note": note, "rev": rev}


@socketio.on("disconnect")
def on_disconnect(*_args):
    joined.pop(request.sid, None)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Bare Flask-SocketIO floor server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=600)
    parser.add_argument("--worker", choices=("gevent", "gthread"), default="gevent")
    args = parser.parse_args(argv)
    # The very gunicorn settings of `canvas serve`.
    from canvas.cli import CONNECTION_MODELS, run_gunicorn
    from canvas.serving import listening_socket

    def make_app():
        socketio.init_app(app, async_mode=CONNECTION_MODELS[args.worker])
        return app

    print(f"floor server on http://{args.host}:{args.port}/", flush=True)
    run_gunicorn(make_app, listening_socket(args.host, args.port), args.threads, args.worker)


if __name__ == "__main__":
    main()
