"""Sticky notes, coalition cards and section headings: measured and drawn at the reference size.

An item is a stack of rows (Paragraphs and small custom rows) inside its chrome (paper, card,
nothing). ``measure(w)`` lays it out ``w`` reference points wide and returns its height in
reference points; the caller draws it scaled by ``size / REF``. Because text width and leading
scale with the font, this gives exactly the layout of the item at any font size, while parsing
its text once.
"""
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable

from . import fonts, theme
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
        t.setFont(fonts.BOLD, self.size)
        t.setCharSpace(self.spacing)
        t.setFillColor(self.color)
        t.textOut(self.text)
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


class Item:
    """A stack of rows in a chrome. Subclasses set the paddings and draw the chrome."""
    pad = (0.0, 0.0, 0.0, 0.0)   # top, right, bottom, left (reference points)
    row_gap = 0.4 * _EM

    def __init__(self, rows, note=None, piece=False):
        self.rows = rows          # flowables, top to bottom
        self.note = note          # the note this item shows (None for headings)
        self.piece = piece        # a later piece of a note that was split across pages
        self._w = None
        self._h = 0.0

    def measure(self, w: float) -> float:
        if w != self._w:
            top, right, bottom, left = self.pad
            inner = max(w - left - right, 1.0)
            h = top + bottom + self.row_gap * max(len(self.rows) - 1, 0)
            for row in self.rows:
                h += row.wrap(inner, 1e9)[1]
            self._w, self._h = w, h
        return self._h

    def draw(self, c, w: float) -> None:
        """Draw with the top-left corner at the origin (y grows downwards into negatives)."""
        h = self.measure(w)
        self.draw_chrome(c, w, h)
        top, _, _, left = self.pad
        y = -top
        for row in self.rows:
            y -= row.height
            row.drawOn(c, left, y)
            y -= self.row_gap

    def draw_chrome(self, c, w, h):
        pass

    def split(self, w: float, avail: float):
        """(first, rest) pieces of an item too tall for ``avail``, or None if it cannot split."""
        top, right, bottom, left = self.pad
        inner = max(w - left - right, 1.0)
        room = avail - top - bottom
        first = []
        for i, row in enumerate(self.rows):
            h = row.wrap(inner, 1e9)[1]
            if h <= room:
                first.append(row)
                room -= h + self.row_gap
                continue
            parts = row.split(inner, room) if isinstance(row, Paragraph) and room > 0 else []
            if len(parts) == 2:
                return (self.copy(first + [parts[0]]),
                        self.copy([parts[1]] + self.rows[i + 1:], piece=True))
            if first:
                return self.copy(first), self.copy(self.rows[i:], piece=True)
            return None
        return None

    def copy(self, rows, piece=None):
        item = self.__class__.__new__(self.__class__)
        item.__dict__.update(self.__dict__)
        item.rows, item._w, item._h = rows, None, 0.0
        if piece is not None:
            item.piece = piece
        return item


class NoteItem(Item):
    pad = (0.7 * _EM, 0.8 * _EM, 0.65 * _EM, 0.8 * _EM)

    def __init__(self, note, paper, show_author):
        rows = [Paragraph(theme.markup(note.get("text")), theme.note_style())]
        meta = _meta(note, show_author)
        if meta is not None:
            rows.append(meta)
        super().__init__(rows, note)
        self.paper = paper

    def draw_chrome(self, c, w, h):
        r, fold = 0.22 * _EM, 0.9 * _EM
        c.setFillColorRGB(0, 0, 0, alpha=0.16)
        c.roundRect(0.12 * _EM, -h - 0.22 * _EM, w, h, r, stroke=0, fill=1)
        c.setFillColor(self.paper)
        c.roundRect(0, -h, w, h, r, stroke=0, fill=1)
        # the lifted corner at the bottom right
        c.setFillColorRGB(0, 0, 0, alpha=0.09)
        p = c.beginPath()
        p.moveTo(w, -h + fold)
        p.lineTo(w - fold, -h)
        p.lineTo(w - r, -h)
        p.lineTo(w, -h + r)
        p.close()
        c.drawPath(p, stroke=0, fill=1)


class CardItem(Item):
    pad = (1.05 * _EM, 0.9 * _EM, 0.75 * _EM, 0.9 * _EM)
    row_gap = 0.45 * _EM

    def __init__(self, note, paper, show_author, werkvorm_title, fields):
        rows = []
        if werkvorm_title:
            rows.append(Pill(werkvorm_title.upper(), paper, theme.PAPER_INK, 0.7 * _EM,
                             spacing=0.06 * 0.7 * _EM))
        rows.append(Paragraph(theme.markup(note.get("text")), theme.card_name_style()))
        for title, value in fields:
            label = theme.inline(title.upper(), 0.68 * _EM, bold=True, color=theme.INK_3)
            rows.append(Paragraph(f"{label}&nbsp; {theme.markup(value)}",
                                  theme.card_field_style()))
        meta = _meta(note, show_author, color=theme.INK_3)
        if meta is not None:
            rows.append(meta)
        super().__init__(rows, note)
        self.paper = paper

    def draw_chrome(self, c, w, h):
        r, strip = 0.5 * _EM, 0.45 * _EM
        c.setFillColorRGB(0, 0, 0, alpha=0.10)
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


def _card_clip(c, w, strip):
    p = c.beginPath()
    p.rect(-1, -strip, w + 2, strip + 1)
    return p


class HeadingItem(Item):
    """The title of a sub-area on a continuation page."""
    pad = (0.3 * _EM, 0.0, 0.1 * _EM, 0.0)

    def __init__(self, title):
        super().__init__([Paragraph(theme.markup(title), theme.heading_style())])


def _meta(note, show_author, color=None):
    author = (note.get("author") or "").strip() if show_author else ""
    try:
        votes = int(note.get("votes") or 0)
    except (TypeError, ValueError):
        votes = 0
    if not author and votes <= 0:
        return None
    para = None
    if author:
        style = theme.meta_style()
        if color is not None:
            style = theme._style("meta-card", fonts.BOLD, style.fontSize, style.leading, color)
        para = Paragraph(theme.markup(author), style)
    pill = Pill(f"★ {votes}", theme.PILL_DARK, theme.SURFACE, 0.72 * _EM) if votes > 0 else None
    if pill is not None:
        pill.align = "right"
    return MetaLine(para, pill)
