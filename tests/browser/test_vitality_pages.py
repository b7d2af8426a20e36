"""The vitality check in real Chromium: the facilitator opens it, two phones rate (one changes
its mind), the projector shows the distribution live (n and mean, never who), the facilitator
takes a snapshot, and after new ratings the compare page shows the change per block."""
import os

import requests
from conftest import PHONE, PROJECTOR, WAIT_MS, open_facilitator, open_projector

SHOTS = os.environ.get("VITALITY_SHOTS")  # a folder: the screenshots are kept there


def shoot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, name), full_page=False)


def open_phone(open_page, server, code, name, viewport):
    page = open_page(f"{server.url}/j/{code}", **{**PHONE, "viewport": viewport})
    page.fill("#name-input", name)
    page.click("#name-form button[type=submit]")
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    return page


def rate(phone, block, score):
    """Tap a score and wait until the server has it (the waiting mark is gone)."""
    phone.click(f".vital__row[data-block={block}] .vital__button[data-score='{score}']")
    phone.wait_for_selector(f".vital__row[data-block={block}]:not(.is-waiting) "
                            f".vital__button[data-score='{score}'][aria-pressed=true]",
                            timeout=WAIT_MS)


def column_text(projector, block):
    return projector.inner_text(f".vchart__block[data-block={block}]")


def test_a_vitality_round_from_the_phones_to_the_projector_and_the_comparison(
        open_page, live_server, workshop):
    code = workshop["code"]
    facilitator = open_facilitator(open_page, live_server, workshop)
    projector = open_projector(open_page, live_server, code)
    projector.set_viewport_size({"width": 1280, "height": 720})
    fatima = open_phone(open_page, live_server, code, "Fatima", {"width": 360, "height": 740})
    joost = open_phone(open_page, live_server, code, "Joost", {"width": 320, "height": 568})
    assert projector.is_hidden(".vchart") and fatima.is_hidden("#vitality-card")

    facilitator.click("#ctl-vitality-toggle")
    for page, selector in ((projector, ".vchart"), (fatima, "#vitality-card"),
                           (joost, "#vitality-card")):
        page.wait_for_selector(selector, state="visible", timeout=WAIT_MS)
    facilitator.wait_for_selector("#ctl-vitality-toggle[aria-pressed=true]", timeout=WAIT_MS)

    # Large enough for a thumb, and nothing wider than the narrowest phone.
    sizes = joost.eval_on_selector_all(".vital__button", "els => els.map(e => { "
                                       "const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
    assert len(sizes) == 25 and all(w >= 48 and h >= 48 for w, h in sizes), sizes
    assert joost.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert "Anoniem" in joost.inner_text("#vitality-card")

    rate(fatima, "identiteit", 2)
    rate(fatima, "identiteit", 4)  # changes her mind: replaces
    rate(joost, "identiteit", 3)
    for block, score in (("spelregels", 2), ("organisatie", 3), ("regie", 4), ("coalities", 5)):
        rate(fatima, block, score)
    rate(joost, "regie", 2)
    assert "Jouw score: 4" in fatima.inner_text(".vital__row[data-block=identiteit]")

    projector.wait_for_function(
        "() => { const c = document.querySelector('.vchart__block[data-block=identiteit]');"
        " return c && c.querySelector('.vchart__n').textContent === 'n = 2'"
        " && c.querySelector('.vchart__mean').textContent === '3,5'; }", timeout=WAIT_MS)
    text = column_text(projector, "identiteit")
    assert "Fatima" not in projector.inner_text(".vchart") and "Joost" not in projector.inner_text(".vchart")
    counts = projector.eval_on_selector_all(
        ".vchart__block[data-block=identiteit] .vchart__count", "els => els.map(e => e.textContent)")
    assert counts == ["0", "0", "1", "1", "0"], (counts, text)
    facilitator.wait_for_function(
        "() => document.querySelector('#ctl-vitality [data-block=identiteit] .vctl__value')"
        ".textContent.startsWith('n = 2')", timeout=WAIT_MS)
    # The chart stays inside the projector's screen.
    box = projector.eval_on_selector(".vchart", "e => { const r = e.getBoundingClientRect(); "
                                     "return [r.bottom, r.right]; }")
    assert box[0] <= 720 and box[1] <= 1280, box
    shoot(fatima, "phone-360x740.png")
    joost.evaluate("() => document.querySelector('#vitality-card').scrollIntoView()")
    shoot(joost, "phone-320x568.png")
    shoot(projector, "projector-1280x720.png")
    shoot(facilitator, "facilitator-control.png")
    projector.set_viewport_size(PROJECTOR["viewport"])
    shoot(projector, "projector-1920x1080.png")

    # The facilitator takes a snapshot on the page; then the room rates again.
    facilitator.fill("#snapshot-label", "Start")
    facilitator.click("#snapshot-submit")
    facilitator.wait_for_function("() => document.querySelectorAll('#snapshot-list li').length === 1",
                                  timeout=WAIT_MS)
    listed = requests.get(f"{live_server.url}/api/workshops/{code}/snapshots", timeout=5).json()
    snapshot_id = listed["snapshots"][0]["id"]
    rate(joost, "identiteit", 5)
    rate(joost, "regie", 1)

    compare = open_page(f"{live_server.url}/c/{code}?from={snapshot_id}&to=current")
    compare.wait_for_selector(".cvit__row[data-block=identiteit]", timeout=WAIT_MS)
    identiteit = compare.inner_text(".cvit__row[data-block=identiteit]")
    assert "Identiteit" in identiteit and "3,5 → 4,5 (n = 2 → 2)" in identiteit and "omhoog" in identiteit
    regie = compare.inner_text(".cvit__row[data-block=regie]")
    assert "3,0 → 2,5 (n = 2 → 2)" in regie and "omlaag" in regie
    assert "gelijk" in compare.inner_text(".cvit__row[data-block=coalities]")
    shoot(compare, "compare.png")
    for page in (facilitator, projector, fatima, joost, compare):
        assert page.errors == [], page.errors


def test_a_score_tapped_offline_says_so_and_arrives_after_the_reconnect(
        open_page, live_server, workshop):
    code = workshop["code"]
    facilitator = open_facilitator(open_page, live_server, workshop)
    phone = open_phone(open_page, live_server, code, "Fatima", {"width": 360, "height": 740})
    facilitator.click("#ctl-vitality-toggle")
    phone.wait_for_selector("#vitality-card", state="visible", timeout=WAIT_MS)
    phone.context.set_offline(True)
    phone.wait_for_selector(".conn[data-state=offline]", timeout=WAIT_MS)
    phone.click(".vital__row[data-block=spelregels] .vital__button[data-score='4']")
    phone.wait_for_selector(".vital__offline", state="visible", timeout=WAIT_MS)
    assert phone.get_attribute(".vital__row[data-block=spelregels] .vital__button[data-score='4']",
                               "aria-pressed") == "true"
    state = requests.get(f"{live_server.url}/api/workshops/{code}", timeout=5).json()
    assert state["vitality"]["spelregels"]["count"] == 0
    phone.context.set_offline(False)
    phone.wait_for_selector(".vital__row[data-block=spelregels]:not(.is-waiting)", timeout=WAIT_MS * 2)
    phone.wait_for_selector(".vital__offline", state="hidden", timeout=WAIT_MS)
    state = requests.get(f"{live_server.url}/api/workshops/{code}", timeout=5).json()
    assert state["vitality"]["spelregels"] == {"count": 1, "mean": 4.0, "histogram": [0, 0, 0, 1, 0]}
    assert phone.errors == [], phone.errors
