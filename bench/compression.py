"""What compressing an answer costs the server: a 5,000-note canvas's JSON export (the largest
answer it gives), a workshop's state and the participant page, at the levels of
canvas/web/compression.py and around them.

    python bench/compression.py

Under gevent the compression holds every connection while it runs (one OS thread), so the
levels are chosen to keep it at a few milliseconds. Prints size and median time per level.
"""
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

import brotli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import seednotes  # noqa: E402

from canvas import create_app  # noqa: E402

LEVELS = [("br", 1), ("br", 4), ("br", 5), ("br", 6), ("br", 11),
          ("gzip", 1), ("gzip", 3), ("gzip", 6), ("gzip", 9)]


def timed(compress, data, runs):
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(compress(data))
        times.append(time.perf_counter() - started)
    return size, statistics.median(times)


def compressor(kind, level):
    if kind == "br":
        return lambda data: brotli.compress(data, quality=level)
    return lambda data: gzip.compress(data, compresslevel=level)


def answers(folder):
    app = create_app({"DATABASE_URL": f"sqlite:///{folder}/bench.db", "EXPORT_DIR": folder,
                      "STATIC_CACHE_DIR": f"{folder}/static", "AUTO_MIGRATE": True})
    client = app.test_client()
    plain = {"Accept-Encoding": "identity"}
    notes = [{"id": f"n{i:04d}", **note} for i, note in enumerate(seednotes.notes(5000))]
    created = client.post("/api/workshops/import", json={
        "format": "netwerk-canvas", "version": 1,
        "workshop": {"title": "Zorgnetwerk Oost", "language": "nl"}, "notes": notes}).get_json()
    code, key = created["code"], created["facilitator_key"]
    snapshot = client.post(f"/api/workshops/{code}/snapshots", json={"label": "bench"},
                           headers={"X-Facilitator-Key": key}).get_json()
    export = client.get(f"/api/workshops/{code}/snapshots/{snapshot['id']}/export.json",
                        headers=plain)
    state = client.get(f"/api/workshops/{code}", headers=plain)
    page = client.get(f"/j/{code}", headers=plain)
    return [("export.json, 5,000 notes", export.data), ("state, 5,000 notes", state.data),
            ("participant page", page.data)]


def main():
    with tempfile.TemporaryDirectory(prefix="canvas-compression-") as folder:
        for name, data in answers(folder):
            runs = 5 if len(data) > 100_000 else 50
            print(f"{name}: {len(data):,} bytes")
            for kind, level in LEVELS:
                size, seconds = timed(compressor(kind, level), data, runs)
                print(f"  {kind:<4} {level:>2}  {size:>9,} bytes  {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
