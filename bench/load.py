"""Load benchmark for "Scale: 500 people on one board": fan-out, memory, CPU and a join storm.

Run from the repository root (needs ``pip install -e '.[test]' 'python-socketio[asyncio-client]'``,
i.e. aiohttp; nothing else)::

    python bench/load.py                                  # the whole suite, 2-3 minutes
    python bench/load.py --clients 50                     # a quick look
    python bench/load.py --clients 500 --posters 25 --rate 10 --duration 20 --processes 4
    python bench/load.py --scenarios one --clients 1000   # 1,000 in one workshop, both models
    python bench/load.py --scenarios one --servers canvas-gevent # only the big workshop, only ours
    python bench/load.py --scenarios storm --profile /tmp/prof   # + py-spy stacks of the server

Every scenario starts a fresh server on 127.0.0.1 and a free port, with a fresh SQLite file in a
temporary directory, and connects real ``socketio.AsyncClient``\\ s over WebSocket, spread over
``--processes`` client processes (each one asyncio loop; timings use ``time.monotonic_ns()``,
CLOCK_MONOTONIC, which is one clock for all processes of the machine, so they can be merged).

Servers (``--servers``, default canvas-gevent,canvas-gthread,floor-gevent,floor-gthread): a
server and the connection model it runs under (gunicorn's gevent worker, one greenlet per
connection, the production model; or its gthread worker, one thread per connection).
  canvas-*   ``python -m canvas serve --worker gevent|gthread`` (one worker), as in production.
  floor-*    ``bench/floor_app.py``: bare Flask-SocketIO under the same gunicorn settings that only
             joins rooms and re-broadcasts notes: no storage, no rules, no presence. The floor is
             what any server built this way pays; each server's p95 is compared with the best
             floor of the run (docs/performance.md).
  canvas2-*  two ``canvas serve`` processes sharing a throwaway PostgreSQL and Redis (needs
             Debian's postgresql and redis-server, as the tests); clients alternate between them.

Scenarios (``--scenarios``):
  one    One big workshop: N participants (``--clients``, default 500) join one workshop; P of them
         (``--posters``, default 25) post notes, together R notes/s (``--rate``, default 10) for
         D seconds (``--duration``, default 20): R*D notes, note k sent at start + k/R by poster
         k mod P (open loop: a slow ack does not delay the next note). Each poster so sends R/P
         notes/s; that must fit the participant limit (canvas/services/limits.py: a burst of
         20, then 1 every 2 s), i.e. R*D/P <= 20 + D/2, else add posters. Everybody is a
         participant: a real workshop has a facilitator and a projector too, but they only add
         one more audience, and the floor has no roles.
  many   Many workshops: N/S workshops of S people (``--rooms``, default 20 workshops: 20 x 25),
         round(P/rooms) (at least 1) posters in each, the same total rate R.
  storm  Join storm: N participants connect and join one workshop, client i starting at
         start + i/N * ramp (``--storm-ramp``, default 2 s; 0: all at once).

Columns (notes scenarios). A note posted in a room of S reaches the S-1 others (``expected`` =
sum over notes of S-1, exact: the sender's own copy, which the server sends too, is counted
apart); ``delivered`` counts those that arrived within the drain time. Latency is per single
delivery: from just before the poster sends ``note:add`` to ``note:added`` arriving at one other
participant, in ms. ``ack`` is the poster's round trip. ``RSS MB`` is the peak resident memory of
the server's process tree (gunicorn master + worker, summed), sampled every 0.2 s from joining to
the end; ``PSS MB`` the same counting pages shared by master and forked worker once;
``srv CPU%`` the server tree's average CPU while notes are posted (100 = one core),
``cli CPU%`` the same for the bench's client processes, ``other%`` what else ran on the machine
then (it is shared: the numbers are noisy). Storm columns: join ack latency (from sending
``join`` to its ack), connect+join (from starting the connection), failures, and how many
``presence:updated`` messages the clients received until the room was quiet.

The server, the client processes and the temporary files are removed at the end, also after an
error or Ctrl+C. Exit status 0 when every note was delivered and no join failed.
"""
import argparse
import asyncio
import math
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(BENCH))
from fanout import percentile  # noqa: E402
from liveserver import LiveServer  # noqa: E402 (the server process the tests use)

CLK_TCK = os.sysconf("SC_CLK_TCK")
NOTE_BURST, NOTE_INTERVAL = 20, 2.0  # canvas/services/limits.py (not imported: read only)


# --------------------------------------------------------------------------------------------
# Servers


class FloorServer(LiveServer):
    """bench/floor_app.py as a real process, started and stopped like LiveServer."""

    def __init__(self, threads: int, worker: str):
        super().__init__("unused", threads=threads, worker=worker)

    def command(self) -> list:
        return [sys.executable, str(BENCH / "floor_app.py"), "--host", "127.0.0.1",
                "--port", str(self.port), "--threads", str(self.threads),
                "--worker", self.worker]


class TwoProcesses:
    """``canvas2``: two server processes sharing a throwaway PostgreSQL and Redis (as in
    docs/deploy.md); clients are spread over them in turn. Looks like one LiveServer."""

    def __init__(self, threads: int, worker: str):
        import contextlib

        import pgserver
        import redisserver
        self.stack = contextlib.ExitStack()
        try:
            database = self.stack.enter_context(pgserver.running_postgres())
            queue = self.stack.enter_context(redisserver.running_redis())
            self.servers = []
            for _ in range(2):
                server = LiveServer(database, threads=threads, worker=worker,
                                    env={"MESSAGE_QUEUE": queue})
                self.stack.callback(server.stop)
                self.servers.append(server.start())
        except BaseException:
            self.stack.close()
            raise
        self.url, self.urls = self.servers[0].url, [s.url for s in self.servers]
        self.log = self.servers[0].log

    @property
    def pids(self) -> list:
        return [s.process.pid for s in self.servers]

    def create_workshop(self, **kwargs) -> dict:
        return self.servers[0].create_workshop(**kwargs)

    def output(self) -> str:
        return "\n".join(s.output() for s in self.servers if s.log is not None)

    def stop(self):
        self.stack.close()


# Server kinds: what runs, under which connection model (gunicorn worker).
KINDS = {f"{server}-{worker}": (server, worker) for server in ("canvas", "floor", "canvas2")
         for worker in ("gevent", "gthread")}


DEFAULT_SERVERS = "canvas-gevent,canvas-gthread,floor-gevent,floor-gthread"


def start_server(kind: str, threads: int, workdir: str):
    server, worker = KINDS[kind]
    if server == "floor":
        return FloorServer(threads, worker).start()
    if server == "canvas2":
        return TwoProcesses(threads, worker)
    database = os.path.join(workdir, f"load-{time.monotonic_ns()}.db")
    return LiveServer(f"sqlite:///{database}", threads=threads, worker=worker).start()


def loop_stalls(server) -> str:
    """What the gevent worker(s) logged about their event loop's stalls as they stopped
    (canvas/realtime/loopwatch.py), one clause per process; empty under gthread."""
    outputs = [s.final_output for s in getattr(server, "servers", [server])]
    found = [line.split("event loop stalls: ", 1)[1].strip() for output in outputs
             for line in output.splitlines() if "event loop stalls: " in line]
    return "; ".join("event loop " + text for text in found)


def server_pids(server) -> list:
    """The root process(es) of a server: one gunicorn master, or two for ``canvas2``."""
    return server.pids if isinstance(server, TwoProcesses) else [server.process.pid]


# --------------------------------------------------------------------------------------------
# Sampling /proc (psutil is not a dependency)


def children_of(pid: int) -> list:
    """``pid`` and all its descendants."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(parents.get(current, []))
    return tree


def cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError):
        return 0


def status_field(pid: int, name: str) -> int:
    """A number from /proc/PID/status (VmRSS in kB, Threads); 0 if the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kb(pid: int) -> int:
    return status_field(pid, "VmRSS")


def pss_kb(pid: int) -> int:
    """Proportional set size: shared pages (the worker is a fork of the master) counted once
    over the processes that share them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def machine_ticks() -> tuple:
    """(busy, total) jiffies of the whole machine, all cores."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


class Sampler(threading.Thread):
    """Samples the server's process tree (RSS, CPU) and the client processes' CPU."""

    def __init__(self, server_pids: list, client_pids: list, interval: float = 0.2):
        super().__init__(daemon=True)
        self.server_pids, self.client_pids, self.interval = server_pids, client_pids, interval
        # (monotonic ns, server ticks, server rss kB, client ticks, machine, server pss kB,
        #  master rss kB, server threads)
        self.samples = []
        self.halt = threading.Event()

    def sample(self):
        tree = [p for root in self.server_pids for p in children_of(root)]
        self.samples.append((time.monotonic_ns(), sum(cpu_ticks(p) for p in tree),
                             sum(rss_kb(p) for p in tree),
                             sum(cpu_ticks(p) for p in self.client_pids), machine_ticks(),
                             sum(pss_kb(p) for p in tree),
                             sum(rss_kb(p) for p in self.server_pids),
                             sum(status_field(p, "Threads") for p in tree)))

    def run(self):
        while not self.halt.is_set():
            self.sample()
            self.halt.wait(self.interval)

    def stop(self):
        self.halt.set()
        self.join(5)
        self.sample()

    def peak_rss_mb(self) -> float:
        return max((s[2] for s in self.samples), default=0) / 1024

    def rss_breakdown(self) -> str:
        """Idle (first sample, before any client) and peak RSS, split master / worker(s)."""
        if not self.samples:
            return "-"
        idle, peak = self.samples[0], max(self.samples, key=lambda s: s[2])
        return (f"{idle[2] / 1024:.0f} MB idle (master {idle[6] / 1024:.0f} + worker "
                f"{(idle[2] - idle[6]) / 1024:.0f}) -> {peak[2] / 1024:.0f} MB peak (master "
                f"{peak[6] / 1024:.0f} + worker {(peak[2] - peak[6]) / 1024:.0f}), "
                f"{max(s[7] for s in self.samples)} threads at most")

    def idle_rss_mb(self) -> float:
        """The server's resident memory at the first sample (started, nobody connected)."""
        return self.samples[0][2] / 1024 if self.samples else float("nan")

    def peak_pss_mb(self) -> float:
        return max((s[5] for s in self.samples), default=0) / 1024

    def cpu(self, start_ns: int, end_ns: int) -> tuple:
        """Average CPU% of the server tree, of the clients and of everything else between the
        two moments (100 = one core)."""
        inside = [s for s in self.samples if start_ns <= s[0] <= end_ns]
        if len(inside) < 2:
            return (float("nan"),) * 3
        first, last = inside[0], inside[-1]
        seconds = (last[0] - first[0]) / 1e9
        server = (last[1] - first[1]) / CLK_TCK / seconds * 100
        clients = (last[3] - first[3]) / CLK_TCK / seconds * 100
        busy = (last[4][0] - first[4][0]) / CLK_TCK / seconds * 100
        return server, clients, max(0.0, busy - server - clients)


def start_profile(args, server, name: str, seconds: float):
    """``py-spy record`` of the server's worker process for ``seconds`` (with ``--profile``):
    collapsed stacks in ``--profile``/NAME.txt (one line per stack: frames;... count). By default
    only the thread holding the GIL is sampled (``--gil``: where the interpreter's time goes, the
    bottleneck of a threaded server); ``--profile-mode all`` samples every thread, waiting ones
    too (``--idle``: where requests spend their wall time).
    py-spy costs CPU of its own (it shows under ``other%``): profiled runs are slower."""
    if not args.profile:
        return None
    # Of two processes (canvas2), the first one's worker.
    root = server.servers[0].process.pid if isinstance(server, TwoProcesses) else \
        server.process.pid
    workers = [p for p in children_of(root) if p != root]
    if not workers:
        return None
    os.makedirs(args.profile, exist_ok=True)
    command = [args.py_spy, "record", "--pid", str(workers[0]),
               "--duration", str(math.ceil(seconds)), "--rate", str(args.profile_rate),
               "--nonblocking",
               "--format", "raw", "-o", os.path.join(args.profile, f"{name}.txt")]
    command.append("--gil" if args.profile_mode == "gil" else "--idle")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    return process, seconds


def stop_profile(profiler) -> None:
    """End the recording now (SIGINT: py-spy still writes what it has), if it has not ended by
    itself; kill it if it does not stop. Called once the clients report: teardown (clients
    disconnecting) stays out of the profile."""
    if profiler is None or profiler[0].poll() is not None:
        return
    process = profiler[0]
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --------------------------------------------------------------------------------------------
# Client processes: each runs one asyncio loop with its share of the clients.


def client_process(conn):
    """Runs in a child process: executes scenario specs sent by the parent until told to quit."""
    os.setsid()  # Ctrl+C in the terminal reaches the parent only; it ends us
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import logging
    logging.disable(logging.CRITICAL)  # aiohttp/socketio chatter on teardown
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "quit":
            return
        try:
            asyncio.run(run_spec(conn, message[1]))
        except (EOFError, OSError, BrokenPipeError):
            return


async def run_spec(conn, spec: dict):
    import socketio

    loop = asyncio.get_running_loop()
    clients = {}      # index -> AsyncClient
    arrivals = []     # (note id, client index, monotonic ns)
    presence = {"count": 0, "last": 0}
    expected = spec.get("expected", 0)
    complete = asyncio.Event()

    def make_client(index: int):
        client = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        clients[index] = client

        def on_added(data):
            arrivals.append((data["note"]["id"], index, time.monotonic_ns()))
            if len(arrivals) >= expected:
                complete.set()

        def on_presence(_data):
            presence["count"] += 1
            presence["last"] = time.monotonic_ns()

        client.on("note:added", on_added)
        client.on("presence:updated", on_presence)
        return client

    async def connect_and_join(index: int, code: str, name: str) -> tuple:
        """(index, ok, connect+join s, join ack s, error)."""
        client = make_client(index)
        began = time.monotonic_ns()
        try:
            urls = spec.get("urls") or [spec["url"]]  # canvas2: the processes in turn
            await client.connect(urls[index % len(urls)], transports=["websocket"],
                                 wait_timeout=60)
            joining = time.monotonic_ns()
            ack = await client.call("join", {"code": code, "name": name}, timeout=60)
            done = time.monotonic_ns()
            if not (isinstance(ack, dict) and ack.get("ok")):
                return index, False, (done - began) / 1e9, (done - joining) / 1e9, str(ack)[:200]
            return index, True, (done - began) / 1e9, (done - joining) / 1e9, None
        except Exception as error:  # noqa: BLE001 (a failure is a result here)
            return index, False, (time.monotonic_ns() - began) / 1e9, None, repr(error)[:200]

    async def wait_quiet(quiet: float = 1.0, limit: float = 60.0) -> float:
        """Until no presence:updated arrived for ``quiet`` s; returns seconds waited."""
        began = time.monotonic()
        while time.monotonic() - began < limit:
            last = presence["last"]
            if not last or time.monotonic_ns() - last > quiet * 1e9:
                break
            await asyncio.sleep(0.1)
        return time.monotonic() - began

    async def recv():
        return await loop.run_in_executor(None, conn.recv)

    try:
        if spec["kind"] == "storm":
            conn.send(("ready", None))
            _, start_ns = await recv()

            async def stormer(index, code, name, offset):
                delay = (start_ns + offset * 1e9 - time.monotonic_ns()) / 1e9
                if delay > 0:
                    await asyncio.sleep(delay)
                return await connect_and_join(index, code, name)

            joins = await asyncio.gather(*(stormer(i, c, n, spec["offsets"][i])
                                           for i, c, n in spec["clients"]))
            await wait_quiet(quiet=2.0)
            conn.send(("done", {"joins": joins, "presence": presence["count"],
                                "presence_last": presence["last"], "arrivals": [],
                                "sends": []}))
        else:
            gate = asyncio.Semaphore(spec["concurrency"])

            async def gentle(index, code, name):
                async with gate:
                    return await connect_and_join(index, code, name)

            joins = await asyncio.gather(*(gentle(i, c, n) for i, c, n in spec["clients"]))
            settle = await wait_quiet()
            conn.send(("ready", {"joins": joins, "settle": settle}))
            _, start_ns = await recv()
            arrivals.clear()
            complete.clear()
            if expected == 0:
                complete.set()
            sends = []  # (note id, poster index, intended ns, sent ns, ack ns, ok, code)

            async def post(note_id, index, offset, text):
                intended = start_ns + int(offset * 1e9)
                delay = (intended - time.monotonic_ns()) / 1e9
                if delay > 0:
                    await asyncio.sleep(delay)
                client = clients[index]
                sent = time.monotonic_ns()
                try:
                    ack = await client.call("note:add", {
                        "id": note_id, "block": "identiteit", "subarea": "passie",
                        "text": text}, timeout=60)
                    acked = time.monotonic_ns()
                    ok = isinstance(ack, dict) and ack.get("ok")
                    code = None if ok else (ack.get("code") if isinstance(ack, dict) else ack)
                except Exception as error:  # noqa: BLE001
                    acked, ok, code = None, False, repr(error)[:100]
                sends.append((note_id, index, intended, sent, acked, bool(ok), code))

            posting = [asyncio.create_task(post(n, i, o, t)) for n, i, o, t in spec["posts"]]
            await asyncio.gather(*posting)
            remaining = (start_ns + (spec["duration"] + spec["drain"]) * 1e9
                         - time.monotonic_ns()) / 1e9
            try:
                await asyncio.wait_for(complete.wait(), timeout=max(0.1, remaining))
            except TimeoutError:
                pass
            conn.send(("done", {"sends": sends, "arrivals": arrivals,
                                "presence": presence["count"], "joins": []}))
        # Keep every connection open until all processes are done (a disconnect makes the real
        # server broadcast presence, which would load it while others still measure).
        await recv()
    finally:
        async def close(client):
            try:
                await asyncio.wait_for(client.disconnect(), timeout=10)
            except Exception:  # noqa: BLE001, S110 (closing at the end: nothing to report)
                pass
        await asyncio.gather(*(close(c) for c in clients.values()))
        try:
            conn.send(("closed", None))
        except (OSError, BrokenPipeError):
            pass


class ClientPool:
    """``count`` client processes, kept for all scenarios."""

    def __init__(self, count: int):
        context = multiprocessing.get_context("spawn")
        self.conns, self.procs = [], []
        for _ in range(count):
            parent, child = context.Pipe()
            proc = context.Process(target=client_process, args=(child,), daemon=True)
            proc.start()
            child.close()
            self.conns.append(parent)
            self.procs.append(proc)

    @property
    def pids(self) -> list:
        return [p.pid for p in self.procs]

    def receive_all(self, what: str, timeout: float) -> list:
        results, deadline = [], time.monotonic() + timeout
        for index, conn in enumerate(self.conns):
            if not conn.poll(max(0.0, deadline - time.monotonic())):
                raise RuntimeError(f"client process {index} sent no '{what}' in {timeout:.0f} s")
            tag, payload = conn.recv()
            if tag != what:
                raise RuntimeError(f"client process {index} sent {tag!r}, expected {what!r}")
            results.append(payload)
        return results

    def send_all(self, message):
        for conn in self.conns:
            conn.send(message)

    def close(self):
        for conn in self.conns:
            try:
                conn.send(("quit",))
            except (OSError, BrokenPipeError):
                pass
        for proc in self.procs:
            proc.join(3)
            if proc.is_alive():
                proc.terminate()
                proc.join(3)
            if proc.is_alive():
                proc.kill()
                proc.join()
        for conn in self.conns:
            conn.close()


# --------------------------------------------------------------------------------------------
# Scenarios


def layout(args, scenario: str) -> tuple:
    """(rooms, room size, posters per room) for a scenario."""
    if scenario == "many":
        rooms = max(1, min(args.rooms, args.clients // 5))
        size = args.clients // rooms
        return rooms, size, max(1, round(args.posters / rooms))
    return 1, args.clients, args.posters


def room_codes(server, kind: str, rooms: int) -> list:
    if KINDS[kind][0] == "floor":
        return [f"room-{r}" for r in range(rooms)]
    return [server.create_workshop(title=f"Load {r}")["code"] for r in range(rooms)]


def run_notes(args, pool: ClientPool, kind: str, scenario: str, workdir: str) -> dict:
    rooms, size, per_room = layout(args, scenario)
    server = start_server(kind, args.threads, workdir)
    sampler = profiler = None
    try:
        codes = room_codes(server, kind, rooms)
        members = {}  # client index -> room
        for room in range(rooms):
            for seat in range(size):
                members[room * size + seat] = room
        # Posters: the first per_room seats of each room, interleaved over the rooms so that
        # consecutive notes go to different rooms.
        posters = [room * size + seat for seat in range(per_room) for room in range(rooms)]
        total = round(args.rate * args.duration)
        processes = len(pool.conns)
        worker_of = {i: i % processes for i in members}
        notes = []  # (note id, poster index, offset s, text)
        for k in range(total):
            notes.append((f"{scenario}-{kind}-{k:06d}", posters[k % len(posters)], k / args.rate,
                          f"Notitie {k}: samen de wijk gezond en vitaal houden"))
        per_room_notes = [0] * rooms
        for _, poster, _, _ in notes:
            per_room_notes[members[poster]] += 1
        specs = []
        for w in range(processes):
            mine = [i for i in members if worker_of[i] == w]
            specs.append({
                "kind": "notes", "url": server.url, "urls": getattr(server, "urls", None),
                "duration": args.duration,
                "drain": args.drain, "concurrency": max(1, args.connect_concurrency // processes),
                "clients": [(i, codes[members[i]], f"Deelnemer {i}") for i in mine],
                "posts": [n for n in notes if worker_of[n[1]] == w],
                "expected": sum(per_room_notes[members[i]] for i in mine),
            })
        sampler = Sampler(server_pids(server), pool.pids)
        sampler.start()
        joined_at = time.monotonic()
        for conn, spec in zip(pool.conns, specs):
            conn.send(("run", spec))
        ready = pool.receive_all("ready", timeout=300 + args.clients * 0.5)
        join_seconds = time.monotonic() - joined_at
        joins = [j for r in ready for j in r["joins"]]
        failed = [j for j in joins if not j[1]]
        if failed:
            raise RuntimeError(f"{len(failed)} of {len(joins)} clients could not join, "
                               f"first: {failed[0][4]}")
        profiler = start_profile(args, server, f"{scenario}-{kind}", args.duration + 1)
        start_ns = time.monotonic_ns() + int(1e9)
        pool.send_all(("go", start_ns))
        done = pool.receive_all("done", timeout=args.duration + args.drain + 120)
        stop_profile(profiler)
        end_ns = start_ns + int(args.duration * 1e9)
        pool.send_all(("close",))
        pool.receive_all("closed", timeout=60)
        sampler.stop()
    finally:
        if sampler is not None and sampler.is_alive():
            sampler.stop()
        log = server.output() if server.log is not None else ""
        stop_profile(profiler)
        server.stop()
        stalls = loop_stalls(server)

    sent = {}  # note id -> (room, poster, sent ns)
    sends = [s for d in done for s in d["sends"]]
    refused = [s for s in sends if not s[5]]
    for note_id, poster, _intended, sent_ns, _acked, ok, _code in sends:
        if ok:
            sent[note_id] = (members[poster], poster, sent_ns)
    latencies, echoes, delivered = [], 0, 0
    for d in done:
        for note_id, index, t in d["arrivals"]:
            if note_id not in sent:
                continue
            room, poster, sent_ns = sent[note_id]
            if index == poster:
                echoes += 1
            else:
                delivered += 1
                latencies.append((t - sent_ns) / 1e6)
    expected = len(notes) * (size - 1)  # every note scheduled: all S-1 others should have it
    acks = [(s[4] - s[3]) / 1e6 for s in sends if s[4] is not None]
    late_sends = [(s[3] - s[2]) / 1e6 for s in sends]
    server_cpu, client_cpu, other_cpu = sampler.cpu(start_ns, end_ns)
    return {"scenario": scenario, "kind": kind, "rooms": rooms, "size": size,
            "posters": len(posters), "notes": len(sends), "refused": refused,
            "delivered": delivered, "expected": expected, "echoes": echoes,
            "latencies": latencies, "acks": acks, "send_lag_max": max(late_sends, default=0),
            "rss": sampler.peak_rss_mb(), "rss_split": sampler.rss_breakdown(), "stalls": stalls,
            "rss_idle": sampler.idle_rss_mb(),
            "pss": sampler.peak_pss_mb(), "cpu": server_cpu,
            "client_cpu": client_cpu,
            "other_cpu": other_cpu, "join_seconds": join_seconds,
            "log": log if refused else ""}


def run_storm(args, pool: ClientPool, kind: str, workdir: str) -> dict:
    server = start_server(kind, args.threads, workdir)
    sampler = profiler = None
    try:
        code = room_codes(server, kind, 1)[0]
        processes = len(pool.conns)
        offsets = {i: (i / args.clients) * args.storm_ramp for i in range(args.clients)}
        specs = [{"kind": "storm", "url": server.url, "urls": getattr(server, "urls", None),
                  "clients": [(i, code, f"Deelnemer {i}") for i in range(args.clients)
                              if i % processes == w],
                  "offsets": offsets} for w in range(processes)]
        sampler = Sampler(server_pids(server), pool.pids)
        sampler.start()
        for conn, spec in zip(pool.conns, specs):
            conn.send(("run", spec))
        pool.receive_all("ready", timeout=60)
        profiler = start_profile(args, server, f"storm-{kind}", args.storm_ramp + 60)
        start_ns = time.monotonic_ns() + int(0.5e9)
        pool.send_all(("go", start_ns))
        done = pool.receive_all("done", timeout=300 + args.clients * 0.5)
        stop_profile(profiler)
        end_ns = time.monotonic_ns()
        pool.send_all(("close",))
        pool.receive_all("closed", timeout=60)
        sampler.stop()
    finally:
        if sampler is not None and sampler.is_alive():
            sampler.stop()
        stop_profile(profiler)
        server.stop()
        stalls = loop_stalls(server)
    joins = [j for d in done for j in d["joins"]]
    ok = [j for j in joins if j[1]]
    last_presence = max((d["presence_last"] for d in done), default=0)
    server_cpu, client_cpu, other_cpu = sampler.cpu(start_ns, end_ns)
    return {"scenario": "storm", "kind": kind, "clients": args.clients,
            "ok": len(ok), "failed": [j for j in joins if not j[1]],
            "join": [j[3] * 1000 for j in ok], "total": [j[2] * 1000 for j in ok],
            "presence": sum(d["presence"] for d in done),
            "settled": (last_presence - start_ns) / 1e9 if last_presence else float("nan"),
            "rss": sampler.peak_rss_mb(), "rss_split": sampler.rss_breakdown(), "stalls": stalls,
            "rss_idle": sampler.idle_rss_mb(),
            "pss": sampler.peak_pss_mb(), "cpu": server_cpu,
            "client_cpu": client_cpu,
            "other_cpu": other_cpu}


# --------------------------------------------------------------------------------------------
# Output


def fmt(value: float, width: int = 7, digits: int = 1) -> str:
    return f"{value:>{width}.{digits}f}" if not math.isnan(value) else f"{'-':>{width}}"


NOTES_HEADER = (f"{'scenario':<8} {'server':<15} {'rooms x size':>12} {'notes':>5} "
                f"{'delivered/expected':>18} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
                f"{'max ms':>7} {'ack p50':>7} {'ack p95':>7} {'RSS MB':>6} {'PSS MB':>6} "
                f"{'srv CPU%':>8} "
                f"{'cli CPU%':>8} {'other%':>6}")
STORM_HEADER = (f"{'scenario':<8} {'server':<15} {'clients':>7} {'ok/fail':>9} {'p50 ms':>7} "
                f"{'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'conn+join p95':>13} "
                f"{'presence msgs':>13} {'quiet after s':>13} {'RSS MB':>6} {'PSS MB':>6} "
                f"{'srv CPU%':>8}")


def print_results(args, results: list, processes: int) -> None:
    notes = [r for r in results if r["scenario"] != "storm"]
    storms = [r for r in results if r["scenario"] == "storm"]
    print()
    print(f"load: {args.clients} clients over {processes} client process(es), "
          f"{args.rate:g} notes/s for {args.duration:g} s, one gunicorn worker (gthread: "
          f"--threads {args.threads}), WebSocket on 127.0.0.1, {os.cpu_count()} cores")
    if notes:
        print(NOTES_HEADER)
        print("-" * len(NOTES_HEADER))
        for r in notes:
            lat, acks = r["latencies"], r["acks"]
            rooms = f"{r['rooms']} x {r['size']}"
            print(f"{r['scenario']:<8} {r['kind']:<15} {rooms:>12} "
                  f"{r['notes']:>5} {str(r['delivered']) + '/' + str(r['expected']):>18} "
                  f"{fmt(percentile(lat, 50))} {fmt(percentile(lat, 95))} "
                  f"{fmt(percentile(lat, 99))} {fmt(max(lat) if lat else float('nan'))} "
                  f"{fmt(percentile(acks, 50))} {fmt(percentile(acks, 95))} "
                  f"{fmt(r['rss'], 6, 0)} {fmt(r['pss'], 6, 0)} {fmt(r['cpu'], 8, 0)} "
                  f"{fmt(r['client_cpu'], 8, 0)} "
                  f"{fmt(r['other_cpu'], 6, 0)}")
        for r in notes:
            extra = (f"{r['scenario']}/{r['kind']}: {r['posters']} posters, "
                     f"{r['notes'] / r['posters']:.1f} notes each; own copies back to the "
                     f"poster {r['echoes']}/{r['notes'] - len(r['refused'])}; "
                     f"joining took {r['join_seconds']:.1f} s; latest send "
                     f"{r['send_lag_max']:.0f} ms behind schedule")
            extra += f"; server RSS {r['rss_split']}"
            if r["stalls"]:
                extra += f"; {r['stalls']}"
            if r["refused"]:
                extra += f"; {len(r['refused'])} notes REFUSED, first: {r['refused'][0][6]}"
            print("  " + extra)
    if storms:
        print()
        print(f"join storm: {args.clients} clients, ramp {args.storm_ramp:g} s "
              f"(latency = join sent -> join ack)")
        print(STORM_HEADER)
        print("-" * len(STORM_HEADER))
        for r in storms:
            j, t = r["join"], r["total"]
            print(f"{'storm':<8} {r['kind']:<15} {r['clients']:>7} "
                  f"{str(r['ok']) + '/' + str(len(r['failed'])):>9} {fmt(percentile(j, 50))} "
                  f"{fmt(percentile(j, 95))} {fmt(percentile(j, 99))} "
                  f"{fmt(max(j) if j else float('nan'))} {fmt(percentile(t, 95), 13)} "
                  f"{r['presence']:>13} {fmt(r['settled'], 13)} {fmt(r['rss'], 6, 0)} "
                  f"{fmt(r['pss'], 6, 0)} "
                  f"{fmt(r['cpu'], 8, 0)}")
            print(f"  storm/{r['kind']}: server RSS {r['rss_split']}"
                  + (f"; {r['stalls']}" if r["stalls"] else ""))
            if r["failed"]:
                print(f"  {len(r['failed'])} joins failed, first: {r['failed'][0][4]}")
    print()
    print_targets(args, results)


def print_targets(args, results: list) -> None:
    """Each server against the best floor of this run, and the production model's targets
    (issue "A thousand in one room"): p95 at most 1.25 x the best floor, RSS under 250 MB, p95
    at least 3 x better than the thread-per-connection set-up."""
    by = {(r["scenario"], r["kind"]): r for r in results}
    for scenario in ("one", "many"):
        floors = [r for (s, kind), r in by.items()
                  if s == scenario and KINDS[kind][0] == "floor" and r["latencies"]]
        if floors:
            best = min(floors, key=lambda r: percentile(r["latencies"], 95))
            best_p95 = percentile(best["latencies"], 95)
            print(f"{scenario}: best floor {best['kind']} p95 {best_p95:.0f} ms")
        for (s, kind), r in by.items():
            if s != scenario or KINDS[kind][0] == "floor" or not r["latencies"]:
                continue
            p95 = percentile(r["latencies"], 95)
            clients = r["rooms"] * r["size"]
            # Per connection: what the connected room added to the idle server.
            line = (f"{scenario}: {kind:<15} p95 {p95:7.0f} ms; RSS {r['rss']:.0f} MB "
                    f"({(r['rss'] - r['rss_idle']) * 1024 / clients:.0f} kB per connection); "
                    f"CPU {r['cpu']:.0f} % ({r['cpu'] / clients:.3f} % of a core per "
                    "connection)")
            if floors:
                ratio = p95 / best_p95
                line += (f"; vs best floor {ratio:.2f} (<= 1.25: "
                         f"{'met' if ratio <= 1.25 else 'MISSED'})")
            line += f"; RSS < 250 MB: {'met' if r['rss'] < 250 else 'MISSED'}"
            threads = by.get((scenario, kind.replace("-gevent", "-gthread")))
            if kind.endswith("-gevent") and threads and threads["latencies"]:
                speedup = percentile(threads["latencies"], 95) / p95
                line += (f"; {speedup:.1f} x faster than {threads['kind']} (>= 3: "
                         f"{'met' if speedup >= 3 else 'MISSED'})")
            print(line)
    storms = {kind: r for (s, kind), r in by.items() if s == "storm" and r["join"]}
    for kind, r in storms.items():
        print(f"storm: {kind:<15} join p95 {percentile(r['join'], 95):.0f} ms"
              + (" (two processes: target < 1,000 ms: "
                 f"{'met' if percentile(r['join'], 95) < 1000 else 'MISSED'})"
                 if KINDS[kind][0] == "canvas2" else ""))


# --------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="See the module docstring for the columns.")
    parser.add_argument("--clients", type=int, default=500, help="participants (default 500)")
    parser.add_argument("--posters", type=int, default=25,
                        help="participants who post in the one-room scenario (default 25)")
    parser.add_argument("--rate", type=float, default=10.0,
                        help="notes per second, all posters together (default 10)")
    parser.add_argument("--duration", type=float, default=20.0,
                        help="seconds of posting (default 20)")
    parser.add_argument("--rooms", type=int, default=20,
                        help="workshops in the 'many' scenario (default 20; at least 5 each)")
    parser.add_argument("--processes", type=int, default=0,
                        help="client processes (default: one per 125 clients, 1 to 4)")
    parser.add_argument("--threads", type=int, default=0,
                        help="gunicorn threads for both servers (default max(600, clients+50); "
                             "600 is the production default)")
    parser.add_argument("--scenarios", default="one,many,storm",
                        help="comma-separated: one, many, storm (default all)")
    parser.add_argument("--servers", default=DEFAULT_SERVERS,
                        help="comma-separated, of " + ", ".join(KINDS) +
                             f" (default {DEFAULT_SERVERS})")
    parser.add_argument("--storm-ramp", type=float, default=2.0,
                        help="seconds over which the storm's clients start (default 2)")
    parser.add_argument("--connect-concurrency", type=int, default=50,
                        help="joins in flight at once before the notes scenarios (default 50)")
    parser.add_argument("--drain", type=float, default=15.0,
                        help="seconds after the last note to wait for deliveries (default 15)")
    parser.add_argument("--profile", metavar="DIR",
                        help="record the server worker with py-spy while notes are posted (and "
                             "during the storm): collapsed stacks in DIR/<scenario>-<server>.txt")
    parser.add_argument("--py-spy", default="py-spy",
                        help="the py-spy program for --profile (pip install py-spy)")
    parser.add_argument("--profile-rate", type=int, default=100,
                        help="py-spy samples per second (default 100)")
    parser.add_argument("--profile-mode", choices=("gil", "all"), default="gil",
                        help="gil: only the thread holding the GIL (default); all: every thread, "
                             "waiting ones too")
    args = parser.parse_args(argv)
    scenarios = [s for s in args.scenarios.split(",") if s]
    servers = [s for s in args.servers.split(",") if s]
    if not set(scenarios) <= {"one", "many", "storm"} or \
            not set(servers) <= set(KINDS):
        parser.error("--scenarios: one, many, storm; --servers: " + ", ".join(KINDS))
    if args.clients < 2 or args.rate <= 0 or args.duration <= 0 or args.posters < 1:
        parser.error("--clients at least 2, --posters at least 1, --rate and --duration above 0")
    args.threads = args.threads or max(600, args.clients + 50)
    processes = args.processes or max(1, min(4, math.ceil(args.clients / 125)))
    total = args.rate * args.duration
    allowed = NOTE_BURST + args.duration / NOTE_INTERVAL
    for scenario in scenarios:
        if scenario == "storm":
            continue
        rooms, size, per_room = layout(args, scenario)
        if per_room >= size:
            parser.error(f"{scenario}: {per_room} posters in rooms of {size}")
        if total / (rooms * per_room) > allowed:
            parser.error(f"{scenario}: {total / (rooms * per_room):.0f} notes per poster exceeds "
                         f"the participant limit ({allowed:.0f} in {args.duration:g} s); "
                         "add --posters or lower --rate")

    order = [(s, k) for s in scenarios for k in servers]
    results, pool = [], None

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(signal.Signals(signum).name)

    # Ctrl+C, and SIGTERM/SIGHUP too, unwind through every finally: servers, clients, files.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupted)
    try:
        with tempfile.TemporaryDirectory(prefix="canvas-load-") as workdir:
            pool = ClientPool(processes)
            for scenario, kind in order:
                print(f"running {scenario} on {kind} ...", file=sys.stderr, flush=True)
                if scenario == "storm":
                    results.append(run_storm(args, pool, kind, workdir))
                else:
                    results.append(run_notes(args, pool, kind, scenario, workdir))
    except KeyboardInterrupt:
        print("interrupted; servers, client processes and files are removed", file=sys.stderr)
        return 130
    finally:
        if pool is not None:
            pool.close()
    print_results(args, results, processes)
    complete = all(r["delivered"] == r["expected"] and not r["refused"]
                   for r in results if r["scenario"] != "storm")
    complete = complete and all(not r["failed"] for r in results if r["scenario"] == "storm")
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
