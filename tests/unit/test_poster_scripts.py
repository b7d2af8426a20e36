"""The poster prints every script people type: checked on the PDF with poppler's pdftotext and
pdffonts, as a reader or a printer sees it.

Arabic is printed in its joining forms (presentation forms), which pdftotext gives back as
such: the text is compared after NFKC, which maps them to the letters typed. pdftotext puts
right-to-left text back in logical order and marks it with embedding controls, which are
left out before comparing.

The system fonts (Debian fonts-noto-core, fonts-symbola, fonts-droid-fallback, fonts-nanum)
are installed by .ci/run; on a machine without them the tests that need them are skipped,
except in CI, where they fail.
"""
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from canvas.poster import fonts, render_poster, text

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdffonts")),
                                reason="poppler-utils (pdftotext, pdffonts) not installed")

ARABIC = "مرحبا بالعالم، هذه ملاحظة طويلة عن التعاون في الحي مع الجيران والبلدية"
HEBREW = "שלום עולם, זה פתק בעברית"
NOTES = {
    "emoji": "Zoë 👩🏽‍💻 schreef dit 🎉",
    "arabic": ARABIC,
    "hebrew": HEBREW,
    "mixed": "Overleg met أحمد en שרה op dinsdag",
    "chinese": "你好世界，我们一起合作",
    "japanese": "日本語のメモです",
    "korean": "한국어 메모",
    "thai": "สวัสดีครับ ทุกคน",
    "fullwidth": "ＦＵＬＬＷＩＤＴＨ",
    "math": "𝐁𝐨𝐥𝐝 𝒮𝒸𝓇𝒾𝓅𝓉",
    "latin": "Türkçe ğüşıöç İstanbul, Ελληνικά, Кириллица",
}
# What pdftotext must give back (after NFKC and without bidi controls): monochrome emoji
# print without skin tone and joiner.
EXPECTED = dict(NOTES, emoji="Zoë 👩💻 schreef dit 🎉")
NEEDS_SYSTEM_FONTS = {"emoji", "chinese", "japanese", "korean", "thai", "fullwidth", "math"}


def need_system_fonts():
    names = fonts.fallback_names()
    if len(names) < len(fonts.FALLBACKS):
        if os.environ.get("CI"):
            pytest.fail(f"poster fonts missing in CI: found {names}; .ci/run installs "
                        f"{' '.join(fonts.PACKAGES)}")
        pytest.skip(f"install {' '.join(fonts.PACKAGES)} for the poster's fallback fonts")


def snapshot(notes, title="Werkplaats", author="Zoë 👩🏽‍💻"):
    items = [{"id": f"n-{i}", "block": "spelregels", "subarea": None, "text": value,
              "color": "geel", "author": author, "coalition": None, "votes": 0, "version": 1}
             for i, value in enumerate(notes)]
    items.append({"id": "card", "block": "coalities", "subarea": None, "text": "Buurtkamer",
                  "color": "geel", "author": "Ayşe", "votes": 0, "version": 1,
                  "coalition": {"werkvorm": "project", "ambitie": "مرحبا بالجيران 🏠",
                                "kernpartners": "你好 Woonstad", "doelgroep": "שכנים"}})
    return {"workshop": {"code": "ABC123", "title": title, "language": "nl"},
            "label": "Na ronde 1", "created_at": "2026-11-23T18:01:02Z", "rev": 1,
            "participants": 3, "settings": {"show_authors": True}, "notes": items}


def pdftotext(pdf: bytes, tmp_path, layout=False) -> str:
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    if layout:
        return "\n".join(normal(line) for line in out.split("\n"))
    return normal(out)


def normal(value: str) -> str:
    value = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad]", "", value)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value))


def words(value: str) -> list:
    """The words of ``value`` without punctuation: pdftotext may put the punctuation at the end
    of a right-to-left run on the other side of it."""
    return [w for w in re.sub(r"[^\w\s]", " ", normal(value)).split() if w]


def test_every_script_is_in_the_pdf_text_in_logical_order(tmp_path):
    need_system_fonts()
    pdf = render_poster(snapshot(NOTES.values(), title="Wijk 🌍 مرحبا 你好"), "A3")
    extracted = pdftotext(pdf, tmp_path)
    for key, value in EXPECTED.items():
        if key in ("arabic", "hebrew", "mixed"):
            continue   # wrapped over lines: checked word by word below
        assert normal(value) in extracted, key
    for word in words(ARABIC) + words(HEBREW):
        assert word in extracted
    # the title, the author and the coalition fields go through the same fonts
    for value in ("Wijk 🌍", "你好 Woonstad", "🏠", "Zoë 👩💻"):
        assert normal(value) in extracted, value


def test_right_to_left_lines_read_right_to_left_first_line_on_top(tmp_path):
    """A multi-line Arabic note: its first words on the top line, each line's words in reading
    order (pdftotext -layout gives each visual line back in logical order)."""
    pdf = render_poster(snapshot([ARABIC, HEBREW], author=""), "A4")
    lines = pdftotext(pdf, tmp_path, layout=True).split("\n")
    top = next(i for i, line in enumerate(lines) if "مرحبا بالعالم" in line)
    bottom = next(i for i, line in enumerate(lines) if "والبلدية" in line)
    assert top < bottom, lines
    assert any("שלום עולם" in line for line in lines), lines


def test_visual_order_of_a_mixed_line():
    line = "abc שלום (x) def"
    order = "".join(ch for _, ch in text.visual(line, rtl=False))
    assert order == "abc םולש (x) def"
    rtl = "".join(ch for _, ch in text.visual("שלום abc!", rtl=True))
    assert rtl == "!abc םולש"
    assert text.base_is_rtl("שלום abc") and not text.base_is_rtl("abc שלום")


def test_arabic_is_shaped_into_joining_forms():
    shaped = text.shape("مرحبا")
    assert shaped != "مرحبا"
    assert all("\ufe70" <= ch <= "\ufeff" or "\ufb50" <= ch <= "\ufdff" for ch in shaped)
    assert unicodedata.normalize("NFKC", shaped) == "مرحبا"


def test_fonts_are_embedded_as_subsets_and_the_file_stays_small(tmp_path):
    need_system_fonts()
    pdf = render_poster(snapshot(NOTES.values()), "A4")
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if "TrueType" in line]
    names = {row[0].split("+", 1)[-1] for row in rows}
    for expected in ("DejaVuSans", "Symbola", "DroidSansFallback", "NanumGothic",
                     "NotoSansThai-Regular", "NotoSansMath-Regular"):
        assert expected in names, (expected, out)
    for row in rows:
        assert re.fullmatch(r"[A-Z]{6}\+.+", row[0]), row   # a subset
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row
    # whole fonts would be over 20 MB (Droid Sans Fallback alone is 4 MB)
    assert len(pdf) < 250_000, len(pdf)


def test_emoji_modifiers_and_joiners_are_left_out_of_the_printed_text():
    assert fonts.prepare("👩🏽‍💻") == "👩💻"
    assert fonts.prepare("❤️") == "❤"
    # a joiner inside Arabic or Persian text shapes the letters: it stays
    assert fonts.prepare("می\u200cخواهم") == "می\u200cخواهم"
    assert fonts.prepare("a\u200db") == "a\u200db"


def test_characters_go_to_the_first_font_that_has_them():
    need_system_fonts()
    runs = fonts.runs("Zoë 👩 你好 𝐀", bold=False)
    assert runs[0] == ("Zoë ", fonts.REGULAR)
    by_font = {name: piece for piece, name in runs}
    assert "👩" in by_font["NCSymbola"] or "👩" in by_font["NCNotoSansMath"]
    assert "你好" in by_font["NCCJK"].strip()
    # bold text falls back to the bold face where the fallback has one
    assert fonts.runs("สวัสดี", bold=True)[0][1] == "NCNotoSansThai-Bold"


def test_no_system_fonts_still_renders_and_says_what_to_install(tmp_path):
    """A laptop without the font packages: the poster renders (what no font has prints as an
    empty box), Arabic and Hebrew still print from the shipped DejaVu Sans, and the log says
    which Debian packages to install."""
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    out = tmp_path / "poster.pdf"
    script = (
        "import logging, sys\n"
        "logging.basicConfig(level=logging.WARNING)\n"
        "from canvas.poster import render_poster, fonts\n"
        f"sys.path.insert(0, {str(ROOT / 'tests' / 'unit')!r})\n"
        "from test_poster_scripts import snapshot, NOTES\n"
        "assert fonts.fallback_names() == [], fonts.fallback_names()\n"
        f"open({str(out)!r}, 'wb').write(render_poster(snapshot(NOTES.values()), 'A4'))\n"
    )
    env = dict(os.environ, POSTER_FONT_DIRS=str(empty))
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Poster fonts missing" in result.stderr
    for package in fonts.PACKAGES:
        assert package in result.stderr
    extracted = normal(subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"],
                                      capture_output=True, text=True, check=True).stdout)
    assert normal(EXPECTED["latin"]) in extracted
    for word in words(HEBREW) + words(ARABIC)[:3]:
        assert word in extracted
    fonts_out = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                               check=True).stdout
    assert "Symbola" not in fonts_out and "DejaVuSans" in fonts_out
