"""The main page: the five blocks of the sheet, their sub-areas, and the notes packed in them.

The arrangement is always the canvas's own; only the proportions move. For a trial font size F
every area knows, for each number of note columns, how tall its notes stack; from that, each
row of the sheet knows the least height at which its areas fit side by side in the page's
width. A binary search finds the largest F at which coalities, the middle row and organisatie
fit the page together; the rows and columns are then sized for F and the spare room shared
out in the canvas's own proportions. When even the smallest size does not fit, every area gets
room for at least one of its notes and the rest in proportion to its notes, adjusted over a few
rounds so that areas whose notes all fit give their spare room to those that continue on later
pages (``_filled``). Finally every area takes the largest size (up to a cap) at which its own
notes fit, or the smallest with the rest continued.
"""
import bisect

from . import layout, theme
from .layout import Rect
from .parts import BIG, area_box, block_heading, prompts_height, tag_room, tag_size

MID = ("spelregels", "identiteit", "regie")
MID_BASE = (1.0, 1.9, 1.0)
ROW_BASE = (0.25, 0.48, 0.27)          # coalities, the middle row, organisatie
ROW_BASE_EMPTY = (0.12, 0.58, 0.30)    # the same without coalition cards
HOPELESS = 4.0    # notes' room at the smallest size, in pages: beyond it, no measuring
INF = float("inf")


class Frontier:
    """The useful shapes of something: widths rising, heights falling; each with a payload."""

    def __init__(self, shapes):
        self.w, self.h, self.data = [], [], []
        for w, h, data in sorted(shapes, key=lambda x: (x[0], x[1])):
            if not self.h or h < self.h[-1] - 1e-9:
                self.w.append(w)
                self.h.append(h)
                self.data.append(data)
        self._neg_h = [-h for h in self.h]

    def width_for(self, h: float):
        """The narrowest shape at most h tall: (width, data), or (INF, None)."""
        i = bisect.bisect_left(self._neg_h, -h - 1e-9)
        return (self.w[i], self.data[i]) if i < len(self.w) else (INF, None)

    def height_for(self, w: float) -> float:
        """The height of the widest shape at most w wide (INF if none)."""
        i = bisect.bisect_right(self.w, w + 1e-9) - 1
        return self.h[i] if i >= 0 else INF


class _Sheet:
    def __init__(self, p, body: Rect):
        self.p, self.body, s = p, body, p.s
        self.s = s
        self.gap, self.pad = theme.GAP * s, theme.BLOCK_PAD * s
        self.headings = {b["key"]: block_heading(b["title"], b["question"], s)
                         for b in p.text["blocks"]}
        # a block's general area is only shown when it has notes
        self.shown = {key: [a for a in p.areas if a.block == key and (a.sub != "" or a.items)]
                      for key in self.headings}
        # Measured at modest widths, so they hold for any width the blocks end up with.
        self.empty_w = 0.1 * body.w
        self.one_row = False   # of the coalition cards (when not every note fits)
        self.reserve = 1.5 * tag_size(s)   # the "continued on page" tag
        self.min_w = {"spelregels": 0.15 * body.w, "regie": 0.15 * body.w,
                      "identiteit": 0.3 * body.w}
        self.over = {k: 2 * self.pad + 2 * s + self.headings[k].wrap(
            self.min_w.get(k, body.w) - 2 * self.pad, BIG)[1] for k in self.headings}
        self.area_over = {}
        for a in p.areas:
            box = area_box(a, Rect(0, 0, self.empty_w, BIG), s)
            prompts = prompts_height(a.prompts, box.w, theme.min_size(s)) \
                if a.prompts and not a.items else 0.0
            self.area_over[id(a)] = (BIG - box.h, self.empty_w - box.w, prompts)

    # ---- shapes at a trial size

    def measure(self, size: float) -> None:
        """Shapes at ``size`` of every area's notes."""
        self.size, self.one_row = size, False
        self.cells = {id(a): self.cell(a, size) for a in self.p.areas if a.kind == "note"}
        self.ident = self.identiteit()

    def cards(self, a) -> list:
        """The coalition cards the sheet is shaped for: all, or (``one_row``) the first row."""
        if not self.one_row:
            return a.items
        return a.items[:layout.columns_for(a.items, self.body.w - 2 * self.pad, self.size,
                                           "card")]

    def cell(self, a, size: float) -> Frontier:
        h_over, w_over, prompts = self.area_over[id(a)]
        if not a.items:
            return Frontier([(self.empty_w, h_over + prompts, None)])
        items = a.items
        return Frontier([(w + w_over, h + h_over, None) for w, h in layout.shapes(
            items, size, "note", 0.75 * self.body.w, layout.min_w(a.items))])

    def identiteit(self) -> Frontier:
        """Identiteit's 2 x 2 quadrants (and general strip): for each pair of column widths,
        the height of its rows."""
        p, a, po, st, *gen = [self.cells[id(x)] for x in self.shown["identiteit"]]
        lefts = sorted(set(p.w) | set(po.w))
        rights = sorted(set(a.w) | set(st.w))
        out = []
        for wl in lefts:
            hp, hpo = p.height_for(wl), po.height_for(wl)
            for wr in rights:
                top = max(hp, a.height_for(wr))
                bottom = max(hpo, st.height_for(wr))
                general = gen[0].height_for(wl + wr) if gen else 0.0
                h = top + bottom + general
                if h < INF:
                    out.append((wl + wr, h, (wl, top, bottom, general)))
        return Frontier(out)

    def block_w(self, key: str, h: float):
        room = h - self.over[key]
        if key == "identiteit":
            w, data = self.ident.width_for(room)
        else:
            w, data = self.cells[id(self.shown[key][0])].width_for(room)
        return max(w + 2 * self.pad, self.min_w[key]), data

    def mid_fits(self, h: float) -> bool:
        return sum(self.block_w(k, h)[0] for k in MID) + 2 * self.gap <= self.body.w

    def org_widths(self, h: float):
        room = h - self.over["organisatie"]
        return [self.cells[id(a)].width_for(room)[0] for a in self.shown["organisatie"]]

    def org_fits(self, h: float) -> bool:
        return sum(self.org_widths(h)) <= self.body.w - 2 * self.pad

    def coal_h(self) -> float:
        area = self.shown["coalities"][0]
        h_over, w_over, prompts = self.area_over[id(area)]
        if not area.items:
            return self.over["coalities"] + h_over + prompts
        w = self.body.w - 2 * self.pad - w_over
        items = self.cards(area)
        if len(items) < len(area.items):   # room for the "continued on page" tag
            h_over += self.reserve
        return self.over["coalities"] + h_over + layout.needed_height(items, w, self.size,
                                                                      "card")

    def least(self, fits, lo: float, hi: float):
        """The least height in [lo, hi] for which ``fits`` holds (None if not even hi)."""
        if hi <= lo or not fits(hi):
            return None
        while hi - lo > 0.5 * self.s:
            mid = (lo + hi) / 2
            if fits(mid):
                hi = mid
            else:
                lo = mid
        return hi

    def rows(self, size: float):
        """(coalities, middle, organisatie) least heights at ``size``; None if they do not fit
        the page together."""
        self.measure(size)
        avail = self.body.h - 2 * self.gap
        coal = self.coal_h()
        org = self.least(self.org_fits, 0.0, avail - coal)
        if org is None:
            return None
        mid = self.least(self.mid_fits, 0.0, avail - coal - org)
        return None if mid is None else (coal, mid, org)

    # ---- geometry

    def fitted(self, rows) -> dict:
        """Rectangles for row heights ``rows`` (that fit the page): every row, block and
        sub-area gets at least what its notes need, and the spare room goes by the canvas's
        own proportions, so a sparse sheet looks like the paper one."""
        no_cards = not self.shown["coalities"][0].items
        heights = distribute(self.body.h - 2 * self.gap, rows,
                             ROW_BASE_EMPTY if no_cards else ROW_BASE)
        widths = distribute(self.body.w - 2 * self.gap,
                            [self.block_w(k, heights[1])[0] for k in MID], MID_BASE)
        _, (wl, top, bottom, general) = self.block_w("identiteit", heights[1])
        wr = self.ident_right(wl, top, bottom)
        left = distribute(widths[1] - 2 * self.pad, [wl, wr], (1, 1))[0]
        content = heights[1] - self.over["identiteit"]
        top, bottom, general = distribute(content, [top, bottom, general],
                                          (0.4, 0.4, 0.2) if general else (0.5, 0.5, 0.0))
        org_w = distribute(self.body.w - 2 * self.pad, self.org_widths(heights[2]),
                           [1.0] * len(self.shown["organisatie"]))
        return self.geometry(heights, widths,
                             (general / content, top / (top + bottom), left), org_w)

    def ident_right(self, wl, top, bottom) -> float:
        """The right column's width in the chosen Identiteit shape."""
        _, a, _, st, *_ = [self.cells[id(x)] for x in self.shown["identiteit"]]
        w_a, _ = a.width_for(top)
        w_s, _ = st.width_for(bottom)
        return max(w_a, w_s)

    def proportional(self, size: float, demand: dict) -> dict:
        """Rectangles when not every note fits: every area with notes gets room for at least
        one of them (a column as wide as it can have) and the rest of the page goes in
        proportion to ``demand`` (by id of area), within the canvas's own proportions.
        Coalition cards first keep what one row of them needs, up to 40% of the page."""
        self.size, self.one_row = size, True
        body, gap, pad = self.body, self.gap, self.pad

        def of(key):
            return sum(demand[id(a)] for a in self.shown[key])
        # widths first: the blocks of the middle row, identiteit's columns, organisatie's
        least_w = {id(a): self.least_w(a, size) for k in self.shown for a in self.shown[k]}
        ident, org = self.shown["identiteit"], self.shown["organisatie"]
        lw = [least_w[id(a)] for a in ident]
        least_widths = [2 * pad + least_w[id(self.shown["spelregels"][0])],
                        2 * pad + max(lw[0] + lw[1], lw[2] + lw[3], *lw[4:]),
                        2 * pad + least_w[id(self.shown["regie"][0])]]
        widths = distribute(body.w - 2 * gap, least_widths,
                            layout.shares(MID_BASE, [of(k) for k in MID], 0.13, 0.66))
        d = [demand[id(a)] for a in ident]
        left_share = layout.shares([1, 1], [d[0] + d[2], d[1] + d[3]], 0.28, 0.72)[0]
        inner = widths[1] - 2 * pad
        left = distribute(inner, [max(lw[0], lw[2]), max(lw[1], lw[3])],
                          [left_share, 1 - left_share])[0]
        org_d = [demand[id(a)] for a in org]
        org_w = distribute(body.w - 2 * pad, [least_w[id(a)] for a in org], layout.shares(
            [1.0] * len(org_d), org_d, 0.4 / len(org_d), 0.64))

        # then heights, each area's least at the width it has
        width = {id(self.shown["spelregels"][0]): widths[0] - 2 * pad,
                 id(self.shown["regie"][0]): widths[2] - 2 * pad,
                 **{id(a): w for a, w in zip(ident, [left, inner - left] * 2 + [inner])},
                 **{id(a): w for a, w in zip(org, org_w)}}
        lh = {i: self.least_h(a, size, width[id(a)]) for k in ("spelregels", "regie",
              "identiteit", "organisatie") for a in self.shown[k] for i in [id(a)]}
        ident_rows = [max(lh[id(ident[0])], lh[id(ident[1])]),
                      max(lh[id(ident[2])], lh[id(ident[3])])] + [lh[id(a)] for a in ident[4:]]
        least_mid = max([self.over["identiteit"] + sum(ident_rows)]
                        + [self.over[k] + lh[id(self.shown[k][0])] for k in ("spelregels",
                                                                             "regie")])
        least_org = self.over["organisatie"] + max(lh[id(a)] for a in org)
        avail = body.h - 2 * gap
        h_coal = min(self.coal_h(), 0.4 * avail)
        h_mid, h_org = distribute(avail - h_coal, [least_mid, least_org], layout.shares(
            [0.64, 0.36], [sum(of(k) for k in MID), of("organisatie")], 0.3, 0.75))
        top = layout.shares([1, 1], [d[0] + d[1], d[2] + d[3]], 0.25, 0.75)[0]
        gen = layout.shares([0.8, 0.2], [sum(d[:4]), d[4]], 0.16, 0.84)[1] if len(d) == 5 \
            else 0.0
        content = max(h_mid - self.over["identiteit"], 1.0)
        heights = distribute(content, ident_rows,
                             [(1 - gen) * top, (1 - gen) * (1 - top)] + ([gen] if gen else []))
        general = heights[2] / content if len(heights) == 3 else 0.0
        split = heights[0] / max(heights[0] + heights[1], 1e-9)
        return self.geometry((h_coal, h_mid, h_org), widths, (general, split, left), org_w)

    def least_h(self, a, size: float, width: float) -> float:
        """The height ``a`` needs at ``size`` in ``width`` to show one note (its shortest, in
        one column of the whole width) and the "continued" tag; an empty area its title and
        a line of its questions."""
        h_over, w_over, _ = self.area_over[id(a)]
        if not a.items:
            return h_over + 1.5 * theme.min_size(self.s)
        k = size / theme.REF
        wref = max(width - w_over, layout.col_min(a.kind, size, layout.min_w(a.items))) / k
        # measured: the few that are shortest by their estimate
        few = sorted(a.items, key=lambda i: i.estimate(wref, k))[:3]
        return h_over + self.reserve + min(i.height_at(wref, k) for i in few) * k

    def least_w(self, a, size: float) -> float:
        """The width of a column half as wide again as the narrowest."""
        if not a.items:
            return self.empty_w
        return self.area_over[id(a)][1] + layout.col_min(a.kind, size,
                                                         layout.min_w(a.items)) * 1.5

    def geometry(self, heights, widths, ident, org_w) -> dict:
        body, gap, pad = self.body, self.gap, self.pad
        h_coal, h_mid, h_org = heights
        top = body.top
        blocks = {"coalities": Rect(body.x, top - h_coal, body.w, h_coal),
                  "organisatie": Rect(body.x, body.y, body.w, h_org)}
        x, y_mid = body.x, top - h_coal - gap - h_mid
        for key, w in zip(MID, widths):
            blocks[key] = Rect(x, y_mid, w, h_mid)
            x += w + gap
        areas = {}
        for key, rect in blocks.items():
            inner = rect.inset(pad)
            # the heading as it wraps at this width (never taller than was allowed for)
            over = min(self.over[key], 2 * pad + 2 * self.s
                       + self.headings[key].wrap(inner.w, BIG)[1])
            c = Rect(inner.x, inner.y, inner.w, max(rect.h - over, 1.0))
            shown = self.shown[key]
            if key == "organisatie":
                x = c.x
                for a, w in zip(shown, org_w):
                    areas[id(a)] = Rect(x, c.y, w, c.h)
                    x += w
            elif key == "identiteit":
                g, t, wl = ident
                h_gen = c.h * g
                h_top = (c.h - h_gen) * t
                h_bot = c.h - h_gen - h_top
                cells = [Rect(c.x, c.top - h_top, wl, h_top),
                         Rect(c.x + wl, c.top - h_top, c.w - wl, h_top),
                         Rect(c.x, c.y + h_gen, wl, h_bot),
                         Rect(c.x + wl, c.y + h_gen, c.w - wl, h_bot),
                         Rect(c.x, c.y, c.w, h_gen)]
                for a, r in zip(shown, cells):
                    areas[id(a)] = r
            else:
                areas[id(shown[0])] = c
        return {"blocks": blocks, "areas": areas}


def plan_sheet(p, body: Rect, lo: float, hi: float) -> None:
    """Set p.frames and every shown area's rect, box and packing."""
    sheet = _Sheet(p, body)
    size, rows = _largest_fitting(p, sheet, body, lo, hi)
    if rows is not None:
        geometry = sheet.fitted(rows)
    else:
        geometry = _filled(p, sheet, lo)
    p.frames = {key: (rect, sheet.headings[key]) for key, rect in geometry["blocks"].items()}
    cap = min(hi, max(size or lo, lo) * theme.SIZE_SPREAD)
    for area in p.areas:
        rect = geometry["areas"].get(id(area))
        if rect is None:
            continue
        area.rect = rect
        area.box = area_box(area, rect, p.s)
        area.packing = layout.fit(area.items, area.box, area.kind, lo, cap,
                                  tag=tag_room(area, p.lang, p.s), start=max(size or lo, lo))


ROUNDS = 6      # of sharing the sheet when not every note fits
SLACK = 1.2     # an area whose notes all fit keeps this much more than they cover


def _filled(p, sheet, lo: float) -> dict:
    """Rectangles when not every note fits the sheet at the smallest size. First each area gets
    room in proportion to its notes; then, for a few rounds, an area whose notes all fit asks
    only for what they cover (and a little more), and one whose notes continue on later pages
    asks for more in proportion to what does not fit. The round that shows the most notes
    (and first: leaves the fewest areas showing none of theirs) is kept."""
    gap = theme.ITEM_GAP_EM * lo
    full = {id(a): sum(i.demand for i in a.items) for a in p.areas}
    want = dict(full)
    best = None
    for _ in range(ROUNDS):
        geometry = sheet.proportional(lo, want)
        shown, none, asks = 0, 0, dict(want)
        for area in p.areas:
            rect = geometry["areas"].get(id(area))
            if rect is None or not area.items or area.kind != "note":
                continue
            box = area_box(area, rect, p.s)
            # the narrowest columns only: a quick count (the final packing tries more)
            packing = layout.masonry(area.items, box, lo, area.kind,
                                     tag=tag_room(area, p.lang, p.s))
            shown += len(packing.placed)
            none += not packing.placed
            # half-way steps: the areas of a block share rows and columns
            if packing.overflow:
                placed = sum(x.item.demand for x in packing.placed)
                asks[id(area)] *= min(1.5, (full[id(area)] / max(placed, 1e-9)) ** 0.5)
            else:
                covered = sum((x.item.height_at(x.wref, x.k) * x.k + gap) * (x.wref * x.k + gap)
                              for x in packing.placed)
                asks[id(area)] *= max(0.6, min(1.0, SLACK * covered / (box.w * box.h)) ** 0.5)
        if best is None or (none, -shown) < best[0]:
            best, since = ((none, -shown), geometry), 0
        else:
            since += 1
        if since == 2 or not any(a.items and a.kind == "note" and asks[id(a)] > want[id(a)]
                                 for a in p.areas):
            break   # no better for two rounds, or every note shown
        want = asks
    return best[1]


def distribute(total: float, least, base) -> list:
    """``total`` shared in proportion to ``base``, but every part at least its ``least``."""
    parts = [0.0] * len(least)
    free = set(range(len(least)))
    while True:
        fixed = sum(least[i] for i in range(len(least)) if i not in free)
        weight = sum(base[i] for i in free)
        for i in free:
            parts[i] = (total - fixed) * base[i] / weight if weight else 0.0
        short = {i for i in free if parts[i] < least[i]}
        if not short:
            break
        for i in short:
            parts[i] = least[i]
        free -= short
        if not free:
            break
    if sum(parts) > total + 1e-6:   # cannot all have their least: in proportion to it
        parts = [total * x / sum(least) for x in least]
    return parts


def _largest_fitting(p, sheet, body, lo, hi):
    """The largest size in [lo, hi] at which the sheet holds every note, and the rows' least
    heights at that size; (lo, None) when not even ``lo`` does, (None, None) when far from
    it (not worth measuring)."""
    demand = sum(i.demand for a in p.areas for i in a.items) / theme.REF ** 2
    if demand * lo ** 2 > HOPELESS * body.w * body.h:    # do not even measure
        return None, None
    if demand * hi ** 2 < 0.5 * body.w * body.h:    # roomy: worth trying the largest size
        rows = sheet.rows(hi)
        if rows is not None:
            return hi, rows
    rows = sheet.rows(lo)
    if rows is None:
        return lo, None
    a, b = lo, hi
    while b - a > max(0.03 * lo, 0.1):
        mid = (a + b) / 2
        trial = sheet.rows(mid)
        if trial is None:
            b = mid
        else:
            a, rows = mid, trial
    sheet.measure(a)
    return a, rows
