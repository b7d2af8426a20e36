"""Fan-out benchmark: how long a posted note takes to reach every screen in the workshop.

Starts the real server (``python -m canvas serve``: gunicorn, threading mode) on 127.0.0.1 and a
free port with a fresh SQLite file in a temporary directory, creates a workshop, connects N
listeners (participants, or projectors with ``--view projector``) with ``socketio.AsyncClient``
over WebSocket in one asyncio loop, and has one more participant post M notes one at a time at a
fixed rate. For every note it measures the time from sending ``note:add`` to its ``note:added``
arriving at each listener, and the time to the poster's ack. Then it prints a table:

    clients  notes  delivered/expected  p50 ms  p95 ms  p99 ms  max ms  ack p50 ms  ack p95 ms

The p50/p95/p99/max columns are over the notes, each note counted at the moment its LAST
listener received it (the whole room has seen it). A second line gives the same percentiles over
every single delivery. The server and the temporary files are removed at the end, also after an
error or Ctrl+C.

Run (from the repository root, with the test extras and aiohttp installed, i.e.
``pip install -e '.[test]' 'python-socketio[asyncio-client]'``)::

    python bench/fanout.py --clients 50
    python bench/fanout.py --clients 200 --notes 100 --rate 10
    python bench/fanout.py --clients 50 --poster   # also while A0 posters of 1,000 notes render

Keep in mind that the clients run on the same machine as the server and share its cores: on a
small machine the numbers include the clients' own work, so they are an upper bound.
"""
import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from liveserver import LiveServer  # noqa: E402  (the same server process the tests use)


def percentile(values, p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``; NaN if there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


async def connect_all(url: str, code: str, count: int, view: str, arrivals: dict, sent: dict,
                      clients: list, concurrency: int = 25):
    """Connect and join ``count`` listeners; each records when every note:added reaches it."""
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int):
        client = socketio.AsyncClient(reconnection=False)
        clients.append(client)

        @client.on("note:added")
        async def on_added(data):
            now = time.perf_counter()
            note_id = data["note"]["id"]
            if note_id in sent:
                arrivals.setdefault(note_id, {})[index] = now

        async with gate:
            await client.connect(url, transports=["websocket"], wait_timeout=20)
            payload = {"code": code, "view": view}
            if view == "participant":
                payload["name"] = f"Luisteraar {index}"
            ack = await client.call("join", payload, timeout=20)
            if not ack.get("ok"):
                raise RuntimeError(f"listener {index} could not join: {ack}")

    await asyncio.gather(*(one(i) for i in range(count)))


def seed_poster_workshop(server, notes: int) -> tuple[str, str]:
    """A second workshop with ``notes`` notes (imported in one request) to make posters of.
    Returns its code and facilitator key."""
    data = {"format": "netwerk-canvas", "version": 1,
            "workshop": {"title": "Poster load", "language": "nl"},
            "notes": [{"block": ("identiteit", "spelregels", "organisatie", "regie")[i % 4],
                       "text": f"Notitie {i}: samen de wijk gezond en vitaal houden"}
                      for i in range(notes)]}
    response = requests.post(server.url + "/api/workshops/import", json=data, timeout=60)
    response.raise_for_status()
    return response.json()["code"], response.json()["facilitator_key"]


def render_posters(base: str, key: str, stop: threading.Event, timings: list) -> None:
    """Take a snapshot and ask for its A0 poster, again and again until ``stop`` is set: every
    poster is a new one (a poster already made is served from its file)."""
    while not stop.is_set():
        began = time.perf_counter()
        snapshot = requests.post(base + "/snapshots", json={"label": "bench"}, timeout=60,
                                 headers={"X-Facilitator-Key": key})
        if snapshot.status_code == 409:  # the workshop's snapshots are full (30): done
            return
        snapshot.raise_for_status()
        response = requests.get(f"{base}/snapshots/{snapshot.json()['id']}/poster.pdf?size=A0",
                                timeout=120)
        response.raise_for_status()
        timings.append(time.perf_counter() - began)


async def run(args, poster_load: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="canvas-bench-") as workdir:
        server = LiveServer(f"sqlite:///{os.path.join(workdir, 'bench.db')}",
                            threads=args.threads or args.clients + 50)
        clients = []
        try:
            server.start()
            created = server.create_workshop()
            code = created["code"]
            sent = {}       # note id -> perf_counter at send
            arrivals = {}   # note id -> {listener index: perf_counter at arrival}
            acks = []       # ack latencies in seconds
            refused = []

            await connect_all(server.url, code, args.clients, args.view, arrivals, sent, clients)
            poster = socketio.AsyncClient(reconnection=False)
            clients.append(poster)
            await poster.connect(server.url, transports=["websocket"], wait_timeout=20)
            # The facilitator posts: a participant may not post 5 notes a second (the note rate
            # limit, canvas/services/limits.py); the fan-out to the room is the same.
            joined = await poster.call("join", {"code": code,
                                                "facilitator_key": created["facilitator_key"]},
                                       timeout=20)
            if not joined.get("ok"):
                raise RuntimeError(f"poster could not join: {joined}")
            await asyncio.sleep(0.5)  # let the join presence broadcasts settle

            stop_posters, poster_times, poster_thread = threading.Event(), [], None
            if poster_load:
                poster_code, poster_key = seed_poster_workshop(server, args.poster_notes)
                poster_thread = threading.Thread(
                    target=render_posters, daemon=True,
                    args=(f"{server.url}/api/workshops/{poster_code}", poster_key, stop_posters,
                          poster_times))
                poster_thread.start()
                await asyncio.sleep(1.0)  # the first poster is under way

            interval = 1.0 / args.rate
            start = time.perf_counter()
            for i in range(args.notes):
                delay = start + i * interval - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                note_id = f"bench-{i:05d}"
                sent[note_id] = time.perf_counter()
                ack = await poster.call("note:add", {
                    "id": note_id, "block": "identiteit", "subarea": "passie",
                    "text": f"Notitie {i}: samen de wijk gezond houden"}, timeout=30)
                acks.append(time.perf_counter() - sent[note_id])
                if not ack.get("ok"):
                    refused.append(ack)

            # Wait (bounded) for the last deliveries.
            expected = args.clients * args.notes
            deadline = time.monotonic() + args.drain
            while time.monotonic() < deadline:
                if sum(len(v) for v in arrivals.values()) >= expected:
                    break
                await asyncio.sleep(0.05)
            stop_posters.set()
            if poster_thread is not None:
                await asyncio.to_thread(poster_thread.join, 130)
        finally:
            await asyncio.gather(*(c.disconnect() for c in clients if c.connected),
                                 return_exceptions=True)
            server.stop()

    delivered = sum(len(v) for v in arrivals.values())
    per_note = [max(v.values()) - sent[note_id] for note_id, v in arrivals.items()
                if len(v) == args.clients]
    per_delivery = [t - sent[note_id] for note_id, v in arrivals.items() for t in v.values()]
    return {"clients": args.clients, "notes": args.notes, "delivered": delivered,
            "expected": args.clients * args.notes, "complete_notes": len(per_note),
            "per_note": per_note, "per_delivery": per_delivery, "acks": acks,
            "refused": refused, "rate": args.rate, "view": args.view,
            "load": (f"A0 posters of {args.poster_notes} notes ({len(poster_times)} made, "
                     f"{statistics.mean(poster_times):.2f} s each)" if poster_load and poster_times
                     else "none")}


HEADER = (f"{'clients':>7} {'notes':>5} {'delivered/expected':>18} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'ack p50 ms':>10} {'ack p95 ms':>10}  "
          f"meanwhile")


def print_table(result: dict, header: bool = True) -> None:
    ms = lambda values, p: percentile(values, p) * 1000  # noqa: E731
    note, each, acks = result["per_note"], result["per_delivery"], result["acks"]
    if header:
        print(f"fan-out: {result['view']} listeners, the facilitator posting at "
              f"{result['rate']:g} notes/s, WebSocket on 127.0.0.1")
        print(HEADER)
        print("-" * len(HEADER))
    print(f"{result['clients']:>7} {result['notes']:>5} "
          f"{str(result['delivered']) + '/' + str(result['expected']):>18} "
          f"{ms(note, 50):>7.1f} {ms(note, 95):>7.1f} {ms(note, 99):>7.1f} "
          f"{(max(note) * 1000 if note else float('nan')):>7.1f} "
          f"{ms(acks, 50):>10.1f} {ms(acks, 95):>10.1f}  {result['load']}")
    print(f"  (latency per note = until its last listener had it; over all "
          f"{len(each)} single deliveries: p50 {ms(each, 50):.1f}, p95 {ms(each, 95):.1f}, "
          f"p99 {ms(each, 99):.1f}, max {(max(each) * 1000 if each else float('nan')):.1f} ms)")
    if result["refused"]:
        print(f"{len(result['refused'])} notes were refused, first: {result['refused'][0]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50, help="listeners (default 50)")
    parser.add_argument("--notes", type=int, default=200, help="notes to post (default 200)")
    parser.add_argument("--rate", type=float, default=5.0, help="notes per second (default 5)")
    parser.add_argument("--view", choices=("participant", "projector"), default="participant",
                        help="how the listeners join (default participant)")
    parser.add_argument("--threads", type=int, default=0,
                        help="gunicorn threads (default clients + 50: one per WebSocket)")
    parser.add_argument("--poster", action="store_true",
                        help="run twice: without and with A0 posters being rendered meanwhile")
    parser.add_argument("--poster-notes", type=int, default=1000,
                        help="notes on the poster rendered meanwhile (default 1000)")
    parser.add_argument("--drain", type=float, default=10.0,
                        help="seconds to wait for the last deliveries (default 10)")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.notes < 1 or args.rate <= 0:
        parser.error("--clients and --notes must be at least 1, --rate above 0")
    results = []
    try:
        for poster_load in ((False, True) if args.poster else (False,)):
            results.append(asyncio.run(run(args, poster_load)))
    except (KeyboardInterrupt, asyncio.CancelledError):
        # python-socketio's own SIGINT handler turns Ctrl+C into a cancellation.
        print("interrupted; the server and its files are removed", file=sys.stderr)
        return 130
    for index, result in enumerate(results):
        print_table(result, header=index == 0)
    complete = all(r["delivered"] == r["expected"] and not r["refused"] for r in results)
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
