"""The facilitator's phone as a remote (/r/<code>#key=…), in real Chromium at 390x844, beside a
projector page: every action of the remote shows on the projector; the remote's QR code is on
the facilitator page only, and the key is nowhere on the projector; the remote catches up after
its network was gone; the participant page's service worker never takes the remote."""
import io
from pathlib import Path
from types import SimpleNamespace

import requests
import segno
from conftest import PHONE, WAIT_MS, call, open_facilitator, open_projector
from test_accessibility import assert_accessible, axe_source  # noqa: F401 (a fixture)
from test_offline_reload import open_phone, wait_for_shell, wait_until

from canvas import method
from canvas.services.records import hash_secret, link_tag

FIRST_BLOCK = method.localized("nl")["blocks"][0]
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "remote.png"


def open_remote(open_page, server, workshop, **options):
    page = open_page(f"{server.url}/r/{workshop['code']}#key={workshop['facilitator_key']}",
                     **{**PHONE, **options})
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    page.wait_for_function("() => document.querySelector('#remote-room').textContent !== ''",
                           timeout=WAIT_MS)
    return page


def visible(page, selector):
    page.wait_for_selector(selector, state="visible", timeout=WAIT_MS)


def gone(page, selector):
    page.wait_for_selector(selector, state="hidden", timeout=WAIT_MS)


def test_the_remote_drives_focus_timer_reveal_voting_lock_and_spotlight_on_the_projector(
        open_page, live_server, workshop, sockets, axe_source):  # noqa: F811 (the fixture)
    code = workshop["code"]
    bram = sockets(code, name="Bram")
    call(bram, "note:add", {"id": "n1", "block": "identiteit", "text": "Samen sterker"})
    call(bram, "note:add", {"id": "n2", "block": "regie", "text": "Wie trekt de kar"})
    projector = open_projector(open_page, live_server, code)
    remote = open_remote(open_page, live_server, workshop)

    # The key left the address bar at once; the glance counts the room.
    assert "key" not in remote.url
    assert remote.locator("#remote-room").text_content() == \
        "1 aangemeld · 1 online · 1 heeft iets geplaatst"

    # Big targets, the pad in the lower half, the next/previous pair last (the thumb's place).
    for box in [b.bounding_box() for b in remote.locator(".rbtn:visible").all()]:
        assert box["height"] >= 48 and box["width"] >= 48, box
        assert box["y"] >= 844 / 2 - 1, box
        assert box["y"] + box["height"] <= 844, box
    assert remote.locator("#remote-next").bounding_box()["y"] > 844 * 0.8

    # Focus: "next" without a plan goes to the first block, then to its first question.
    remote.click("#remote-next")
    visible(projector, "#focus-banner")
    projector.wait_for_function(
        "title => document.querySelector('#focus-block').textContent.includes(title)",
        arg=FIRST_BLOCK["title"], timeout=WAIT_MS)
    remote.click("#remote-next")
    question = FIRST_BLOCK["questions_all"][0]
    projector.wait_for_function(
        "q => document.querySelector('#focus-question').textContent.includes(q)",
        arg=question, timeout=WAIT_MS)
    assert question in remote.locator("#remote-question").text_content()

    # Timer: five minutes, on the projector counting down; stopped, gone.
    remote.click("[data-minutes='5']")
    visible(projector, "#timer")
    projector.wait_for_function(
        "() => /^[45]:\\d\\d$/.test(document.querySelector('#timer-text').textContent)",
        timeout=WAIT_MS)
    remote.locator("#remote-timer").filter(has_text=":").wait_for(timeout=WAIT_MS)
    remote.click("#remote-timer-stop")
    gone(projector, "#timer")

    # Silent writing: a note written now is not on the projector until the reveal.
    remote.click("#remote-silent")
    visible(projector, "#silent-banner")
    assert remote.locator("#remote-silent").get_attribute("aria-pressed") == "true"
    assert remote.locator("#remote-silent").text_content() == "Onthullen"
    call(bram, "note:add", {"id": "n3", "block": "identiteit", "text": "Stil geschreven"})
    projector.wait_for_timeout(500)
    assert projector.locator(".note", has_text="Stil geschreven").count() == 0
    remote.click("#remote-silent")
    gone(projector, "#silent-banner")
    projector.locator(".note", has_text="Stil geschreven").first.wait_for(timeout=WAIT_MS)

    # Voting open and closed again; the lock.
    remote.click("#remote-voting")
    visible(projector, "#voting-banner")
    remote.click("#remote-voting")
    gone(projector, "#voting-banner")
    remote.click("#remote-lock")
    visible(projector, "#lock-badge")
    remote.click("#remote-lock")
    gone(projector, "#lock-badge")

    # Spotlight: the next note large on the projector, then the one after, then back.
    remote.click("#remote-spot-next")
    visible(projector, ".spot")
    first = projector.locator(".spot .note__text").text_content().replace("\xad", "")
    assert first in {"Samen sterker", "Wie trekt de kar", "Stil geschreven"}
    assert first in remote.locator("#remote-spot").text_content().replace("\xad", "")
    remote.click("#remote-spot-next")
    projector.wait_for_function(
        "first => document.querySelector('.spot .note__text').textContent.replace(/\\u00ad/g, '')"
        " !== first",
        arg=first, timeout=WAIT_MS)
    remote.click("#remote-spot-off")
    gone(projector, ".spot")

    assert_accessible(remote, axe_source)
    remote.screenshot(path=str(SCREENSHOT))
    assert remote.errors == [] and projector.errors == []


def test_the_remote_steps_through_the_session_plan(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    call(facilitator, "plan:update", {"steps": [
        {"id": "s1", "mode": "write", "block": "identiteit", "instruction": "Schrijf eerst"},
        {"id": "s2", "mode": "silent", "block": "regie", "instruction": "Nu in stilte"}]})
    projector = open_projector(open_page, live_server, code)
    remote = open_remote(open_page, live_server, workshop)
    remote.locator("#remote-next", has_text="Volgende stap").wait_for(timeout=WAIT_MS)

    remote.click("#remote-next")
    projector.locator("#step-instruction", has_text="Schrijf eerst").wait_for(timeout=WAIT_MS)
    remote.locator("#remote-where", has_text="Stap 1 van 2").wait_for(timeout=WAIT_MS)
    remote.click("#remote-next")
    projector.locator("#step-instruction", has_text="Nu in stilte").wait_for(timeout=WAIT_MS)
    visible(projector, "#silent-banner")
    assert remote.locator("#remote-next").is_disabled()
    remote.click("#remote-prev")
    projector.locator("#step-instruction", has_text="Schrijf eerst").wait_for(timeout=WAIT_MS)
    gone(projector, "#silent-banner")
    assert remote.errors == []


def test_the_qr_code_is_on_the_facilitator_page_only_and_the_key_never_reaches_the_projector(
        open_page, live_server, workshop):
    code, key = workshop["code"], workshop["facilitator_key"]
    projector_urls = []

    def watch(page):
        page.on("request", lambda request: projector_urls.append(request.url))
        page.on("websocket", lambda socket: projector_urls.append(socket.url))

    projector = open_page(f"{live_server.url}/p/{code}", before=watch, viewport={"width": 1920, "height": 1080})
    projector.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    facilitator = open_facilitator(open_page, live_server, workshop)

    # Hidden until asked for; shown as a blob (the key in no URL the page loads); hidden again.
    assert facilitator.locator("#remote-box").is_hidden()
    facilitator.click("#remote-show")
    visible(facilitator, "#remote-qr")
    facilitator.wait_for_function(
        "() => document.querySelector('#remote-qr').src.startsWith('blob:')"
        " && document.querySelector('#remote-qr').naturalWidth > 0", timeout=WAIT_MS)
    assert facilitator.locator("#remote-show").get_attribute("aria-expanded") == "true"
    facilitator.click("#remote-hide")
    gone(facilitator, "#remote-box")
    assert facilitator.locator("#remote-qr").get_attribute("src") is None

    # The QR code carries the remote link with the key: the same drawing segno makes of it.
    answer = requests.post(f"{live_server.url}/api/workshops/{code}/remote-qr.svg",
                           headers={"X-Facilitator-Key": key, "Accept-Encoding": "gzip, br"},
                           timeout=5)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers.get("Content-Encoding") == "identity"  # never compressed (BREACH)
    expected = io.BytesIO()
    # (With the join link's tag, which the server derives from the key's hash.)
    tag = link_tag(SimpleNamespace(facilitator_key_hash=hash_secret(key)))
    segno.make(f"{live_server.url}/r/{code}?k={tag}#key={key}", error="m").save(
        expected, kind="svg", border=2, dark="#111", xmldecl=False, svgns=True, unit="px")
    assert answer.content == expected.getvalue()
    # Only with the key: none is 401, a wrong one 403, both in JSON.
    none = requests.post(f"{live_server.url}/api/workshops/{code}/remote-qr.svg", timeout=5)
    wrong = requests.post(f"{live_server.url}/api/workshops/{code}/remote-qr.svg",
                          headers={"X-Facilitator-Key": "x" * 32}, timeout=5)
    assert (none.status_code, none.json()["code"]) == (401, "facilitator_key_required")
    assert (wrong.status_code, wrong.json()["code"]) == (403, "bad_facilitator_key")
    assert requests.get(f"{live_server.url}/api/workshops/{code}/remote-qr.svg",
                        timeout=5).status_code == 405

    # The projector: no remote QR, no key in its DOM or any URL it loaded.
    assert projector.locator("#remote-qr, #remote-show").count() == 0
    assert key not in projector.content()
    assert projector_urls and not [url for url in projector_urls if key in url or "/r/" in url]
    assert facilitator.errors == [] and projector.errors == []


def test_the_remote_catches_up_after_the_phone_was_offline(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    projector = open_projector(open_page, live_server, code)
    remote = open_remote(open_page, live_server, workshop)
    context = remote.context

    # The screen locks, the network goes: meanwhile the laptop starts silent writing.
    context.set_offline(True)
    remote.wait_for_selector(".conn[data-state=offline]", timeout=WAIT_MS)
    call(facilitator, "workshop:update", {"silent": True, "locked": True})
    remote.wait_for_timeout(300)
    assert remote.locator("#remote-silent").get_attribute("aria-pressed") == "false"

    context.set_offline(False)
    remote.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    remote.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    remote.wait_for_function(
        "() => document.querySelector('#remote-silent').getAttribute('aria-pressed') === 'true'",
        timeout=WAIT_MS)
    assert remote.locator("#remote-lock").get_attribute("aria-pressed") == "true"
    # And it drives the projector again.
    remote.click("#remote-silent")
    gone(projector, "#silent-banner")
    assert remote.errors == []


def test_the_participant_pages_service_worker_never_takes_the_remote(
        chromium_browser, live_server, workshop):
    context = chromium_browser.new_context(**PHONE)
    try:
        phone = open_phone(context, f"{live_server.url}/j/{workshop['code']}")
        wait_for_shell(phone)
        remote = context.new_page()
        remote.goto(f"{live_server.url}/r/{workshop['code']}#key={workshop['facilitator_key']}")
        remote.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
        assert remote.evaluate("() => navigator.serviceWorker.controller") is None
        wait_until(remote, """async () => {
          const urls = [];
          for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
          }
          return urls.length > 0 && !urls.some((url) => url.includes('/r/'));
        }""")
    finally:
        context.close()


def test_the_remote_in_english_counts_in_the_singular(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    sam = sockets(code, name="Sam")
    call(sam, "note:add", {"id": "e1", "block": "regie", "text": "Who leads"})
    sockets(code, name="Kim")
    page = open_page(f"{live_server.url}/r/{code}?lang=en#key={workshop['facilitator_key']}", **PHONE)
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    page.wait_for_function("() => document.querySelector('#remote-room').textContent.includes('joined')",
                           timeout=WAIT_MS)
    assert page.locator("#remote-room").text_content() == "2 joined · 2 online · 1 has posted"
    assert page.locator("#remote-next").text_content() == "Next question ›"
    assert page.locator("#remote-silent").text_content() == "Silent writing"
    assert page.locator("html").get_attribute("lang") == "en"
