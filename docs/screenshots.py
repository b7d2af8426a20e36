"""Screenshots of a workshop run end to end, as a new user would: the facilitator creates it on
the home page, the projector shows it, three phones join with the code and post notes and a card.

    python docs/screenshots.py [OUTPUT_DIR]     (default docs/screenshots/; needs chromium)

The README's picture of the projector is 4-projector.png from this script.
"""
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from conftest import CHROMIUM, CHROMIUM_ARGS, LAPTOP, PHONE, PROJECTOR  # noqa: E402
from liveserver import running_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else 'docs/screenshots/'
NOTES = [
    ("Fatima", "Identiteit", "Passie", "Gezond oud worden in je eigen wijk"),
    ("Fatima", "Spelregels", None, "Besluiten nemen we met consent, niet met meerderheid"),
    ("Youssef", "Identiteit", "Ambitie", "Over 3 jaar: geen wachtlijst voor dagbesteding"),
    ("Youssef", "Regie en leiderschap", None, "Roulerend voorzitterschap per half jaar"),
    ("Anouk", "Organisatie", "Met welke middelen?", "Gezamenlijk budget van € 40.000 per jaar"),
    ("Anouk", "Identiteit", "Stijl", "Eerst doen, dan praten"),
]
os.makedirs(OUT, exist_ok=True)
OUT = OUT.rstrip("/") + "/"
# The composer empties its text box once a note is posted.
COMPOSER_EMPTY = "() => document.querySelector('#compose-form textarea.input--text').value === ''"
with tempfile.TemporaryDirectory() as tmp, \
        running_server(f'sqlite:///{tmp}/screens.db') as s, sync_playwright() as p:
    b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    fac_ctx = b.new_context(**LAPTOP)
    home = fac_ctx.new_page()
    home.goto(s.url + '/')
    home.screenshot(path=OUT + '1-home.png')
    home.fill('#create-title-input', 'Zorgnetwerk Oost · sessie 1')
    home.click('#create-form button[type=submit]')
    home.wait_for_selector('#created:not([hidden])')
    home.screenshot(path=OUT + '2-created.png', full_page=True)
    fac_url = home.input_value('#created-facilitator')
    code = home.inner_text('#created-code').replace(' ', '')
    proj = b.new_context(**PROJECTOR).new_page()
    proj.goto(s.url + f'/p/{code}')
    proj.wait_for_selector('.conn[data-state=connected]')
    proj.screenshot(path=OUT + '3-projector-empty.png')
    fac = fac_ctx.new_page()
    fac.goto(fac_url)
    phones = {}
    for name in ("Fatima", "Youssef", "Anouk"):
        ph = b.new_context(**PHONE).new_page()
        ph.goto(s.url + '/')
        ph.fill('#join-code', code.lower())
        ph.click('#join-form button[type=submit]')
        ph.wait_for_selector('#name-input')
        ph.fill('#name-input', name)
        ph.click('#name-form button[type=submit]')
        ph.wait_for_selector('.conn[data-state=connected]')
        phones[name] = ph
    for name, block, sub, text in NOTES:
        ph = phones[name]
        ph.click(f"#compose-form .segmented__option:has-text('{block}')")
        if sub:
            ph.click(f"#compose-form .chips label:has-text('{sub}')")
        ph.fill('#compose-form textarea.input--text', text)
        ph.click('#compose-submit')
        ph.wait_for_function(COMPOSER_EMPTY)
    ph = phones['Youssef']
    ph.click("#compose-form .segmented__option:has-text('Coalities')")
    ph.fill('#compose-form textarea.input--text', 'Buurtkamer Oost')
    ph.select_option('#compose-form .nform__coalition select', 'project')
    ins = ph.locator('#compose-form .nform__coalition textarea')
    ins.nth(0).fill('Een huiskamer voor de hele wijk')
    ins.nth(1).fill('Woonstad, Welzijn Oost, huisartsen')
    ins.nth(2).fill('Ouderen en mantelzorgers')
    ph.click('#compose-submit')
    ph.wait_for_function(COMPOSER_EMPTY)
    time.sleep(1.5)
    proj.screenshot(path=OUT + '4-projector.png')
    fac.screenshot(path=OUT + '5-facilitator.png')
    phones['Fatima'].screenshot(path=OUT + '6-phone.png')
    phones['Fatima'].screenshot(path=OUT + '7-phone-full.png', full_page=True)

    # Facilitation, from the facilitator page: focus a block, step to a question, a time box.
    fac.select_option('#ctl-focus', 'identiteit')
    fac.click('#ctl-question-next')
    fac.click(".ctl__preset[data-minutes='5']")
    time.sleep(1.5)
    proj.screenshot(path=OUT + '8-projector-focus.png')
    phones['Anouk'].screenshot(path=OUT + '9-phone-focus.png')
    fac.screenshot(path=OUT + '10-facilitator-controls.png')
    # Energy voting: three votes each, spent on the phones.
    fac.select_option('#ctl-focus', '')
    fac.click('#ctl-timer-stop')
    fac.fill('#ctl-votes', '3')
    fac.click('#ctl-voting-open')
    for name, texts in (("Fatima", ["Eerst doen", "Eerst doen", "Gezond oud"]),
                        ("Youssef", ["Eerst doen", "Roulerend"]),
                        ("Anouk", ["Gezond oud", "Besluiten"])):
        ph = phones[name]
        for text in texts:
            ph.locator('.note').filter(has_text=text).locator('.votebar__button--plus').click()
            time.sleep(0.3)
    time.sleep(1.0)
    proj.click('#sort-votes')  # the room sees what got the most energy first
    time.sleep(1.0)
    proj.screenshot(path=OUT + '11-projector-voting.png')
    fac.hover("#sheet .note >> nth=1")
    fac.screenshot(path=OUT + '11b-facilitator-voting.png')
    phones['Youssef'].screenshot(path=OUT + '12-phone-voting.png')
    # Closed: the canvas is read-only.
    fac.click('#ctl-voting-close')
    fac.click('#ctl-locked')
    time.sleep(1.0)
    proj.screenshot(path=OUT + '13-projector-locked.png')
    phones['Anouk'].screenshot(path=OUT + '14-phone-locked.png')

    b.close()
