"""The facilitator's board in real Chromium: the whole canvas on the first screen of a laptop
beside the controls, the page not jumping while it loads and fills, and one block in detail with
every note's moderation actions."""
import pytest
import seednotes
from conftest import WAIT_MS, call, open_projector, server_notes

# Every layout shift the page makes (not those right after a click or a key), summed.
RECORD_SHIFTS = """
window.layoutShifts = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.layoutShifts += entry.value;
}).observe({ type: 'layout-shift', buffered: true });
"""
BLOCKS = ["coalities", "spelregels", "identiteit", "regie", "organisatie"]
# The notes the overview counts: the sum of its blocks' counts (on their open buttons).
COUNTED = """() => [...document.querySelectorAll('#sheet .block__open-count')]
    .reduce((sum, el) => sum + Number(el.textContent), 0)"""


def open_board(open_page, server, workshop, **options):
    """The facilitator's page with its layout shifts recorded from the start, once its overview
    shows (it is laid out before it is shown)."""
    page = open_page(f"{server.url}/f/{workshop['code']}#key={workshop['facilitator_key']}",
                     before=lambda p: p.add_init_script(RECORD_SHIFTS), **options)
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    page.wait_for_selector("#sheet:not(.is-arranging)", timeout=WAIT_MS)
    return page


@pytest.mark.parametrize("width,height", [(1366, 768), (1440, 900)])
def test_the_whole_canvas_with_150_notes_fits_the_first_screen_and_does_not_jump(
        open_page, live_server, workshop, width, height):
    seednotes.fill(live_server.url, workshop["code"], seednotes.notes(150))
    page = open_board(open_page, live_server, workshop, viewport={"width": width, "height": height})
    page.wait_for_function(f"() => ({COUNTED})() === 150", timeout=WAIT_MS)

    # One screen: the page does not scroll; the five blocks are all on it, beside the controls.
    assert page.evaluate("() => document.documentElement.scrollHeight") <= height
    panel = page.locator("#panel").bounding_box()
    assert page.locator("#controls").bounding_box()["y"] < height / 2
    for block in BLOCKS:
        box = page.locator(f"#sheet [data-block={block}]").bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0, block
        assert box["x"] + box["width"] <= panel["x"], block
        assert box["y"] + box["height"] <= height, block
        assert box["width"] > 150 and box["height"] > 100, block
    # The notes on the overview at a readable size; none made way for newer ones (an area too
    # full turns its pages).
    assert page.locator("#sheet .is-older").count() == 0
    sizes = page.evaluate("""() => [...document.querySelectorAll('#sheet .area')]
        .filter((a) => a.querySelector('[data-id]'))
        .map((a) => parseFloat(getComputedStyle(a).fontSize))""")
    assert sizes and min(sizes) >= 13

    # It did not jump while it loaded and filled (Cumulative Layout Shift well under 0.1).
    page.wait_for_timeout(1000)  # shifts from late arrivals would come now; none may
    assert page.evaluate("() => window.layoutShifts") < 0.1

    # Every note is one click away: each block's detail lists all of its notes.
    listed = 0
    for block in BLOCKS:
        count = int(page.inner_text(f"#sheet [data-block={block}] .block__open-count"))
        page.click(f"#sheet [data-block={block}] .block__open")
        page.wait_for_function(f"() => document.querySelectorAll('#detail [data-id]').length === {count}",
                               timeout=WAIT_MS)
        listed += count
        page.click("#detail-back")
    assert listed == 150
    assert page.errors == []


def test_a_block_opens_in_detail_with_every_note_and_its_moderation_actions(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    seednotes.fill(live_server.url, code, seednotes.notes(30))
    writer = sockets(code, name="Wim")
    call(writer, "note:add", {"id": "bad-1", "block": "spelregels", "text": "Ongepaste notitie"})
    call(writer, "note:add", {"id": "edit-1", "block": "spelregels", "text": "Vergaderen op maandag"})
    call(writer, "note:add", {"id": "gone-1", "block": "regie", "text": "Straks weg"})
    facilitator = open_board(open_page, live_server, workshop,
                             viewport={"width": 1366, "height": 768})
    projector = open_projector(open_page, live_server, code)
    spelregels = [n for n in server_notes(live_server, code) if n["block"] == "spelregels"]

    facilitator.click("[data-block=spelregels] .block__open")
    detail = facilitator.locator("#detail")
    detail.wait_for(timeout=WAIT_MS)
    assert facilitator.is_hidden("#sheet")
    assert facilitator.evaluate("() => document.activeElement.id") == "detail-back"
    assert detail.locator("[data-id]").count() == len(spelregels)
    for name in ("Bewerken", "Verbergen", "Verwijderen"):
        assert detail.get_by_role("button", name=name, exact=True).count() == len(spelregels)
    assert facilitator.get_attribute("#detail-tabs [data-block=spelregels]", "aria-pressed") == "true"

    # Hide a note from the detail: it is marked here, and gone from the projector.
    note = detail.locator(".note").filter(has_text="Ongepaste notitie")
    note.get_by_role("button", name="Verbergen").click()
    detail.locator(".note.is-hidden-note").filter(has_text="verborgen").wait_for(timeout=WAIT_MS)
    projector.wait_for_selector("#sheet .note:has-text('Ongepaste notitie')", state="detached",
                                timeout=WAIT_MS)
    note.get_by_role("button", name="Weer tonen").click()
    projector.locator("#sheet .note").filter(has_text="Ongepaste notitie").wait_for(timeout=WAIT_MS)

    # Edit from the detail: the editor opens on that note.
    detail.locator(".note").filter(has_text="Vergaderen op maandag").get_by_role(
        "button", name="Bewerken").click()
    dialog = facilitator.locator("dialog.dialog[open]")
    assert dialog.locator("textarea.input--text").input_value() == "Vergaderen op maandag"
    dialog.locator("textarea.input--text").fill("Vergaderen op dinsdag")
    dialog.locator("button[type=submit]").click()
    detail.locator(".note").filter(has_text="Vergaderen op dinsdag").wait_for(timeout=WAIT_MS)
    projector.locator("#sheet .note").filter(has_text="Vergaderen op dinsdag").wait_for(
        timeout=WAIT_MS)

    # Another block by its tab; delete a note there.
    facilitator.click("#detail-tabs [data-block=regie]")
    detail.locator(".note").filter(has_text="Straks weg").get_by_role(
        "button", name="Verwijderen").click()
    dialog = facilitator.locator("dialog.dialog[open]")
    assert dialog.locator(".dialog__title").inner_text() == "Notitie verwijderen?"
    dialog.get_by_role("button", name="Ja, verwijderen").click()
    detail.locator(".note").filter(has_text="Straks weg").wait_for(state="detached",
                                                                   timeout=WAIT_MS)
    assert all(n["id"] != "gone-1" for n in server_notes(live_server, code))
    regie = [n for n in server_notes(live_server, code) if n["block"] == "regie"]
    assert detail.locator("[data-id]").count() == len(regie)
    assert detail.locator(".note").filter(has_text="Ongepaste notitie").count() == 0

    # Escape: back to the whole canvas, the keyboard at the open block's button.
    facilitator.keyboard.press("Escape")
    facilitator.wait_for_selector("#detail", state="hidden", timeout=WAIT_MS)
    assert facilitator.is_visible("#sheet")
    assert facilitator.evaluate("() => document.activeElement.closest('[data-block]').dataset.block") \
        == "regie"

    # A click on a note of the overview opens its block with that note in view.
    # (On its text's first line: with the mouse over it, its actions cover its bottom corner.)
    facilitator.locator("#sheet .note").filter(has_text="Vergaderen op dinsdag").locator(
        ".note__text").click(position={"x": 4, "y": 4})
    located = detail.locator(".note.is-located").filter(has_text="Vergaderen op dinsdag")
    located.wait_for(timeout=WAIT_MS)
    assert located.is_visible()
    facilitator.click("#detail-back")
    facilitator.wait_for_selector("#detail", state="hidden", timeout=WAIT_MS)
    assert facilitator.errors == [] and projector.errors == []


def test_the_overview_keeps_its_place_while_notes_arrive(open_page, live_server, workshop):
    """Notes arriving while the page is open are laid out together: the sheet stays where it is
    and every note arrives."""
    code = workshop["code"]
    page = open_board(open_page, live_server, workshop, viewport={"width": 1366, "height": 768})
    before = {block: page.locator(f"#sheet [data-block={block}]").bounding_box()
              for block in BLOCKS}
    seednotes.fill(live_server.url, code, seednotes.notes(30), prefix="live")
    page.wait_for_function(f"() => ({COUNTED})() === 30", timeout=WAIT_MS)
    page.wait_for_function("() => document.querySelectorAll('#sheet [data-id]').length > 0",
                           timeout=WAIT_MS)
    assert page.evaluate("() => document.documentElement.scrollHeight") <= 768
    # The sheet itself does not move: its blocks share out the same rectangle.
    after = {block: page.locator(f"#sheet [data-block={block}]").bounding_box()
             for block in BLOCKS}
    top = min(box["y"] for box in after.values())
    left = min(box["x"] for box in after.values())
    assert abs(top - min(box["y"] for box in before.values())) < 1
    assert abs(left - min(box["x"] for box in before.values())) < 1
    assert page.errors == []
