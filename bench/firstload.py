"""First load: what each page costs a browser over the wire, the first time and on a reload.

Run from the repository root (needs ``pip install -e '.[test]'`` and Debian's chromium)::

    python bench/firstload.py

It starts a server on 127.0.0.1 (``netwerk-canvas serve``, as the tests do) with a fresh SQLite
file and static cache in a temporary directory, creates a workshop, and opens each page in a
fresh Chromium context (empty cache): home and participant at a phone's viewport (390x844; the
participant after typing a name and joining, in an empty workshop and, "participant+", in one
with 30 notes, whose long words make the phone load the hyphenation patterns), the participant
on a laptop (1440x900, the busy workshop: the page and then the sheet beside the form, with its
scripts and styles), projector at 1920x1080, facilitator at 1440x900.
When the page is connected and the network has been quiet for 0.5 s it reloads it the same way.
Bytes come from the DevTools protocol (tests/wire.py): ``Network.loadingFinished``'s
``encodedDataLength`` (headers and compressed body, as received) plus the WebSocket frames,
compressed as permessage-deflate sends them (DevTools shows their payloads decompressed;
tests/wire.py recompresses them the way the extension does).

  requests        HTTP requests of the first load
  first load      bytes transferred, first load (HTTP + socket frames)
  socket          of which WebSocket frames over the wire (the join and the workshop's state)
  reload          bytes transferred on the reload
  from cache      requests of the reload answered from the browser's cache
  uncompressed    the first load's bytes after decoding

The server, the browser and the temporary files are removed at the end.
"""
import argparse
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))
import seednotes  # noqa: E402
from browserenv import CHROMIUM, CHROMIUM_ARGS, LAPTOP, PHONE, PROJECTOR  # noqa: E402
from liveserver import running_server  # noqa: E402
from wire import Wire  # noqa: E402

CONNECTED = ".conn[data-state=connected]"
QUIET_MS = 500
BUSY_NOTES = 30  # participant+: a workshop under way, whose notes bring the hyphenation patterns


def settle(page, selector=CONNECTED):
    if selector:
        page.wait_for_selector(selector, timeout=15000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(QUIET_MS)


def join_as_participant(page, name="Fatima"):
    page.fill("#name-input", name)
    page.click("#name-form button[type=submit]")


def measure(browser, url, options, after_goto=None, selector=CONNECTED) -> dict:
    """One page in a fresh context: its first load, then a reload, in bytes. Without the
    service worker: once it controls the page, what it fetches for the page (a module imported
    later, the hyphenation patterns) travels in its own context, which the page's DevTools
    session reports with no bytes; the network carries the same bytes either way."""
    context = browser.new_context(**options, service_workers="block")
    try:
        page = context.new_page()
        wire = Wire().attach(page)
        page.goto(url)
        if after_goto:
            after_goto(page)
        settle(page, selector)
        first = {"requests": len(wire.http()), "transferred": wire.transferred(),
                 "socket": wire.socket_bytes, "decoded": wire.decoded(),
                 "responses": list(wire.http())}
        wire.reset()
        page.reload()
        settle(page, selector)
        first.update(reload=wire.transferred(),
                     reload_cached=sum(r.from_cache for r in wire.http()),
                     reload_requests=len(wire.http()), reload_responses=list(wire.http()))
        return first
    finally:
        context.close()


def pages(server, workshop, busy) -> list:
    code, key = workshop["code"], workshop["facilitator_key"]
    return [
        ("home", f"{server.url}/", PHONE, None, None),
        ("participant", f"{server.url}/j/{code}", PHONE, join_as_participant, CONNECTED),
        ("participant+", f"{server.url}/j/{busy['code']}", PHONE, join_as_participant,
         CONNECTED),
        # A laptop participant: the page, then the sheet beside the form (participant/wide.js).
        ("participant laptop", f"{server.url}/j/{busy['code']}", LAPTOP, join_as_participant,
         "#wide-sheet:not(.is-arranging)"),
        ("projector", f"{server.url}/p/{code}", PROJECTOR, None, CONNECTED),
        ("facilitator", f"{server.url}/f/{code}#key={key}", LAPTOP, None, CONNECTED),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--details", action="store_true",
                        help="also list every response of the participant pages' first loads")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="canvas-firstload-") as folder, \
            running_server(f"sqlite:///{folder}/bench.db",
                           env={"STATIC_CACHE_DIR": f"{folder}/static"}) as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        workshop = server.create_workshop()
        busy = server.create_workshop(title="Wijknetwerk Noord")
        seednotes.fill(server.url, busy["code"], seednotes.notes(BUSY_NOTES))
        print(f"{'page':<18} {'requests':>8} {'first load':>11} {'socket':>8} {'reload':>9} "
              f"{'from cache':>10} {'uncompressed':>13}")
        for name, url, options, after_goto, selector in pages(server, workshop, busy):
            row = measure(browser, url, options, after_goto, selector)
            print(f"{name:<18} {row['requests']:>8} {row['transferred']:>11,} "
                  f"{row['socket']:>8,} {row['reload']:>9,} "
                  f"{row['reload_cached']:>4}/{row['reload_requests']:<5} "
                  f"{row['decoded']:>13,}")
            if args.details and name.startswith("participant"):
                for r in sorted(row["responses"], key=lambda r: -r.transferred):
                    print(f"    {r.transferred:>8,} {r.decoded:>8,} {r.encoding or '-':<5} "
                          f"{r.url.replace(server.url, '')}")
        browser.close()


if __name__ == "__main__":
    main()
