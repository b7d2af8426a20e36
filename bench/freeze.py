"""Freeze benchmark: one machine holding thousands of connections open against the server that
runs a workshop ("no freeze", docs/security.md "Connections").

Starts ``netwerk-canvas serve`` (gevent, the production model) on 127.0.0.1 with a fresh SQLite
file, and measures a workshop of ``--room`` participants, ``--posters`` of them posting together
``--rate`` notes/s for ``--duration`` s (bench/load.py's client processes and measure: fan-out
latency from sending ``note:add`` to each other participant's ``note:added``), twice:

  idle    nothing else on the server;
  attack  one attacker process (from ``--attacker-address``, 127.0.0.2: one machine, the room
          being others on 127.0.0.1) holds ``--idle`` Socket.IO
          connections (raw WebSockets that connect to "/" and answer pings but never join) and
          ``--slow`` HTTP requests whose head never ends (a byte a second). The server closes
          idle sockets after JOIN_TIMEOUT (30 s) and unfinished heads after 10 s; the attacker
          opens a new one for every one closed, at once, so the counts stay up (the table shows
          how many were open at the least during the measurement and how many the server
          closed). The room joins after the attack is in place.

During both, a prober asks GET /api/health, GET /j/<code> and GET / every 0.5 s (a new
connection each time) and times the answers. Targets: fan-out p95 under attack within 2 x the
idle p95, every probe under 1 s. ``RSS`` is the server's process tree's peak resident memory.

    python bench/freeze.py
    python bench/freeze.py --idle 1000 --slow 200 --room 100      # a quick look

Everything it starts (server, client and attacker processes, files) is removed at the end, also
after an error. Exit status 0 when the targets are met.
"""
import argparse
import asyncio
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))
sys.path.insert(0, str(BENCH))
from fanout import percentile  # noqa: E402
from liveserver import LiveServer  # noqa: E402
from load import ClientPool, Sampler  # noqa: E402

PROBE_INTERVAL = 0.5
PROBE_TARGET = 1.0      # seconds
FANOUT_FACTOR = 2.0     # attack p95 within this many times the idle p95


# --------------------------------------------------------------------------------------------
# The attacker (a process of its own: one asyncio loop)


def attacker_process(conn, url: str, idle: int, slow: int, ramp: float, source: str):
    os.setsid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import logging
    logging.disable(logging.CRITICAL)
    asyncio.run(attack(conn, url, idle, slow, ramp, source))


async def attack(conn, url: str, idle: int, slow: int, ramp: float, source: str):
    import aiohttp

    host, port = url.split("//")[1].split(":")
    stats = {"ws_open": 0, "slow_open": 0, "ws_closed": 0, "slow_closed": 0, "ws_failed": 0,
             "slow_failed": 0, "ws_min": None, "slow_min": None}
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, local_addr=(source, 0)),
                                    timeout=aiohttp.ClientTimeout(total=None))

    async def one_socket(delay: float):
        await asyncio.sleep(delay)
        while not stop.is_set():
            try:
                async with session.ws_connect(ws_url, origin=url, autoping=True,
                                              heartbeat=None) as ws:
                    await ws.receive()          # Engine.IO open
                    await ws.send_str("40")     # Socket.IO connect to "/", then nothing
                    stats["ws_open"] += 1
                    try:
                        async for message in ws:
                            if message.type == aiohttp.WSMsgType.TEXT and message.data == "2":
                                await ws.send_str("3")   # answer Engine.IO pings
                            if stop.is_set():
                                break
                    finally:
                        stats["ws_open"] -= 1
                if not stop.is_set():
                    stats["ws_closed"] += 1
            except (TimeoutError, aiohttp.ClientError, OSError):
                stats["ws_failed"] += 1
                await asyncio.sleep(0.5)

    async def one_slow(delay: float):
        await asyncio.sleep(delay)
        while not stop.is_set():
            try:
                reader, writer = await asyncio.open_connection(host, int(port),
                                                               local_addr=(source, 0))
            except OSError:
                stats["slow_failed"] += 1
                await asyncio.sleep(0.5)
                continue
            stats["slow_open"] += 1
            try:
                writer.write(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                while not stop.is_set():
                    writer.write(b"a")
                    await writer.drain()
                    try:
                        if await asyncio.wait_for(reader.read(1), 1.0) == b"":
                            break        # closed by the server
                    except TimeoutError:
                        continue
            except OSError:
                pass
            finally:
                stats["slow_open"] -= 1
                writer.close()
            if not stop.is_set():
                stats["slow_closed"] += 1

    async def watch():
        while not stop.is_set():
            for kind in ("ws", "slow"):
                now, low = stats[f"{kind}_open"], stats[f"{kind}_min"]
                if low is not None and now < low:
                    stats[f"{kind}_min"] = now
            await asyncio.sleep(0.1)

    async def commands():
        while True:
            message = await loop.run_in_executor(None, conn.recv)
            if message == "stats":
                conn.send(dict(stats))
            elif message == "mark":   # the measurement starts: track the least open from now
                stats["ws_min"], stats["slow_min"] = stats["ws_open"], stats["slow_open"]
                stats["ws_closed"] = stats["slow_closed"] = 0
                conn.send(dict(stats))
            elif message == "quit":
                stop.set()
                return

    tasks = [asyncio.create_task(one_socket(i * ramp / max(1, idle))) for i in range(idle)]
    tasks += [asyncio.create_task(one_slow(i * ramp / max(1, slow))) for i in range(slow)]
    tasks.append(asyncio.create_task(watch()))
    await commands()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await session.close()
    conn.send("closed")


class Attacker:
    def __init__(self, url: str, idle: int, slow: int, ramp: float, source: str):
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.proc = context.Process(target=attacker_process,
                                    args=(child, url, idle, slow, ramp, source),
                                    daemon=True)
        self.proc.start()
        child.close()

    def ask(self, message: str) -> dict:
        self.conn.send(message)
        if not self.conn.poll(30):
            raise RuntimeError("the attacker process does not answer")
        return self.conn.recv()

    def close(self):
        try:
            self.conn.send("quit")
            self.conn.poll(20)
        except (OSError, BrokenPipeError):
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


# --------------------------------------------------------------------------------------------
# Measuring the room


class Prober(threading.Thread):
    """GET each path every PROBE_INTERVAL, each on a new connection; records (path, seconds)."""

    def __init__(self, url: str, paths: list):
        super().__init__(daemon=True)
        self.url, self.paths = url, paths
        self.times = {p: [] for p in paths}
        self.failures = dict.fromkeys(paths, 0)
        self.halt = threading.Event()

    def run(self):
        while not self.halt.is_set():
            for path in self.paths:
                began = time.monotonic()
                try:
                    ok = requests.get(self.url + path, timeout=10).status_code == 200
                except requests.RequestException:
                    ok = False
                took = time.monotonic() - began
                self.times[path].append(took)
                if not ok:
                    self.failures[path] += 1
            self.halt.wait(PROBE_INTERVAL)

    def stop(self):
        self.halt.set()
        self.join(15)


def measure_room(args, pool: ClientPool, server, name: str) -> dict:
    """One workshop of ``args.room``: join, post for ``args.duration`` s, return the figures."""
    code = server.create_workshop(title=f"Freeze {name}")["code"]
    processes = len(pool.conns)
    members = list(range(args.room))
    posters = members[:args.posters]
    total = round(args.rate * args.duration)
    notes = [(f"{name}-{k:05d}", posters[k % len(posters)], k / args.rate,
              f"Notitie {k}: de wijk blijft vitaal") for k in range(total)]
    specs = []
    for w in range(processes):
        mine = [i for i in members if i % processes == w]
        specs.append({"kind": "notes", "url": server.url, "urls": None,
                      "duration": args.duration, "drain": 10,
                      "concurrency": max(1, 50 // processes),
                      "clients": [(i, code, f"Deelnemer {i}") for i in mine],
                      "posts": [n for n in notes if n[1] % processes == w],
                      "expected": total * len(mine)})
    prober = Prober(server.url, ["/api/health", f"/j/{code}", "/"])
    prober.start()
    try:
        for conn, spec in zip(pool.conns, specs):
            conn.send(("run", spec))
        ready = pool.receive_all("ready", timeout=300)
        failed = [j for r in ready for j in r["joins"] if not j[1]]
        if failed:
            raise RuntimeError(f"{len(failed)} of {args.room} could not join: {failed[0][4]}")
        join_p95 = percentile([j[2] for r in ready for j in r["joins"]], 95)
        pool.send_all(("go", time.monotonic_ns() + int(1e9)))
        done = pool.receive_all("done", timeout=args.duration + 120)
        pool.send_all(("close",))
        pool.receive_all("closed", timeout=60)
    finally:
        prober.stop()
    sent = {s[0]: (s[1], s[3]) for d in done for s in d["sends"] if s[5]}
    latencies = [(t - sent[n][1]) / 1e6 for d in done for n, i, t in d["arrivals"]
                 if n in sent and i != sent[n][0]]
    return {"name": name, "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
            "max": max(latencies, default=float("nan")), "delivered": len(latencies),
            "expected": total * (args.room - 1), "refused": total - len(sent),
            "join_p95": join_p95, "probes": prober.times, "probe_failures": prober.failures}


# --------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--room", type=int, default=300)
    parser.add_argument("--attacker-address", default="127.0.0.2",
                        help="the attacker's source address (the room and the prober use "
                             "127.0.0.1; any 127.x address reaches the server on Linux)")
    parser.add_argument("--posters", type=int, default=10)
    parser.add_argument("--rate", type=float, default=5.0, help="notes/s, all posters together")
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--idle", type=int, default=5000, help="idle Socket.IO connections")
    parser.add_argument("--slow", type=int, default=1000, help="unfinished HTTP requests")
    parser.add_argument("--ramp", type=float, default=15.0,
                        help="seconds over which the attacker opens its connections")
    parser.add_argument("--processes", type=int, default=2, help="client processes (the room)")
    args = parser.parse_args(argv)

    workdir = tempfile.TemporaryDirectory(prefix="canvas-freeze-")
    server = LiveServer(f"sqlite:///{workdir.name}/freeze.db").start()
    pool = ClientPool(args.processes)
    attacker = sampler = None
    results = []
    try:
        sampler = Sampler([server.process.pid], pool.pids)
        sampler.start()
        results.append(measure_room(args, pool, server, "idle"))
        idle_rss = sampler.peak_rss_mb()

        attacker = Attacker(server.url, args.idle, args.slow, args.ramp, args.attacker_address)
        deadline = time.monotonic() + args.ramp + 60
        while time.monotonic() < deadline:
            stats = attacker.ask("stats")
            if stats["ws_open"] >= args.idle * 0.98 and stats["slow_open"] >= args.slow * 0.98:
                break
            time.sleep(1)
        attacker.ask("mark")
        attack_started = time.monotonic()
        results.append(measure_room(args, pool, server, "attack"))
        attack_seconds = time.monotonic() - attack_started
        stats = attacker.ask("stats")
        sampler.stop()
        attack_rss = sampler.peak_rss_mb()
    finally:
        if attacker is not None:
            attacker.close()
        if sampler is not None and sampler.is_alive():
            sampler.stop()
        log = server.output() if server.log is not None else ""
        server.stop()
        pool.close()
        workdir.cleanup()

    idle, under = results
    print(f"\nA workshop of {args.room} ({args.posters} posting {args.rate:g} notes/s for "
          f"{args.duration:g} s), fan-out in ms; probes in ms (p95 / max), each on a new "
          f"connection every {PROBE_INTERVAL} s.")
    print(f"Attack: {args.idle} idle Socket.IO connections and {args.slow} unfinished requests "
          f"from {args.attacker_address}, reopened as the server closes them; "
          f"{attack_seconds:.0f} s measured.")
    head = (f"{'':8} {'p50':>7} {'p95':>7} {'max':>7} {'delivered':>16} {'join p95 s':>10} "
            + " ".join(f"{label:>15}" for label in ("/api/health", "/j/<code>", "/"))
            + f" {'RSS MB':>7}")
    print(head)
    for row, rss in ((idle, idle_rss), (under, attack_rss)):
        probes = " ".join(f"{percentile(t, 95) * 1000:>7.0f}/{max(t) * 1000:<7.0f}"
                          for t in row["probes"].values())
        print(f"{row['name']:8} {row['p50']:7.0f} {row['p95']:7.0f} {row['max']:7.0f} "
              f"{row['delivered']:>7}/{row['expected']:<8} {row['join_p95']:10.2f} {probes} "
              f"{rss:7.0f}")
    print(f"Attack during the measurement: idle sockets open {stats['ws_min']}-{args.idle} "
          f"(closed by the server: {stats['ws_closed']}, failed to open: {stats['ws_failed']}); "
          f"slow requests open {stats['slow_min']}-{args.slow} (closed by the server: "
          f"{stats['slow_closed']}, failed: {stats['slow_failed']}).")

    slowest_probe = max(max(t) for t in under["probes"].values())
    checks = [
        (f"fan-out p95 under attack {under['p95']:.0f} ms <= {FANOUT_FACTOR:g} x idle "
         f"{idle['p95']:.0f} ms", under["p95"] <= FANOUT_FACTOR * idle["p95"]),
        (f"every probe under {PROBE_TARGET:g} s (slowest {slowest_probe:.2f} s, failures "
         f"{sum(under['probe_failures'].values())})",
         slowest_probe < PROBE_TARGET and not any(under["probe_failures"].values())),
        ("every note delivered", all(r["delivered"] == r["expected"] for r in results)),
    ]
    for text, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {text}")
    if "Traceback" in log:
        print("The server logged a traceback:\n" + log[-3000:])
        return 1
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
