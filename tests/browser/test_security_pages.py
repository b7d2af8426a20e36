"""Script injection and the Content-Security-Policy in real Chromium.

A corpus of injection payloads goes in as workshop title, names, notes, coalition fields and a
snapshot label. Every page then shows them as text: nothing runs, no element is made from them,
the pages break no rule of the Content-Security-Policy and ask no other host for anything.
"""
import time

import pytest
import requests
import socketio
from conftest import PHONE, PROJECTOR, WAIT_MS

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload=window.__xss=1>',
    "</textarea><script>window.__xss=1</script>",
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    "' onmouseover='window.__xss=1' x='",
    '<a href="javascript:window.__xss=1">klik</a>',
    "javascript:window.__xss=1",
    "{{7*7}} ${7*7} {% print 7 %}",
    "<style>body{display:none}</style>",
]
# Elements the payloads would create if any of them were parsed as HTML.
INJECTED = ('img[src="x"], svg[onload], iframe, a[href^="javascript"], style:not([data-app]),'
            ' script:not([src]):not([type="application/json"])')


@pytest.fixture
def hostile_workshop(live_server):
    created = requests.post(live_server.url + "/api/workshops",
                            json={"title": '<img src=x onerror="window.__xss=1"> Wijk'},
                            timeout=5).json()
    code = created["code"]
    writers = []
    for i, payload in enumerate(PAYLOADS):
        client = socketio.SimpleClient()
        client.connect(live_server.url, transports=["websocket"])
        writers.append(client)
        assert client.call("join", {"code": code, "name": payload[:60]})["ok"]
        block = ("identiteit", "spelregels", "organisatie", "regie", "coalities")[i % 5]
        note = {"id": f"x{i}", "block": block, "text": payload}
        if block == "coalities":
            note["coalition"] = {"werkvorm": "project", "ambitie": payload,
                                 "kernpartners": payload, "doelgroep": payload}
        assert client.call("note:add", note)["ok"]
    # Every note but the cards in a cluster titled with a payload (stacks on every page, the
    # poster, the exports); after the snapshot one is renamed and one made anew (the compare
    # page's list of clusters).
    boss = socketio.SimpleClient()
    boss.connect(live_server.url, transports=["websocket"])
    writers.append(boss)
    assert boss.call("join", {"code": code, "facilitator_key": created["facilitator_key"]})["ok"]
    notes = [i for i in range(len(PAYLOADS)) if i % 5 != 4]
    for i in notes:
        assert boss.call("cluster:create", {"id": f"c{i}", "note_ids": [f"x{i}"],
                                            "title": PAYLOADS[i]})["ok"]
    snapshot = requests.post(f"{live_server.url}/api/workshops/{code}/snapshots",
                             json={"label": PAYLOADS[1]},
                             headers={"X-Facilitator-Key": created["facilitator_key"]},
                             timeout=10).json()
    assert boss.call("cluster:update", {"id": "c0", "title": PAYLOADS[5]})["ok"]
    assert boss.call("cluster:delete", {"id": "c1"})["ok"]
    assert boss.call("cluster:create", {"id": "c1b", "note_ids": ["x1"],
                                        "title": PAYLOADS[6]})["ok"]
    yield created, snapshot["id"]
    for client in writers:
        client.disconnect()


def watch(page, origin):
    """Record what a page must never do: break a CSP rule or ask another host."""
    page.csp_violations, page.foreign = [], []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and page.csp_violations.append(message.text))
    page.on("request", lambda request: not request.url.startswith((origin, "data:", "blob:"))
            and page.foreign.append(request.url))
    page.on("dialog", lambda dialog: (page.errors.append("dialog: " + dialog.message),
                                      dialog.dismiss()))


def test_injected_markup_is_shown_as_text_everywhere(chromium_browser, live_server,
                                                     hostile_workshop):
    created, snapshot_id = hostile_workshop
    code, key = created["code"], created["facilitator_key"]
    pages = [
        ("participant", f"/j/{code}", PHONE),
        # (Pages turned every 2 s: a stack may stand on an area's second page.)
        ("projector", f"/p/{code}?page_ms=2000", PROJECTOR),
        ("facilitator", f"/f/{code}#key={key}", {"viewport": {"width": 1440, "height": 900}}),
        ("snapshot", f"/s/{code}/{snapshot_id}", {"viewport": {"width": 1440, "height": 900}}),
        ("compare", f"/c/{code}?from={snapshot_id}&to=current",
         {"viewport": {"width": 1440, "height": 900}}),
    ]
    for name, path, options in pages:
        context = chromium_browser.new_context(**options)
        try:
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda error, page=page: page.errors.append(str(error)))
            watch(page, live_server.url)
            page.goto(live_server.url + path)
            if name == "participant":
                page.fill("#name-input", PAYLOADS[2][:60])
                page.click("#name-form button[type=submit]")
            # Wait until the page shows the notes, then give any payload time to fire.
            shown = "window.__xss=1" if name == "compare" else "{{7*7}}"
            page.wait_for_function(f"() => document.body.innerText.includes({shown!r})",
                                   timeout=WAIT_MS)
            page.mouse.move(300, 300)
            page.mouse.move(900, 500)
            time.sleep(0.5)
            assert page.evaluate("() => window.__xss") is None, name
            assert page.locator(INJECTED).count() == 0, name
            text = page.evaluate("() => document.body.innerText")
            assert "{{7*7}}" in text or name == "compare", name  # no template ran either
            assert page.errors == [], (name, page.errors)
            assert page.csp_violations == [], (name, page.csp_violations)
            assert page.foreign == [], (name, page.foreign)
        finally:
            context.close()


def test_markdown_and_csv_exports_keep_markup_as_text(live_server, hostile_workshop):
    created, snapshot_id = hostile_workshop
    base = f"{live_server.url}/api/workshops/{created['code']}/snapshots/{snapshot_id}"
    for kind in ("md", "csv", "json"):
        response = requests.get(f"{base}/export.{kind}", timeout=10)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert "text/html" not in response.headers["Content-Type"]
