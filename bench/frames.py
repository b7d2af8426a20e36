"""Malformed raw Socket.IO frames against a real server: how many are answered.

Starts ``netwerk-canvas serve`` on 127.0.0.1 (a fresh SQLite file in a temporary directory),
sends each frame of ``tests/rawsocket.py`` MALFORMED_FRAMES on a WebSocket of its own and
waits ``--wait`` seconds for the ack of its id. Prints per frame what came back (an ack with its
code, a clean close, or nothing), then "N of M malformed frames acked", whether a well-formed
client was still answered after every frame, and whether the server process is still alive.

    python bench/frames.py
    python bench/frames.py --server-root /tmp/other-checkout   # the same against other code

Everything it starts is removed at the end, also after an error.
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from liveserver import LiveServer  # noqa: E402
from rawsocket import IGNORED_BY_PROTOCOL, MALFORMED_FRAMES, RawSocket  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wait", type=float, default=3.0, help="seconds to wait for each ack")
    parser.add_argument("--server-root", type=Path, default=ROOT,
                        help="the checkout whose server to start")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="canvas-frames-") as folder:
        server = LiveServer(f"sqlite:///{folder}/canvas.db", threads=50)
        server_start(server, args.server_root)
        try:
            code = server.create_workshop()["code"]
            acked = 0
            witness_ok = True
            for name, frames, ack_id in MALFORMED_FRAMES:
                raw = RawSocket(server.url)
                started = time.monotonic()
                for frame in frames:
                    raw.send(frame)
                answer = raw.ack(ack_id, args.wait)
                took = time.monotonic() - started
                raw.close()
                if isinstance(answer, dict):
                    acked += 1
                    shown = f"ack {answer.get('code')!r} ({took * 1000:.0f} ms)"
                elif answer == "closed":
                    shown = "closed"
                elif name in IGNORED_BY_PROTOCOL:
                    shown = f"no answer in {args.wait:.0f} s (dropped by the protocol)"
                else:
                    shown = f"NO ANSWER in {args.wait:.0f} s"
                # A well-formed client is still answered after every hostile frame.
                witness = RawSocket(server.url)
                reply = witness.emit("join", {"code": code, "view": "projector"}, 1)
                witness.close()
                witness_ok &= isinstance(reply, dict) and reply.get("ok") is True
                print(f"  {name:52s} {shown}")
            alive = server.process.poll() is None
            print(f"{acked} of {len(MALFORMED_FRAMES)} malformed frames acked; "
                  f"a well-formed client answered after each: {witness_ok}; "
                  f"server alive: {alive}")
            tracebacks = server.output().count("Traceback")
            print(f"tracebacks in the server log: {tracebacks}")
        finally:
            server.stop()


def server_start(server, root: Path):
    """Start ``server`` from the checkout at ``root``."""
    import liveserver
    previous = liveserver.ROOT
    liveserver.ROOT = root
    try:
        server.start()
    finally:
        liveserver.ROOT = previous


if __name__ == "__main__":
    main()
