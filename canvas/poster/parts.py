"""The fixed parts of a page: block headings, sub-area titles, the room they leave, prompts."""
from ..i18n import translate
from . import fonts, theme
from .layout import Rect
from .text import Paragraph

BIG = 1e6


class Heading(Paragraph):
    """A block's title and key question: on one line if they fit, else the question below."""

    def __init__(self, title: str, question: str, s: float):
        self.parts, self._one_line = (title, question, s), True
        super().__init__(self._markup(True), self._style())

    def _style(self):
        s = self.parts[2]
        return theme.sized("block", theme.TITLE_PT * s, bold=True, color=theme.INK,
                           leading=1.18)

    def _markup(self, one_line: bool) -> str:
        title, question, s = self.parts
        q = theme.inline(question, theme.QUESTION_PT * s, bold=True, color=theme.ACCENT)
        return f"{theme.markup(title)}{'&nbsp;&nbsp; ' if one_line else '<br/>'}{q}"

    def wrap(self, avail_w, avail_h):
        title, question, s = self.parts
        one_line = (fonts.width(title + "   ", theme.TITLE_PT * s, bold=True)
                    + fonts.width(question, theme.QUESTION_PT * s, bold=True)) <= avail_w
        if one_line != self._one_line:
            self._one_line = one_line
            Paragraph.__init__(self, self._markup(one_line), self._style())
        return super().wrap(avail_w, avail_h)


def block_heading(title: str, question: str, s: float) -> Paragraph:
    return Heading(title, question, s)


def area_title(area, s: float) -> Paragraph | None:
    if not area.title:
        return None
    color = theme.IDENTITEIT_TITLE if area.block == "identiteit" else theme.INK_2
    text = area.title.upper() if area.block == "identiteit" else area.title
    style = theme.sized("area", theme.legible(theme.AREA_TITLE_PT, s), bold=True, color=color)
    return Paragraph(theme.markup(text), style)


def area_box(area, rect: Rect, s: float) -> Rect:
    """The part of an area where its notes go: below its title, clear of the shadows."""
    inner = rect.inset(theme.AREA_PAD * s) if area.sub is not None else rect
    title = area_title(area, s)
    th = title.wrap(inner.w, inner.h)[1] + 2.5 * s if title else 0.0
    shadow = 0.03 * theme.NOTE_MAX_PT * s
    return Rect(inner.x, inner.y + shadow, max(inner.w - shadow, 1.0),
                max(inner.h - th - shadow, 1.0))


def prompt_style(size: float):
    return theme.sized("prompt", size, color=theme.PROMPT, leading=1.3, indent=0.9 * size)


def prompts_height(questions, w: float, size: float) -> float:
    style = prompt_style(size)
    paras = [Paragraph(theme.markup(q), style, bulletText="·") for q in questions]
    return sum(p.wrap(w, BIG)[1] for p in paras) + 0.3 * size * max(len(paras) - 1, 0)


def tag_size(s: float) -> float:
    """The font size of the "+3 op pagina 2" tag under an area whose notes continue."""
    return theme.legible(theme.AREA_TITLE_PT, s)


def tag_text(lang: str, n: int, page: int) -> str:
    return translate("poster_more_on_page", lang, n=n, page=page)


def tag_width(text: str, s: float) -> float:
    size = tag_size(s)
    return fonts.width(text, size, bold=True) + 1.2 * size


def tag_room(area, lang: str, s: float):
    """(w, h): the room the tag may need at the bottom right of ``area``'s box (for as many
    notes as it has, on a two-digit page)."""
    return (tag_width(tag_text(lang, len(area.items), 99), s) + 0.3 * tag_size(s),
            1.5 * tag_size(s))
