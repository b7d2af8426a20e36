"""Sticky notes, coalition cards and section headings: measured and drawn at the reference size.

An item is a stack of rows (Paragraphs and small custom rows) inside its chrome (paper, card,
nothing). ``measure(w)`` lays it out ``w`` reference points wide and returns its height in
reference points; the caller draws it scaled by ``size / REF``. Because text width and leading
scale with the font, this gives exactly the layout of the item at any font size, while parsing
its text once.

Smaller text in an item (the author, the votes, a card's labels) is a fraction of its size, but
never smaller than ``floor`` points on the page (the legible minimum, set by the plan): at a
small size an item is laid out with that text relatively larger (``rows_at(k)``, one variant
per step of 0.02 em).
"""
import math
import re
from copy import copy

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.flowables import Flowable

from . import fonts, theme
from .hyphenate import SHY, hyphenate
from .text import Paragraph
from .theme import REF

_EM = REF


class Pill(Flowable):
    """A short label on a rounded background: the werkvorm of a card, the votes of a note."""

    def __init__(self, text, fill, color, size, spacing=0.0, align="left"):
        super().__init__()
        self.text, self.fill, self.color, self.size = text, fill, color, size
        self.spacing, self.align = spacing, align
        self.pad_x, self.pad_y = 0.55 * size, 0.28 * size
        self.text_w = fonts.width(text, size, bold=True) + spacing * max(len(text) - 1, 0)
        self.pill_w = self.text_w + 2 * self.pad_x
        self.pill_h = size + 2 * self.pad_y

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        self.height = self.pill_h
        return avail_w, self.pill_h

    def draw(self):
        c = self.canv
        x = self.width - self.pill_w if self.align == "right" else 0
        c.setFillColor(self.fill)
        c.roundRect(x, 0, self.pill_w, self.pill_h, self.pill_h / 2, stroke=0, fill=1)
        t = c.beginText(x + self.pad_x, self.pad_y + 0.2 * self.size)
        t.setCharSpace(self.spacing)
        t.setFillColor(self.color)
        for piece, font in fonts.runs(fonts.prepare(self.text), bold=True):
            t.setFont(font, self.size)
            t.textOut(piece)
        t.setCharSpace(0)   # text state outlives the text object: leave none behind
        c.drawText(t)


class MetaLine(Flowable):
    """Below a note's text: the author (left, wrapped) and the votes pill (right)."""

    def __init__(self, author: Paragraph | None, votes: Pill | None):
        super().__init__()
        self.author, self.votes = author, votes

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        h = self.votes.pill_h if self.votes else 0
        if self.author is not None:
            room = avail_w - (self.votes.pill_w + 0.4 * _EM if self.votes else 0)
            _, ah = self.author.wrap(max(room, 1.0), avail_h)
            h = max(h, ah)
        self.height = h
        return avail_w, h

    def draw(self):
        if self.author is not None:
            self.author.drawOn(self.canv, 0, self.height - self.author.height)
        if self.votes is not None:
            self.votes.wrap(self.width, self.height)
            self.votes.drawOn(self.canv, 0, self.height - self.votes.pill_h)


MAX_MIN_W = 30 * _EM   # a longer "word" (a URL, say) is cut across lines rather than widen all
_SPACES = re.compile(r"[ \t\n]+")   # not the no-break space: what it joins stays on one line


def longest_word(text, font, size) -> float:
    """The width of the widest piece a line cannot break: a word, or in a hyphenated word
    (soft hyphens, see hyphenate.py) a syllable group with its hyphen. Only the few longest
    pieces by letters are measured."""
    pieces = set()
    for word in _SPACES.split(str(text or "")):
        parts = word.split(SHY)
        pieces.update(p + "-" for p in parts[:-1])
        pieces.add(parts[-1])
    longest = sorted(pieces, key=len)[-3:]
    return max((fonts.width(w, size, bold=font == fonts.BOLD) for w in longest), default=0.0)


class Item:
    """A stack of rows in a chrome. Subclasses set the paddings and draw the chrome; those
    with text smaller than their font size build their rows for a floor (``build``)."""
    pad = (0.0, 0.0, 0.0, 0.0)   # top, right, bottom, left (reference points)
    row_gap = 0.4 * _EM
    level = None                 # headings on continuation pages: "block" or "sub"
    smallest = 1.0               # the smallest text, in ems of the item's size
    splits_between_rows = False  # splits across columns between its rows (no wider columns)

    def __init__(self, rows, note=None, piece=False, min_w=0.0, floor=0.0):
        self.rows = rows          # flowables, top to bottom, at the nominal sizes
        self.note = note          # the note this item shows (None for headings)
        self.piece = piece        # a later piece of a note that was split across pages
        self.min_w = min(min_w, MAX_MIN_W)   # narrower than this, a word would be cut in two
        self.floor = floor        # no text smaller than this many page points
        self.demand = 0.0
        self._variants = {}
        self._w = None
        self._h = 0.0
        self._heights = {}

    def build(self, f: float) -> list:
        """The rows with no text under ``f`` ems of the item's size."""
        return self.rows

    def floor_em(self, k) -> float:
        """The floor in ems at scale ``k`` (page points per reference point), rounded up to a
        step of 0.02; 0 when no text of the item is under it."""
        if not self.floor or not k or self.floor / (k * REF) <= self.smallest + 1e-9:
            return 0.0
        return math.ceil(self.floor / (k * REF) * 50 - 1e-6) / 50

    def rows_at(self, k) -> list:
        return self.rows_for(self.floor_em(k))

    def rows_for(self, f: float) -> list:
        """The rows with no text under ``f`` ems (0: as built)."""
        if not f:
            return self.rows
        rows = self._variants.get(f)
        if rows is None:
            rows = self._variants[f] = self.build(f)
        return rows

    def measure(self, w: float, k=None) -> float:
        """The height at width w (reference points) drawn at scale k, leaving the rows
        wrapped at w."""
        key = (w, self.floor_em(k))
        if key != self._w:
            top, right, bottom, left = self.pad
            inner = max(w - left - right, 1.0)
            rows = self.rows_at(k)
            h = top + bottom + self.row_gap * max(len(rows) - 1, 0)
            for row in rows:
                h += row.wrap(inner, 1e9)[1]
            if len(self._heights) > 8:
                self._heights.clear()
            self._w, self._h, self._heights[key] = key, h, h
        return self._h

    def height_at(self, w: float, k=None) -> float:
        """The height at width w and scale k, from memory when it was measured there before."""
        h = self._heights.get((w, self.floor_em(k)))
        return self.measure(w, k) if h is None else h

    def estimate(self, w: float, k=None) -> float:
        """About the height ``measure(w, k)`` gives, from the text's length (no line
        breaking)."""
        top, right, bottom, left = self.pad
        inner = max(w - left - right, 1.0)
        rows = self.rows_at(k)
        h = top + bottom + self.row_gap * max(len(rows) - 1, 0)
        for row in rows:
            if isinstance(row, Paragraph):
                width = sum(pdfmetrics.stringWidth(f.text.replace(SHY, ""), f.fontName,
                                                   f.fontSize)
                            for f in row.frags if getattr(f, "text", ""))
                breaks = sum(1 for f in row.frags if getattr(f, "lineBreak", False))
                h += (math.ceil(width * 1.1 / inner) + breaks) * row.style.leading
            else:
                h += row.wrap(inner, 1e9)[1]
        return h

    def draw(self, c, w: float, k=None, shadow=None) -> None:
        """Draw with the top-left corner at the origin (y grows downwards into negatives), as
        at scale k; ``shadow``: the colour of the shadow on the background it is drawn on."""
        h = self.measure(w, k)
        self.draw_chrome(c, w, h, shadow or theme.SHADOW)
        top, _, _, left = self.pad
        y = -top
        for row in self.rows_at(k):
            y -= row.height
            row.drawOn(c, left, y)
            y -= self.row_gap

    def draw_chrome(self, c, w, h, shadow):
        pass

    def split(self, w: float, avail: float, k=None):
        """(first, rest) pieces of an item too tall for ``avail``, or None if it cannot split.
        The pieces keep the rows as they are at scale k."""
        top, right, bottom, left = self.pad
        inner = max(w - left - right, 1.0)
        room = avail - top - bottom
        rows = self.rows_at(k)
        first = []
        for i, row in enumerate(rows):
            h = row.wrap(inner, 1e9)[1]
            if h <= room:
                first.append(row)
                room -= h + self.row_gap
                continue
            parts = row.split(inner, room) if isinstance(row, Paragraph) and room > 0 else []
            if len(parts) == 2:
                return (self.copy(first + [parts[0]]),
                        self.copy([parts[1]] + rows[i + 1:], piece=True))
            if first:
                return self.copy(first), self.copy(rows[i:], piece=True)
            return None
        return None

    def copy(self, rows, piece=None):
        item = self.__class__.__new__(self.__class__)
        item.__dict__.update(self.__dict__)
        item.rows, item._w, item._h, item._heights = rows, None, 0.0, {}
        item.floor, item._variants = 0.0, {}   # the rows are already as they are drawn
        if piece is not None:
            item.piece = piece
        return item


class NoteItem(Item):
    """A sticky note: the text, then (smaller, on the same line if there is room) the author
    and the votes, like the projector."""
    pad = (0.5 * _EM, 0.6 * _EM, 0.5 * _EM, 0.6 * _EM)
    smallest = 0.78            # the author

    def __init__(self, note, paper, show_author, lang="nl", floor=0.0):
        style = theme.note_style()
        self.author = (note.get("author") or "").strip() if show_author else ""
        self.votes = _votes(note)
        self.text = hyphenate(theme.clean(note.get("text")), lang)
        pads = self.pad[1] + self.pad[3]
        # as wide as the widest piece when the author is as large as the text (at the floor)
        min_w = max(longest_word(self.text, style.fontName, style.fontSize),
                    longest_word(self.author, fonts.BOLD, _EM))
        super().__init__([], note, min_w=min_w + pads + 1, floor=floor)
        self.rows = self.build(0.0)
        self.paper = paper
        self.fold = theme.mix(paper, theme.BLACK, 0.1)

    def build(self, f):
        style = theme.note_style()
        tail = []
        if self.author:
            tail.append(theme.inline(self.author, max(0.78, f) * _EM, bold=True,
                                     color=theme.AUTHOR))
        if self.votes > 0:
            tail.append(theme.inline(f"★\u00a0{self.votes}", max(0.8, f) * _EM, bold=True,
                                     color=theme.PAPER_INK))
        frags = theme.plain_frags(self.text, style)
        if tail:
            frags += theme.markup_frags("&nbsp;&nbsp; " + "&nbsp;&nbsp; ".join(tail), style)
        return [Paragraph(self.text, style, frags=frags)]

    def draw_chrome(self, c, w, h, shadow):
        # Plain opaque shapes: no transparency to flatten on the printer, little to write.
        fold = 0.9 * _EM
        c.setFillColor(shadow)
        c.rect(0.12 * _EM, -h - 0.22 * _EM, w, h, stroke=0, fill=1)
        c.setFillColor(self.paper)
        c.rect(0, -h, w, h, stroke=0, fill=1)
        # the lifted corner at the bottom right
        c.setFillColor(self.fold)
        p = c.beginPath()
        p.moveTo(w, -h + fold)
        p.lineTo(w - fold, -h)
        p.lineTo(w, -h)
        p.close()
        c.drawPath(p, stroke=0, fill=1)


class CardItem(Item):
    pad = (0.95 * _EM, 0.85 * _EM, 0.65 * _EM, 0.85 * _EM)
    row_gap = 0.3 * _EM
    smallest = 0.66            # the labels and the werkvorm
    _pill = None

    def __init__(self, note, paper, show_author, werkvorm_title, fields, lang="nl",
                 floor=0.0):
        self.note_data, self.show_author = note, show_author
        self.werkvorm = werkvorm_title.upper() if werkvorm_title else None
        self.name = hyphenate(theme.clean(note.get("text")), lang)
        self.fields = [(title.upper(), hyphenate(theme.clean(value), lang))
                       for title, value in fields]
        self.paper = paper
        rows = self.build(1.0)   # the widest pieces: every text at least the card's size
        min_w = longest_word(self.name, fonts.BOLD, 1.12 * _EM) + rows[0].style.rightIndent
        for title, value in self.fields:
            min_w = max(min_w, longest_word(value, fonts.REGULAR, _EM),
                        longest_word(title, fonts.BOLD, _EM))
        super().__init__([], note, min_w=min_w + self.pad[1] + self.pad[3] + 1, floor=floor)
        self.rows = self.build(0.0)

    def build(self, f):
        name_style = theme.card_name_style()
        pill = None
        if self.werkvorm:   # top right, next to the name
            size = max(0.66, f) * _EM
            pill = Pill(self.werkvorm, self.paper, theme.PAPER_INK, size, spacing=0.05 * size)
            name_style = _with_right_indent(name_style, pill.pill_w + 0.5 * _EM)
        rows = [Paragraph(theme.markup(self.name), name_style)]
        field_style = theme.card_field_style(max(0.92, f))
        for title, value in self.fields:
            label = theme.inline(title, max(0.66, f) * _EM, bold=True, color=theme.INK_3)
            rows.append(Paragraph(f"{label}&nbsp; {theme.markup(value)}", field_style))
        meta = _meta(self.note_data, self.show_author, color=theme.INK_3, f=f)
        if meta is not None:
            rows.append(meta)
        rows[0].pill = pill   # drawn in the chrome, beside the name
        return rows

    def draw_chrome(self, c, w, h, shadow):
        r, strip = 0.5 * _EM, 0.42 * _EM
        c.setFillColor(shadow)
        c.roundRect(0.1 * _EM, -h - 0.25 * _EM, w, h, r, stroke=0, fill=1)
        c.setFillColor(theme.SURFACE)
        c.setStrokeColor(theme.LINE)
        c.setLineWidth(0.08 * _EM)
        c.roundRect(0, -h, w, h, r, stroke=1, fill=1)
        c.setFillColor(self.paper)
        p = c.beginPath()
        p.moveTo(0, -strip)
        p.lineTo(0, -r)
        p.arcTo(0, -2 * r, 2 * r, 0, startAng=180, extent=-90)
        p.lineTo(w - r, 0)
        p.arcTo(w - 2 * r, -2 * r, w, 0, startAng=90, extent=-90)
        p.lineTo(w, -strip)
        p.close()
        c.saveState()
        c.clipPath(_card_clip(c, w, strip), stroke=0, fill=0)
        c.drawPath(p, stroke=0, fill=1)
        c.restoreState()
        pill = self._pill
        if pill is not None and not self.piece:
            pill.wrap(pill.pill_w, pill.pill_h)
            pill.drawOn(c, w - self.pad[1] - pill.pill_w, -self.pad[0] - pill.pill_h
                        + 0.05 * _EM)

    def draw(self, c, w, k=None, shadow=None):
        rows = self.rows_at(k)
        self._pill = getattr(rows[0], "pill", None) if rows else None
        super().draw(c, w, k, shadow)


def _with_right_indent(style, indent):
    style = copy(style)
    style.rightIndent = indent
    return style


def _card_clip(c, w, strip):
    p = c.beginPath()
    p.rect(-1, -strip, w + 2, strip + 1)
    return p


class HeadingItem(Item):
    """The title of a sub-area on a continuation page (as large as the notes under it)."""
    pad = (0.3 * _EM, 0.0, 0.1 * _EM, 0.0)
    level = "sub"

    def __init__(self, title, color=None):
        super().__init__([Paragraph(theme.markup(title), theme.heading_style(color))])


class BlockHeadingItem(Item):
    """A block's title ("Identiteit (vervolg)") and key question on a continuation page."""
    pad = (0.2 * _EM, 0.0, 0.35 * _EM, 0.0)
    level = "block"

    def __init__(self, title, question):
        q = theme.inline(question, 1.0 * _EM, bold=True, color=theme.ACCENT)
        style = theme._style("block-heading", fonts.BOLD, 1.35 * _EM, 1.45 * _EM, theme.INK)
        super().__init__([Paragraph(f"{theme.markup(title)}<br/>{q}", style)])


def _votes(note) -> int:
    try:
        return int(note.get("votes") or 0)
    except (TypeError, ValueError):
        return 0


def _meta(note, show_author, color=None, f=0.0):
    author = (note.get("author") or "").strip() if show_author else ""
    votes = _votes(note)
    if not author and votes <= 0:
        return None
    para = None
    if author:
        style = theme.meta_style(max(0.78, f))
        if color is not None:
            style = theme._style("meta-card", fonts.BOLD, style.fontSize, style.leading, color)
        para = Paragraph(theme.markup(author), style)
    pill = (Pill(f"★ {votes}", theme.PILL_DARK, theme.SURFACE, max(0.72, f) * _EM)
            if votes > 0 else None)
    if pill is not None:
        pill.align = "right"
    return MetaLine(para, pill)


class StickyRow(Flowable):
    """A sticky note as a row of a cluster: the note's own rows and chrome, at the floor
    ``f`` (see ``Item.rows_for``) of the cluster that holds it."""

    def __init__(self, note: NoteItem, f: float, shadow):
        super().__init__()
        self.note, self.f, self.shadow = note, f, shadow

    def wrap(self, avail_w, avail_h):
        top, right, bottom, left = self.note.pad
        inner = max(avail_w - left - right, 1.0)
        rows = self.note.rows_for(self.f)
        h = top + bottom + self.note.row_gap * max(len(rows) - 1, 0)
        for row in rows:
            h += row.wrap(inner, 1e9)[1]
        self.width, self.height = avail_w, h
        return avail_w, h

    def estimate(self, w: float) -> float:
        return self.note.estimate(w) if not self.f else self.wrap(w, 1e9)[1]

    def draw(self):
        c = self.canv
        top, right, _, left = self.note.pad
        c.saveState()
        c.translate(0, self.height)
        self.note.draw_chrome(c, self.width, self.height, self.shadow)
        y = -top
        inner = max(self.width - left - right, 1.0)
        for row in self.note.rows_for(self.f):
            row.wrap(inner, 1e9)
            y -= row.height
            row.drawOn(c, left, y)
            y -= self.note.row_gap
        c.restoreState()


class ClusterItem(Item):
    """A cluster: a tinted frame with its title, how many notes and (after a vote) its score,
    and every one of its notes inside, in the cluster's order. Split across columns and pages
    between its notes, the title repeated (continued) above the rest."""
    pad = (0.45 * _EM, 0.45 * _EM, 0.55 * _EM, 0.45 * _EM)
    row_gap = 0.45 * _EM
    smallest = 0.78            # the notes' authors and the count
    splits_between_rows = True

    def __init__(self, cluster, title, count, score, notes, lang="nl", floor=0.0):
        self.title = hyphenate(theme.clean(title), lang)
        self.count, self.score, self.notes = count, score, notes
        self.shadow = theme.shadow_on(theme.CLUSTER_BG)
        pads = self.pad[1] + self.pad[3]
        min_w = max([longest_word(self.title, fonts.BOLD, 1.05 * _EM)]
                    + [n.min_w for n in notes])
        super().__init__([], cluster, min_w=min_w + pads + 1, floor=floor)
        self.rows = self.build(0.0)

    def heading(self, f: float, continued: bool = False) -> Paragraph:
        style = theme.cluster_title_style()
        tail = theme.inline(self.count, max(0.78, f) * _EM, bold=True, color=theme.INK_3)
        if self.score > 0:
            tail += "&nbsp;&nbsp; " + theme.inline(f"★\u00a0{self.score}", max(0.8, f) * _EM,
                                                  bold=True, color=theme.ACCENT)
        title = theme.markup(self.title) + (" …" if continued else "")
        return Paragraph(f"{title}&nbsp;&nbsp; {tail}", style)

    def build(self, f):
        return [self.heading(f)] + [StickyRow(n, f, self.shadow) for n in self.notes]

    def estimate(self, w: float, k=None) -> float:
        top, right, bottom, left = self.pad
        inner = max(w - left - right, 1.0)
        rows = self.rows_at(k)
        h = top + bottom + self.row_gap * max(len(rows) - 1, 0) + rows[0].wrap(inner, 1e9)[1]
        return h + sum(row.estimate(inner) for row in rows[1:])

    def split(self, w: float, avail: float, k=None):
        parts = super().split(w, avail, k)
        if parts is None:
            return None
        first, rest = parts
        if not any(isinstance(row, StickyRow) for row in first.rows):
            return None   # a title alone is no piece
        if rest.rows and isinstance(rest.rows[0], StickyRow):
            f = self.floor_em(k)
            rest.rows = [self.heading(f, continued=True)] + rest.rows
        return first, rest

    def draw(self, c, w, k=None, shadow=None):
        # Pieces of one cluster (and the trial layouts of the plan) share its rows: wrap them
        # again at this piece's width before drawing.
        self._w = None
        super().draw(c, w, k, shadow)

    def draw_chrome(self, c, w, h, shadow):
        r = 0.55 * _EM
        c.setFillColor(theme.CLUSTER_BG)
        c.setStrokeColor(theme.CLUSTER_LINE)
        c.setLineWidth(0.12 * _EM)
        c.roundRect(0, -h, w, h, r, stroke=1, fill=1)
        c.setFillColor(theme.CLUSTER_LINE)   # a band down the left edge: one group
        c.rect(0, -h + r, 0.22 * _EM, h - 2 * r, stroke=0, fill=1)
