"""The projector with a full board, in real Chromium: 30, 150 and 300 realistic notes at
1920x1080 and 1280x720. Every note is shown whole at a legible size (2.2 % of the screen height)
at some moment within one round of pages; no area turns pages while it has room for a note of a
later page; spotlight, focus and the reveal of a silent round."""
import math
import sys
from pathlib import Path

import pytest
import requests
import socketio
from conftest import PROJECTOR, WAIT_MS, call, open_facilitator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import seednotes  # noqa: E402
from liveserver import running_server  # noqa: E402

PAGE_MS = 400  # a page every 0.4 s here (?page_ms=), so that a round is short
SIZES = [(1920, 1080), (1280, 720)]

# Collected in the page at every frame: the notes shown whole at a legible size, and per page of
# an area that turns pages, how much room its columns leave and how tall its notes are.
WATCH = """(legible) => {
  window.__seen = new Set();
  window.__small = {};
  window.__pages = [];
  const look = () => {
    for (const area of document.querySelectorAll('#sheet .area')) {
      if (!area.offsetHeight) continue;
      const box = area.querySelector('.area__box').getBoundingClientRect();
      const paged = Number(area.dataset.pages || 1) > 1;
      const columns = [];
      for (const col of area.querySelectorAll('.area__col')) {
        let bottom = box.top;
        const notes = [];
        for (const el of col.children) {
          if (!el.dataset.id) continue;
          // The note as laid out (notes are tilted a little: turn the rect back).
          const r = el.getBoundingClientRect();
          const middle = (r.top + r.bottom) / 2;
          const top = middle - el.offsetHeight / 2;
          const end = middle + el.offsetHeight / 2;
          bottom = Math.max(bottom, end);
          notes.push(el.offsetHeight);
          const text = el.querySelector('.note__text, .ccard__name');
          const fs = parseFloat(getComputedStyle(text.closest('.note, .ccard')).fontSize);
          // (A font whose glyphs reach above and below its line height, such as Noto Sans,
          // overflows a one-line title by a few px without anything being cut: 0.15 em.)
          const whole = top >= box.top - 1 && end <= box.bottom + 1 && end <= window.innerHeight
            && el.scrollHeight <= el.clientHeight + 1
            && text.scrollHeight <= text.clientHeight + Math.max(1, fs * 0.15);
          if (whole && fs >= legible) window.__seen.add(el.dataset.id);
          else if (whole) window.__small[el.dataset.id] = fs;
        }
        columns.push({ free: box.bottom - bottom, notes, width: Math.round(col.getBoundingClientRect().width) });
      }
      if (paged) window.__pages.push({ area: `${area.dataset.area}#${area.dataset.pack}`, page: Number(area.dataset.page), fs: area.dataset.fs, columns });
    }
    window.__watching = requestAnimationFrame(look);
  };
  look();
}"""


@pytest.fixture(scope="module")
def scale_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale")
    with running_server(f"sqlite:///{folder / 'live.db'}") as server:
        yield server


@pytest.fixture(scope="module")
def boards(scale_server):
    """boards(n) → (workshop, ids): a workshop with n realistic notes (made once per n)."""
    made = {}

    def board(n):
        if n not in made:
            workshop = scale_server.create_workshop(title="Zorgnetwerk Oost · sessie 1")
            items = seednotes.notes(n)
            made[n] = (workshop, seednotes.fill(scale_server.url, workshop["code"], items), items)
        return made[n]
    return board


@pytest.fixture
def scale_sockets(scale_server):
    """connect(code, **join payload) → a joined client of the module's server (closed after)."""
    clients = []

    def connect(code, **payload):
        client = socketio.SimpleClient()
        client.connect(scale_server.url, transports=["websocket"])
        clients.append(client)
        assert client.call("join", {"code": code, **payload})["ok"]
        return client

    yield connect
    for client in clients:
        client.disconnect()


def open_board(open_page, server, code, size, **query):
    width, height = size
    params = "&".join(f"{k}={v}" for k, v in {"page_ms": PAGE_MS, **query}.items())
    page = open_page(f"{server.url}/p/{code}?{params}", viewport={"width": width, "height": height})
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    return page


def legible(height):
    return math.ceil(height * 0.022)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("count", [30, 150, 300])
def test_every_note_is_shown_whole_and_legible_within_one_round(open_page, scale_server, boards,
                                                                 count, size):
    workshop, ids, _ = boards(count)
    page = open_board(open_page, scale_server, workshop["code"], size)
    page.wait_for_function("() => document.querySelectorAll('#sheet .area__col > [data-id]').length"
                           " > 0 && Number(document.querySelector('#sheet').dataset.cycle) > 0",
                           timeout=30000)
    assert page.locator(".area__more, .is-older").count() == 0  # nothing hidden for good
    page.evaluate(WATCH, legible(size[1]))
    cycle = int(page.evaluate("() => Number(document.querySelector('#sheet').dataset.cycle)"))
    # One round (with room for a slow machine): every note has been on the screen by then.
    try:
        page.wait_for_function(f"() => window.__seen.size >= {len(ids)}", timeout=cycle * 3 + 8000)
    except Exception:
        pass
    seen = set(page.evaluate("() => [...window.__seen]"))
    small = page.evaluate("() => window.__small")
    missing = sorted(set(ids) - seen)
    assert not missing, (f"{len(missing)} of {len(ids)} notes never shown whole at "
                         f">= {legible(size[1])} px in {cycle} ms; smaller: "
                         f"{ {i: small.get(i) for i in missing[:10]} }")

    # No area turns a page while a column of it had room for a note of a later page (of the
    # same packing, at the same column width and size; the packing reckons with heights
    # measured at widths around the column's, which may come out a line otherwise: one line of
    # slack).
    pages = page.evaluate("() => window.__pages")
    later = {}
    for p in pages:
        for col in p["columns"]:
            for h in col["notes"]:
                key = (p["area"], p["fs"], col["width"])
                later.setdefault(key, []).append((p["page"], h))
    problems = []
    for p in pages:
        for col in p["columns"]:
            key = (p["area"], p["fs"], col["width"])
            fits = [h for page_no, h in later.get(key, []) if page_no > p["page"]]
            # In a flow (area "block:*") each note's sub-area label is reckoned at a whole
            # line, measured apart from the note: two lines of slack there.
            lines = 2 if p["area"].split("#")[0].endswith(":*") else 1
            gap = float(p["fs"] or 0) * (0.45 + 1.25 * lines)
            if fits and col["free"] > min(fits) + gap + 2:
                problems.append((p["area"], p["page"], round(col["free"]), min(fits)))
    assert not problems, problems[:5]
    page.evaluate("() => cancelAnimationFrame(window.__watching)")
    assert page.errors == []


def test_a_new_note_is_shown_at_once_even_on_a_board_that_turns_pages(open_page, scale_server,
                                                                       boards, scale_sockets):
    workshop, ids, _ = boards(150)
    page = open_board(open_page, scale_server, workshop["code"], (1920, 1080), page_ms=60000)
    page.wait_for_function("() => Number(document.querySelector('#sheet').dataset.cycle) > 60000",
                           timeout=30000)
    writer = scale_sockets(workshop["code"], name="Laatkomer")
    for i, block in enumerate(["spelregels", "regie", "identiteit", "organisatie"]):
        call(writer, "note:add", {"id": f"late-{workshop['code']}-{i}", "block": block,
                                  "text": f"Nieuw inzicht nummer {i} van vandaag."})
        # Its area turns to the page it is on (pages here stay a minute).
        page.wait_for_selector(f"#sheet .area__col > [data-id='late-{workshop['code']}-{i}']",
                               timeout=WAIT_MS)
    assert page.errors == []


def test_spotlight_on_a_note_a_card_a_block_and_an_unknown_note(open_page, scale_server, boards,
                                                                scale_sockets):
    workshop, ids, items = boards(30)
    code = workshop["code"]
    facilitator = scale_sockets(code, facilitator_key=workshop["facilitator_key"])
    voter = scale_sockets(code, name="Kiezer")
    call(facilitator, "workshop:update", {"votes_per_participant": 3})
    note = ids[1]
    call(voter, "note:vote", {"id": note})
    call(voter, "note:vote", {"id": note})
    page = open_board(open_page, scale_server, code, (1280, 720))
    page.wait_for_selector("#sheet .area__col > [data-id]", timeout=30000)

    call(facilitator, "workshop:update", {"spotlight": {"note": note}})
    page.wait_for_selector(f".spot:not([hidden])[data-id='{note}']", timeout=WAIT_MS)
    text = next(n["text"] for n in requests.get(f"{scale_server.url}/api/workshops/{code}",
                                                timeout=5).json()["notes"] if n["id"] == note)
    spot = page.evaluate("""() => {
      const stage = document.querySelector('.spot__stage');
      const el = stage.firstElementChild;
      const r = el.getBoundingClientRect(), s = stage.getBoundingClientRect();
      return { text: el.querySelector('.note__text').textContent.replace(/\u00ad/g, ''),
               author: el.innerText,
               votes: document.querySelector('.spot__votes').innerText,
               fs: parseFloat(getComputedStyle(el).fontSize),
               whole: r.top >= s.top - 1 && r.bottom <= s.bottom + 1 && stage.scrollHeight <= stage.clientHeight + 1 };
    }""")
    assert spot["text"] == text and spot["whole"], spot
    assert spot["fs"] >= 0.04 * 720 - 1, spot             # large: far over the board's size
    assert "2 stemmen" in spot["votes"]
    assert items[1]["text"] == text

    card = ids[next(i for i, item in enumerate(items) if item["block"] == "coalities")]
    call(facilitator, "workshop:update", {"spotlight": {"note": card}})
    page.wait_for_selector(f".spot:not([hidden])[data-id='{card}'] .ccard", timeout=WAIT_MS)
    assert page.locator(".spot .ccard__field").count() == 3

    call(facilitator, "workshop:update", {"spotlight": {"block": "spelregels"}})
    page.wait_for_selector("#sheet.has-spot-block [data-block=spelregels].is-spot", timeout=WAIT_MS)
    assert page.is_hidden(".spot")
    page.wait_for_function("() => [...document.querySelectorAll('#sheet [data-block]')]"
                           ".filter(b => b.offsetHeight).length === 1", timeout=WAIT_MS)
    page.wait_for_function("() => Number(document.querySelector('[data-area=spelregels]')"
                           f".dataset.fs) >= {math.ceil(0.034 * 720)}", timeout=WAIT_MS)

    # A note the projector does not have (here: none by that id on this screen, hidden): the canvas.
    call(facilitator, "note:hide", {"id": note, "hidden": True})
    call(facilitator, "workshop:update", {"spotlight": {"note": note}})
    page.wait_for_selector("#sheet:not(.has-spot-block)", timeout=WAIT_MS)
    assert page.is_hidden(".spot")
    assert page.locator("#sheet .area__col > [data-id]").count() > 0
    call(facilitator, "note:hide", {"id": note, "hidden": False})
    call(facilitator, "workshop:update", {"spotlight": None, "votes_per_participant": 0})
    assert page.errors == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_follow_me_gives_the_block_the_sheet_and_the_others_a_strip(open_page, scale_server,
                                                                     boards, scale_sockets, size):
    workshop, ids, _ = boards(150)
    code = workshop["code"]
    facilitator = scale_sockets(code, facilitator_key=workshop["facilitator_key"])
    page = open_board(open_page, scale_server, code, size)
    page.wait_for_selector("#sheet .area__col > [data-id]", timeout=30000)
    for block in ("regie", "identiteit", "coalities"):
        call(facilitator, "workshop:update", {"focus": block, "question": None})
        page.wait_for_selector(f"#sheet.has-focus [data-block={block}].is-focus", timeout=WAIT_MS)
        page.wait_for_function(f"() => Number((document.querySelector('[data-block={block}] .area--flow')"
                               f" && document.querySelector('[data-block={block}] .area--flow').offsetHeight"
                               f" ? document.querySelector('[data-block={block}] .area--flow')"
                               f" : document.querySelector('[data-block={block}] .area')).dataset.fs || 0)"
                               f" >= {math.ceil(size[1] * 0.03)}", timeout=WAIT_MS)
        seen = page.evaluate("""(block) => {
          const sheet = document.querySelector('#sheet').getBoundingClientRect();
          const box = (el) => el.getBoundingClientRect();
          const focus = document.querySelector(`#sheet [data-block=${block}]`);
          const others = [...document.querySelectorAll('#sheet [data-block]')].filter((b) => b !== focus);
          const clipped = [...document.querySelectorAll('#sheet [data-block] .block__title, #sheet .block__count')]
            .filter((el) => el.offsetWidth && (el.scrollWidth > el.clientWidth + 1 || box(el).right > box(el.closest('[data-block]')).right + 1));
          return { share: box(focus).height * box(focus).width / (sheet.height * sheet.width),
                   counts: others.map((b) => b.querySelector('.block__count').innerText),
                   stripHeight: Math.max(...others.map((b) => box(b).height)),
                   clipped: clipped.map((el) => el.textContent) };
        }""", block)
        assert seen["share"] > 0.7, seen
        assert all(c and c[0].isdigit() for c in seen["counts"]), seen
        assert seen["stripHeight"] < size[1] * 0.12, seen
        assert seen["clipped"] == [], seen
    call(facilitator, "workshop:update", {"focus": None})
    page.wait_for_selector("#sheet:not(.has-focus)", timeout=WAIT_MS)
    assert page.errors == []


VISIBLE_NOTES = """() => [...document.querySelectorAll('#sheet .area__col > [data-id]')]
  .filter((el) => el.offsetHeight && Number(getComputedStyle(el).opacity) > 0.9).length"""


def test_the_reveal_never_empties_the_board_and_greets_only_the_rounds_notes(
        open_page, live_server, sockets):
    workshop = live_server.create_workshop(title="Zorgnetwerk Oost")
    code = workshop["code"]
    before = seednotes.fill(live_server.url, code, seednotes.notes(40), prefix="voor")
    facilitator_page = open_facilitator(open_page, live_server, workshop)
    page = open_page(f"{live_server.url}/p/{code}", **PROJECTOR)
    page.wait_for_selector("#sheet .area__col > [data-id]", timeout=30000)
    facilitator_page.click("#ctl-silent")
    page.wait_for_selector("#silent-banner:not([hidden])", timeout=WAIT_MS)
    quiet = seednotes.fill(live_server.url, code, seednotes.notes(30)[:20], prefix="stil")
    page.wait_for_function("() => [...document.querySelectorAll('.block__hidden:not([hidden])')]"
                           ".some((c) => /verborgen/.test(c.textContent))", timeout=WAIT_MS)
    # No "0 notities (verborgen)": only blocks with hidden notes say so.
    assert page.locator(".block__hidden:not([hidden])").filter(has_text="0 notities").count() == 0
    shown_before = page.evaluate(VISIBLE_NOTES)
    assert shown_before > 0

    page.evaluate(f"""() => {{
      window.__counts = [];
      const count = {VISIBLE_NOTES};
      const tick = () => {{ window.__counts.push(count()); window.__sampling = requestAnimationFrame(tick); }};
      tick();
    }}""")
    facilitator_page.click("#ctl-silent")
    page.wait_for_selector("#silent-banner", state="hidden", timeout=WAIT_MS)
    page.wait_for_function("() => window.__counts.length > 60", timeout=WAIT_MS)
    page.wait_for_timeout(1800)  # the arrival animation is 1.6 s
    counts = page.evaluate("() => { cancelAnimationFrame(window.__sampling); return window.__counts; }")
    assert min(counts) > 0, counts
    new = set(page.evaluate("() => [...document.querySelectorAll('#sheet .is-new')].map(e => e.dataset.id)"))
    assert new <= set(quiet), new - set(quiet)
    assert not new & set(before)
    assert page.errors == [] and facilitator_page.errors == []


def test_the_facilitator_puts_notes_and_blocks_large_and_steps_with_the_arrow_keys(
        open_page, live_server, sockets):
    workshop = live_server.create_workshop(title="Zorgnetwerk Oost")
    code = workshop["code"]
    ids = seednotes.fill(live_server.url, code, seednotes.notes(30), prefix="f")
    projector = open_page(f"{live_server.url}/p/{code}", viewport={"width": 1280, "height": 720})
    projector.wait_for_selector("#sheet .area__col > [data-id]", timeout=30000)
    facilitator = open_facilitator(open_page, live_server, workshop)
    first = facilitator.locator("#sheet [data-block=spelregels] .note").first
    first_id = first.get_attribute("data-id")
    first.get_by_role("button", name="Toon groot").click()
    projector.wait_for_selector(f".spot:not([hidden])[data-id='{first_id}']", timeout=2 * WAIT_MS)
    facilitator.wait_for_selector(".spotbar:not([hidden])", timeout=WAIT_MS)

    # The next note in the projector's order: Spelregels' notes follow one another.
    facilitator.keyboard.press("ArrowRight")
    projector.wait_for_function(f"() => document.querySelector('.spot:not([hidden])')"
                                f" && document.querySelector('.spot').dataset.id !== '{first_id}'",
                                timeout=WAIT_MS)
    second = projector.get_attribute(".spot", "data-id")
    assert second in ids
    facilitator.keyboard.press("ArrowLeft")
    projector.wait_for_selector(f".spot:not([hidden])[data-id='{first_id}']", timeout=WAIT_MS)
    facilitator.keyboard.press("Escape")
    projector.wait_for_selector(".spot", state="hidden", timeout=WAIT_MS)
    facilitator.wait_for_selector(".spotbar", state="hidden", timeout=WAIT_MS)

    facilitator.get_by_role("button", name="Toon groot: Regie en leiderschap").click()
    projector.wait_for_selector("#sheet.has-spot-block [data-block=regie].is-spot", timeout=WAIT_MS)
    facilitator.keyboard.press("Escape")
    projector.wait_for_selector("#sheet:not(.has-spot-block)", timeout=WAIT_MS)

    # From a block's detail: its bar has the button too; Escape ends the spotlight first, and
    # only the next Escape leaves the detail.
    facilitator.click("#sheet [data-block=spelregels] .block__open")
    facilitator.wait_for_selector("#detail:not([hidden])", timeout=WAIT_MS)
    facilitator.locator("#detail-tools").get_by_role("button", name="Toon groot").click()
    projector.wait_for_selector("#sheet.has-spot-block [data-block=spelregels].is-spot",
                                timeout=WAIT_MS)
    facilitator.wait_for_selector(".spotbar:not([hidden])", timeout=WAIT_MS)
    facilitator.keyboard.press("Escape")
    projector.wait_for_selector("#sheet:not(.has-spot-block)", timeout=WAIT_MS)
    facilitator.wait_for_selector(".spotbar", state="hidden", timeout=WAIT_MS)
    assert facilitator.is_visible("#detail")
    facilitator.keyboard.press("Escape")
    facilitator.wait_for_selector("#detail", state="hidden", timeout=WAIT_MS)
    assert projector.errors == [] and facilitator.errors == []


def test_a_click_on_a_note_shows_it_large_on_this_screen_only(open_page, live_server):
    workshop = live_server.create_workshop(title="Zorgnetwerk Oost")
    code = workshop["code"]
    seednotes.fill(live_server.url, code, seednotes.notes(30), prefix="k")
    projector = open_page(f"{live_server.url}/p/{code}", **PROJECTOR)
    other = open_page(f"{live_server.url}/p/{code}", **PROJECTOR)
    projector.wait_for_selector("#sheet .area__col > .note", timeout=30000)
    other.wait_for_selector("#sheet .area__col > .note", timeout=30000)
    note = projector.locator("#sheet .area__col > .note").first
    note_id = note.get_attribute("data-id")
    note.click()
    projector.wait_for_selector(f".spot:not([hidden])[data-id='{note_id}']", timeout=WAIT_MS)
    assert other.is_hidden(".spot")  # not for the room: the settings did not change
    projector.keyboard.press("Escape")
    projector.wait_for_selector(".spot", state="hidden", timeout=WAIT_MS)

    # The snapshot page does the same.
    snapshot = open_page(f"{live_server.url}/s/{code}/current", **PROJECTOR)
    card = snapshot.locator("#sheet .area__col > .ccard").first
    card.wait_for(timeout=30000)
    card_id = card.get_attribute("data-id")
    card.click()
    snapshot.wait_for_selector(f".spot:not([hidden])[data-id='{card_id}'] .ccard", timeout=WAIT_MS)
    snapshot.click(".spot__close")
    snapshot.wait_for_selector(".spot", state="hidden", timeout=WAIT_MS)
    assert projector.errors == [] and other.errors == [] and snapshot.errors == []
