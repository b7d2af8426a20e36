"""The facilitator's page on a laptop: how far it jumps while it loads and fills (Cumulative
Layout Shift, from Chromium's PerformanceObserver 'layout-shift'), whether it stays one screen,
and screenshots to look at. A script that prints a table, not a test.

    python bench/facilitator.py [--out DIR] [--notes 30,150] [--live 60]

For each number of notes (tests/seednotes.py) and each laptop size: the page opened on a
workshop that has them. --live N: the page opened on an empty workshop while N notes arrive
(CLS as Chromium reports it: the worst burst of shifts less than a second apart, at most 5 s).
Screenshots: the overview, a block in detail, and the page of an unknown join code.
"""

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "browser"), str(ROOT / "tests")]
import seednotes  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from liveserver import running_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

SIZES = [(1366, 768), (1440, 900)]
RECORD_SHIFTS = """
window.shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (!e.hadRecentInput) window.shifts.push([e.startTime, e.value]);
  }
}).observe({ type: 'layout-shift', buffered: true });
"""


def worst_window(shifts):
    """CLS as Chromium reports it: the largest sum of shifts in a session window."""
    worst = current = 0.0
    start = last = None
    for at, value in shifts:
        if last is None or at - last > 1000 or at - start > 5000:
            current, start = 0.0, at
        current += value
        last = at
        worst = max(worst, current)
    return worst


def open_page(browser, url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    page.goto(url)
    return context, page


def row(case, width, height, m):
    print(
        f"{case:<28} {width}x{height} {m['cls']:6.3f} {m['total']:6.3f} {m['height']:7d}"
        f" {m['notes']:6d}"
    )


def measure(page):
    page.wait_for_selector(".conn[data-state=connected]")
    page.wait_for_selector("#sheet:not(.is-arranging)")
    page.wait_for_timeout(1500)  # anything arriving late would shift the page now
    shifts = page.evaluate("() => window.shifts")
    return {
        "cls": worst_window(shifts),
        "total": sum(v for _, v in shifts),
        "height": page.evaluate("() => document.documentElement.scrollHeight"),
        "notes": page.evaluate("() => document.querySelectorAll('#sheet [data-id]').length"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="facilitator-screens", help="folder for the screenshots")
    parser.add_argument("--notes", default="30,150", help="numbers of notes, comma separated")
    parser.add_argument("--live", type=int, default=60, help="notes arriving with the page open")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"{'case':<28} {'size':>9} {'CLS':>6} {'sum':>6} {'height':>7} {'notes':>6}")
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_server(f"sqlite:///{tmp}/bench.db") as server,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in [int(x) for x in args.notes.split(",") if x]:
            workshop = server.create_workshop(title="Zorgnetwerk Oost · sessie 1")
            seednotes.fill(server.url, workshop["code"], seednotes.notes(n), prefix=f"n{n}")
            url = f"{server.url}/f/{workshop['code']}#key={workshop['facilitator_key']}"
            for width, height in SIZES:
                context, page = open_page(browser, url, width, height)
                m = measure(page)
                row(f"{n} notes, loading", width, height, m)
                page.screenshot(path=str(out / f"facilitator-{n}-{width}x{height}.png"))
                page.click("[data-block=spelregels] .block__open")
                page.wait_for_selector("#detail:not([hidden])")
                page.screenshot(path=str(out / f"facilitator-{n}-{width}x{height}-detail.png"))
                context.close()
        if args.live:
            workshop = server.create_workshop(title="Zorgnetwerk Oost · sessie 1")
            url = f"{server.url}/f/{workshop['code']}#key={workshop['facilitator_key']}"
            width, height = SIZES[0]
            context, page = open_page(browser, url, width, height)
            page.wait_for_selector(".conn[data-state=connected]")
            page.wait_for_timeout(1000)
            seednotes.fill(server.url, workshop["code"], seednotes.notes(args.live), prefix="live")
            m = measure(page)
            row(f"{args.live} notes arriving", width, height, m)
            context.close()
        for width, height, name in [(1366, 768, "laptop"), (390, 844, "phone")]:
            context, page = open_page(browser, f"{server.url}/j/k7p-x3q", width, height)
            page.screenshot(path=str(out / f"not-found-{name}.png"))
            context.close()
        browser.close()
    print(f"screenshots in {out}/")


if __name__ == "__main__":
    main()
