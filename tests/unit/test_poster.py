"""The PDF poster: every note on it, whole, on every paper size, in the workshop's language.

Text is read back with pypdf. Extraction breaks lines wherever reportlab wrapped them (a long
word at a syllable, with a hyphen; see hyphenate.py), so texts are compared with all whitespace
and hyphens removed.
Every note carries a unique marker (Q0001Z, ...) whose count must be exactly one: a dropped or
doubled note fails.
"""
import functools
import io
import json
import math
import random
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A0, A1, A2, A3, A4, landscape

from canvas import method
from canvas.poster import PAPER_SIZES, render_poster, theme
from canvas.poster import draw as poster_draw
from canvas.poster import render as poster_render
from canvas.poster.sample import sample_snapshot

SIZES = {"A0": A0, "A1": A1, "A2": A2, "A3": A3, "A4": A4}
WORDS = [
    "samen", "wijk", "zorg", "bewoners", "netwerk", "vertrouwen", "afspraken", "elkaar", "budget",
    "ouderen", "gezond", "mantelzorgers", "huisartsen", "gemeente", "welzijn", "energie",
    "ambitie", "kwartaal", "overleg", "leren", "experiment", "cliënt", "coördinatie",
    "verantwoording", "één", "café", "privacy", "toegankelijk", "jongerenwerk", "wijkteam",
    "buurthuis", "vrijwilligers", "eigenaarschap",
]
AUTHORS = ["Fatima", "Youssef", "Anouk", "Bram", "Özlem", "Marloes"]


def squash(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]+", "", text)


def pages_text(pdf: bytes) -> list:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def all_text(pdf: bytes) -> str:
    return squash("".join(pages_text(pdf)))


def note(i, block, subarea=None, text=None, color="geel", author=None, votes=0,
         coalition=None):
    return {"id": f"n-{i}", "block": block, "subarea": subarea,
            "text": text if text is not None else f"Q{i:04d}Z notitie {i}",
            "color": color, "author": AUTHORS[i % len(AUTHORS)] if author is None else author,
            "coalition": coalition, "votes": votes, "version": 1,
            "created_at": "2026-11-23T17:00:00Z", "updated_at": "2026-11-23T17:00:00Z"}


def snapshot(notes, language="nl", show_authors=True, label="Na ronde 1",
             created_at="2026-11-23T18:01:02Z"):
    return {"workshop": {"code": "K7PX3M", "title": "Zorgnetwerk Oost", "language": language},
            "label": label, "created_at": created_at, "rev": len(notes), "participants": 12,
            "settings": {"show_authors": show_authors}, "notes": notes}


def varied_notes(count, seed=7, cards=0):
    """Notes in every block and sub-area, texts of 1 to 60 words, each with its marker."""
    rnd = random.Random(seed)
    places = [(b["key"], s) for b in method.BLOCKS if b["key"] != "coalities"
              for s in ([x["key"] for x in b["subareas"]] + [None] if b["subareas"] else [None])]
    out = []
    for i in range(count):
        block, sub = places[i % len(places)] if i < len(places) else rnd.choice(places)
        length = rnd.choice([1, 2, 3, 4, 6, 8, 12, 20, 35, 60])
        words = " ".join(rnd.choice(WORDS) for _ in range(length))
        out.append(note(i, block, sub, text=f"Q{i:04d}Z {words}",
                        color=rnd.choice(method.COLOR_KEYS), votes=rnd.choice([0, 0, 1, 4])))
    for j in range(cards):
        i = count + j
        out.append(note(i, "coalities", text=f"Q{i:04d}Z Coalitie {j}", coalition={
            "werkvorm": method.WERKVORM_KEYS[j % 6], "ambitie": f"Ambitie{j} samen sterker",
            "kernpartners": f"Partners{j} Woonstad en GGD", "doelgroep": f"Doelgroep{j} ouderen"}))
    return out


def assert_markers(pdf: bytes, count: int, snap=None):
    """Every note once; a note in the Top 10 of ``snap`` (after a vote) once more, there."""
    text = all_text(pdf)
    top = " ".join(e["title"] for e in poster_render.top_ten(snap)) if snap else ""
    for i in range(count):
        expected = 1 + (f"Q{i:04d}Z" in top)
        assert text.count(f"Q{i:04d}Z") == expected, \
            f"note {i} appears {text.count(f'Q{i:04d}Z')}x, not {expected}x"


# ---------------------------------------------------------------- every paper size

@pytest.mark.parametrize("size", PAPER_SIZES)
def test_every_size_shows_everything(size):
    notes = varied_notes(40, cards=4)
    snap = snapshot(notes)
    pdf = render_poster(snap, size)
    reader = PdfReader(io.BytesIO(pdf))
    width, height = landscape(SIZES[size])
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(height, abs=0.01)
    text = all_text(pdf)
    assert_markers(pdf, len(notes), snap)
    assert "Top10" in text   # votes were given
    for n in notes:
        assert squash(n["text"]) in text
        for key, value in (n["coalition"] or {}).items():
            if key != "werkvorm":
                assert squash(value) in text
    first = squash(pages_text(pdf)[0])
    nl = method.localized("nl")
    for block in nl["blocks"]:
        assert squash(block["title"]) in first, block["title"]
        assert squash(block["question"]) in first, block["question"]
    for field in nl["coalition_fields"]:
        assert squash(field["title"]).upper() in first.upper()
    for werkvorm in nl["werkvormen"][:4]:
        assert werkvorm["title"].upper() in first.upper()
    for part in ("Zorgnetwerk Oost", "Na ronde 1", "23 november 2026, 19:01", "40 notities",
                 "4 coalitiekaarten", "12 deelnemers", method.SOURCE["nl"], "Netwerk Canvas"):
        assert squash(part) in first, part


@pytest.mark.parametrize("size", PAPER_SIZES)
def test_notes_stay_inside_their_area_and_apart(size):
    plan = poster_render.plan(snapshot(varied_notes(120, seed=3, cards=6)), size)
    placed_count = 0
    for area in plan.areas:
        if area.packing is None:
            continue
        _check_packing(area.packing, area.box)
        placed_count += len(area.packing.placed)
    for page in plan.pages[1:]:
        if page.block == poster_render.TOP_PAGE:
            continue
        box = page.frame
        _check_packing(page.packing, box)
        placed_count += sum(1 for p in page.packing.placed if p.item.note is not None)
    assert placed_count >= 126   # every note (pieces of split notes count once or more)


def _check_packing(packing, box):
    rects = []
    for p in packing.placed:
        w, h = p.wref * p.k, p.item.measure(p.wref, p.k) * p.k
        x0, y0, x1, y1 = p.x, p.top - h, p.x + w, p.top
        assert box.x - 0.01 <= x0 and x1 <= box.x + box.w + 0.01, "outside its area"
        assert box.y - 0.01 <= y0 and y1 <= box.top + 0.01, "outside its area"
        for other in rects:
            assert x1 <= other[0] + 0.01 or other[2] <= x0 + 0.01 or \
                y1 <= other[1] + 0.01 or other[3] <= y0 + 0.01, "notes overlap"
        rects.append((x0, y0, x1, y1))


# ---------------------------------------------------------------- crowded: continuation pages

def test_300_notes_on_a4_are_all_there_with_continuation_pages():
    notes = varied_notes(300, seed=11, cards=5)
    snap = snapshot(notes)
    pdf = render_poster(snap, "A4")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(841.89, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(595.28, abs=0.01)
    assert_markers(pdf, len(notes), snap)
    text = all_text(pdf)
    for n in notes:
        assert squash(n["text"]) in text
    texts = pages_text(pdf)
    titles = {b["title"] for b in method.localized("nl")["blocks"]}
    for page in texts[1:]:
        if "(vervolg)" not in page and "Top 10" in page:
            continue   # the Top 10's own page
        label = re.search(r"(\w+)\s+\(vervolg\)", page)
        assert label and label.group(1).split()[-1] in " ".join(titles), page[:200]
    assert "op pagina 2" in texts[0]
    assert "Pagina 1 van" in texts[0]


def test_a_note_taller_than_a_page_is_split_not_cut():
    words = " ".join(f"w{i:05d}" for i in range(3000))
    pdf = render_poster(snapshot([note(0, "regie", text=words)]), "A4")
    texts = pages_text(pdf)
    assert len(texts) >= 3
    # every word, once, in order, across the pieces on the continuation pages
    assert re.findall(r"w\d{5}", "".join(texts)) == words.split()


def test_english_poster_uses_english_labels():
    notes = varied_notes(300, seed=5)
    texts = pages_text(render_poster(snapshot(notes, language="en"), "A4"))
    first = squash(texts[0])
    en = method.localized("en")
    for block in en["blocks"]:
        assert squash(block["title"]) in first
    assert squash(method.SOURCE["en"]) in first
    assert "(continued)" in "".join(texts[1:])
    assert "300 notes" in texts[0]


# ---------------------------------------------------------------- text as written

def test_dutch_characters_quotes_dashes_and_euro_come_back():
    text = "Één café, geïnteresseerd – “samen” ‘doen’ — € 40.000 óók"
    pdf = render_poster(snapshot([note(0, "identiteit", "passie", text=text,
                                       author="Zoë Ançilla")]), "A3")
    extracted = pages_text(pdf)[0]
    assert squash(text) in squash(extracted)
    assert "Zoë Ançilla" in extracted


def test_markup_in_notes_prints_literally():
    texts = ["<b>vet</b> & <i>schuin</i>", "a < b & c > d", "<b", "&amp; &lt;",
             "eerste regel\ntweede regel"]
    notes = [note(i, "spelregels", text=t) for i, t in enumerate(texts)]
    extracted = all_text(render_poster(snapshot(notes), "A2"))
    for t in texts:
        assert squash(t) in extracted


def test_newlines_in_notes_become_line_breaks():
    pdf = render_poster(snapshot([note(0, "regie", text="regel een\nregel twee")]), "A4")
    lines = [line.strip() for line in pages_text(pdf)[0].splitlines()]
    assert any(line.startswith("regel een") and "twee" not in line for line in lines)


def test_no_author_names_when_authors_are_hidden():
    notes = varied_notes(30, seed=2, cards=3)
    for n in notes:
        n["author"] = "Geheimenaam" + n["id"][-2:]
    pdf = render_poster(snapshot(notes, show_authors=False), "A1")
    text = all_text(pdf)
    assert "Geheimenaam" not in text
    reader = PdfReader(io.BytesIO(pdf))
    assert "Geheimenaam" not in str(reader.metadata)
    shown = all_text(render_poster(snapshot(notes, show_authors=True), "A1"))
    assert "Geheimenaam" in shown


def test_votes_are_shown():
    pdf = render_poster(snapshot([note(0, "regie", votes=7), note(1, "regie", votes=0)]), "A3")
    text = pages_text(pdf)[0]
    assert "★ 7" in text or "★\xa07" in text
    assert "aantal stemmen" in text


# ---------------------------------------------------------------- the sheet itself

def test_empty_canvas_shows_the_guiding_questions():
    pdf = render_poster(snapshot([]), "A1")
    texts = pages_text(pdf)
    assert len(texts) == 1
    first = squash(texts[0])
    for block in method.localized("nl")["blocks"]:
        for question in block["questions"]:
            assert squash(question) in first
        for sub in block["subareas"]:
            assert squash(sub["questions"][0]) in first
    assert "0 notities" in texts[0]


def test_general_area_only_when_used():
    without = pages_text(render_poster(snapshot([note(0, "identiteit", "passie")]), "A3"))[0]
    assert "ALGEMEEN" not in without
    with_general = pages_text(render_poster(snapshot([note(0, "identiteit", None)]), "A3"))[0]
    assert "ALGEMEEN" in with_general


def test_time_is_amsterdam_local_time():
    summer = pages_text(render_poster(snapshot([], created_at="2026-07-01T12:00:00Z"), "A4"))[0]
    assert "1 juli 2026, 14:00" in summer
    english = pages_text(render_poster(snapshot([], language="en"), "A4"))[0]
    assert "23 November 2026, 19:01" in english


def test_output_is_deterministic():
    snap = snapshot(varied_notes(20))
    assert render_poster(snap, "A2") == render_poster(snap, "A2")


def test_unknown_size_is_refused():
    for bad in ("A5", "a1", "", "Letter"):
        with pytest.raises(ValueError):
            render_poster(snapshot([]), bad)


def test_default_size_is_a1():
    pdf = render_poster(snapshot([]))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(landscape(A1)[0], abs=0.01)


# ---------------------------------------------------------------- the rules, with realistic notes

SEED_TEXTS = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "seed_notes.json")
                        .read_text(encoding="utf-8"))["texts"]
SHEET_CASES = [(count, size) for count in (30, 150, 300) for size in ("A4", "A3", "A1", "A0")]


def seed_notes(count, cards=5, seed=3):
    """``count`` notes with texts from the source publications, spread over every block and
    sub-area (more where workshops write more), and ``cards`` coalition cards."""
    rnd = random.Random(seed)
    places = [(b["key"], s) for b in method.BLOCKS if b["key"] != "coalities"
              for s in ([x["key"] for x in b["subareas"]] + [None] if b["subareas"] else [None])]
    weights = [3 if block in ("spelregels", "regie") else 2 for block, _ in places]
    out = []
    for i, text in enumerate(SEED_TEXTS[:count]):
        block, sub = places[i] if i < len(places) else rnd.choices(places, weights)[0]
        out.append(note(i, block, sub, text=text, color=rnd.choice(method.COLOR_KEYS),
                        votes=rnd.choice([0, 0, 0, 1, 2, 5])))
    def phrase(text, words):   # a card's fields are phrases, not sentences
        return " ".join(text.split()[:words]).rstrip(".,;:?!")
    for j in range(cards):
        texts = SEED_TEXTS[-1 - 4 * j:-5 - 4 * j:-1]
        out.append(note(count + j, "coalities", text=phrase(texts[0], 3), coalition={
            "werkvorm": method.WERKVORM_KEYS[j % 6], "ambitie": phrase(texts[1], 9),
            "kernpartners": phrase(texts[2], 5), "doelgroep": phrase(texts[3], 4)}))
    return out


@functools.cache
def sheet_case(count, size):
    """(notes, plan, pdf) of ``count`` realistic notes on ``size``, rendered once per module."""
    notes = seed_notes(count)
    plan = poster_render.plan(snapshot(notes), size)
    return notes, plan, poster_draw.pdf(plan)


def text_sizes(pdf: bytes) -> list:
    """(page, font size on the page in points, text) of every piece of text drawn."""
    runs = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                # the size the glyphs have on the page: the font size times the vertical scale
                # of the text matrix times the current transformation
                scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
                runs.append((number, size * scale, text.strip()))
        page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("count,size", SHEET_CASES)
def test_every_realistic_note_is_on_the_poster(count, size):
    notes, plan, pdf = sheet_case(count, size)
    text = all_text(pdf)
    for n in notes:
        assert squash(n["text"]) in text, n["text"]
        for key, value in (n["coalition"] or {}).items():
            if key != "werkvorm":
                assert squash(value) in text, value
    assert len(PdfReader(io.BytesIO(pdf)).pages) == len(plan.pages)


@pytest.mark.parametrize("count,size", SHEET_CASES)
def test_no_text_under_the_legible_minimum(count, size):
    """7 pt on A4, more on larger paper: notes, authors, votes, coalition cards (their
    labels, fields and werkvorm), titles, tags, header and footer alike."""
    _, plan, pdf = sheet_case(count, size)
    least = theme.min_size(plan.s)
    runs = text_sizes(pdf)
    small = [(page, round(pt, 2), text) for page, pt, text in runs if pt < least - 0.01]
    assert not small, small[:10]
    # the check sees the cards' fields (so it can fail on them)
    field = squash(seed_notes(count)[-1]["coalition"]["doelgroep"])[:12]
    assert any(field in squash(text) for _, _, text in runs), field
    assert any("DOELGROEP" in text for _, _, text in runs)


@pytest.mark.parametrize("count,size", SHEET_CASES)
def test_no_continuation_while_the_area_has_room(count, size):
    """An area says "+n op pagina 2" only when none of those notes fits in what is left of
    it, and every area with notes shows some of them on the sheet."""
    _, plan, _ = sheet_case(count, size)
    for area in plan.areas:
        packing = area.packing
        if packing is None or not area.items:
            continue
        assert packing.placed, f"{area.block}/{area.sub}: only the tag"
        if packing.overflow:
            k = packing.size / theme.REF
            smallest = min(item.height_at(packing.wref, k) * k for item in packing.overflow)
            assert smallest > max(packing.free), (area.block, area.sub, smallest,
                                                  max(packing.free))


@pytest.mark.parametrize("count,size", SHEET_CASES)
def test_continuation_pages_only_when_needed(count, size):
    _, plan, pdf = sheet_case(count, size)
    overflow = [a for a in plan.areas if a.packing is not None and a.packing.overflow]
    texts = pages_text(pdf)
    pages = [p for p in plan.pages if p.block != poster_render.TOP_PAGE]   # of notes
    if not overflow:
        assert len(pages) == 1
    else:
        assert len(pages) > 1
        assert "op pagina" in texts[0]
    for page in pages[1:]:
        assert any(p.item.note is not None for p in page.packing.placed)
    if count == 30 and size != "A4":
        assert len(pages) == 1, (count, size, len(pages))


@pytest.mark.parametrize("count,size", [(30, "A4"), (60, "A3"), (150, "A1"), (150, "A0")])
def test_the_sample_workshop_fits_one_sheet(count, size):
    """The made-up workshop (short notes, like most sticky notes) needs no continuation page
    up to 30 notes on A4 and 150 on A1."""
    plan = poster_render.plan(sample_snapshot(count, 5, seed=2), size)
    # (its votes make a Top 10: on the sheet, or on a page of its own when the sheet needs
    # all its width for the notes)
    assert [p.block for p in plan.pages if p.block != poster_render.TOP_PAGE] == [None]


def test_hyphens_of_the_text_survive_wrapping_at_many_widths():
    """A note laid out at many widths (as the sheet tries sizes) keeps the hyphens it was
    written with; none is taken for a soft one."""
    text = "Conflicten eerst één-op-één bespreken met de netwerkcoördinator"
    notes = [note(i, "spelregels", text=text) for i in range(12)]
    for size in ("A4", "A1"):
        joined = "".join(pages_text(render_poster(snapshot(notes), size))).replace("\n", "")
        assert joined.count("één-op-één") == len(notes), size
