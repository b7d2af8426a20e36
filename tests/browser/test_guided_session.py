"""A whole guided session in real Chromium, as the issue's "done" describes it: a facilitator
starts from the method's start-up template, runs every step with "Volgende stap" while the
projector and a phone follow, ends with a poster that holds the canvas, the agreements and the
vitality chart, and months later compares the vitality of two snapshots."""
import io
import sys
from pathlib import Path

import requests
from conftest import WAIT_MS, call, open_facilitator, open_phone, open_projector
from pypdf import PdfReader

from canvas import session_templates

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import seednotes  # noqa: E402

AGREEMENT = "We besluiten met consent: niemand heeft een overwegend bezwaar"
CARD = {"id": "card-buurt", "block": "coalities", "text": "Buurtkamer Oost",
        "coalition": {"werkvorm": "project", "trekker": "Bram de Wit",
                      "eerste_stap": "Eerste bijeenkomst met mantelzorgers plannen",
                      "datum": "2027-02-01"}}


def shows_step(page, label):
    page.wait_for_function("(label) => [...document.querySelectorAll('#run-text, #step-pos')]"
                           ".some((el) => el.offsetParent && el.textContent.includes(label))",
                           arg=label, timeout=WAIT_MS)


def rate(phone, block, score):
    """Tap a score on the phone and wait until the server has it."""
    phone.click(f".vital__row[data-block={block}] .vital__button[data-score='{score}']")
    phone.wait_for_selector(f".vital__row[data-block={block}]:not(.is-waiting) "
                            f".vital__button[data-score='{score}'][aria-pressed=true]",
                            timeout=WAIT_MS)


def snapshot(live_server, workshop, label):
    response = requests.post(f"{live_server.url}/api/workshops/{workshop['code']}/snapshots",
                             json={"label": label}, timeout=10,
                             headers={"X-Facilitator-Key": workshop["facilitator_key"]})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_a_whole_session_from_a_template_to_the_poster_and_a_later_comparison(
        open_page, live_server, sockets):
    workshop = requests.post(f"{live_server.url}/api/workshops", timeout=5, json={
        "title": "Zorgnetwerk Oost", "language": "nl", "template": "startsessie"}).json()
    code = workshop["code"]
    steps = session_templates.template_steps("startsessie", "nl")
    total = len(steps)
    facilitator = open_facilitator(open_page, live_server, workshop)
    projector = open_projector(open_page, live_server, code)
    phone = open_phone(open_page, live_server, code, name="Fatima")
    bram = sockets(code, name="Bram")
    boss = sockets(code, facilitator_key=workshop["facilitator_key"])
    facilitator.wait_for_selector("#runbar:not([hidden])", timeout=WAIT_MS)

    written = set()
    for n, step in enumerate(steps, start=1):
        button = facilitator.locator("#run-next")
        button.click()
        for page in (facilitator, projector, phone):
            shows_step(page, f"Stap {n} van {total}")
        if step["mode"] in ("write", "silent") and step["block"] not in written:
            # The room writes into the step's block (Bram from his phone's socket).
            written.add(step["block"])
            if step["block"] == "coalities":
                call(bram, "note:add", CARD)
            else:
                text = AGREEMENT if step["block"] == "spelregels" else f"Notitie voor {step['block']}"
                call(bram, "note:add", {"id": f"n-{step['block']}", "block": step["block"],
                                        "text": text})
        if step["mode"] == "discuss" and step["block"] == "spelregels":
            # What the group agreed on becomes an agreement.
            call(boss, "note:agreement", {"id": "n-spelregels", "agreement": True})
            projector.wait_for_selector(".note:has-text('We besluiten met consent') "
                                        ".note__agreement", timeout=WAIT_MS)
        if step["mode"] == "vitality":
            # The last step: everyone rates the five blocks; the projector shows the chart.
            phone.wait_for_selector("#vitality-card:not([hidden])", timeout=WAIT_MS)
            for block, score in (("identiteit", 4), ("spelregels", 3), ("organisatie", 2),
                                 ("regie", 3), ("coalities", 5)):
                rate(phone, block, score)
                call(bram, "vitality:rate", {"block": block, "score": 2})
            projector.wait_for_function(
                "() => { const c = document.querySelector('.vchart__block[data-block=identiteit]');"
                " return c && c.querySelector('.vchart__n').textContent === 'n = 2'"
                " && c.querySelector('.vchart__mean').textContent === '3,0'; }",
                timeout=WAIT_MS)
    assert written == {"identiteit", "spelregels", "organisatie", "regie", "coalities"}
    # Past the last step there is no next one.
    assert facilitator.locator("#run-next").is_disabled() or \
        f"Stap {total} van {total}" in facilitator.text_content("#run-text")

    # The end of the session: a snapshot and its poster, with the canvas, the agreements and
    # the vitality chart.
    first = snapshot(live_server, workshop, "Einde startsessie")
    pdf = requests.get(f"{live_server.url}/api/workshops/{code}/snapshots/{first}/poster.pdf",
                       params={"size": "A3"}, timeout=120)
    assert pdf.status_code == 200, pdf.text
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages]
    whole = " ".join(" ".join(pages).split())
    assert "Notitie voor regie" in whole and "Buurtkamer Oost" in whole  # the canvas
    followup = " ".join(pages[-1].split())
    assert "Afspraken en vervolg" in followup
    assert "We besluiten met consent" in followup
    assert "Bram de Wit" in followup and "1 februari 2027" in followup
    assert "Vitaliteit van het netwerk" in followup
    assert "gemiddeld 3,0 · n = 2" in followup  # identiteit: 4 and 2
    for title in ("Identiteit", "Spelregels", "Organisatie", "Regie en leiderschap", "Coalities"):
        assert title in followup

    # Months later the network meets again: a new check on the same canvas.
    call(boss, "vitality:reset", {})
    phone.wait_for_selector(".vital__row[data-block=identiteit] "
                            ".vital__button[aria-pressed=true]", state="detached", timeout=WAIT_MS)
    rate(phone, "identiteit", 5)
    call(bram, "vitality:rate", {"block": "identiteit", "score": 4})
    call(bram, "vitality:rate", {"block": "organisatie", "score": 2})
    second = snapshot(live_server, workshop, "Een half jaar later")

    compare = open_page(f"{live_server.url}/c/{code}?from={first}&to={second}")
    compare.wait_for_selector(".cvit__row[data-block=identiteit]", timeout=WAIT_MS)
    identiteit = " ".join(compare.inner_text(".cvit__row[data-block=identiteit]").split())
    assert "3,0 → 4,5" in identiteit and "n = 2 → 2" in identiteit and "omhoog" in identiteit
    organisatie = " ".join(compare.inner_text(".cvit__row[data-block=organisatie]").split())
    assert "2,0 → 2,0" in organisatie and "n = 2 → 1" in organisatie
    for page in (facilitator, projector, phone, compare):
        assert page.errors == []


def test_the_facilitator_keeps_every_block_in_view_while_the_room_follows_one(
        open_page, live_server, sockets):
    """A step puts one block in focus on the projector and the phones; the facilitator's board
    marks it but keeps every block with its notes on the screen (1366x768)."""
    workshop = requests.post(f"{live_server.url}/api/workshops", timeout=5, json={
        "title": "Zorgnetwerk Oost", "template": "startsessie"}).json()
    seednotes.fill(live_server.url, workshop["code"], seednotes.notes(150))
    boss = sockets(workshop["code"], facilitator_key=workshop["facilitator_key"])
    call(boss, "plan:go", {"step": 1})  # clustering identiteit: identiteit in focus
    page = open_facilitator(open_page, live_server, workshop)
    page.wait_for_selector("#sheet.has-followed [data-block=identiteit].is-followed",
                           timeout=WAIT_MS)
    page.wait_for_function("() => [...document.querySelectorAll('#sheet [data-block]')].every("
                           "(b) => b.querySelector('.note, .ccard, .cluster'))", timeout=WAIT_MS)
    width = page.evaluate("() => document.documentElement.clientWidth")
    for block in ("identiteit", "spelregels", "organisatie", "regie", "coalities"):
        box = page.eval_on_selector(f"#sheet [data-block={block}]",
                                    "el => el.getBoundingClientRect().toJSON()")
        assert box["right"] <= width and box["height"] > 100, (block, box)
        shown = page.eval_on_selector_all(
            f"#sheet [data-block={block}] :is(.note, .ccard)",
            "els => els.filter((el) => el.getBoundingClientRect().height > 0).length")
        assert shown > 0, block
    assert page.errors == []
