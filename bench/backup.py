"""Backup benchmark: how long ``netwerk-canvas backup``'s copy holds up the server's writes
(docs/deploy.md "Backup").

Builds a SQLite database of ``--workshops`` workshops of ``--notes`` notes each (the texts of
tests/seednotes.py, 20 participants and 2 snapshots per workshop, as a busy server collects),
then, while a writer process commits one note every ``--interval`` ms (as the server does,
with its pragmas), copies it three ways and times each commit of the writer:

  wal-one-step   what ``backup`` does (the server's WAL mode): one step of the backup API;
  wal-steps      steps of PAGES_PER_STEP pages: restarts whenever the writer commits between
                 two steps (shown to say why ``backup`` does not step in WAL mode);
  delete-steps   the database in rollback-journal mode, in steps (the fallback): a step holds
                 a lock that makes the writer wait.

    python bench/backup.py
    python bench/backup.py --workshops 10 --notes 100     # a quick look

Everything is written to a temporary folder, removed at the end.
"""
import argparse
import json
import multiprocessing
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
import seednotes  # noqa: E402

from canvas.db import backup  # noqa: E402
from canvas.db import migrate as migrations  # noqa: E402
from canvas.db.session import Database  # noqa: E402


def build(path: Path, workshops: int, notes: int) -> None:
    database = Database(f"sqlite:///{path}")
    migrations.upgrade(database.engine)
    items = seednotes.notes(notes)
    with database.engine.begin() as connection:
        for w in range(workshops):
            workshop_id = connection.exec_driver_sql(
                "INSERT INTO workshops (code, title, language, facilitator_key_hash, rev, "
                "settings_json, plan_json, created_at, last_activity_at) VALUES "
                "(?, ?, 'nl', ?, ?, '{}', '[]', datetime('now'), datetime('now'))",
                (f"W{w:05d}", f"Netwerk {w}", "0" * 64, notes)).lastrowid
            connection.exec_driver_sql(
                "INSERT INTO participants (id, workshop_id, token_hash, name, is_facilitator, "
                "removed, created_at) VALUES (?, ?, ?, ?, 0, 0, datetime('now'))",
                [(f"p{w}-{i}", workshop_id, f"{w:08d}{i:056d}", seednotes.NAMES[i % 24])
                 for i in range(20)])
            rows = [(f"n{w}-{i}", workshop_id, f"p{w}-{i % 20}", item["block"],
                     item.get("subarea"), item["text"], "geel", seednotes.NAMES[i % 24])
                    for i, item in enumerate(items)]
            connection.exec_driver_sql(
                "INSERT INTO notes (id, workshop_id, participant_id, block, subarea, text, "
                "color, author, agreement, votes, cluster_pos, hidden, version, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 1, datetime('now'), "
                "datetime('now'))", rows)
            notes_json = json.dumps([{"id": r[0], "block": r[3], "text": r[5]} for r in rows],
                                    ensure_ascii=False)
            for s in range(2):
                connection.exec_driver_sql(
                    "INSERT INTO snapshots (workshop_id, label, created_at, rev, participants, "
                    "notes_shown, cards_shown, notes_silent, cards_silent, settings_json, "
                    "clusters_json, vitality_json, notes_json) VALUES (?, ?, datetime('now'), "
                    "?, 20, ?, 0, 0, 0, '{}', '[]', '{}', ?)",
                    (workshop_id, f"Ronde {s}", notes, notes, notes_json))
    database.dispose()


def writer(path: str, prefix: str, interval: float, stop, latencies):
    """Commit one note every ``interval`` s as the server does; record each commit's time."""
    connection = sqlite3.connect(path, timeout=10, isolation_level=None)
    connection.execute("PRAGMA busy_timeout=10000")
    connection.execute("PRAGMA synchronous=NORMAL")
    i = 0
    while not stop.is_set():
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO notes (id, workshop_id, block, text, color, author, agreement, votes, "
            "cluster_pos, hidden, version, created_at, updated_at) VALUES (?, 1, 'regie', "
            "'Samen optrekken', 'geel', '', 0, 0, 0, 0, 1, datetime('now'), datetime('now'))",
            (f"{prefix}-{i}",))
        connection.execute("UPDATE workshops SET rev = rev + 1 WHERE id = 1")
        connection.execute("COMMIT")
        latencies.append(time.perf_counter() - started)
        i += 1
        time.sleep(interval)
    connection.close()


def measure(path: Path, target: Path, mode: str, interval: float) -> dict:
    if mode == "delete-steps":
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA journal_mode=DELETE")
    manager = multiprocessing.Manager()
    latencies, stop = manager.list(), manager.Event()
    process = multiprocessing.Process(target=writer,
                                      args=(str(path), mode, interval, stop, latencies))
    process.start()
    time.sleep(1.0)
    before = list(latencies)
    source = sqlite3.connect(path, timeout=10)
    copy = sqlite3.connect(target)
    mark = len(latencies)
    try:
        if mode == "wal-steps":  # what backup.copy would do if it stepped in WAL mode
            report = backup.CopyReport()
            started = time.perf_counter()
            remaining, last = [None], [started]

            def progress(_status, left, _total):
                now = time.perf_counter()
                report.longest_step = max(report.longest_step, now - last[0])
                last[0] = now
                if remaining[0] is not None and left > remaining[0]:
                    report.restarts += 1
                remaining[0] = left
                report.steps += 1
                if report.restarts >= 20:
                    raise RuntimeError("gave up")

            try:
                source.backup(copy, pages=backup.PAGES_PER_STEP, progress=progress, sleep=0.05)
                finished = True
            except RuntimeError:
                finished = False
            report.seconds = time.perf_counter() - started
        else:
            report, finished = backup.copy(source, copy), True
    finally:
        source.close()
        copy.close()
        during = list(latencies)[mark:]
        stop.set()
        process.join()
        manager.shutdown()
    target.unlink()
    if mode == "delete-steps":
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
    ms = [1000 * x for x in during] or [0.0]
    return {"mode": mode, "finished": finished, "copy_s": report.seconds, "steps": report.steps,
            "longest_step_ms": 1000 * report.longest_step, "restarts": report.restarts,
            "commits_during": len(during),
            "commit_p50_ms": statistics.median(ms), "commit_max_ms": max(ms),
            "idle_commit_max_ms": 1000 * max(before or [0.0])}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workshops", type=int, default=50)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--interval", type=float, default=10, help="ms between commits")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="canvas-backup-bench-") as folder:
        path, target = Path(folder) / "live.db", Path(folder) / "copy.db"
        started = time.perf_counter()
        build(path, args.workshops, args.notes)
        print(f"database: {args.workshops} workshops x {args.notes} notes, "
              f"{path.stat().st_size / 1e6:.1f} MB, built in {time.perf_counter() - started:.1f} s")
        print(f"{'mode':14} {'done':>5} {'copy s':>7} {'steps':>6} {'longest step ms':>16} "
              f"{'restarts':>9} {'commits':>8} {'commit p50 ms':>14} {'commit max ms':>14} "
              f"{'idle max ms':>12}")
        for mode in ("wal-one-step", "wal-steps", "delete-steps"):
            r = measure(path, target, mode, args.interval / 1000)
            print(f"{r['mode']:14} {str(r['finished']):>5} {r['copy_s']:7.2f} {r['steps']:6d} "
                  f"{r['longest_step_ms']:16.1f} {r['restarts']:9d} {r['commits_during']:8d} "
                  f"{r['commit_p50_ms']:14.2f} {r['commit_max_ms']:14.2f} "
                  f"{r['idle_commit_max_ms']:12.2f}")


if __name__ == "__main__":
    main()
