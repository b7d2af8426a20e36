"""Note text prepared for wrapping (canvas/poster/hyphenate.py): soft hyphens at Dutch syllable
boundaries, no-break spaces where a line must not break. The cases are shared with the pages'
module (tests/js/fixtures/hyphenation.json), so the poster and the pages break alike."""
import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from canvas.poster import fonts, render_poster, theme
from canvas.poster.hyphenate import NBSP, SHY, hyphenate

FIXTURE = Path(__file__).resolve().parents[1] / "js" / "fixtures" / "hyphenation.json"
CASES = json.loads(FIXTURE.read_text(encoding="utf-8"))["cases"]
WORDS = ["Vroegsignalering", "Wijkcoöperatie", "netwerkcoördinator", "organisatiegericht"]


def shown(text: str) -> str:
    return text.replace(SHY, "|").replace(NBSP, "_")


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:30] or "empty" for c in CASES])
def test_the_shared_cases(case):
    assert shown(hyphenate(case["text"], case["lang"])) == case["expected"]


def test_exact_breaks_of_the_long_words():
    assert [shown(hyphenate(w)) for w in WORDS] == [
        "Vroeg|sig|na|le|ring", "Wijk|co|ö|pe|ra|tie", "net|werk|co|ör|di|na|tor",
        "or|ga|ni|sa|tie|ge|richt"]


@pytest.mark.parametrize("text", [c["text"] for c in CASES] + [
    "Één café, geïnteresseerd – “samen” ‘doen’ — € 40.000 óók", "<b>vet</b> & x", "a\tb c"])
def test_only_soft_hyphens_and_no_break_spaces_are_added(text):
    def same(s):
        return s.replace(SHY, "").replace(NBSP, " ").replace("\t", " ")
    assert same(hyphenate(text)) == same(text)


def test_no_break_at_all_in_short_words_and_addresses():
    text = "samen wijk ouderen zorgpad ess@minszw.nl www.netwerkcoordinator.nl"
    assert SHY not in hyphenate(text)


def test_english_text_gets_the_no_break_rules_only():
    assert hyphenate("netwerkcoördinator € 5", "en") == "netwerkcoördinator €\u00a05"


@pytest.mark.parametrize("width", [40, 55, 70, 90])
def test_a_narrow_paragraph_breaks_long_words_only_at_a_syllable_with_a_hyphen(width):
    """Drawn by reportlab as the poster draws note text: every line that ends inside one of the
    words ends with a hyphen, at one of the word's syllable boundaries."""
    fonts.register()
    text = "Vroegsignalering, Wijkcoöperatie: netwerkcoördinator; organisatiegericht."
    para = Paragraph(theme.markup(hyphenate(text)), theme.note_style())
    para.wrap(width, 1e6)
    lines = ["".join(f.text for f in line.words if hasattr(f, "text")) if hasattr(line, "words")
             else " ".join(line[1]) for line in para.blPara.lines]
    assert_breaks_at_syllables(lines, WORDS)


def assert_breaks_at_syllables(lines, words):
    """Each of ``words`` in the wrapped ``lines`` is whole on a line, or split with a hyphen at
    a line's end, at one of its syllable boundaries. A break without a hyphen leaves a space in
    the joined text, so the word is not found."""
    flat, cuts = "", []
    for line in (line.strip() for line in lines):
        if flat.endswith("-"):
            flat = flat[:-1]
            cuts.append(len(flat))
        elif flat:
            flat += " "
        flat += line
    for word in words:
        pos = flat.find(word)
        assert pos >= 0, (word, lines)
        allowed = {len(p) for p in _prefixes(hyphenate(word))}
        for cut in cuts:
            if pos < cut < pos + len(word):
                assert cut - pos in allowed, (word, cut - pos, lines)


def _prefixes(hyphenated: str):
    parts = hyphenated.split(SHY)
    return ["".join(parts[:i]) for i in range(1, len(parts))]


def test_the_poster_breaks_the_long_words_at_syllables_with_a_hyphen():
    """The poster as printed (text read back with pypdf): every one of the words is whole, or
    broken at a syllable with a hyphen at the end of the line; the amount stays with '€'."""
    text = ("Vroegsignalering met de netwerkcoördinator van de Wijkcoöperatie, "
            "niet organisatiegericht. Budget € 40.000.")
    places = [("identiteit", s) for s in ("passie", "ambitie", "positie", "stijl")] + [
        ("spelregels", None), ("regie", None), ("organisatie", "wie"), ("organisatie", "plek")]
    notes = [{"id": f"n-{i}", "block": block, "subarea": sub, "text": text, "color": "geel",
              "author": "Fatima", "coalition": None, "votes": 0}
             for i, (block, sub) in enumerate(places * 5)]
    pdf = render_poster({"workshop": {"code": "K7PX3M", "title": "Zorgnetwerk Oost",
                                      "language": "nl"}, "notes": notes}, "A4")
    lines = [line.strip() for page in PdfReader(io.BytesIO(pdf)).pages
             for line in (page.extract_text() or "").split("\n")]
    flat, cuts = "", []
    for line in lines:
        if flat.endswith("-"):
            flat = flat[:-1]
            cuts.append(len(flat))
        elif flat:
            flat += " "
        flat += line
    for word in WORDS:
        allowed = {len(p) for p in _prefixes(hyphenate(word))}
        starts = [m.start() for m in re.finditer(word, flat)]
        assert len(starts) == len(notes), (word, len(starts))   # no break without a hyphen
        for pos in starts:
            for cut in cuts:
                if pos < cut < pos + len(word):
                    assert cut - pos in allowed, (word, cut - pos)
    inside = sum(1 for word in WORDS for m in re.finditer(word, flat) for cut in cuts
                 if m.start() < cut < m.start() + len(word))
    assert inside >= 10, inside   # the words did break on this poster
    assert flat.count("€ 40.000") == len(notes)
