"""Commitments in real Chromium: the facilitator marks an agreement and every page shows the
badge; a phone fills in its card's trekker, first step and date and the projector shows them;
the calendar link downloads a file that parses."""
from pathlib import Path

import requests
from conftest import WAIT_MS, call, open_facilitator, open_phone, open_projector
from icalendar import Calendar

SHOTS = Path("/tmp/shots-14c")


def test_agreement_badge_and_card_commitment_reach_projector_and_phone(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    writer = sockets(code, name="Bram")
    call(writer, "note:add", {"id": "s-1", "block": "spelregels",
                              "text": "We besluiten met consent"})
    facilitator = open_facilitator(open_page, live_server, workshop)
    projector = open_projector(open_page, live_server, code)
    phone = open_phone(open_page, live_server, code, name="Fatima")
    projector.locator("#sheet .note").filter(has_text="consent").wait_for(timeout=WAIT_MS)

    note = facilitator.locator("#sheet .note").filter(has_text="consent")
    note.hover()
    note.get_by_role("button", name="Markeer als afspraak").click()
    for page in (facilitator, projector, phone):
        page.locator(".note").filter(has_text="consent").locator(".note__agreement") \
            .filter(has_text="Afspraak").wait_for(timeout=WAIT_MS)

    # The phone writes a card and its commitment in the card editor.
    phone.click("#compose-form .segmented__option:has-text('Coalities')")
    phone.fill("#compose-form textarea.input--text", "Buurtkamer Oost")
    phone.select_option("#compose-form select", "project")
    phone.fill("#compose-form .nform__trekker input", "Fatima de Vries")
    phone.fill("#compose-form .nform__eerste_stap textarea", "Ruimte in het buurthuis vastleggen")
    phone.fill("#compose-form .nform__datum input", "2027-03-15")
    phone.click("#compose-submit")
    card = projector.locator("#sheet .ccard").filter(has_text="Buurtkamer Oost")
    card.locator(".ccard__commitment").filter(has_text="Fatima de Vries").wait_for(
        timeout=WAIT_MS)
    text = card.locator(".ccard__commitment").inner_text().replace("\u00ad", "")
    assert "Ruimte in het buurthuis vastleggen" in text and "2027" in text
    stored = next(n for n in requests.get(f"{live_server.url}/api/workshops/{code}",
                                          timeout=5).json()["notes"]
                  if n["text"] == "Buurtkamer Oost")
    assert stored["coalition"]["datum"] == "2027-03-15"

    # The calendar link next to the other downloads gives a file that parses.
    link = facilitator.locator("a[data-download=ics]").first
    href = link.get_attribute("href")
    assert href.endswith("/commitments.ics")
    calendar = Calendar.from_ical(requests.get(live_server.url + href, timeout=10).content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == \
        ["Buurtkamer Oost: Ruimte in het buurthuis vastleggen"]

    SHOTS.mkdir(exist_ok=True)
    projector.set_viewport_size({"width": 1280, "height": 720})
    card.scroll_into_view_if_needed()
    projector.screenshot(path=str(SHOTS / "projector-1280x720.png"))
    phone.set_viewport_size({"width": 360, "height": 780})
    phone_card = phone.locator(".ccard").filter(has_text="Buurtkamer Oost").first
    phone_card.scroll_into_view_if_needed()
    phone.screenshot(path=str(SHOTS / "phone-360.png"))
    for page in (facilitator, projector, phone):
        assert page.errors == []
