"""Vitality check benchmark: a whole room rates the five blocks at once.

Starts the server (``python -m canvas serve``, gunicorn gthread, as in production) on a fresh
SQLite file, opens the vitality check, joins N participants over WebSocket and lets each rate
the five blocks as a phone does when its owner taps down the list: one tap every 0.2-0.6 s, each
sent at once, a refusal ``busy`` or ``vitality_too_fast`` sent again after its ``retry_after``
(static/js/participant/vitality.js). A projector counts the ``vitality:updated`` it receives.

Prints per room size:

    people  ratings  stored  busy  too fast  p50 ms  p95 ms  max ms  updates

``p50/p95/max`` are from a tap to its ``ok`` (retries included); ``stored`` is the count the
server's figures hold afterwards (every rating, once: people × 5); ``busy`` and ``too fast`` count
refusals that were sent again; ``updates`` is how many ``vitality:updated`` the projector got.

Run from the repository root::

    python bench/vitality.py                  # 100, 300 and 500 people
    python bench/vitality.py --people 300
    python bench/vitality.py --source /tmp/old  # the server from another checkout (PYTHONPATH)
"""
import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from liveserver import LiveServer  # noqa: E402

BLOCKS = ("identiteit", "spelregels", "organisatie", "regie", "coalities")
RETRY = ("busy", "vitality_too_fast", "internal")


async def connect(url: str, code: str, **join) -> socketio.AsyncClient:
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(url, transports=["websocket"], wait_timeout=30)
    ack = await client.call("join", {"code": code, **join}, timeout=60)
    assert ack["ok"], ack
    return client


async def tap(client, block: str, score: int, stats: dict) -> None:
    started = time.perf_counter()
    while True:
        ack = await client.call("vitality:rate", {"block": block, "score": score}, timeout=60)
        if ack["ok"]:
            stats["times"].append((time.perf_counter() - started) * 1000)
            return
        if ack.get("code") not in RETRY:
            raise AssertionError(ack)
        stats["busy" if ack["code"] != "vitality_too_fast" else "too_fast"] += 1
        await asyncio.sleep(ack.get("retry_after") or 1)


async def phone(client, stats: dict) -> None:
    tasks = []
    for block in BLOCKS:
        tasks.append(asyncio.create_task(tap(client, block, random.randint(1, 5), stats)))
        await asyncio.sleep(random.uniform(0.2, 0.6))
    await asyncio.gather(*tasks)


async def room(url: str, workshop: dict, people: int) -> dict:
    code = workshop["code"]
    boss = await connect(url, code, facilitator_key=workshop["facilitator_key"])
    assert (await boss.call("workshop:update", {"vitality": True}))["ok"]
    projector = await connect(url, code, view="projector")
    updates = []
    projector.on("vitality:updated", lambda data: updates.append(data))
    phones = []
    for start in range(0, people, 50):  # joined in groups, as a room comes in
        phones += await asyncio.gather(*(connect(url, code, name=f"P{i}")
                                         for i in range(start, min(people, start + 50))))
    # A room joins over minutes and rates later: let the join storm's presence messages settle
    # first, so that what is timed is the rating alone.
    await asyncio.sleep(5 + people / 50)
    stats = {"times": [], "busy": 0, "too_fast": 0}
    await asyncio.gather(*(phone(client, stats) for client in phones))
    await asyncio.sleep(1.5)  # the last folded update
    state = (await boss.call("join", {"code": code,
                                      "facilitator_key": workshop["facilitator_key"]}))["state"]
    for client in [boss, projector, *phones]:
        await client.disconnect()
    times = sorted(stats["times"])
    return {"people": people, "ratings": len(times),
            "stored": sum(figure["count"] for figure in state["vitality"].values()),
            "busy": stats["busy"], "too_fast": stats["too_fast"],
            "p50": statistics.median(times), "p95": times[int(len(times) * 0.95) - 1],
            "max": times[-1], "updates": len(updates)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, nargs="+", default=[100, 300, 500])
    parser.add_argument("--source", help="run the server from this checkout (PYTHONPATH)")
    args = parser.parse_args()
    env = {"PYTHONPATH": args.source} if args.source else {}
    random.seed(14)
    print(f"{'people':>6} {'ratings':>7} {'stored':>6} {'busy':>5} {'too fast':>8} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'updates':>7}")
    for people in args.people:
        with tempfile.TemporaryDirectory() as folder:
            server = LiveServer(f"sqlite:///{os.path.join(folder, 'bench.db')}",
                                threads=people + 50, env=env)
            server.start()
            try:
                result = asyncio.run(room(server.url, server.create_workshop(), people))
            finally:
                server.stop()
        print(f"{result['people']:>6} {result['ratings']:>7} {result['stored']:>6} "
              f"{result['busy']:>5} {result['too_fast']:>8} {result['p50']:>7.0f} "
              f"{result['p95']:>7.0f} {result['max']:>7.0f} {result['updates']:>7}")


if __name__ == "__main__":
    main()
