"""Where everything goes: the sheet's regions, notes packed into an area, continuation pages.

Pure geometry: nothing here draws. Rectangles are ``Rect(x, y, w, h)`` in points with reportlab's
origin (bottom left); item positions are given from the top of their region.
"""
import heapq
from dataclasses import dataclass, field
from typing import NamedTuple

from . import theme
from .theme import REF


class Rect(NamedTuple):
    x: float
    y: float
    w: float
    h: float

    @property
    def top(self):
        return self.y + self.h

    def inset(self, left, top=None, right=None, bottom=None):
        top = left if top is None else top
        right = left if right is None else right
        bottom = top if bottom is None else bottom
        return Rect(self.x + left, self.y + bottom, max(self.w - left - right, 1.0),
                    max(self.h - top - bottom, 1.0))


@dataclass
class Placed:
    item: object
    x: float        # left edge, page coordinates
    top: float      # top edge, page coordinates
    wref: float     # the width the item was measured at (reference points)
    k: float        # scale from reference points to page points (font size / REF)


@dataclass
class Packing:
    size: float                                  # the font size used
    placed: list = field(default_factory=list)   # [Placed]
    overflow: list = field(default_factory=list)  # items that did not fit
    columns: int = 1
    too_tall: bool = False                       # an item alone is taller than the area
    narrow: bool = False                         # the area is narrower than one column
    free: list = field(default_factory=list)     # room left at the foot of each column (pt)
    wref: float = 0.0                            # the columns' width (reference points)


# ---------------------------------------------------------------- proportions

def shares(base, demand, lo, hi, weight=0.85):
    """Fractions that add up to 1: a blend of the canvas's own proportions (``base``) and the
    share of the notes (``demand``), each kept within [lo, hi] (before normalising)."""
    total = sum(demand)
    if not total:
        return [b / sum(base) for b in base]
    out = [_clamp((1 - weight) * b / sum(base) + weight * d / total, lo, hi)
           for b, d in zip(base, demand)]
    return [x / sum(out) for x in out]


def _clamp(value, lo, hi):
    return max(lo, min(hi, value))


# ---------------------------------------------------------------- packing an area

def _grid(kind: str, w: float, size: float, widen: int = 0, count: int = 0,
          min_wref: float = 0.0, step: float = 1.0):
    """Column count and width for ``kind`` ('note'/'card') items at font ``size`` in width w.
    Columns are wide enough for the longest word (``min_wref``, reference points). Cards take
    the room there is (up to their maximum width): no more columns than cards."""
    gap = theme.ITEM_GAP_EM * size
    narrowest = col_min(kind, size, min_wref) * step
    n = max(1, int((w + gap) // (narrowest + gap)) - widen)
    if kind == "card" and count:
        n = min(n, count)
    col_w = (w - (n - 1) * gap) / n
    if kind == "card" and not widen:
        col_w = min(col_w, max(theme.CARD_MAX_EM * size, narrowest))
    return n, col_w, gap


def columns_for(items, w: float, size: float, kind: str) -> int:
    """How many columns ``items`` get in width w at ``size``."""
    return _grid(kind, w, size, 0, len(items), min_w(items))[0]


def col_min(kind: str, size: float, min_wref: float = 0.0) -> float:
    """The narrowest column at ``size``: the projector's, or the longest word's if wider."""
    em = theme.CARD_COL_EM if kind == "card" else theme.NOTE_COL_EM
    return max(em * size, min_wref * size / REF)


def masonry(items, r: Rect, size: float, kind: str, first_miss_stops: bool = False,
            widen: int = 0, step: float = 1.0, tag=None) -> Packing:
    """Items in order, each into the shortest column it fits in; those that fit in none go to
    overflow (so no overflow item fits anywhere: an area is full when it has overflow).
    Columns are at least ``step`` times the narrowest note. ``tag`` (w, h): the columns that
    reach into the last w points of the width stop h points above the bottom (room for the
    "continued on page" tag). ``packing.too_tall`` tells whether some item is taller than the
    whole area."""
    n, col_w, gap = _grid(kind, r.w, size, widen, len(items), min_w(items), step)
    k = size / REF
    wref = col_w / k
    used = [0.0] * n
    packing = Packing(size, columns=n)
    packing.narrow = col_w < col_min(kind, size, min_w(items)) - 1e-6
    limit = r.h + 1e-6
    limits = [limit] * n
    if tag is not None:
        for j in range(n):
            if r.x + j * (col_w + gap) + col_w > r.x + r.w - tag[0] + 1e-6:
                limits[j] = limit - tag[1]
    queue = list(items)
    index = 0
    while index < len(queue):
        item = queue[index]
        index += 1
        h = item.height_at(wref, k) * k
        j = min((j for j in range(n) if used[j] + h <= limits[j]), default=None,
                key=lambda j: used[j])
        if j is None and item.splits_between_rows and h > limit:
            # A cluster taller than the area goes on in the next column (its title
            # repeated), as long as the column with the most room takes some of its notes.
            j = max(range(n), key=lambda j: (limits[j] - used[j], -j))
            parts = item.split(wref, (limits[j] - used[j]) / k, k) \
                if limits[j] - used[j] > 0 else None
            if parts is not None:
                item, rest = parts
                queue.insert(index, rest)
                h = item.height_at(wref, k) * k
            else:
                j = None
        if j is not None:
            packing.placed.append(Placed(item, r.x + j * (col_w + gap), r.top - used[j], wref, k))
            used[j] += h + gap
        else:
            packing.overflow.append(item)
            packing.too_tall = packing.too_tall or h > limit
            if first_miss_stops:   # the rest continues too, in order
                packing.overflow.extend(queue[index:])
                break
    packing.free = [lim - u for lim, u in zip(limits, used)]
    packing.wref = wref
    return packing


def needed_height(items, w: float, size: float, kind: str) -> float:
    """The height the masonry of ``items`` takes in width w at ``size`` (0 for no items)."""
    if not items:
        return 0.0
    n, col_w, gap = _grid(kind, w, size, 0, len(items), min_w(items))
    k = size / REF
    wref = col_w / k
    used = [0.0] * n
    for item in items:
        j = used.index(min(used))
        used[j] += item.height_at(wref, k) * k + gap
    return max(used) - gap


WIDTH_STEPS = (1.0, 1.5, 2.2)   # note columns tried: the narrowest, and wider for long notes


def shapes(items, size: float, kind: str, max_w: float, min_wref: float = 0.0):
    """Ways to stack ``items`` at ``size``: (width, height) for n columns of a few widths;
    the caller keeps the useful ones. Columns are at least ``min_wref`` wide (reference
    points) besides the longest word of the items."""
    gap = theme.ITEM_GAP_EM * size
    narrowest = col_min(kind, size, max(min_w(items), min_wref))
    k = size / REF
    out = []
    first = None
    for step in WIDTH_STEPS:
        col = narrowest * step
        if col > max_w and step > 1:
            break
        if first is None:
            hs = first = [item.height_at(col / k, k) * k + gap for item in items]
        else:   # short notes hardly change in a wider column: keep their (safe) height
            hs = [item.height_at(col / k, k) * k + gap if h > 4.5 * size else h
                  for item, h in zip(items, first)]
        tallest = max(hs)
        for n in range(1, len(items) + 1):
            w = n * col + (n - 1) * gap
            if w > max_w and n > 1:
                break
            cols = [0.0] * n
            for h in hs:
                heapq.heapreplace(cols, cols[0] + h)
            out.append((w, max(cols) - gap))
            if max(cols) <= tallest + 1e-6:   # one item per column: more do not help
                break
    return out


def min_w(items) -> float:
    """The widest of the items' longest words (reference points)."""
    return max((i.min_w for i in items), default=0.0)


def _pack(items, r, size, kind, first_miss_stops=True, tag=None):
    """Masonry at ``size`` in the narrowest columns that hold every item (see WIDTH_STEPS);
    then with fewer, wider columns while an item is taller than the area. A full packing
    (with overflow) of many items keeps the narrowest columns: they hold the most."""
    many = not first_miss_stops and len(items) > 60
    best = None
    for step in (WIDTH_STEPS if kind == "note" and not many else (1.0,)):
        packing = masonry(items, r, size, kind, first_miss_stops, step=step, tag=tag)
        if not packing.overflow:
            return packing
        if best is None or len(packing.placed) > len(best.placed):
            best = packing
    # Fewer, wider columns: for an item taller than the area, and (greedy stacking being
    # greedy) sometimes simply a better fit.
    widen, tries = 1, 0
    while best.columns - widen >= 1 and not many and (best.too_tall or tries < 2):
        packing = masonry(items, r, size, kind, first_miss_stops, widen, tag=tag)
        if not packing.overflow:
            return packing
        if len(packing.placed) > len(best.placed):
            best = packing
        widen, tries = widen + 1, tries + 1
    if not best.placed and best.columns > 1 and not many:   # one column of the whole width
        packing = masonry(items, r, size, kind, first_miss_stops, best.columns - 1, tag=tag)
        if packing.placed:
            best = packing
    return best


def fit(items, r: Rect, kind: str, lo: float, hi: float, tag=None,
        start: float | None = None) -> Packing:
    """The largest font size in [lo, hi] at which all items fit in r; else lo with overflow.

    ``start`` is a size expected to fit (the search looks above it first). Above ``lo`` a
    size also fails when the area is narrower than one column (long words would be cut).
    With overflow, the items that still fit are placed at the minimum size, and ``tag``
    (w, h) keeps room at the bottom right for the "continued on page" tag (see masonry).
    """
    if not items:
        return Packing(hi)

    def fits(packing):
        return not packing.overflow and (not packing.narrow or packing.size <= lo)
    start = min(max(start or lo, lo), hi)
    if sum(i.demand for i in items) * (lo / REF) ** 2 > 1.5 * r.w * r.h:   # far too many
        return _pack(items, r, lo, kind, first_miss_stops=kind == "card", tag=tag)
    best = _pack(items, r, start, kind)
    if fits(best):
        a, b = start, hi
        if b > a:
            top = _pack(items, r, b, kind)
            if fits(top):
                return top
    else:
        if start > lo:
            best = _pack(items, r, lo, kind)
        if not fits(best):
            # cards keep their order (the first ones here, the rest later); notes fill gaps
            return _pack(items, r, lo, kind, first_miss_stops=kind == "card", tag=tag)
        a, b = lo, start
    while b - a > max(0.03 * lo, 0.15):
        mid = (a + b) / 2
        trial = _pack(items, r, mid, kind)
        if fits(trial):
            best, a = trial, mid
        else:
            b = mid
    return best


# ---------------------------------------------------------------- continuation pages

def flow(entries, r: Rect, kind: str, lo: float, hi: float) -> list:
    """Entries (items, HeadingItems among them) in newspaper columns over as many pages of size
    r as needed. The largest size in [lo, hi] that fits one page; else lo over several pages.
    Returns a list of pages, each a Packing."""
    fill = sum(e.demand for e in entries) / REF ** 2 * lo ** 2 / (r.w * r.h)
    if fill > 0.9:    # more than a page even at lo
        return _flow(entries, r, kind, lo)
    # start from the size the notes' room suggests, then search near it
    guess = min(max(lo * (0.7 / max(fill, 1e-6)) ** 0.5, lo), hi)
    best = _flow(entries, r, kind, guess)
    if len(best) == 1:
        a, b = guess, min(hi, guess * 1.3)
        if b <= a:
            return best
        top = _flow(entries, r, kind, b)
        if len(top) == 1:
            return top
    else:
        best = _flow(entries, r, kind, lo)
        if len(best) > 1 or guess <= lo:
            return best
        a, b = lo, guess
    while b - a > max(0.08 * lo, 0.15):
        mid = (a + b) / 2
        trial = _flow(entries, r, kind, mid)
        if len(trial) > 1:
            b = mid
        else:
            best, a = trial, mid
    return best


def _flow(entries, r: Rect, kind: str, size: float) -> list:
    k = size / REF
    # Fewer, wider columns while some item is taller than a whole column.
    widen = 0
    while True:
        n, col_w, gap = _grid(kind, r.w, size, widen, min_wref=min_w(entries))
        wref = col_w / k
        # measure only what may be tall: the estimate is cheap, the line breaking is not
        # (a cluster splits between its notes: it needs no wider columns)
        tallest = max((e.height_at(wref, k) * k for e in entries
                       if not e.splits_between_rows and e.estimate(wref, k) * k > 0.6 * r.h),
                      default=0.0)
        if tallest <= r.h or n == 1:
            break
        widen += 1
    queue = list(entries)
    pages = [Packing(size)]
    col, used = 0, 0.0
    limit = r.h + 1e-6
    block = sub = None      # the headings in force, repeated at the top of a new page

    def next_column():
        nonlocal col, used
        col, used = col + 1, 0.0
        if col == n:
            pages.append(Packing(size))
            col = 0
            return True
        return False

    while queue:
        item = queue[0]
        h = item.height_at(wref, k) * k
        need = h
        if item.level:   # keep headings with the first item under them
            following = 0.0
            for nxt in queue[1:]:
                following += nxt.height_at(wref, k) * k + gap
                if not nxt.level:
                    break
            need += gap + min(following, r.h / 2)
        if used and used + need > limit and next_column() and item.level != "block":
            queue[0:0] = [x for x in (block, sub if item.level != "sub" else None) if x]
            continue
        queue.pop(0)
        if item.level == "block":
            block, sub = item, None
        elif item.level == "sub":
            sub = item
        if h > limit:              # taller than a whole column even at full width: split it
            parts = item.split(wref, (r.h - used) / k, k)
            if parts is not None:
                item, rest = parts
                queue.insert(0, rest)
                h = item.height_at(wref, k) * k
        pages[-1].placed.append(Placed(item, r.x + col * (col_w + gap), r.top - used, wref, k))
        used += h + gap
        if used > limit and queue and next_column() and not queue[0].level:
            queue[0:0] = [x for x in (block, sub) if x]
    return [p for p in pages if p.placed] or [Packing(size)]
