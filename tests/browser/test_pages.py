"""The pages in real Chromium against a real server: phones, projector, facilitator, home."""
import re

import pytest
import socketio
from conftest import PHONE, PROJECTOR, WAIT_MS, open_phone, post_from_phone

# Payloads that would run script if any page put note text into HTML.
INJECTIONS = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    '"><svg onload="window.__pwned=3">',
    "&lt;b&gt; & <b>vet</b>",
]


def projector_note(page, text):
    return page.locator("#sheet .note, #sheet .ccard").filter(has_text=text)


@pytest.fixture
def code(live_server):
    return live_server.create_workshop(title="Zorgnetwerk Oost")["code"]


def test_note_posted_from_a_phone_appears_on_the_projector(open_page, live_server, code):
    projector = open_page(f"{live_server.url}/p/{code}", **PROJECTOR)
    projector.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    phone = open_phone(open_page, live_server, code)

    post_from_phone(phone, "Regie en leiderschap", "Gegunde regie bij de wijkcoördinator")

    note = projector_note(projector, "Gegunde regie bij de wijkcoördinator")
    note.wait_for(timeout=WAIT_MS)
    assert note.locator("xpath=ancestor::*[@data-block][1]").get_attribute("data-block") == "regie"
    assert "Fatima" in note.inner_text()
    # The projector counts the phone as online.
    assert re.search(r"\b1\b", projector.locator("#stat-online").inner_text())
    assert projector.errors == [] and phone.errors == []


def test_projector_board_fills_the_screen_without_banners(open_page, live_server, code):
    projector = open_page(f"{live_server.url}/p/{code}", **PROJECTOR)
    projector.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    assert projector.locator("#banners").is_hidden()
    sheet = projector.locator("#sheet").bounding_box()
    foot = projector.locator(".proj__foot").bounding_box()
    # The board reaches down to the footer line; the footer is one line at the bottom.
    assert foot["y"] - (sheet["y"] + sheet["height"]) < 30, (sheet, foot)
    assert foot["height"] < 40 and foot["y"] + foot["height"] <= 1080


def test_phone_page_fits_390_pixels_with_big_touch_targets(open_page, live_server, code):
    phone = open_phone(open_page, live_server, code)
    post_from_phone(phone, "Spelregels", "Besluiten nemen we bij voorkeur met consent " * 5)
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390
    # offsetWidth/Height: the layout size, not the size during the arrival animation.
    sizes = phone.evaluate("""() => [...document.querySelectorAll(
        '#compose-form .segmented__option, #compose-submit, .note button')]
        .filter(el => el.offsetParent !== null)
        .map(el => [el.offsetWidth, el.offsetHeight])""")
    assert sizes and all(min(w, h) >= 44 for w, h in sizes), sizes


def test_participant_edits_moves_and_deletes_own_note_only(open_page, live_server, code):
    other = socketio.SimpleClient()
    other.connect(live_server.url, transports=["websocket"])
    try:
        other.call("join", {"code": code, "name": "Bram"})
        other.call("note:add", {"id": "bram-1", "block": "regie", "text": "Notitie van Bram"})
        phone = open_phone(open_page, live_server, code)
        post_from_phone(phone, "Identiteit", "Eerste versie")

        mine = phone.locator("#list .note").filter(has_text="Eerste versie")
        theirs = phone.locator("#list .note").filter(has_text="Notitie van Bram")
        theirs.wait_for(timeout=WAIT_MS)
        assert theirs.locator("button").count() == 0  # no edit on someone else's note

        mine.locator("button").first.click()
        dialog = phone.locator("dialog.dialog[open]")
        dialog.locator("textarea.input--text").fill("Tweede versie")
        dialog.locator("select").first.select_option("spelregels")
        dialog.locator("button[type=submit]").click()
        edited = phone.locator("#list [data-block=spelregels] .note").filter(
            has_text="Tweede versie")
        edited.wait_for(timeout=WAIT_MS)
        state = live_server_state(live_server, code)
        assert [(n["text"], n["block"]) for n in state["notes"] if n["id"] != "bram-1"] == \
            [("Tweede versie", "spelregels")]

        edited.locator("button").first.click()
        phone.locator("dialog.dialog[open] .button--danger-quiet").click()
        phone.locator("dialog.dialog[open] .button--danger").click()
        edited.wait_for(state="detached", timeout=WAIT_MS)
        assert [n["id"] for n in live_server_state(live_server, code)["notes"]] == ["bram-1"]
    finally:
        other.disconnect()


def live_server_state(server, code):
    import requests
    return requests.get(f"{server.url}/api/workshops/{code}", timeout=5).json()


def test_coalition_card_from_a_phone_is_a_card_on_the_projector(open_page, live_server, code):
    projector = open_page(f"{live_server.url}/p/{code}", **PROJECTOR)
    phone = open_phone(open_page, live_server, code)
    phone.click("#compose-form .segmented__option:has-text('Coalities')")
    phone.fill("#compose-form textarea.input--text", "Buurtkamer Oost")
    phone.select_option("#compose-form .nform__coalition select", "project")
    inputs = phone.locator("#compose-form .nform__coalition textarea")
    inputs.nth(0).fill("Een huiskamer voor de hele wijk")
    inputs.nth(1).fill("Woonstad, Welzijn Oost")
    inputs.nth(2).fill("Bewoners")
    phone.click("#compose-submit")

    card = projector.locator("#sheet .ccard").filter(has_text="Buurtkamer Oost")
    card.wait_for(timeout=WAIT_MS)
    # as written, not as CSS capitalises it (and without the soft hyphens for wrapping)
    text = card.text_content().replace("\u00ad", "")
    for expected in ("Project", "Een huiskamer voor de hele wijk", "Woonstad, Welzijn Oost",
                     "Bewoners"):
        assert expected in text


def test_note_text_with_markup_is_shown_as_text_and_never_runs(open_page, live_server):
    workshop = live_server.create_workshop(title='<b>Titel</b> & "quotes"')
    code = workshop["code"]
    writer = socketio.SimpleClient()
    writer.connect(live_server.url, transports=["websocket"])
    try:
        writer.call("join", {"code": code, "name": "<i>Naam</i>"})
        for index, text in enumerate(INJECTIONS):
            block = "coalities" if index == 0 else "identiteit"
            payload = {"id": f"x{index}", "block": block, "text": text}
            if block == "coalities":
                payload["coalition"] = {"werkvorm": "project", "ambitie": INJECTIONS[1],
                                        "kernpartners": INJECTIONS[2], "doelgroep": "<u>x</u>"}
            assert writer.call("note:add", payload)["ok"]
        pages = [
            open_page(f"{live_server.url}/p/{code}", **PROJECTOR),
            open_page(f"{live_server.url}/f/{code}#key={workshop['facilitator_key']}"),
            open_phone(open_page, live_server, code),
        ]
        for page in pages:
            for text in INJECTIONS:
                page.locator(".note, .ccard").filter(has_text=text).first.wait_for(
                    timeout=WAIT_MS)
            assert page.evaluate("() => window.__pwned") is None
            assert page.locator(".note img, .ccard svg:not(.icon), .note script, .note b, "
                                ".ccard u").count() == 0
            assert '<b>Titel</b> & "quotes"' in page.content() or \
                page.locator("text=<b>Titel</b>").count() > 0
            assert page.errors == []
        # A note posted live (not in the join state) is rendered as text too.
        writer.call("note:add", {"id": "live", "block": "regie", "text": INJECTIONS[0]})
        for page in pages:
            page.locator("[data-block=regie] .note").filter(has_text=INJECTIONS[0]).first.wait_for(
                timeout=WAIT_MS)
            assert page.evaluate("() => window.__pwned") is None
    finally:
        writer.disconnect()


def test_facilitator_page_takes_the_key_from_the_link_and_moderates(open_page, live_server):
    workshop = live_server.create_workshop()
    code = workshop["code"]
    phone = open_phone(open_page, live_server, code, name="Anouk")
    post_from_phone(phone, "Organisatie", "Een vaste regisseur")
    facilitator = open_page(f"{live_server.url}/f/{code}#key={workshop['facilitator_key']}")
    note = facilitator.locator(".note").filter(has_text="Een vaste regisseur")
    note.wait_for(timeout=WAIT_MS)
    # The key leaves the address bar (and so the history and screen) once it is stored.
    assert "#key" not in facilitator.url
    assert facilitator.locator("text=Anouk").count() > 0

    note.hover()
    note.get_by_role("button", name="Verwijderen").click()
    facilitator.locator("dialog.dialog[open] .button--danger").click()
    phone.locator("#list .note").filter(has_text="Een vaste regisseur").wait_for(
        state="detached", timeout=WAIT_MS)
    assert live_server_state(live_server, code)["notes"] == []


def test_facilitator_page_without_the_key_asks_for_it(open_page, live_server, code):
    page = open_page(f"{live_server.url}/f/{code}")
    page.wait_for_selector("#need-key:not([hidden])", timeout=WAIT_MS)
    assert page.locator(".note").count() == 0


def test_home_creates_a_workshop_and_joins_by_code(open_page, live_server):
    home = open_page(live_server.url + "/")
    home.fill("#create-title-input", "Energie Regio West")
    home.click("#create-form button[type=submit]")
    home.wait_for_selector("#created:not([hidden])", timeout=WAIT_MS)
    facilitator_url = home.input_value("#created-facilitator")
    code = home.inner_text("#created-code").replace(" ", "")
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    assert facilitator_url.endswith(f"/f/{code}" + facilitator_url[facilitator_url.index("#"):])
    # The QR code image loads (it is fetched after the panel appears).
    home.wait_for_function("() => document.querySelector('#created-qr').complete && "
                           "document.querySelector('#created-qr').naturalWidth > 0",
                           timeout=WAIT_MS)

    visitor = open_page(live_server.url + "/", **PHONE)
    visitor.fill("#join-code", code[:3].lower() + " " + code[3:].lower())
    visitor.click("#join-form button[type=submit]")
    visitor.wait_for_url(f"**/j/{code}", timeout=WAIT_MS)
    visitor.wait_for_selector("#name-input", timeout=WAIT_MS)


def test_pages_switch_to_english(open_page, live_server, code):
    page = open_page(f"{live_server.url}/j/{code}?lang=en", **PHONE)
    page.wait_for_selector("#name-input")
    assert "Start" in page.inner_text("#name-form")
    page.click("#name-form button[type=submit]")
    page.wait_for_selector("#compose-form .segmented__option:has-text('Direction and leadership')",
                           timeout=WAIT_MS)


def test_a_text_missing_from_a_pages_boot_data_shows_its_key_and_warns(
        chromium_browser, browser_contexts, live_server, code):
    """Each page gets only its scripts' texts (canvas/web/pagetexts.py); a key it lacks must not
    break the page. Opened without open_page, whose check would count this warning."""
    context = chromium_browser.new_context(**PHONE)
    browser_contexts.append(context)
    page = context.new_page()
    warnings = []
    page.on("console", lambda message: message.type == "warning" and warnings.append(message.text))
    page.goto(f"{live_server.url}/j/{code}")
    page.wait_for_selector("#name-input", timeout=WAIT_MS)
    boot_url = page.evaluate(
        "new URL('boot.js', document.querySelector('script[type=module]').src).href")
    shown = page.evaluate("async (url) => { const { t } = await import(url); return"
                          " [t('ctl_lock'), t('ctl_lock'), t('writing_as', { name: 'Ada' })]; }",
                          boot_url)
    assert shown[:2] == ["ctl_lock", "ctl_lock"]  # a facilitator's text: not on the phone
    assert "Ada" in shown[2]
    page.wait_for_timeout(200)
    assert [w for w in warnings if "ctl_lock" in w] == [
        'Netwerk Canvas: no text "ctl_lock" in this page\'s boot data (canvas/web/pagetexts.py)']
