"""The poster's fonts: DejaVu Sans, shipped in ``fonts/``, then system fonts per character.

DejaVu Sans prints every machine's poster the same for Latin (Dutch, Turkish, ...), Greek,
Cyrillic, Arabic and Hebrew. What participants also type (emoji, Chinese, Japanese, Thai,
fullwidth and mathematical letters) it has no glyph for; such a character is printed in the
first system font of ``FALLBACKS`` that has one (per character, so "Zoë 👩‍💻" is two runs in
two fonts). The fallbacks are Debian's packages (``PACKAGES``); a machine without them still
renders, with an empty box for what no font has, and says once in the log what to install.
Reportlab embeds every font as a subset of the glyphs used, so a fallback costs only its
characters.

Fonts are registered with reportlab once per process; ``register()`` is cheap to call again
and safe to call from several threads.
"""
import logging
import os
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "NCDejaVuSans"
BOLD = "NCDejaVuSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}

# After DejaVu Sans, in this order: (name, regular file names, bold file names, Debian package).
# The first file found of each list is used; a fallback without a bold face prints bold text
# in its regular face. Only TrueType outlines can be embedded by reportlab, so Noto Sans CJK
# (PostScript outlines) is no candidate; Droid Sans Fallback and WenQuanYi are.
FALLBACKS = (
    ("NCNotoSansArabic", ("NotoSansArabic-Regular.ttf",), ("NotoSansArabic-Bold.ttf",),
     "fonts-noto-core"),
    ("NCNotoSansThai", ("NotoSansThai-Regular.ttf",), ("NotoSansThai-Bold.ttf",),
     "fonts-noto-core"),
    ("NCNotoSansMath", ("NotoSansMath-Regular.ttf",), (), "fonts-noto-core"),
    ("NCSymbola", ("Symbola_hint.ttf", "Symbola.ttf"), (), "fonts-symbola"),
    ("NCCJK", ("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf", "wqy-zenhei.ttc",
               "wqy-microhei.ttc"), (), "fonts-droid-fallback"),
    ("NCHangul", ("NanumGothic.ttf",), ("NanumGothicBold.ttf",), "fonts-nanum"),
)
PACKAGES = sorted({f[3] for f in FALLBACKS})
# Where system fonts are looked for; POSTER_FONT_DIRS (separated by os.pathsep) replaces it.
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")

_lock = threading.Lock()
_registered = False
_chain: dict[bool, list] = {False: [], True: []}   # bold -> [(font name, code points)]
_primary: dict[bool, frozenset] = {}


def register() -> None:
    """Register the shipped faces (and <b> in Paragraphs) and the fallbacks found on this
    machine, once per process."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            font = TTFont(name, str(FONT_DIR / filename))
            pdfmetrics.registerFont(font)
            _primary[name == BOLD] = frozenset(font.face.charToGlyph)
        # Paragraph markup: <b> switches to the bold face; there is no italic, so it maps back.
        for family, bold_face in ((REGULAR, BOLD), (BOLD, BOLD)):
            addMapping(family, 0, 0, family)
            addMapping(family, 1, 0, bold_face)
            addMapping(family, 0, 1, family)
            addMapping(family, 1, 1, bold_face)
        _register_fallbacks()
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        _registered = True


_reportlab_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname, subset):
    """reportlab's ToUnicode map of a font subset, with characters beyond U+FFFF (emoji, math
    letters) written as UTF-16 surrogate pairs as the PDF format wants: reportlab writes their
    five hex digits, which readers cut to four, so pdftotext and copy-paste gave "ἰ" for "🌍".
    """
    text = _reportlab_cmap(fontname, subset)
    for i, code in enumerate(subset):
        if code > 0xFFFF:
            utf16 = chr(code).encode("utf-16-be").hex().upper()
            text = text.replace(f"<{i:02X}> <{code:04X}>", f"<{i:02X}> <{utf16}>")
    return text


def _register_fallbacks() -> None:
    found = _system_fonts()
    missing = []
    for name, regular, bold, package in FALLBACKS:
        faces = {}
        for is_bold, files in ((False, regular), (True, bold or regular)):
            face_name = name + ("-Bold" if is_bold and bold else "")
            if face_name in pdfmetrics.getRegisteredFontNames():
                faces[is_bold] = (face_name, frozenset(pdfmetrics.getFont(
                    face_name).face.charToGlyph))
                continue
            for filename in files:
                path = found.get(filename.lower())
                if path is None:
                    continue
                try:
                    font = TTFont(face_name, path)
                except Exception as exc:   # a broken or PostScript-outline file: try the next
                    log.info("poster font %s not usable: %s", path, exc)
                    continue
                pdfmetrics.registerFont(font)
                faces[is_bold] = (face_name, frozenset(font.face.charToGlyph))
                break
        if not faces:
            missing.append(package)
            continue
        for is_bold in (False, True):
            _chain[is_bold].append(faces.get(is_bold) or faces[False])
    if missing:
        log.warning("Poster fonts missing: emoji, Chinese, Japanese, Thai or mathematical "
                    "letters may print as empty boxes. Install the Debian packages %s "
                    "(or set POSTER_FONT_DIRS to where such fonts are).",
                    " ".join(sorted(set(missing))))


def _system_fonts() -> dict:
    """Font file name (lower case) -> path, over the font folders (the first found wins)."""
    dirs = os.environ.get("POSTER_FONT_DIRS")
    dirs = dirs.split(os.pathsep) if dirs is not None else FONT_DIRS
    found = {}
    for folder in dirs:
        folder = os.path.expanduser(folder)
        if not folder or not os.path.isdir(folder):
            continue
        for root, _, files in os.walk(folder):
            for filename in files:
                found.setdefault(filename.lower(), os.path.join(root, filename))
    return found


def fallback_names() -> list:
    """The fallback fonts registered in this process (regular faces), in order of use."""
    register()
    return [name for name, _ in _chain[False]]


# Emoji are printed as monochrome glyphs: the presentation selectors, skin tones and the
# joiners between emoji only matter to colour fonts, so they are left out ("👩🏽‍💻" prints as the
# woman and the laptop; a joiner in Arabic or Indic text stays).
_EMOJI_ONLY = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]"
                         "|\u200d(?=[\u2190-\u2bff\U0001f000-\U0001faff])")


def prepare(text: str) -> str:
    """``text`` as the poster prints it: see _EMOJI_ONLY."""
    if text.isascii():
        return text
    return _EMOJI_ONLY.sub("", text)


@lru_cache(maxsize=8192)
def _font_for(ch: str, bold: bool) -> tuple:
    """(font name, the character as printed): the first font with a glyph for ``ch``; else
    for its compatibility form (NFKC: 𝐀 -> A, Ａ -> A); else the primary font (an empty box)."""
    primary = BOLD if bold else REGULAR
    for candidate in (ch, unicodedata.normalize("NFKC", ch)):
        codes = [ord(c) for c in candidate]
        if all(c in _primary[bold] for c in codes):
            return primary, candidate
        for name, covered in _chain[bold]:
            if all(c in covered for c in codes):
                return name, candidate
    return primary, ch


def runs(text: str, bold: bool = False) -> list:
    """``text`` (prepared) split into [(piece, font name)] by the font that prints each
    character. Spaces and marks stay in the run before them."""
    register()
    primary = BOLD if bold else REGULAR
    if not text or text.isascii() or covered(text, bold):
        return [(text, primary)]
    out = []
    piece, current = [], None
    for ch in text:
        if current is not None and (ch == " " or unicodedata.combining(ch)):
            piece.append(ch)
            continue
        name, printed = _font_for(ch, bold)
        if name != current and piece:
            out.append(("".join(piece), current))
            piece = []
        current = name
        piece.append(printed)
    if piece:
        out.append(("".join(piece), current))
    return out


def covered(text: str, bold: bool = False) -> bool:
    """Whether the primary face prints every character of ``text`` (the common case)."""
    return _primary[bold].issuperset(map(ord, text))


def is_bold(font_name: str) -> bool:
    return font_name == BOLD or font_name.endswith("-Bold")


def primary_names() -> tuple:
    return (REGULAR, BOLD)


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of ``text`` in points, each character in the font printing it."""
    if text.isascii():
        return pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size)
    return sum(pdfmetrics.stringWidth(piece, name, size)
               for piece, name in runs(prepare(text), bold))
