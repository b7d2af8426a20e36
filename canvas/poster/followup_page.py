"""The poster's page "Afspraken en vervolg": the agreements per block and the coalitions'
commitments on the left, the vitality chart ("Vitaliteit van het netwerk") on the right.

A page of its own after the sheet: the canvas keeps the whole sheet (a band for 10 agreements,
5 commitments and a chart would take a quarter of it from 150-300 notes), and the page can be
hung beside the canvas. Its text takes the largest size at which everything fits, never below
the poster's legible minimum; what does not fit even then is counted ("… en 3 meer").
"""

from .. import method
from ..i18n import decimal, translate
from . import fonts, theme
from .followup import agreements, coalition_commitments, long_date, vitality_shown
from .layout import Rect
from .text import Paragraph

BIG_H = 1e6
CHART_SHARE = 0.42     # of the page's width: the chart, when there is text beside it
# The five scores' shades in the distribution bar, from weak (light) to strong (dark).
SCORE_COLORS = [theme.mix(theme.TOP_BAR_BG, theme.TOP_BAR, t) for t in (0.05, 0.3, 0.55, 0.8, 1)]


def draw_followup(c, plan, body: Rect) -> None:
    s, lang, snapshot = plan.s, plan.lang, plan.snapshot
    figures = vitality_shown(snapshot)
    blocks = {b["key"]: b["title"] for b in plan.text["blocks"]}
    entries = _entries(snapshot, blocks, lang)
    title = Paragraph(theme.markup(translate("commitments_title", lang)),
                      theme.sized("fu-title", 16 * s, bold=True, color=theme.INK))
    y = body.top - title.wrap(body.w, BIG_H)[1]
    title.drawOn(c, body.x, y)
    y -= 5 * s
    room = Rect(body.x, body.y, body.w, y - body.y)
    if entries and figures:
        chart_w = CHART_SHARE * room.w
        text_box = Rect(room.x, room.y, room.w - chart_w - 10 * s, room.h)
        chart_box = Rect(room.x + room.w - chart_w, room.y, chart_w, room.h)
    else:
        text_box = chart_box = room
    if entries:
        _draw_entries(c, entries, text_box, s, lang)
    if figures:
        _draw_chart(c, figures, blocks, chart_box, s, lang)


# ---------------------------------------------------------------- agreements and commitments

def _entries(snapshot, blocks, lang) -> list:
    """[(kind, markup)]: "h" a heading, "b" a block's name, "i" an item (a bullet)."""
    out = []
    found = agreements(snapshot)
    if found:
        out.append(("h", theme.markup(translate("commitments_agreements", lang))))
        for key, notes in found:
            out.append(("b", theme.markup(blocks[key])))
            out += [("i", theme.markup(n.get("text"))) for n in notes]
    cards = coalition_commitments(snapshot)
    if cards:
        titles = {f["key"]: f["title"] for f in method.localized(lang)["commitment_fields"]}
        out.append(("h", theme.markup(translate("commitments_coalitions", lang))))
        for card in cards:
            coalition = card["coalition"]
            parts = [f"<b>{theme.markup(card.get('text'))}</b>"]
            if coalition.get("trekker"):
                parts.append(f"{titles['trekker']}: <b>{theme.markup(coalition['trekker'])}</b>")
            if coalition.get("eerste_stap"):
                parts.append(f"{titles['eerste_stap']}: "
                             f"{theme.markup(coalition['eerste_stap'])}")
            when = long_date(coalition["datum"], lang) if coalition.get("datum") \
                else translate("commitments_no_date", lang)
            parts.append(f"{titles['datum']}: <b>{theme.markup(when)}</b>")
            out.append(("i", "<br/>".join(parts)))
    return out


def _paragraphs(entries, size, w):
    paras = []
    for kind, text in entries:
        if kind == "h":
            para = Paragraph(text, theme.sized("fu-h", 1.25 * size, bold=True,
                                               color=theme.ACCENT))
            before = 0.9 * size
        elif kind == "b":
            para = Paragraph(text, theme.sized("fu-b", size, bold=True, color=theme.INK_2))
            before = 0.45 * size
        else:
            para = Paragraph(text, theme.sized("fu-i", size, color=theme.INK,
                                               indent=1.1 * size), bulletText="•")
            before = 0.25 * size
        paras.append((para, before, para.wrap(w, BIG_H)[1]))
    if paras:
        paras[0] = (paras[0][0], 0, paras[0][2])
    return paras


def _draw_entries(c, entries, box: Rect, s: float, lang: str) -> None:
    lo = theme.min_size(s)
    size = max(13 * s, lo)
    while True:
        paras = _paragraphs(entries, size, box.w)
        if sum(b + h for _, b, h in paras) <= box.h or size <= lo:
            break
        size = max(size * 0.92, lo)
    y = box.top
    more = Paragraph(theme.markup(translate("commitments_more", lang, n=0)),
                     theme.sized("fu-more", size, bold=True, color=theme.INK_3))
    more_h = more.wrap(box.w, BIG_H)[1]
    for index, (para, before, h) in enumerate(paras):
        rest = len(paras) - index - 1
        # The last one that fits leaves room for the count of those that do not.
        if y - before - h < box.y + (more_h if rest else 0) - 0.01:
            left = sum(1 for kind, _ in entries[index:] if kind == "i")
            more = Paragraph(theme.markup(translate("commitments_more", lang, n=left)),
                             theme.sized("fu-more", size, bold=True, color=theme.INK_3))
            more.wrap(box.w, BIG_H)
            more.drawOn(c, box.x, max(y - before - more_h, box.y))
            return
        y -= before + h
        para.drawOn(c, box.x, y)


# ---------------------------------------------------------------- the vitality chart

def _draw_chart(c, figures, blocks, box: Rect, s: float, lang: str) -> None:
    """Per block its title, "gemiddeld 3.6 · n = 17", a bar as long as the mean on a 1-5
    scale and a bar of the distribution (how many gave 1, 2, ... 5, light to dark)."""
    lo = theme.min_size(s)
    c.saveState()
    c.setFillColor(theme.COALITIES_BG)
    c.setStrokeColor(theme.LINE)
    c.setLineWidth(0.7 * s)
    c.roundRect(box.x, box.y, box.w, box.h, theme.BLOCK_RADIUS * s, stroke=1, fill=1)
    c.restoreState()
    inner = box.inset(theme.BLOCK_PAD * 1.5 * s)
    title = Paragraph(theme.markup(translate("followup_vitality_title", lang)),
                      theme.sized("fu-v", max(12.5 * s, lo), bold=True, color=theme.INK))
    y = inner.top - title.wrap(inner.w, BIG_H)[1]
    title.drawOn(c, inner.x, y)
    legend_size = max(7.5 * s, lo)
    y -= 0.6 * legend_size
    y = _legend(c, inner.x, y, inner.w, legend_size, lang)
    # The mean bars' scale, 1 at the left to 5 at the right, once above the rows.
    c.setFont(fonts.BOLD, legend_size)
    c.setFillColor(theme.INK_3)
    y -= legend_size
    for score in range(1, 6):
        at = inner.x + inner.w * (score - 1) / 4
        if score == 1:
            c.drawString(at, y, "1")
        elif score == 5:
            c.drawRightString(at, y, "5")
        else:
            c.drawCentredString(at, y, str(score))
    y -= 0.8 * legend_size
    keys = method.BLOCK_KEYS
    row_h = (y - inner.y) / len(keys)
    size = max(min(10 * s, row_h / 4.6), lo)
    for index, key in enumerate(keys):
        top = y - index * row_h
        _chart_row(c, blocks[key], figures[key], inner.x, top, inner.w, size, lang)


def _legend(c, x, y, w, size, lang) -> float:
    """The swatches of the five scores, "1 = zwak … 5 = sterk"; returns the y below it."""
    weak, strong = method.VITALITY_SCALE[lang]
    sw = 1.1 * size
    y -= sw
    c.setFont(fonts.REGULAR, size)
    c.setFillColor(theme.INK_2)
    c.drawString(x, y + 0.2 * size, f"1 = {weak}")
    cx = x + fonts.width(f"1 = {weak}", size) + 0.5 * size
    for score, color in enumerate(SCORE_COLORS, start=1):
        c.setFillColor(color)
        c.rect(cx, y, sw, sw, stroke=0, fill=1)
        c.setFillColor(theme.SURFACE if score >= 3 else theme.INK)
        c.setFont(fonts.BOLD, 0.8 * size)
        c.drawCentredString(cx + sw / 2, y + 0.28 * size, str(score))
        cx += sw + 0.2 * size
    c.setFont(fonts.REGULAR, size)
    c.setFillColor(theme.INK_2)
    c.drawString(cx + 0.3 * size, y + 0.2 * size, f"5 = {strong}")
    return y - 0.8 * size


def _chart_row(c, title, figure, x, top, w, size, lang) -> None:
    count = int(figure.get("count") or 0)
    mean = figure.get("mean")
    label = Paragraph(theme.markup(title), theme.sized("fu-l", size, bold=True, color=theme.INK))
    numbers = translate("vitality_n", lang, n=count)
    if mean is not None:
        mean_label = translate("followup_vitality_mean", lang).lower()
        numbers = f"{mean_label} {decimal(mean, lang)} · {numbers}"
    value = Paragraph(theme.markup(numbers), theme.sized("fu-n", size, bold=True,
                                                         color=theme.INK_2, right=True))
    label_h = label.wrap(w * 0.55, BIG_H)[1]
    label.drawOn(c, x, top - label_h)
    value_h = value.wrap(w * 0.45, BIG_H)[1]
    value.drawOn(c, x + w * 0.55, top - value_h)
    y = top - max(label_h, value_h) - 0.35 * size
    bar_h = 1.0 * size
    # The mean, on a scale from 1 to 5 (a mean of 1 is the shortest bar there can be).
    c.setFillColor(theme.TOP_BAR_BG)
    c.rect(x, y - bar_h, w, bar_h, stroke=0, fill=1)
    if mean is not None:
        c.setFillColor(theme.TOP_BAR)
        c.rect(x, y - bar_h, w * (mean - 1) / 4, bar_h, stroke=0, fill=1)
    c.setStrokeColor(theme.SURFACE)
    c.setLineWidth(0.06 * size)
    for step in (1, 2, 3):
        c.line(x + w * step / 4, y - bar_h, x + w * step / 4, y)
    y -= bar_h + 0.25 * size
    # The distribution: how many gave each score.
    hist = [int(n or 0) for n in (figure.get("histogram") or [])][:5]
    dist_h = 0.9 * size
    if count:
        cx = x
        c.setFont(fonts.BOLD, 0.75 * size)
        for score, n in enumerate(hist):
            seg = w * n / count
            if seg <= 0:
                continue
            c.setFillColor(SCORE_COLORS[score])
            c.rect(cx, y - dist_h, seg, dist_h, stroke=0, fill=1)
            if seg > fonts.width(str(n), 0.75 * size, bold=True) + 0.3 * size:
                c.setFillColor(theme.SURFACE if score >= 2 else theme.INK)
                c.drawCentredString(cx + seg / 2, y - dist_h + 0.22 * size, str(n))
            cx += seg
    else:
        c.setStrokeColor(theme.LINE_STRONG)
        c.setLineWidth(0.05 * size)
        c.rect(x, y - dist_h, w, dist_h, stroke=1, fill=0)
