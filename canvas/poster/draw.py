"""Painting a plan (see render.py) onto PDF pages with reportlab's canvas."""
import io

from reportlab.pdfgen.canvas import Canvas

from .. import method
from ..i18n import translate
from . import fonts, theme
from .followup_page import draw_followup
from .layout import Rect
from .parts import area_title, prompt_style, tag_size, tag_text, tag_width
from .render import FOLLOWUP_PAGE, TOP_PAGE, Plan, body_of
from .text import Paragraph


def pdf(plan: Plan) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(plan.width, plan.height), invariant=1, pageCompression=1)
    header = plan.header
    c.setTitle(" · ".join(x for x in (header["title"], header["label"]) if x) or "Netwerk Canvas")
    c.setAuthor("Netwerk Canvas")
    c.setCreator("Netwerk Canvas")
    c.setSubject(method.SOURCE[plan.lang])
    total = len(plan.pages)
    for number, page in enumerate(plan.pages, start=1):
        _header(c, plan)
        if page.block is None:
            _sheet(c, plan)
        elif page.block == TOP_PAGE:
            _top_ten(c, plan)
        elif page.block == FOLLOWUP_PAGE:
            draw_followup(c, plan, body_of(plan))
        else:
            _continuation(c, plan, page)
        _footer(c, plan, number, total)
        c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------- page parts

def _header(c, plan: Plan) -> None:
    s, h = plan.s, plan.header
    m = theme.MARGIN * s
    top = plan.height - m
    full = plan.width - 2 * m
    left_w = full * 0.66
    brand = translate("app_name", plan.lang).upper()
    t = c.beginText(m, top - 6.2 * s)
    t.setFont(fonts.BOLD, theme.legible(6.4, s))
    t.setCharSpace(0.7 * s)
    t.setFillColor(theme.ACCENT)
    t.textOut(brand)
    t.setCharSpace(0)   # text state outlives the text object: leave none behind
    c.drawText(t)
    y = top - 8.5 * s
    title = _fitted(h["title"], left_w, 17.5 * s, 15 * s, theme.legible(7, s), bold=True,
                    color=theme.INK)
    y = _draw_para(c, title, m, y, left_w) - 1.5 * s
    line = theme.inline(h["label"], 8.5 * s, bold=True, color=theme.INK)
    if h["when"]:
        line += (" &nbsp;·&nbsp; " if h["label"] else "") + theme.markup(h["when"])
    _draw_para(c, Paragraph(line, theme.sized("when", 8.5 * s, color=theme.INK_2)), m, y, left_w)
    right_w = full - left_w - 10 * s
    x_right = plan.width - m - right_w
    counts = " &nbsp;·&nbsp; ".join(theme.markup(x) for x in h["counts"])
    style = theme.sized("counts", 8.5 * s, bold=True, color=theme.INK_2, right=True)
    y = _draw_para(c, Paragraph(counts, style), x_right, top - 9 * s, right_w) - 2 * s
    if h["code"]:
        code = f'{translate("join_code", plan.lang)} {h["code"]}'
        style = theme.sized("code", theme.legible(7, s), color=theme.INK_3, right=True)
        _draw_para(c, Paragraph(theme.markup(code), style), x_right, y, right_w)


def _footer(c, plan: Plan, number: int, total: int) -> None:
    s = plan.s
    m = theme.MARGIN * s
    full = plan.width - 2 * m
    size = theme.legible(6, s)
    y = m + 7 * s
    source = (theme.inline(translate("source_label", plan.lang) + ":", size, bold=True)
              + " " + theme.markup(method.SOURCE[plan.lang]))
    left_w = full * 0.68
    _draw_para(c, Paragraph(source, theme.sized("foot", size, color=theme.INK_3)), m, y, left_w)
    right = [translate("app_name", plan.lang)]
    if total > 1:
        right.append(translate("poster_page", plan.lang, n=number, total=total))
    if plan.has_votes:
        right.insert(0, translate("poster_votes", plan.lang))
    style = theme.sized("foot-r", size, bold=True, color=theme.INK_3, right=True)
    text = " &nbsp;·&nbsp; ".join(theme.markup(x) for x in right)
    _draw_para(c, Paragraph(text, style), m + left_w + 6 * s, y, full - left_w - 6 * s)


def _sheet(c, plan: Plan) -> None:
    s = plan.s
    if plan.top_rect is not None and not any(p.block == TOP_PAGE for p in plan.pages):
        _top_ten(c, plan)
    for key, (rect, heading) in plan.frames.items():
        _frame(c, key, rect, heading, s)
    for key in plan.frames:
        areas = [a for a in plan.areas if a.block == key and a.rect is not None]
        if len(areas) > 1:
            _separators(c, key, areas, s)
        for area in areas:
            _area(c, plan, area)


def _continuation(c, plan: Plan, page) -> None:
    s = plan.s
    _frame(c, page.block, page.frame, page.heading, s)
    _items(c, page.packing.placed, _shadow(page.block))


def _frame(c, key, rect: Rect, heading: Paragraph | None, s: float) -> None:
    fill, stroke, lw = _background(key), theme.LINE, 0.7 * s
    if key == "identiteit":
        stroke, lw = theme.IDENTITEIT_LINE, 1.3 * s
    c.setFillColor(fill)
    c.setStrokeColor(stroke)
    c.setLineWidth(lw)
    c.roundRect(rect.x, rect.y, rect.w, rect.h, theme.BLOCK_RADIUS * s, stroke=1, fill=1)
    if heading is not None:
        inner = rect.inset(theme.BLOCK_PAD * s)
        _draw_para(c, heading, inner.x, inner.top, inner.w)


def _separators(c, key, areas, s: float) -> None:
    """Thin dashed lines between sub-areas, like the quadrants on the paper canvas."""
    c.saveState()
    c.setStrokeColor(theme.IDENTITEIT_DASH if key == "identiteit" else theme.LINE_STRONG)
    c.setLineWidth(0.6 * s)
    c.setDash(2 * s, 2 * s)
    left = min(a.rect.x for a in areas)
    top = max(a.rect.top for a in areas)
    for a in areas:
        r = a.rect
        if r.x > left + 1:
            c.line(r.x, r.y + 2 * s, r.x, r.top - 2 * s)
        if r.top < top - 1:
            c.line(r.x + 2 * s, r.top, r.x + r.w - 2 * s, r.top)
    c.restoreState()


def _area(c, plan: Plan, area) -> None:
    s = plan.s
    title = area_title(area, s)
    if title is not None:
        inner = area.rect.inset(theme.AREA_PAD * s)
        _draw_para(c, title, inner.x, inner.top, inner.w)
    if not area.items:
        _prompts(c, area.prompts, area.box, s)
        return
    _items(c, area.packing.placed, _shadow(area.block))
    if area.packing.overflow:
        text = tag_text(plan.lang, len(area.packing.overflow), area.more_page)
        _tag(c, text, area.box, s)


def _items(c, placed, shadow) -> None:
    for p in placed:
        c.saveState()
        c.translate(p.x, p.top)
        c.scale(p.k, p.k)
        p.item.draw(c, p.wref, p.k, shadow)
        c.restoreState()


def _background(key):
    if key == "identiteit":
        return theme.IDENTITEIT_BG
    return theme.COALITIES_BG if key == method.COALITION_BLOCK else theme.SURFACE


def _shadow(key):
    return theme.shadow_on(_background(key))


def _prompts(c, questions, box: Rect, s: float) -> None:
    """The guiding questions, faint, as large as fits (trailing ones left out if none does)."""
    if not questions:
        return
    size = theme.PROMPT_PT * s
    while True:
        style = prompt_style(size)
        paras = [Paragraph(theme.markup(q), style, bulletText="·") for q in questions]
        gap = 0.3 * size
        heights = [p.wrap(box.w, box.h)[1] for p in paras]
        if sum(heights) + gap * (len(paras) - 1) <= box.h or size <= theme.min_size(s):
            break
        size = max(size * 0.92, theme.min_size(s))
    y = box.top
    for para, h in zip(paras, heights):
        if y - h < box.y - 0.01:
            break
        para.drawOn(c, box.x, y - h)
        y -= h + gap


def _tag(c, text: str, box: Rect, s: float) -> None:
    """A dark pill at the bottom right of an area: how many notes continue, and where."""
    size = tag_size(s)
    w = tag_width(text, s)
    h = 1.6 * size
    x, y = box.x + box.w - w, box.y - 0.5 * size
    c.setFillColor(theme.PILL_DARK)
    c.roundRect(x, y, w, h, h / 2, stroke=0, fill=1)
    c.setFillColor(theme.SURFACE)
    c.setFont(fonts.BOLD, size)
    c.drawString(x + 0.6 * size, y + 0.48 * size, text)


# ---------------------------------------------------------------- the Top 10

TOP_TITLE_CHARS = (None, 160, 90, 50)   # shortened until every entry fits (full on the sheet)


def _top_ten(c, plan: Plan) -> None:
    """The Top 10 after a vote: rank, title (a cluster's with its number of notes) and a bar
    as long as its score, with the score; as large as ten entries fit its column."""
    s, rect = plan.s, plan.top_rect
    heading = Paragraph(theme.markup(translate("poster_top", plan.lang)),
                        theme.sized("top", theme.TITLE_PT * s, bold=True, color=theme.INK))
    _frame(c, None, rect, heading, s)
    inner = rect.inset(theme.BLOCK_PAD * s)
    top = inner.top - heading.wrap(inner.w, BIG_H)[1] - 3 * s
    room = top - inner.y
    entries = plan.top
    best = max((e["score"] for e in entries), default=1) or 1
    lo = theme.min_size(s)
    start = (16 if rect.w > 0.5 * plan.width else 8.5) * s   # its own page: larger
    for chars in TOP_TITLE_CHARS:
        size = max(start, lo)
        while True:
            rows = [_top_entry(e, i, size, inner.w, plan.lang, chars)
                    for i, e in enumerate(entries, start=1)]
            gap = 0.7 * size
            need = sum(h for _, h in rows) + len(rows) * (0.55 * size + 2 * gap)
            if need <= room or size <= lo:
                break
            size = max(size * 0.92, lo)
        if need <= room:
            break
    y = top
    for (para, h), entry in zip(rows, entries):
        para.drawOn(c, inner.x, y - h)
        y -= h + 0.35 * gap
        bar_h = 0.55 * size
        label = f"★ {entry['score']}"
        label_w = fonts.width(label, size, bold=True) + 0.4 * size
        full = max(inner.w - label_w, 1.0)
        c.setFillColor(theme.TOP_BAR_BG)
        c.rect(inner.x, y - bar_h, full, bar_h, stroke=0, fill=1)
        c.setFillColor(theme.TOP_BAR)
        c.rect(inner.x, y - bar_h, full * entry["score"] / best, bar_h, stroke=0, fill=1)
        score = Paragraph(theme.markup(label), theme.sized("top-score", size, bold=True,
                                                           color=theme.INK, right=True))
        score_h = score.wrap(inner.w, BIG_H)[1]
        score.drawOn(c, inner.x, y - bar_h / 2 - score_h / 2 + 0.1 * size)
        y -= bar_h + 1.65 * gap


BIG_H = 1e6


def _top_entry(entry, rank, size, w, lang, chars):
    title = entry["title"]
    if chars is not None and len(title) > chars:
        title = title[:chars].rstrip() + "…"
    text = f"<b>{rank}.</b>&nbsp;" + theme.markup(title)
    if entry["notes"]:
        count = translate("poster_cluster_count_one", lang) if entry["notes"] == 1 \
            else translate("poster_cluster_count", lang, n=entry["notes"])
        text += "&nbsp; " + theme.inline(f"({count})", size, bold=True, color=theme.INK_3)
    para = Paragraph(text, theme.sized("top-entry", size, color=theme.INK))
    return para, para.wrap(w, BIG_H)[1]


# ---------------------------------------------------------------- helpers

def _draw_para(c, para: Paragraph, x: float, top: float, w: float) -> float:
    """Draw ``para`` with its top at ``top``; returns the y of its bottom."""
    _, h = para.wrap(w, 1e9)
    para.drawOn(c, x, top - h)
    return top - h


def _fitted(text, w, h, hi, lo, bold=False, color=theme.INK) -> Paragraph:
    """``text`` at the largest size (from hi down to lo) at which it fits in w x h."""
    size = hi
    while True:
        para = Paragraph(theme.markup(text), theme.sized("fit", size, bold=bold, color=color,
                                                         leading=1.12))
        if para.wrap(w, h)[1] <= h or size <= lo:
            return para
        size = max(size * 0.92, lo)
