"""Projector benchmark: how a full board reads and how much main-thread work it costs.

Run from the repository root (needs ``pip install -e '.[test]'`` and Debian's chromium; for the
Lighthouse column ``npm install``, which brings the pinned ``lighthouse``)::

    python bench/projector.py                        # 30, 150, 300 notes at 1920x1080 and 1280x720
    python bench/projector.py --counts 150 --sizes 1920x1080 --no-lighthouse
    python bench/projector.py --shots docs/shots     # also screenshots (plain, focus, spotlight)

It starts a server on 127.0.0.1 (``netwerk-canvas serve``, as the tests do) with a fresh SQLite
file in a temporary directory, fills one workshop per count with realistic Dutch notes
(tests/seednotes.py: one or two sentences from the source publications, spread over the five
blocks and their sub-areas, 10 to 15 coalition cards), opens the projector in Chromium at each
size and prints a table:

  visible    notes on the screen at once (whole, inside their area)
  font px    the notes' font size on the screen, smallest / median (legible: 2.2 % of the
             screen height, 24 px at 1080, 16 px at 720)
  cycle s    how long until every note has been on the screen (pages turn every 10 s)
  load       long tasks (> 50 ms) from the start of the page until the board has settled, their
             count / longest ms / total blocking time (sum of the part over 50 ms of each), from
             PerformanceObserver('longtask')
  per note   the same while --incoming notes arrive one at a time (0.7 s apart, from a phone's
             socket), divided by the number of notes; "shown ms": the slowest time from sending a
             note until it is on the projector's screen
  LH TBT     Lighthouse's Total Blocking Time for the projector page (performance only, desktop
             preset at the size: no CPU slowdown; CHROME_PATH=/usr/bin/chromium)

The server, the browser and the temporary files are removed at the end.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
import seednotes  # noqa: E402
import socketio  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from liveserver import running_server  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

LONGTASKS = """
window.__longtasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
}).observe({ type: 'longtask', buffered: true });
"""

# What the screen shows now: notes whole inside their (visible) area, and their font sizes.
ON_SCREEN = """() => {
  const out = { ids: [], sizes: [] };
  for (const el of document.querySelectorAll('#sheet .area__col > [data-id]')) {
    const area = el.closest('.area');
    if (!area || !area.offsetHeight) continue;
    const box = area.querySelector('.area__box').getBoundingClientRect();
    // The note as laid out (its rect turned back: notes are tilted a little).
    const r = el.getBoundingClientRect();
    const middle = (r.top + r.bottom) / 2;
    const top = middle - el.offsetHeight / 2;
    const bottom = middle + el.offsetHeight / 2;
    const inside = el.offsetHeight > 0 && top >= box.top - 1 && bottom <= box.bottom + 1
      && bottom <= window.innerHeight;
    if (!inside) continue;
    out.ids.push(el.dataset.id);
    out.sizes.push(parseFloat(getComputedStyle(el).fontSize));
  }
  out.cycle = Number(document.querySelector('#sheet').dataset.cycle || 0);
  return out;
}"""


def tbt(tasks):
    return sum(max(0.0, d - 50) for _, d in tasks)


def longest(tasks):
    return max([d for _, d in tasks], default=0)


def settle(page, quiet_ms=1500, timeout=30):
    """Wait until the board shows notes and no long task came for quiet_ms."""
    page.wait_for_function(
        "() => document.querySelectorAll('#sheet .area__col > [data-id]').length > 0",
        timeout=timeout * 1000,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        last = page.evaluate(
            "() => { const t = window.__longtasks;"
            " return t.length ? t[t.length - 1][0] + t[t.length - 1][1] : 0; }"
        )
        now = page.evaluate("() => performance.now()")
        if now - last > quiet_ms:
            return
        page.wait_for_timeout(300)


def lighthouse(url, width, height):
    cli = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists() or not shutil.which("node"):
        return None, "lighthouse not installed (npm install)"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lh.json"
        flags = " ".join(["--headless=new", *CHROMIUM_ARGS, f"--user-data-dir={tmp}/profile"])
        cmd = [
            "node",
            str(cli),
            url,
            "--quiet",
            "--only-categories=performance",
            "--preset=desktop",
            f"--screenEmulation.width={width}",
            f"--screenEmulation.height={height}",
            "--screenEmulation.deviceScaleFactor=1",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={flags}",
        ]
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
        if result.returncode or not out.exists():
            return None, (result.stderr or result.stdout)[-400:]
        audits = json.loads(out.read_text())["audits"]
        return audits["total-blocking-time"]["numericValue"], None


def incoming(page, url, code, count, tag):
    """Post `count` notes one at a time; long tasks and time until each is on the screen."""
    page.evaluate("() => { window.__longtasks = []; }")
    client = socketio.SimpleClient()
    client.connect(url, transports=["websocket"])
    try:
        assert client.call("join", {"code": code, "name": "Meetpunt"})["ok"]
        extra = seednotes.notes(count + 40)[-count:]
        shown = []
        for i, item in enumerate(extra):
            note_id = f"live-{code.lower()}-{tag}-{i:03d}"
            started = time.monotonic()
            assert client.call("note:add", {"id": note_id, **item})["ok"]
            try:
                page.wait_for_selector(f"#sheet .area__col > [data-id='{note_id}']", timeout=10000)
                shown.append((time.monotonic() - started) * 1000)
            except PlaywrightTimeout:
                shown.append(float("inf"))  # not on the screen within 10 s
            page.wait_for_timeout(700)
    finally:
        client.disconnect()
    page.wait_for_timeout(2500)  # a replan of the sheet, if one was asked for, happens in here
    return page.evaluate("() => window.__longtasks"), shown


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counts", default="30,150,300")
    parser.add_argument("--sizes", default="1920x1080,1280x720")
    parser.add_argument("--incoming", type=int, default=10, help="notes posted live, one at a time")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--shots", help="folder for screenshots")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    if args.shots:
        os.makedirs(args.shots, exist_ok=True)

    from playwright.sync_api import sync_playwright

    rows = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_server(f"sqlite:///{tmp}/bench.db") as server,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            for count in counts:
                workshop = server.create_workshop(title="Zorgnetwerk Oost · sessie 1")
                code = workshop["code"]
                items = seednotes.notes(count)
                ids = seednotes.fill(server.url, code, items)
                card = ids[next(i for i, item in enumerate(items) if item["block"] == "coalities")]
                for width, height in sizes:
                    context = browser.new_context(viewport={"width": width, "height": height})
                    context.add_init_script(LONGTASKS)
                    page = context.new_page()
                    page.goto(f"{server.url}/p/{code}")
                    settle(page)
                    load_tasks = page.evaluate("() => window.__longtasks")
                    screen = page.evaluate(ON_SCREEN)
                    if args.shots:
                        page.screenshot(path=f"{args.shots}/projector-{count}-{width}x{height}.png")
                    tasks, shown = incoming(page, server.url, code, args.incoming, f"{width}")
                    if args.shots and count == 150:
                        shots(
                            page,
                            server.url,
                            workshop,
                            ids[5],
                            card,
                            f"{args.shots}/projector-{count}-{width}x{height}",
                        )
                    context.close()
                    lh, why = (None, "skipped")
                    if not args.no_lighthouse:
                        lh, why = lighthouse(f"{server.url}/p/{code}", width, height)
                    sizes_px = sorted(screen["sizes"]) or [0]
                    rows.append(
                        {
                            "notes": count,
                            "size": f"{width}x{height}",
                            "visible": len(screen["ids"]),
                            "font": f"{sizes_px[0]:.0f} / {statistics.median(sizes_px):.0f}",
                            "cycle": screen["cycle"] / 1000,
                            "load": f"{len(load_tasks)} / {longest(load_tasks):.0f} / "
                            f"{tbt(load_tasks):.0f}",
                            "note": f"{len(tasks) / args.incoming:.1f} / {longest(tasks):.0f} / "
                            f"{tbt(tasks) / args.incoming:.0f}",
                            "shown": (
                                f"{max(shown):.0f}"
                                if max(shown) < float("inf")
                                else f"{sum(x == float('inf') for x in shown)} not in 10 s"
                            ),
                            "lh": f"{lh:.0f}" if lh is not None else "-",
                            "why": why,
                        }
                    )
                    print_row(rows[-1], header=len(rows) == 1)
        finally:
            browser.close()
    for row in rows:
        if row["lh"] == "-" and row["why"] not in (None, "skipped"):
            print(f"Lighthouse ({row['notes']} notes, {row['size']}): {row['why']}")


def shots(page, url, workshop, note, card, prefix):
    """Screenshots in focus, with a note, a card and a block in the spotlight."""
    facilitator = socketio.SimpleClient()
    facilitator.connect(url, transports=["websocket"])
    try:
        assert facilitator.call(
            "join", {"code": workshop["code"], "facilitator_key": workshop["facilitator_key"]}
        )["ok"]
        for name, change in [
            ("focus", {"focus": "regie", "question": 1}),
            ("focus-identiteit", {"focus": "identiteit"}),
            ("spotlight-note", {"focus": None, "spotlight": {"note": note}}),
            ("spotlight-card", {"spotlight": {"note": card}}),
            ("spotlight-block", {"spotlight": {"block": "spelregels"}}),
            ("canvas", {"spotlight": None}),
        ]:
            assert facilitator.call("workshop:update", change)["ok"]
            page.wait_for_timeout(1500)
            page.screenshot(path=f"{prefix}-{name}.png")
    finally:
        facilitator.disconnect()


def print_row(row, header=False):
    if header:
        print(
            "| notes | screen | visible | font px min / median | cycle s "
            "| load: long tasks / longest ms / TBT ms "
            "| per note: long tasks / longest ms / TBT ms | shown ms | Lighthouse TBT ms |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {row['notes']} | {row['size']} | {row['visible']} | {row['font']} "
        f"| {row['cycle']:.0f} | {row['load']} | {row['note']} | {row['shown']} | {row['lh']} |",
        flush=True,
    )


if __name__ == "__main__":
    main()
