"""The participant page on laptops and tablets (static/js/participant/wide.js), in real Chromium:
the whole canvas as a sheet beside the form (above it on an upright tablet), with a board after
a first round (24 notes of one or two sentences, 4 coalition cards); writing and reading at once, by keyboard, mouse
and touch; a narrow window and a phone keep the phone's page."""
from pathlib import Path

import pytest
import seednotes
from conftest import PHONE, WAIT_MS, call
from test_accessibility import assert_accessible, axe_source  # noqa: F401 (a fixture)

DOCS = Path(__file__).resolve().parents[2] / "docs"
LAPTOPS = [(1440, 900), (1280, 800), (1024, 768)]
TABLETS = [(768, 1024), (820, 1180)]
TEXT = "#compose-form textarea.input--text"


def open_wide(open_page, server, code, width, height, name="Fatima", **options):
    page = open_page(f"{server.url}/j/{code}", viewport={"width": width, "height": height}, **options)
    page.fill("#name-input", name)
    page.click("#name-form button[type=submit]")
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    page.wait_for_selector("#wide-sheet:not(.is-arranging)", timeout=WAIT_MS)
    return page


def settled(page, count):
    """Wait until the sheet holds `count` notes and cards and its layout has come to rest."""
    page.wait_for_function(
        "n => document.querySelectorAll('#wide-sheet .note, #wide-sheet .ccard').length === n",
        arg=count, timeout=WAIT_MS)
    page.wait_for_function("""() => new Promise((done) => {
        const sheet = document.querySelector('#wide-sheet');
        let last = '', calm = 0;
        const tick = () => {
          const now = [...sheet.querySelectorAll('.area')].map((a) => `${a.dataset.fs}/${a.clientWidth}/${a.clientHeight}`).join();
          calm = now === last ? calm + 1 : 0;
          last = now;
          if (calm >= 6) done(true); else setTimeout(tick, 100);
        };
        tick();
    })""", timeout=WAIT_MS * 2)


FIRST_SCREEN = """() => {
  const inView = (r) => r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
  const field = document.querySelector('#compose-form textarea.input--text').getBoundingClientRect();
  // Not cut off by the column it scrolls in either.
  const column = document.querySelector('#app').getBoundingClientRect();
  const inColumn = field.top >= column.top - 1 && field.bottom <= column.bottom + 1;
  // A block is whole on the screen when every note of it lies inside the box that shows it.
  const whole = [];
  for (const block of document.querySelectorAll('#wide-sheet [data-block]')) {
    const notes = [...block.querySelectorAll('.note, .ccard')].filter((el) => !el.closest('.cluster'));
    if (!notes.length) continue;
    const ok = notes.every((el) => {
      const r = el.getBoundingClientRect();
      const box = el.closest('.area__box').getBoundingClientRect();
      const m = 6; // a tilted note reaches a few px past its place
      return inView(r) && r.top >= box.top - m && r.bottom <= box.bottom + m && r.left >= box.left - m && r.right <= box.right + m;
    });
    if (ok) whole.push([block.dataset.block, notes.length]);
  }
  const sizes = [...document.querySelectorAll('#wide-sheet .area')].filter((a) => a.offsetParent && a.dataset.fs)
    .map((a) => Number(a.dataset.fs));
  return { field: inView(field) && inColumn, fieldHeight: field.height, whole, smallest: Math.min(...sizes),
           footerBottom: document.querySelector('.footer').getBoundingClientRect().bottom,
           right: Math.max(...[...document.querySelectorAll('.participant > *')].map((el) => el.getBoundingClientRect().right)) };
}"""


def fill_board(server, workshop, notes, cards):
    items = seednotes.notes(notes, cards=cards)
    seednotes.fill(server.url, workshop["code"], items)
    return workshop, len(items)


@pytest.fixture
def full_board(live_server, workshop):
    """The workshop after a first round: 24 notes of one or two sentences, 4 coalition cards."""
    return fill_board(live_server, workshop, 24, 4)


# A laptop's sheet holds the first round; an upright tablet's, a third of the screen lower,
# the first minutes of it (with more, every block scrolls there).
BOARDS = dict.fromkeys(LAPTOPS, (24, 4)) | dict.fromkeys(TABLETS, (16, 2))


@pytest.mark.parametrize("size", LAPTOPS + TABLETS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_after_joining_the_note_field_and_a_whole_block_are_in_the_first_screen(
        open_page, live_server, workshop, size):
    workshop, count = fill_board(live_server, workshop, *BOARDS[size])
    width, height = size
    page = open_wide(open_page, live_server, workshop["code"], width, height)
    settled(page, count)
    seen = page.evaluate(FIRST_SCREEN)
    assert seen["field"], seen
    assert seen["fieldHeight"] >= 60, seen
    # At least one block with all its notes in view (two or more), none cut off.
    assert any(n >= 2 for _, n in seen["whole"]), seen
    # Legible (the laptop's reading size, 13 px at least) and nothing spills out of the screen.
    assert seen["smallest"] >= 13, seen
    assert seen["footerBottom"] <= height and seen["right"] <= width, seen
    # Every note can be reached: an area whose notes are taller than its box scrolls.
    cut = page.evaluate("""() => [...document.querySelectorAll('#wide-sheet .area:not(.is-empty)')].filter((a) => a.offsetParent)
      .map((a) => a.querySelector('.area__box'))
      .filter((box) => box.scrollHeight > box.clientHeight + 2 && getComputedStyle(box).overflowY !== 'auto')
      .map((box) => box.parentElement.dataset.area)""")
    assert cut == [], cut
    if size == (1440, 900):
        page.screenshot(path=str(DOCS / "participant-laptop.png"))
    if size == (768, 1024):
        page.screenshot(path=str(DOCS / "participant-tablet.png"))


def test_keyboard_only_write_post_and_walk_the_canvas(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    bram = sockets(code, name="Bram")
    call(bram, "note:add", {"id": "b1", "block": "regie", "text": "Wie trekt de kar"})
    call(bram, "note:add", {"id": "b2", "block": "spelregels", "text": "We besluiten met consent"})
    page = open_wide(open_page, live_server, code, 1440, 900)
    settled(page, 2)
    # The keys are told once, beside the form.
    assert "Ctrl+Enter" in page.locator("#wide-keys").inner_text()

    # N from anywhere (not while typing) puts the cursor in the note field.
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("n")
    assert page.evaluate("() => document.activeElement.matches('#compose-form textarea.input--text')")
    assert page.input_value(TEXT) == "", "the N was not typed into the field"
    page.keyboard.type("Samen de wijk in")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => document.querySelector('#compose-form textarea.input--text').value === ''",
                           timeout=WAIT_MS)
    mine = page.locator("#wide-sheet .note.is-mine", has_text="Samen de wijk in")
    mine.wait_for(timeout=WAIT_MS)

    # The sheet is one Tab stop; the arrow keys go from note to note.
    page.focus("#wide-sheet")
    page.keyboard.press("Home")
    seen = set()
    for _ in range(4):
        seen.add(page.evaluate("() => document.activeElement.textContent"))
        page.keyboard.press("ArrowDown")
    assert any("Wie trekt de kar" in s for s in seen) and any("consent" in s for s in seen)
    assert any("Samen de wijk in" in s for s in seen), seen

    # Enter on someone else's note shows it in the list beside; on one's own it opens to edit,
    # and Escape closes that dialog again.
    page.keyboard.press("Home")
    while "Samen de wijk in" not in page.evaluate("() => document.activeElement.textContent"):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.dialog[open]")
    dialog.wait_for(timeout=WAIT_MS)
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached", timeout=WAIT_MS) if dialog.count() == 0 else \
        page.wait_for_function("() => !document.querySelector('dialog.dialog[open]')", timeout=WAIT_MS)
    page.focus("#wide-sheet")
    page.keyboard.press("Home")
    while "Wie trekt de kar" not in page.evaluate("() => document.activeElement.textContent"):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector("#list [data-id='b1'].is-located", timeout=WAIT_MS)
    assert not page.locator("dialog.dialog[open]").count()

    # Notes that arrive while the keyboard is on the sheet do not take the focus away.
    page.focus("#wide-sheet")
    page.keyboard.press("Home")
    first = page.evaluate("() => document.activeElement.dataset.id")
    for i in range(6):
        call(bram, "note:add", {"id": f"x{i}", "block": "spelregels", "text": f"Nog een afspraak {i}"})
    settled(page, 9)
    assert page.evaluate("() => document.activeElement.closest('#wide-sheet') !== null")
    assert page.evaluate("() => document.activeElement.dataset.id") == first


def test_mouse_click_in_a_block_chooses_it_and_notes_of_others_arrive_live(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    page = open_wide(open_page, live_server, code, 1280, 800)
    # A click in an empty sub-area: that block and sub-area in the form, the cursor in the field.
    page.locator("#wide-sheet [data-area='organisatie:middelen']").click()
    assert page.evaluate("() => document.querySelector('#compose-form input[type=radio]:checked').value") == "organisatie"
    checked = page.locator("#compose-form .nform__subareas input:checked")
    assert checked.get_attribute("value") == "middelen"
    assert page.evaluate("() => document.activeElement.matches('#compose-form textarea.input--text')")
    page.fill(TEXT, "Een gedeelde projectleider")
    page.click("#compose-submit")
    page.locator("#wide-sheet [data-area='organisatie:middelen'] .note", has_text="Een gedeelde projectleider") \
        .wait_for(timeout=WAIT_MS)
    # Someone else's note shows on the sheet at once.
    anouk = sockets(code, name="Anouk")
    call(anouk, "note:add", {"id": "a1", "block": "regie", "text": "Een kwartiermaker voor een jaar"})
    page.locator("#wide-sheet [data-area='regie'] .note", has_text="kwartiermaker").wait_for(timeout=WAIT_MS)
    assert page.errors == []


def test_touch_only_on_a_tablet(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    bram = sockets(code, name="Bram")
    call(bram, "note:add", {"id": "b1", "block": "spelregels", "text": "Afspraak is afspraak"})
    page = open_wide(open_page, live_server, code, 1024, 768, has_touch=True, is_mobile=True)
    settled(page, 1)
    # No keyboard, so no keys are told.
    assert not page.locator("#wide-keys").is_visible()
    page.locator("#wide-sheet [data-block='regie']").tap()
    assert page.evaluate("() => document.querySelector('#compose-form input[type=radio]:checked').value") == "regie"
    page.fill(TEXT, "Vaste contactpersoon per partner")
    page.tap("#compose-submit")
    mine = page.locator("#wide-sheet .note.is-mine", has_text="Vaste contactpersoon")
    mine.wait_for(timeout=WAIT_MS)
    # A tap on one's own note opens it to edit.
    mine.tap()
    page.locator("dialog.dialog[open]").wait_for(timeout=WAIT_MS)


def test_silent_round_and_hidden_notes_on_the_sheet(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    bram = sockets(code, name="Bram")
    call(bram, "note:add", {"id": "before", "block": "regie", "text": "Van voor de ronde"})
    page = open_wide(open_page, live_server, code, 1440, 900)
    settled(page, 1)
    call(facilitator, "workshop:update", {"silent": True})
    call(bram, "note:add", {"id": "during", "block": "regie", "text": "Stil geschreven door Bram"})
    page.fill(TEXT, "Stil geschreven door mij")
    page.click("#compose-submit")
    page.locator("#wide-sheet .note.is-mine", has_text="Stil geschreven door mij").wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(800)
    assert page.locator("#wide-sheet .note", has_text="Van voor de ronde").count() == 1
    assert page.locator("#wide-sheet", has_text="Stil geschreven door Bram").count() == 0
    call(facilitator, "workshop:update", {"silent": False})
    page.locator("#wide-sheet .note", has_text="Stil geschreven door Bram").wait_for(timeout=WAIT_MS)
    # A note the facilitator hides leaves the sheet (the server no longer sends it).
    call(facilitator, "note:hide", {"id": "before", "hidden": True})
    page.wait_for_function("() => !document.querySelector('#wide-sheet [data-id=\"before\"]')", timeout=WAIT_MS)


def test_a_phone_and_a_narrow_window_keep_the_phone_page(open_page, live_server, workshop):
    code = workshop["code"]
    requested = []
    phone = open_page(f"{live_server.url}/j/{code}",
                      before=lambda p: p.on("request", lambda r: requested.append(r.url)), **PHONE)
    phone.fill("#name-input", "Fatima")
    phone.click("#name-form button[type=submit]")
    phone.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    phone.wait_for_timeout(500)
    assert not phone.locator("#wide-sheet").count()
    assert not [u for u in requested if "wide" in u], requested

    page = open_wide(open_page, live_server, code, 1280, 800)
    assert page.locator("#wide-sheet").is_visible()
    page.set_viewport_size({"width": 600, "height": 800})
    page.wait_for_function("() => !document.querySelector('#wide-sheet').offsetParent", timeout=WAIT_MS)
    assert page.locator("#list").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 600
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_selector("#wide-sheet", state="visible", timeout=WAIT_MS)


@pytest.mark.parametrize("size", [(1440, 900), (768, 1024)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_wide_layouts_are_accessible(open_page, live_server, full_board, axe_source, size):  # noqa: F811
    workshop, count = full_board
    page = open_wide(open_page, live_server, workshop["code"], *size)
    settled(page, count)
    assert_accessible(page, axe_source)


def test_english(open_page, live_server, workshop):
    page = open_page(f"{live_server.url}/j/{workshop['code']}?lang=en", viewport={"width": 1440, "height": 900})
    page.fill("#name-input", "Sam")
    page.click("#name-form button[type=submit]")
    page.wait_for_selector("#wide-sheet:not(.is-arranging)", timeout=WAIT_MS)
    assert page.locator("#wide-keys").inner_text().startswith("N: new note")
    assert page.locator("#wide-sheet").get_attribute("aria-label") == "The whole canvas"


def test_the_block_in_focus_is_ringed_and_votes_wait_until_the_round_closes(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    bram = sockets(code, name="Bram")
    call(bram, "note:add", {"id": "v1", "block": "regie", "text": "Een vaste voorzitter"})
    page = open_wide(open_page, live_server, code, 1280, 800)
    settled(page, 1)
    call(facilitator, "workshop:update", {"focus": "regie"})
    page.wait_for_selector("#wide-sheet.has-followed .block--regie.is-followed", timeout=WAIT_MS)
    assert page.locator("#wide-sheet .block.is-followed").count() == 1
    call(facilitator, "workshop:update", {"focus": None, "votes_per_participant": 3})
    page.wait_for_selector("#wide-sheet:not(.has-followed)", timeout=WAIT_MS)
    call(bram, "note:vote", {"id": "v1"})
    page.wait_for_timeout(800)
    # During the round nobody sees how the others voted, as in the list beside.
    assert page.locator("#wide-sheet [data-id='v1'] .note__dots").count() == 0
    call(facilitator, "workshop:update", {"votes_per_participant": 0})
    page.wait_for_selector("#wide-sheet [data-id='v1'] .note__dots", timeout=WAIT_MS)


STILL = "() => [window.scrollY, document.documentElement.scrollTop, document.body.scrollTop]"


def test_the_page_never_moves_only_its_column_and_areas_scroll(open_page, live_server, workshop,
                                                                 sockets):
    """Ordinary actions that scroll on a phone (a note shown in the list, a block's button in
    the index, the facilitator's focus) scroll the column beside the sheet here, never the page:
    a page moved would be stuck, half blank, on a screen that does not scroll."""
    code = workshop["code"]
    seednotes.fill(live_server.url, code, seednotes.notes(60))
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    for size in [(1440, 900), (768, 1024)]:
        page = open_wide(open_page, live_server, code, *size)
        settled(page, 60)
        # Someone else's note, deep in the list: found there, the column scrolled to it.
        other = page.locator("#wide-sheet .note:not(.is-mine)").last
        note_id = other.get_attribute("data-id")
        other.click()
        page.wait_for_selector(f"#list [data-id='{note_id}'].is-located", timeout=WAIT_MS)
        page.wait_for_function("() => document.querySelector('#app').scrollTop > 0", timeout=WAIT_MS)
        page.wait_for_timeout(600)  # (a smooth scroll)
        assert page.evaluate(STILL) == [0, 0, 0]
        # A block's button in the index of the list.
        page.locator("#blocknav-list a[data-block='organisatie']").click()
        page.wait_for_timeout(300)
        assert page.evaluate(STILL) == [0, 0, 0]
        top = page.evaluate("""() => {
          const app = document.querySelector('#app').getBoundingClientRect();
          const nav = document.querySelector('#blocknav').getBoundingClientRect();
          const block = document.querySelector('#list .lblock--organisatie').getBoundingClientRect();
          return [block.top - nav.bottom, nav.top - app.top];
        }""")
        assert 0 <= top[0] <= 24 and abs(top[1]) <= 2, top  # right under the index, which sticks
        call(facilitator, "workshop:update", {"focus": "regie"})
        page.wait_for_selector("#wide-sheet .block--regie.is-followed", timeout=WAIT_MS)
        page.wait_for_timeout(600)
        assert page.evaluate(STILL) == [0, 0, 0]
        call(facilitator, "workshop:update", {"focus": None})
        page.context.close()


def test_from_the_form_to_the_sheet_in_one_tab_and_from_block_to_block(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    seednotes.fill(live_server.url, code, seednotes.notes(24, cards=4))
    page = open_wide(open_page, live_server, code, 1440, 900)
    settled(page, 24)
    page.focus("#compose-submit")
    page.keyboard.press("Tab")
    skip = page.locator(".wide-skip")
    assert page.evaluate("() => document.activeElement.classList.contains('wide-skip')")
    assert skip.bounding_box()["width"] > 40  # seen when the keyboard is on it
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "wide-sheet"
    page.keyboard.press("Home")
    blocks = [page.evaluate("() => document.activeElement.closest('[data-block]').dataset.block")]
    for _ in range(4):
        page.keyboard.press("PageDown")
        blocks.append(page.evaluate("() => document.activeElement.closest('[data-block]').dataset.block"))
    assert len(set(blocks)) == 5, blocks
    page.keyboard.press("PageUp")
    assert page.evaluate("() => document.activeElement.closest('[data-block]').dataset.block") == blocks[3]
    # Right goes to a note beside, not down the same column.
    page.keyboard.press("Home")
    start = page.evaluate("() => document.activeElement.getBoundingClientRect().left")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().left") > start


def test_ones_own_note_is_brought_into_view_in_an_area_that_scrolls(open_page, live_server,
                                                                    workshop):
    code = workshop["code"]
    seednotes.fill(live_server.url, code, seednotes.notes(150))
    page = open_wide(open_page, live_server, code, 1280, 800)
    settled(page, 150)
    page.click("#compose-form .segmented__option:has-text('Spelregels')")
    page.fill(TEXT, "Mijn eigen afspraak, net geschreven")
    page.click("#compose-submit")
    mine = page.locator("#wide-sheet .note.is-mine", has_text="Mijn eigen afspraak")
    mine.wait_for(timeout=WAIT_MS)
    page.wait_for_function("""() => {
      const el = [...document.querySelectorAll('#wide-sheet .note.is-mine')].find((n) => n.textContent.replaceAll('\\u00ad', '').includes('Mijn eigen afspraak'));
      const box = el.closest('.area__box').getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return r.top >= box.top - 2 && r.bottom <= box.bottom + 2;
    }""", timeout=WAIT_MS)
    assert page.locator("#wide-sheet .block--spelregels .area.is-scrolling").count() == 1


def test_in_a_voting_round_the_status_bar_sticks_to_the_top_of_the_column(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    page = open_wide(open_page, live_server, code, 1280, 800)
    call(facilitator, "workshop:update", {"votes_per_participant": 3})
    page.wait_for_selector("#votes-left:not([hidden])", timeout=WAIT_MS)
    page.wait_for_selector("#voting-card:not([hidden])", timeout=WAIT_MS)
    bar = page.locator("#pstatus").bounding_box()
    app = page.locator("#app").bounding_box()
    banner = page.locator("#voting-card").bounding_box()
    assert abs(bar["y"] - app["y"]) <= 2, (bar, app)
    assert banner["y"] >= bar["y"] + bar["height"] - 1, (banner, bar)  # nothing covered
    # Nothing wider than the column: no sideways scrolling in it.
    assert page.evaluate("() => { const a = document.querySelector('#app'); return a.scrollWidth <= a.clientWidth; }")


def test_focus_taken_away_from_the_sheet_stays_away(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    bram = sockets(code, name="Bram")
    call(bram, "note:add", {"id": "f1", "block": "regie", "text": "Een vaste voorzitter"})
    page = open_wide(open_page, live_server, code, 1280, 800)
    settled(page, 1)
    page.focus("#wide-sheet")
    page.keyboard.press("Home")
    assert page.evaluate("() => document.activeElement.dataset.id") == "f1"
    # A click on the column's background: the focus leaves the sheet (to the page) ...
    page.locator(".whoami").click(position={"x": 2, "y": 2})
    assert not page.evaluate("() => document.querySelector('#wide-sheet').contains(document.activeElement)")
    # ... and a note arriving afterwards does not pull it back.
    call(bram, "note:add", {"id": "f2", "block": "regie", "text": "Elk jaar een nieuwe trekker"})
    settled(page, 2)
    assert not page.evaluate("() => document.querySelector('#wide-sheet').contains(document.activeElement)")
