"""The projector's theme for a washed-out beamer, in real Chromium: every text on the projector
(notes of every colour, blocks, header, timer, banners, join code) measured from its computed
colours against WCAG AA in the high-contrast theme; each paper colour has its own mark, so the
colour is never all that tells notes apart; the facilitator switches the theme and the
projector follows at once and keeps it after a reload; 150 notes at 1280x720 with larger text
all shown whole and legible; axe-core without serious or critical violations. Screenshots at
1280x720 in both themes go to THEME_SHOTS (default /tmp/shots-17c) to look at."""
import os
from pathlib import Path

from conftest import PROJECTOR, WAIT_MS, call, open_facilitator
from test_accessibility import axe_source, describe, serious_violations  # noqa: F401
from test_projector_scale import (  # noqa: F401  (fixtures, used by name)
    WATCH,
    boards,
    legible,
    open_board,
    scale_server,
    scale_sockets,
)

SHOTS = Path(os.environ.get("THEME_SHOTS", "/tmp/shots-17c"))
SCREEN = {"width": 1280, "height": 720}
COLOURS = ["geel", "oranje", "roze", "paars", "blauw", "groen"]
LARGE_TEXT = 1.25  # static/js/projector.js

# Every visible text of the page: its colour and the background it stands on (computed colours,
# semi-transparent layers composited up to the first opaque one, opacity of ancestors applied),
# its size and weight, and the WCAG contrast ratio. Text inside an element with a background
# image other than the notes' edge mark is reported apart (its background is not one colour).
CONTRAST = """(root) => {
  root = root || document.body;
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3] + under[3] * (1 - top[3]);
    if (!a) return [0, 0, 0, 0];
    return [0, 1, 2].map((i) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a).concat([a]);
  };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const results = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (el.closest('.measure, [hidden], .visually-hidden')) continue;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height || rect.bottom < 0 || rect.top > innerHeight) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible') continue;
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    if (opacity === 0) continue;
    const bg = background(el);
    const fg = parse(style.color);
    const seen = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
    const size = parseFloat(style.fontSize);
    const weight = Number(style.fontWeight) || 400;
    const large = size >= 24 || (size >= 18.66 && weight >= 700);
    const note = el.closest('[data-color]');
    results.push({
      text: node.textContent.trim().slice(0, 40),
      where: el.className && typeof el.className === 'string' ? el.className.split(' ')[0] : el.tagName,
      colour: note ? note.dataset.color : null,
      ratio: Math.round(ratio(seen, bg) * 100) / 100,
      // A page of an area that turns pages fades in (projector.css page-in): measured once in.
      fading: opacity < 1 && Boolean(el.closest('.area.is-paged')),
      large,
      size,
    });
  }
  return results;
}"""


def fill_the_projector(sockets, workshop):
    """A workshop showing every note colour in every kind of block, a coalition card, a vote,
    the timer, the lock, the voting, silent and focus banners."""
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    # (One writer per colour: a participant posts at most 20 notes in a row.)
    writers = [sockets(code, name=name) for name in
               ["Fatima", "Joost", "Anouk", "Sem", "Noor", "Daan"]]
    writer = writers[0]
    texts = ["Samen beslissen over de wijkagenda", "Elke maand een open overleg",
             "Gezamenlijk budget van € 40.000", "Huisartsen doen mee", "Een trekker per thema",
             "Korte lijnen met de gemeente"]
    # As many as the sheet shows at 1280x720 without turning pages: every colour in the rules
    # of the game, and in the identity's passion and in governance.
    places = {"spelregels": (None, COLOURS), "identiteit": ("passie", COLOURS[:4]),
              "regie": (None, COLOURS[4:])}
    for block, (subarea, colours) in places.items():
        for colour in colours:
            i = COLOURS.index(colour)
            note = {"id": f"c-{colour}-{block}", "block": block, "color": colour,
                    "text": texts[(i + len(block)) % len(texts)]}
            if subarea:
                note["subarea"] = subarea
            call(writers[i], "note:add", note)
    call(writer, "note:add", {"id": "card-1", "block": "coalities", "text": "Buurtkamer Oost",
                              "color": "blauw",
                              "coalition": {"werkvorm": "project",
                                            "ambitie": "Een huiskamer voor de hele wijk",
                                            "kernpartners": "Woonstad, Welzijn Oost",
                                            "doelgroep": "Ouderen en mantelzorgers"}})
    call(facilitator, "workshop:update", {"votes_per_participant": 3, "timer_seconds": 600,
                                          "locked": False})
    call(writer, "note:vote", {"id": "c-geel-spelregels"})
    return facilitator


def open_projector_at(open_page, server, code):
    """The projector at 1920x1080, its pages turning every 0.4 s (?page_ms=)."""
    page = open_page(f"{server.url}/p/{code}?page_ms=400", **PROJECTOR)
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    page.wait_for_function("() => document.querySelectorAll('#sheet .area__col [data-id]')"
                           ".length >= 6", timeout=2 * WAIT_MS)
    return page


def measure(page, colours=()):
    """Every text on the screen with its contrast; sampled until a note of each of `colours`
    has been measured (an area may turn its pages), for at most 12 s."""
    page.mouse.move(900, 1060)  # the footer's buttons show while the mouse moves
    page.wait_for_timeout(1700)  # the arrival glow has ended
    results = []
    for _ in range(30):
        results += [r for r in page.evaluate(CONTRAST, None) if not r["fading"]]
        measured = {r["colour"] for r in results if r["where"] == "note__text"}
        if set(colours) <= measured:
            break
        page.wait_for_timeout(400)
    return results


AA = (4.5, 3)  # WCAG 2 AA: normal text, large text (24 px, or 18.66 px bold)
AAA = (7, 4.5)


def failing(results, level=AA):
    normal, large = level
    return [r for r in results if r["ratio"] < (large if r["large"] else normal)]


def shoot(page, name):
    """A screenshot at 1280x720 (then back to the size the page had)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size(SCREEN)
    page.wait_for_timeout(1500)  # arranged again for the smaller screen
    page.screenshot(path=str(SHOTS / name))
    page.set_viewport_size(size)
    page.wait_for_timeout(1500)


def test_every_text_on_every_note_colour_meets_wcag_aa_in_the_high_contrast_theme(
        open_page, live_server, workshop, sockets, axe_source):  # noqa: F811
    facilitator = fill_the_projector(sockets, workshop)
    projector = open_projector_at(open_page, live_server, workshop["code"])
    shoot(projector, "projector-ordinary-1280x720.png")
    ordinary = measure(projector, COLOURS)

    call(facilitator, "workshop:update", {"high_contrast": True})
    projector.wait_for_selector("body.theme-contrast", timeout=WAIT_MS)
    results = measure(projector, COLOURS)
    shoot(projector, "projector-contrast-1280x720.png")
    on_notes = {r["colour"] for r in results if r["where"] == "note__text"}
    assert on_notes == set(COLOURS), on_notes  # every colour was measured
    wheres = {r["where"] for r in results}
    for part in ["block__title", "area__title", "proj__title", "proj__timer-text", "proj__stat",
                 "joinpanel__code", "joinpanel__url", "proj__banner", "note__author",
                 "ccard__name", "proj__button"]:
        assert part in wheres, f"{part} not measured: {sorted(wheres)}"
    assert not failing(results), failing(results)
    # A margin for the beamer that washes out: every text at AAA (7:1, large 4.5:1), which the
    # ordinary theme does not reach (the check measures: grey footer, buttons on pale paper).
    assert not failing(results, AAA), failing(results, AAA)
    assert failing(ordinary, AAA), "the ordinary theme reaches AAA everywhere: does it measure?"

    # Banners that come and go: the lock, silent writing and a block in focus with a question.
    call(facilitator, "workshop:update", {"locked": True, "silent": True, "focus": "regie",
                                          "question": 0})
    projector.wait_for_selector("#focus-banner:not([hidden])", timeout=WAIT_MS)
    projector.wait_for_selector("#lock-badge:not([hidden])", timeout=WAIT_MS)
    results = measure(projector)
    wheres = {r["where"] for r in results}
    for part in ["proj__focus-question", "proj__focus-block", "proj__lock", "proj__banner"]:
        assert part in wheres or any(w.startswith(part) for w in wheres), (part, sorted(wheres))
    assert not failing(results), failing(results)
    assert not failing(results, AAA), failing(results, AAA)
    projector.mouse.move(800, 1050)  # (the idle footer's buttons fade out: wake them)
    violations = serious_violations(projector, axe_source)
    assert not violations, "\n" + describe(violations)
    call(facilitator, "workshop:update", {"locked": False, "silent": False, "focus": None})
    projector.wait_for_selector("#focus-banner[hidden]", state="attached", timeout=WAIT_MS)
    projector.mouse.move(800, 1050)  # (the idle footer's buttons fade out: wake them)
    violations = serious_violations(projector, axe_source)
    assert not violations, "\n" + describe(violations)
    assert projector.errors == []


def test_each_paper_colour_has_its_own_mark_in_the_high_contrast_theme(
        open_page, live_server, workshop, sockets):
    facilitator = fill_the_projector(sockets, workshop)
    call(facilitator, "workshop:update", {"high_contrast": True})
    projector = open_projector_at(open_page, live_server, workshop["code"])
    projector.wait_for_selector("body.theme-contrast", timeout=WAIT_MS)
    looks = {}
    for _ in range(30):  # (an area may turn its pages: each colour as it comes on screen)
        looks.update(projector.evaluate("""(colours) => Object.fromEntries(colours.map((c) => {
          const note = document.querySelector(`#sheet .area__col .note[data-color="${c}"]`);
          if (!note) return null;
          const style = getComputedStyle(note);
          return [c, {image: style.backgroundImage, paper: style.backgroundColor}];
        }).filter(Boolean))""", COLOURS))
        if len(looks) == len(COLOURS):
            break
        projector.wait_for_timeout(400)
    marks = [look["image"] for look in looks.values()]
    papers = [look["paper"] for look in looks.values()]
    assert len(set(marks)) == len(COLOURS), looks  # told apart without the colour
    assert len(set(papers)) == len(COLOURS), looks
    # The saturated papers, not the pale ones of the ordinary theme.
    assert looks["geel"]["paper"] == "rgb(255, 213, 0)", looks


def test_the_facilitator_switches_the_theme_and_the_projector_follows_and_keeps_it(
        open_page, live_server, workshop, sockets):
    fill_the_projector(sockets, workshop)
    projector = open_projector_at(open_page, live_server, workshop["code"])
    assert projector.evaluate("() => document.body.className").find("theme-contrast") < 0
    facilitator = open_facilitator(open_page, live_server, workshop)
    facilitator.locator("label.switch:has(#ctl-high-contrast)").click()
    projector.wait_for_selector("body.theme-contrast", timeout=WAIT_MS)
    title_size = "() => parseFloat(getComputedStyle(document.querySelector('.proj__title')).fontSize)"
    before = projector.evaluate(title_size)
    facilitator.locator("label.switch:has(#ctl-large-text)").click()
    projector.wait_for_selector("body.is-large-text", timeout=WAIT_MS)
    assert projector.evaluate(title_size) > before * 1.2
    projector.reload()
    projector.wait_for_selector("body.theme-contrast.is-large-text", timeout=WAIT_MS)
    assert facilitator.is_checked("#ctl-high-contrast") and facilitator.is_checked("#ctl-large-text")
    facilitator.locator("label.switch:has(#ctl-high-contrast)").click()
    projector.wait_for_function("() => !document.body.classList.contains('theme-contrast')",
                                timeout=WAIT_MS)
    assert projector.evaluate("() => document.body.classList.contains('is-large-text')")
    assert projector.errors == [] and facilitator.errors == []


def test_150_notes_at_1280x720_with_larger_text_all_shown_whole_and_legible(
        open_page, scale_server, boards, scale_sockets):  # noqa: F811
    workshop, ids, _ = boards(150)
    facilitator = scale_sockets(workshop["code"], facilitator_key=workshop["facilitator_key"])
    call(facilitator, "workshop:update", {"high_contrast": True, "large_text": True})
    size = (SCREEN["width"], SCREEN["height"])
    page = open_board(open_page, scale_server, workshop["code"], size)
    page.wait_for_selector("body.is-large-text", timeout=WAIT_MS)
    page.wait_for_function("() => document.querySelectorAll('#sheet .area__col > [data-id]')"
                           ".length > 0 && Number(document.querySelector('#sheet').dataset.cycle)"
                           " > 0", timeout=30000)
    # Every note whole at the legible size at least (arrange.js keeps that minimum with larger
    # text; the notes grow where there is room), on a screen whose titles and header grew.
    larger = legible(size[1])
    page.evaluate(WATCH, larger)
    cycle = int(page.evaluate("() => Number(document.querySelector('#sheet').dataset.cycle)"))
    try:
        page.wait_for_function(f"() => window.__seen.size >= {len(ids)}", timeout=cycle * 3 + 8000)
    except Exception:
        pass
    seen = set(page.evaluate("() => [...window.__seen]"))
    small = page.evaluate("() => window.__small")
    missing = sorted(set(ids) - seen)
    assert not missing, (f"{len(missing)} of {len(ids)} notes never shown whole at >= {larger} px"
                         f" in {cycle} ms; smaller: { {i: small.get(i) for i in missing[:10]} }")
    page.evaluate("() => cancelAnimationFrame(window.__watching)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "projector-150-large-contrast-1280x720.png"))
    assert page.errors == []


def test_the_spotlight_the_results_and_the_vitality_chart_meet_aa_in_the_high_contrast_theme(
        open_page, live_server, workshop, sockets):
    """What covers the sheet for a while is measured too: every text at AA (and at AAA, the
    theme's margin), the note in the spotlight on its own paper colour."""
    facilitator = fill_the_projector(sockets, workshop)
    projector = open_projector_at(open_page, live_server, workshop["code"])
    call(facilitator, "workshop:update", {"high_contrast": True})
    projector.wait_for_selector("body.theme-contrast", timeout=WAIT_MS)

    views = [
        ({"spotlight": {"note": "c-roze-spelregels"}}, ".spot:not([hidden])", ["spot__where", "note__text"]),
        ({"spotlight": None, "votes_per_participant": 3, "results": {"block": None}},
         ".results:not([hidden])", []),
        ({"results": None, "votes_per_participant": 0, "vitality": True}, ".vchart:not([hidden])",
         ["vchart__title"]),
    ]
    rater = sockets(workshop["code"], name="Wim")
    for settings, selector, parts in views:
        call(facilitator, "workshop:update", settings)
        if settings.get("vitality"):
            for block, score in [("identiteit", 4), ("regie", 2)]:
                call(rater, "vitality:rate", {"block": block, "score": score})
        projector.wait_for_selector(selector, timeout=WAIT_MS)
        view = projector.locator(selector)
        results = [r for r in measure(projector) if r["fading"] is False]
        inside = [r for r in view.evaluate(CONTRAST) if not r["fading"]]
        assert inside, f"nothing measured in {selector}"
        wheres = {r["where"] for r in inside}
        for part in parts:
            assert part in wheres, (selector, part, sorted(wheres))
        assert not failing(results + inside), (selector, failing(results + inside))
        assert not failing(inside, AAA), (selector, failing(inside, AAA))
    assert projector.errors == []
