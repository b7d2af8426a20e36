"""The phone page over the wire, measured by Chromium (tests/wire.py: DevTools'
``encodedDataLength``, headers and compressed bodies as received, plus the socket's frames):
its first load in a fresh context at a phone's viewport, and a reload that takes every static
file from the cache. bench/firstload.py prints the same figures for every page."""
from conftest import PHONE, WAIT_MS
from wire import Wire

from canvas.web.assets import VERSIONED_CACHE_CONTROL, static_version

# The participant page's first load (an empty workshop, after joining), in bytes transferred:
# at most 100 kB (measured 98.3 kB, docs/performance.md, "First load").
FIRST_LOAD_MAX = 100_000


def load_phone(chromium_browser, url):
    # Without the service worker (as bench/firstload.py): what it would fetch for the page,
    # from its own context, the page's DevTools session counts as no bytes.
    context = chromium_browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    wire = Wire().attach(page)
    page.goto(url)
    page.fill("#name-input", "Fatima")
    page.click("#name-form button[type=submit]")
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    return context, page, wire


def test_participant_first_load_is_compressed_and_small_and_a_reload_uses_the_cache(
        chromium_browser, live_server, workshop):
    context, page, wire = load_phone(chromium_browser, f"{live_server.url}/j/{workshop['code']}")
    try:
        responses = wire.http()
        static = [r for r in responses if "/static/" in r.url]
        assert len(static) > 20                           # the modules, styles and icon
        prefix = f"{live_server.url}/static/{static_version()}/"
        for response in static:
            assert response.url.startswith(prefix), response.url   # all of them versioned
            assert response.status == 200, response.url
            assert response.cache_control == VERSIONED_CACHE_CONTROL, response.url
            if response.decoded > 1000:
                assert response.encoding == "br", response.url
        page_html = next(r for r in responses if r.url.endswith(f"/j/{workshop['code']}"))
        assert page_html.encoding == "br"
        assert wire.transferred() <= FIRST_LOAD_MAX, wire.transferred()
        assert wire.decoded() > 2.5 * wire.transferred()   # what compression saves

        wire.reset()
        page.reload()
        page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
        page.wait_for_load_state("networkidle")
        again = [r for r in wire.http() if "/static/" in r.url]
        assert len(again) == len(static)
        assert all(r.from_cache and r.transferred == 0 for r in again), \
            [r.url for r in again if not r.from_cache]
        assert page.errors == []
    finally:
        context.close()


def test_an_empty_workshop_loads_no_hyphenation_patterns_on_a_phone(chromium_browser, live_server,
                                                                    workshop):
    """The Dutch patterns (36 kB compressed) come only with a long word to break: nothing on an
    empty workshop's phone page (its blocks' questions included) asks for them."""
    context, page, wire = load_phone(chromium_browser, f"{live_server.url}/j/{workshop['code']}")
    try:
        loaded = [r.url for r in wire.http() if "hyphenpatterns" in r.url or "/vendor/hyphen/" in r.url]
        assert loaded == [], loaded
    finally:
        context.close()
