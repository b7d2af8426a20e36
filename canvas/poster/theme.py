"""Colours, measures and text styles of the poster (the same look as the projector's CSS).

Measures are in points on a landscape A4 sheet and are multiplied by the paper's scale (its width
divided by A4's), so every size is the same poster, enlarged. Notes and cards are laid out at a
reference font size ``REF`` and drawn scaled, so one parsed Paragraph serves every trial size.
"""
import re
from functools import cache, lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from . import fonts
from .text import Paragraph

# ---- colours (static/css/base.css, canvas.css) ----
INK = HexColor("#16212b")
INK_2 = HexColor("#38434f")
INK_3 = HexColor("#5a6571")
PROMPT = HexColor("#8a939c")       # guiding questions: faint, but still readable on paper
LINE = HexColor("#d8d4cb")
LINE_STRONG = HexColor("#b9b3a7")
ACCENT = HexColor("#0e5a6e")
PAPER_INK = HexColor("#1a1a1a")
SURFACE = HexColor("#ffffff")
COALITIES_BG = HexColor("#f7f9fa")
IDENTITEIT_BG = HexColor("#fffbef")
IDENTITEIT_LINE = HexColor("#e6c766")
IDENTITEIT_DASH = HexColor("#dcc27a")
IDENTITEIT_TITLE = HexColor("#7a5a00")
PILL_DARK = HexColor("#2b2b2b")
BLACK = HexColor("#000000")
AUTHOR = HexColor("#5b5040")        # the author on a sticky note: dark, muted
CLUSTER_BG = HexColor("#e9eef0")    # a cluster's frame: a cool tint under its notes
CLUSTER_LINE = HexColor("#7e98a2")
TOP_BAR = HexColor("#0e5a6e")       # the bars of the Top 10
TOP_BAR_BG = HexColor("#dde7ea")

# ---- page measures, in A4 points (multiplied by the paper's scale) ----
MARGIN = 13
HEADER_H = 38
FOOTER_H = 11
GAP = 6                 # between blocks
BLOCK_PAD = 6           # inside a block
BLOCK_RADIUS = 6
TITLE_PT = 10.5         # block title
QUESTION_PT = 7.8       # key question next to it
AREA_TITLE_PT = 6.6     # sub-area title
AREA_PAD = 3            # inside a sub-area
PROMPT_PT = 8.2         # guiding questions in an empty area (largest)
NOTE_MAX_PT = 13.0      # the largest note text
NOTE_MIN_PT = 7.0       # the smallest note text: the legible minimum on A4 ...
# ... times scale ** this on larger paper: A1 11.8 pt, A0 14 pt (read up close on a wall)
MIN_EXPONENT = 0.5
SIZE_SPREAD = 1.25      # no area's notes larger than this times the smallest area's

# ---- notes and cards, in units of their own font size (em) ----
REF = 10.0              # the reference font size items are laid out at
NOTE_COL_EM = 9.5       # a note column is at least this wide (like the projector)
CARD_COL_EM = 13.0      # a coalition card at least ...
CARD_MAX_EM = 24.0      # ... and at most this wide
ITEM_GAP_EM = 0.45      # between notes


def min_size(s: float) -> float:
    """The smallest text on paper ``s`` times as wide as A4: 7 pt on A4, 8.3 on A3, 9.9 on A2,
    11.8 on A1, 14 on A0. A poster is read from further away than a sheet in the hand, but not
    from proportionally further: people walk up to it. No text on the poster is smaller."""
    return NOTE_MIN_PT * s ** MIN_EXPONENT


def legible(pt: float, s: float) -> float:
    """``pt`` (an A4 measure) on paper ``s``, but never under the legible minimum."""
    return max(pt * s, min_size(s))


def note_style():
    return _style("note", fonts.REGULAR, REF, 1.25 * REF, PAPER_INK)


def meta_style(em: float = 0.78):
    return _style("meta", fonts.BOLD, em * REF, max(1.0, 1.28 * em) * REF, HexColor("#4d4d4d"))


def card_name_style():
    return _style("card_name", fonts.BOLD, 1.12 * REF, 1.25 * REF, INK)


def card_field_style(em: float = 0.92):
    return _style("card_field", fonts.REGULAR, em * REF, max(1.25, 1.3 * em) * REF, INK)


def cluster_title_style():
    return _style("cluster", fonts.BOLD, 1.05 * REF, 1.25 * REF, INK)


def heading_style(color=None):
    return _style("heading", fonts.BOLD, 1.0 * REF, 1.25 * REF, color or IDENTITEIT_TITLE)


@cache
def _style(name, font, size, leading, color, align=TA_LEFT):
    # Soft hyphens (hyphenate.py) are break points whatever embeddedHyphenation says; with it
    # on, reportlab also breaks at a word's own hyphens and, wrapping the same Paragraph again,
    # loses them ("één-op-één" came out "éénopéén"), so it stays off.
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, textColor=color,
                          alignment=align, splitLongWords=1, allowWidows=1, allowOrphans=1)


@lru_cache(maxsize=256)
def sized(name: str, size: float, bold: bool = False, color=INK, leading: float = 1.22,
          right: bool = False, indent: float = 0.0) -> ParagraphStyle:
    """A style at an absolute size, for the parts that do not scale with the notes."""
    size = round(size, 2)
    return ParagraphStyle(f"{name}-{size}", fontName=fonts.BOLD if bold else fonts.REGULAR,
                          fontSize=size, leading=round(size * leading, 2), textColor=color,
                          alignment=TA_RIGHT if right else TA_LEFT, splitLongWords=1,
                          leftIndent=indent, bulletIndent=0, bulletFontName=fonts.BOLD,
                          bulletFontSize=size)


# C0 control characters other than tab and newline upset the Paragraph parser and never print.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def markup(text) -> str:
    """User text as Paragraph markup that prints exactly as written, newlines kept."""
    return escape(clean(text)).replace("\n", "<br/>")


def clean(text) -> str:
    """User text as it prints: newlines normalised, control characters left out."""
    return _CONTROL.sub("", str(text or "").replace("\r\n", "\n").replace("\r", "\n"))


def plain_frags(text: str, style) -> list:
    """Paragraph fragments for plain ``text`` without running the markup parser (the slow part
    of a Paragraph): the text is taken literally, newlines become line breaks."""
    word, br = _templates(style)
    frags = []
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            frags.append(br.clone())
        if line:
            frag = word.clone()
            frag.text = line
            frags.append(frag)
    return frags


def markup_frags(text: str, style) -> list:
    """Fragments of a piece of markup, parsed once and copied for every use."""
    return [f.clone() for f in _parsed(text, style)]


@lru_cache(maxsize=64)
def _templates(style):
    frags = Paragraph("x<br/>x", style).frags
    return frags[0], next(f for f in frags if getattr(f, "lineBreak", False))


@lru_cache(maxsize=4096)
def _parsed(text: str, style):
    return tuple(Paragraph(text, style).frags)


def inline(text, size: float, bold: bool = False, color=None) -> str:
    """Escaped ``text`` wrapped in a <font> tag (for a label inside a Paragraph)."""
    attrs = [f'size="{size:.2f}"', f'name="{fonts.BOLD if bold else fonts.REGULAR}"']
    if color is not None:
        attrs.append(f'color="{color.hexval().replace("0x", "#")}"')
    return f'<font {" ".join(attrs)}>{markup(text)}</font>'


def mix(a, b, t: float):
    """Colour a blended with b by t (0: a, 1: b): an opaque stand-in for a transparent b."""
    return Color(a.red + (b.red - a.red) * t, a.green + (b.green - a.green) * t,
                 a.blue + (b.blue - a.blue) * t)


SHADOW = None   # set below: a sticky note's shadow on white


def shadow_on(background):
    return mix(background, BLACK, 0.17)


def hex_color(value: str, default: str = "#fff27a"):
    try:
        return HexColor(value)
    except (ValueError, TypeError):
        return HexColor(default)


SHADOW = shadow_on(SURFACE)
