"""Hostile-room benchmark: what one abusive workshop costs every other workshop on the server.

Starts ``netwerk-canvas serve`` on 127.0.0.1 (a fresh SQLite file and export folder in a
temporary directory) and measures a victim workshop, first idle, then next to an attacker:

  notes   The victim: 5 participants, each posting a note every 0.5 s (open loop) for
          ``--seconds`` seconds; the ack round trip of every note. The attacker: the facilitator of
          a workshop of their own, on 3 connections, each sending ``--flood`` ``note:add`` at once
          (pipelined: no waiting for acks). Prints the victim's ack p50/p95/max and the answers
          the attacker got, by code (``internal`` must be 0).
  poster  The victim: a 3-note workshop's A4 poster, each time after a new note (so it is
          rendered, not served from the file). The attacker: an imported canvas of
          ``--poster-notes`` notes, ``--snapshots`` snapshots of it, every paper size of each
          asked for with a 1 s client timeout (the client gives up; the server is left with the
          renders). Prints the victim's poster time next to its idle time, and what the
          attacker's requests got.
  snapshots  The victim: 5 participants taking turns to post a note every 0.2 s for
          ``--seconds`` seconds; the fan-out latency of every note (from sending ``note:add``
          to its ``note:added`` at each of the other four). The attacker: an imported canvas of
          ``--poster-notes`` notes with ``--list-snapshots`` snapshots of it, and four threads
          asking for its list of snapshots in a loop. Prints the victim's fan-out next to its
          idle baseline, and how long the attacker's list requests took.

Run from the repository root with the project's virtualenv::

    python bench/hostile.py
    python bench/hostile.py --cases notes --flood 1000 --seconds 10
    python bench/hostile.py --cases poster --snapshots 10 --poster-notes 5000
    python bench/hostile.py --cases snapshots --list-snapshots 30 --seconds 10
    python bench/hostile.py --server-root /tmp/other-checkout   # the same against other code

Everything it starts (the server, its files) is removed at the end, also after an error.
"""
import argparse
import asyncio
import collections
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from liveserver import LiveServer  # noqa: E402

from canvas.poster.sample import sample_snapshot  # noqa: E402
from canvas.services.exports import to_json  # noqa: E402

VICTIMS = 5
VICTIM_INTERVAL = 0.5
ATTACK_SOCKETS = 3
FANOUT_INTERVAL = 0.2
LIST_THREADS = 4
SIZES = ("A0", "A1", "A2", "A3", "A4")


def percentile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


async def _client(url):
    sio = socketio.AsyncClient(reconnection=False)
    await sio.connect(url, transports=["websocket"], wait_timeout=20)
    return sio


async def _victims(url, code, seconds, tag):
    """5 participants posting every 0.5 s; returns (ack latencies in s, codes of refusals)."""
    clients = [await _client(url) for _ in range(VICTIMS)]
    for i, sio in enumerate(clients):
        ack = await sio.call("join", {"code": code, "name": f"V{i}"}, timeout=30)
        assert ack["ok"], ack
    latencies, refusals = [], collections.Counter()

    async def post(sio, i, k):
        start = time.perf_counter()
        try:
            ack = await sio.call("note:add", {"id": f"v-{tag}-{i}-{k}", "block": "regie",
                                              "text": f"notitie {k}"}, timeout=120)
        except socketio.exceptions.TimeoutError:
            refusals["no ack in 120 s"] += 1
            return
        latencies.append(time.perf_counter() - start)
        if not ack["ok"]:
            refusals[ack["code"]] += 1

    tasks = []
    begin = time.perf_counter()
    for k in range(int(seconds / VICTIM_INTERVAL)):
        for i, sio in enumerate(clients):
            tasks.append(asyncio.create_task(post(sio, i, k)))
        await asyncio.sleep(max(0, begin + (k + 1) * VICTIM_INTERVAL - time.perf_counter()))
    await asyncio.gather(*tasks)
    for sio in clients:
        await sio.disconnect()
    return latencies, refusals


async def _flood(url, code, key, count):
    """3 facilitator connections, each sending ``count`` notes at once; answers by code."""
    clients = [await _client(url) for _ in range(ATTACK_SOCKETS)]
    for sio in clients:
        ack = await sio.call("join", {"code": code, "facilitator_key": key}, timeout=30)
        assert ack["ok"], ack
    answers = collections.Counter()
    done = asyncio.Event()
    expected = ATTACK_SOCKETS * count

    def answered(ack):
        answers["ok" if ack.get("ok") else ack.get("code")] += 1
        if sum(answers.values()) == expected:
            loop.call_soon_threadsafe(done.set)

    loop = asyncio.get_running_loop()
    for s, sio in enumerate(clients):
        for k in range(count):
            await sio.emit("note:add", {"id": f"a-{s}-{k}", "block": "regie", "text": "spam"},
                           callback=answered)
    try:
        await asyncio.wait_for(done.wait(), 300)
    except TimeoutError:
        answers["no ack"] = expected - sum(answers.values())
    for sio in clients:
        await sio.disconnect()
    return answers


def notes_case(server, args):
    victim = server.create_workshop("Slachtoffer")
    print(f"\nnotes: victim = {VICTIMS} participants, a note every {VICTIM_INTERVAL} s each, "
          f"{args.seconds} s; attacker = {ATTACK_SOCKETS} facilitator sockets x {args.flood} "
          "pipelined notes")
    print(f"{'phase':<8} {'acks':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  victim refused"
          "      attacker answers")
    idle, idle_refused = asyncio.run(_victims(server.url, victim["code"], args.seconds, "idle"))
    _row("idle", idle, idle_refused, "")
    attacker = server.create_workshop("Aanvaller")

    async def both():
        flood = asyncio.create_task(_flood(server.url, attacker["code"],
                                           attacker["facilitator_key"], args.flood))
        await asyncio.sleep(0.2)
        victim_result = await _victims(server.url, victim["code"], args.seconds, "flood")
        return victim_result, await flood

    (flooded, refused), answers = asyncio.run(both())
    _row("flood", flooded, refused, dict(answers))
    log = server.output()
    print(f"server log: {log.count('database is locked')} x 'database is locked', "
          f"{log.count('Traceback')} tracebacks")


def _row(phase, latencies, refused, answers):
    ms = [x * 1000 for x in latencies]
    print(f"{phase:<8} {len(ms):>5} {percentile(ms, 50):>8.0f} {percentile(ms, 95):>8.0f} "
          f"{max(ms, default=float('nan')):>8.0f}  {dict(refused) or '-':<18}  {answers or ''}")


def _post_note(url, code, label):
    async def go():
        sio = await _client(url)
        await sio.call("join", {"code": code, "name": "Poster"}, timeout=30)
        ack = await sio.call("note:add", {"id": f"p-{label}-{time.time_ns()}", "block": "regie",
                                          "text": f"poster {label}"}, timeout=30)
        await sio.disconnect()
        assert ack["ok"], ack
    asyncio.run(go())


def _poster_time(url, code, timeout=400):
    start = time.perf_counter()
    try:
        response = requests.get(f"{url}/api/workshops/{code}/snapshots/current/poster.pdf",
                                params={"size": "A4"}, timeout=timeout)
        status = response.status_code
    except requests.Timeout:
        status = f"no answer in {timeout} s"
    return time.perf_counter() - start, status


def poster_case(server, args):
    print(f"\nposter: victim = a 3-note canvas's A4 poster; attacker = {args.snapshots} "
          f"snapshots of a {args.poster_notes}-note canvas x {len(SIZES)} sizes, 1 s client "
          "timeout")
    victim = server.create_workshop("Slachtoffer poster")
    for i in range(3):
        _post_note(server.url, victim["code"], f"v{i}")
    warm = server.create_workshop("Opwarmen")
    _poster_time(server.url, warm["code"])  # the render process is started
    idle, idle_status = _poster_time(server.url, victim["code"])

    export = to_json(sample_snapshot(args.poster_notes - 5, 5))  # 5 of them cards
    export["workshop"]["title"] = "Aanvaller"
    imported = requests.post(server.url + "/api/workshops/import", json=export, timeout=120)
    assert imported.status_code == 201, imported.text[:300]
    attacker = imported.json()
    headers = {"X-Facilitator-Key": attacker["facilitator_key"]}
    ids = []
    for i in range(args.snapshots):
        made = requests.post(f"{server.url}/api/workshops/{attacker['code']}/snapshots",
                             json={"label": f"s{i}"}, headers=headers, timeout=120)
        if made.status_code != 201:
            print(f"snapshot {i}: {made.status_code} {made.text[:120]}")
            break
        ids.append(made.json()["id"])

    answers = collections.Counter()

    def ask(snapshot_id, size):
        try:
            response = requests.get(f"{server.url}/api/workshops/{attacker['code']}/snapshots/"
                                    f"{snapshot_id}/poster.pdf", params={"size": size},
                                    timeout=1)
            answers[response.status_code] += 1
        except requests.RequestException:
            answers["gave up after 1 s"] += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=ask, args=(sid, size)) for sid in ids for size in SIZES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    attack_seconds = time.perf_counter() - start
    _post_note(server.url, victim["code"], "after")  # a new poster, not the file of before
    attacked, attacked_status = _poster_time(server.url, victim["code"])
    print(f"{'phase':<8} {'victim s':>9} {'status':>8}  attacker")
    print(f"{'idle':<8} {idle:>9.2f} {idle_status!s:>8}")
    print(f"{'queued':<8} {attacked:>9.2f} {attacked_status!s:>8}  {len(threads)} requests in "
          f"{attack_seconds:.1f} s: {dict(answers)}")
    log = server.output()
    print(f"server log: {log.count('TimeoutError')} x TimeoutError, "
          f"{log.count('Traceback')} tracebacks")


async def _fanout(url, code, seconds, tag):
    """5 participants, taking turns to post a note every 0.2 s (each stays within its own
    note limit); the other four receive it. Returns the latencies (s) of every delivery of
    ``note:added`` and the number of deliveries that never arrived."""
    clients = [await _client(url) for _ in range(VICTIMS)]
    sent, latencies = {}, []

    def listener(index):
        def arrived(data):
            started, writer = sent.get(data["note"]["id"], (None, index))
            if writer != index:
                latencies.append(time.perf_counter() - started)
        return arrived

    for i, sio in enumerate(clients):
        sio.on("note:added", listener(i))
        ack = await sio.call("join", {"code": code, "name": f"F{i}"}, timeout=30)
        assert ack["ok"], ack
    count = int(seconds / FANOUT_INTERVAL)
    begin = time.perf_counter()
    for k in range(count):
        note_id = f"f-{tag}-{k}"
        sent[note_id] = (time.perf_counter(), k % VICTIMS)
        await clients[k % VICTIMS].emit("note:add", {"id": note_id, "block": "regie",
                                                     "text": f"notitie {k}"})
        await asyncio.sleep(max(0, begin + (k + 1) * FANOUT_INTERVAL - time.perf_counter()))
    await asyncio.sleep(2)  # the last deliveries
    for sio in clients:
        await sio.disconnect()
    return latencies, count * (VICTIMS - 1) - len(latencies)


def snapshots_case(server, args):
    print(f"\nsnapshots: victim = {VICTIMS} participants, a note every {FANOUT_INTERVAL} s, "
          f"{args.seconds} s, fan-out to the other {VICTIMS - 1}; attacker = {LIST_THREADS} "
          f"threads listing the {args.list_snapshots} snapshots of a {args.poster_notes}-note "
          "canvas in a loop")
    victim = server.create_workshop("Slachtoffer fan-out")
    export = to_json(sample_snapshot(args.poster_notes - 5, 5))
    export["workshop"]["title"] = "Aanvaller snapshots"
    imported = requests.post(server.url + "/api/workshops/import", json=export, timeout=120)
    assert imported.status_code == 201, imported.text[:300]
    attacker = imported.json()
    headers = {"X-Facilitator-Key": attacker["facilitator_key"]}
    started = time.perf_counter()
    for i in range(args.list_snapshots):
        made = requests.post(f"{server.url}/api/workshops/{attacker['code']}/snapshots",
                             json={"label": f"s{i}"}, headers=headers, timeout=120)
        if made.status_code != 201:
            print(f"snapshot {i}: {made.status_code} {made.text[:120]}")
            break
    print(f"{args.list_snapshots} snapshots taken in {time.perf_counter() - started:.1f} s")

    idle, idle_lost = asyncio.run(_fanout(server.url, victim["code"], args.seconds, "idle"))
    stop = threading.Event()
    list_times, list_status = [], collections.Counter()

    def lister():
        while not stop.is_set():
            start = time.perf_counter()
            response = requests.get(f"{server.url}/api/workshops/{attacker['code']}/snapshots",
                                    timeout=120)
            list_times.append(time.perf_counter() - start)
            list_status[response.status_code] += 1

    threads = [threading.Thread(target=lister) for _ in range(LIST_THREADS)]
    for thread in threads:
        thread.start()
    try:
        listed, listed_lost = asyncio.run(_fanout(server.url, victim["code"], args.seconds,
                                                  "listing"))
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    print(f"{'phase':<8} {'deliveries':>10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'lost':>5}  attacker's list requests")
    _fanout_row("idle", idle, idle_lost, "")
    ms = sorted(x * 1000 for x in list_times)
    _fanout_row("listing", listed, listed_lost,
                f"{len(ms)} x {dict(list_status)}, p50 {percentile(ms, 50):.0f} ms, "
                f"p95 {percentile(ms, 95):.0f} ms")
    log = server.output()
    print(f"server log: {log.count('Traceback')} tracebacks")


def _fanout_row(phase, latencies, lost, attacker):
    ms = [x * 1000 for x in latencies]
    print(f"{phase:<8} {len(ms):>10} {percentile(ms, 50):>8.0f} {percentile(ms, 95):>8.0f} "
          f"{max(ms, default=float('nan')):>8.0f} {lost:>5}  {attacker}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", default=["notes", "poster", "snapshots"],
                        choices=["notes", "poster", "snapshots"])
    parser.add_argument("--flood", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--snapshots", type=int, default=10)
    parser.add_argument("--poster-notes", type=int, default=5000)
    parser.add_argument("--list-snapshots", type=int, default=30)
    parser.add_argument("--server-root", default=str(ROOT),
                        help="run the server from this checkout (to compare with other code)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="canvas-hostile-") as folder:
        server = LiveServer(f"sqlite:///{folder}/canvas.db", threads=200)
        server.root = Path(args.server_root)
        start_in(server)
        try:
            if "notes" in args.cases:
                notes_case(server, args)
            if "poster" in args.cases:
                poster_case(server, args)
            if "snapshots" in args.cases:
                snapshots_case(server, args)
        finally:
            server.stop()


def start_in(server):
    """Start ``server`` from its ``root`` (the command runs ``python -m canvas`` there)."""
    import liveserver
    saved = liveserver.ROOT
    liveserver.ROOT = server.root
    try:
        server.start(timeout=60)
    finally:
        liveserver.ROOT = saved


if __name__ == "__main__":
    main()
