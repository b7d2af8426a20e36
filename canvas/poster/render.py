"""From a snapshot to a plan of pages: which note goes where, at which size, on which page.

``plan(snapshot, size)`` does all the measuring; ``draw.py`` only paints the plan. The main page
is the sheet; a block whose notes do not all fit at the smallest legible size continues on
pages of its own, labelled "<block> (vervolg)".
"""
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A0, A1, A2, A3, A4, landscape

from .. import method
from ..i18n import normalize_language, translate
from . import followup, fonts, layout, sheet, theme
from .items import BlockHeadingItem, CardItem, ClusterItem, HeadingItem, NoteItem
from .layout import Rect
from .paper import PAPER_SIZES
from .text import Paragraph

_PAGES = {"A0": A0, "A1": A1, "A2": A2, "A3": A3, "A4": A4}
_A4_WIDTH = landscape(A4)[0]
TIMEZONE = "Europe/Amsterdam"


@dataclass
class Area:
    block: str
    sub: str | None            # sub-area key, "" for a block's general area, None: no sub-areas
    title: str | None          # shown above the notes (sub-areas, general)
    prompts: list              # guiding questions, shown when the area is empty
    items: list
    kind: str                  # "note" or "card"
    rect: Rect | None = None   # the whole area
    box: Rect | None = None    # where its notes go
    packing: layout.Packing | None = None
    more_page: int = 0         # the page its overflow starts on (1-based), if any


@dataclass
class Page:
    block: str | None     # None: the main sheet; TOP_PAGE: the Top 10; else continuation
                          # pages (of the cards)
    packing: layout.Packing | None = None
    frame: Rect | None = None
    heading: Paragraph | None = None


@dataclass
class Plan:
    lang: str
    width: float
    height: float
    s: float                   # scale: page width / landscape A4 width
    text: dict                 # localized method
    snapshot: dict
    header: dict
    areas: list = field(default_factory=list)
    frames: dict = field(default_factory=dict)      # block key -> (Rect, heading Paragraph)
    pages: list = field(default_factory=list)
    has_votes: bool = False
    top: list = field(default_factory=list)         # the Top 10 (``top_ten``), after a vote
    top_rect: Rect | None = None                    # where it goes on the sheet


def page_size(size: str):
    if size not in _PAGES:
        raise ValueError(f"unknown paper size {size!r}; choose one of {', '.join(PAPER_SIZES)}")
    return landscape(_PAGES[size])


def plan(snapshot: dict, size: str) -> Plan:
    """The plan of the poster. After a vote the Top 10 takes a column of the sheet; when
    that column would send notes to continuation pages that the sheet alone has room for,
    the Top 10 gets a page of its own at the end instead."""
    p = _plan(snapshot, size, top_on_sheet=True)
    if p.has_votes and len(p.pages) > 1:
        alone = _plan(snapshot, size, top_on_sheet=False)
        if len(alone.pages) < len(p.pages):
            alone.top_rect = _body(alone)
            alone.pages.append(Page(TOP_PAGE))
            p = alone
    if followup.has_section(snapshot):
        # Agreements, commitments and the vitality chart: a page of their own, last, so the
        # canvas keeps the whole sheet (followup_page.py).
        p.pages.append(Page(FOLLOWUP_PAGE))
    return p


TOP_PAGE = "top"   # Page.block of the Top 10's own page
FOLLOWUP_PAGE = "followup"   # Page.block of "Afspraken en vervolg"


def _plan(snapshot: dict, size: str, top_on_sheet: bool) -> Plan:
    width, height = page_size(size)
    fonts.register()
    workshop = snapshot.get("workshop") or {}
    lang = normalize_language(workshop.get("language"))
    s = width / _A4_WIDTH
    text = method.localized(lang)
    p = Plan(lang, width, height, s, text, snapshot, _header(snapshot, lang))
    lo, hi = theme.min_size(s), theme.NOTE_MAX_PT * s
    p.areas = _areas(snapshot, text, lang, lo)
    p.has_votes = any(_votes(x) > 0 for x in (snapshot.get("notes") or [])
                      + (snapshot.get("clusters") or []))
    body = _body(p)
    p.pages.append(Page(None))
    sheet_body = body
    if p.has_votes:
        p.top = top_ten(snapshot)
    if p.has_votes and top_on_sheet:   # a column at the right of the sheet
        w = TOP_SHARE * body.w
        p.top_rect = Rect(body.x + body.w - w, body.y, w, body.h)
        sheet_body = Rect(body.x, body.y, body.w - w - theme.GAP * s, body.h)
    sheet.plan_sheet(p, sheet_body, lo, hi)
    _continuations(p, body, lo, hi)
    return p


TOP_SHARE = 0.17   # of the sheet's width: the Top 10's column
TOP_COUNT = 10


def clusters_in(snapshot: dict) -> list:
    """The snapshot's clusters with the notes it shows, each note in one cluster at most (the
    first that names it) and no coalition card: [(cluster, [note, ...])]. Clusters of no such
    note are left out."""
    notes = {n.get("id"): n for n in snapshot.get("notes") or []}
    taken, out = set(), []
    for cluster in snapshot.get("clusters") or []:
        members = []
        for note_id in cluster.get("note_ids") or []:
            note = notes.get(note_id)
            if note is None or note_id in taken or note.get("block") == method.COALITION_BLOCK:
                continue
            taken.add(note_id)
            members.append(note)
        if members:
            out.append((cluster, members))
    return out


def shown_title(cluster: dict, members: list) -> str:
    """A cluster's title, or (untitled) its first note's text, as the projector shows it."""
    return str(cluster.get("title") or "").strip() or str(members[0].get("text") or "")


def top_ten(snapshot: dict) -> list:
    """The highest scores of the canvas: clusters (their own votes and their notes') and notes
    in no cluster (their votes), ties in the canvas's order; those with votes only. Each
    {"title", "score", "notes": number of notes (0 for a note), "block"}."""
    order = {n.get("id"): i for i, n in enumerate(snapshot.get("notes") or [])}
    ranked, clustered = [], set()
    for cluster, members in clusters_in(snapshot):
        clustered.update(n.get("id") for n in members)
        score = _votes(cluster) + sum(_votes(n) for n in members)
        ranked.append((-score, min(order[n.get("id")] for n in members),
                       {"title": shown_title(cluster, members), "score": score,
                        "notes": len(members), "block": members[0].get("block")}))
    for note in snapshot.get("notes") or []:
        if note.get("id") not in clustered:
            ranked.append((-_votes(note), order[note.get("id")],
                           {"title": str(note.get("text") or ""), "score": _votes(note),
                            "notes": 0, "block": note.get("block")}))
    ranked.sort(key=lambda x: (x[0], x[1]))
    return [entry for score, _, entry in ranked if score < 0][:TOP_COUNT]


def _continuations(p: Plan, body: Rect, lo: float, hi: float) -> None:
    """Pages for the notes that did not fit on the sheet: the coalition cards first, then the
    other blocks in sheet order, sharing pages. Each block starts with "<block> (vervolg)"
    and its key question, each sub-area with its title; both are repeated at the top of a
    page they continue on."""
    shadow = 0.03 * hi
    box = body.inset(theme.BLOCK_PAD * p.s)
    box = Rect(box.x, box.y + shadow, box.w - shadow, box.h - shadow)
    for keys, kind in (((method.COALITION_BLOCK,), "card"),
                       (("spelregels", "identiteit", "regie", "organisatie"), "note")):
        entries, starts = [], []
        for key in keys:
            areas = [a for a in p.areas if a.block == key and a.packing and a.packing.overflow]
            if not areas:
                continue
            block = next(b for b in p.text["blocks"] if b["key"] == key)
            title = translate("poster_continued", p.lang, block=block["title"])
            entries.append(BlockHeadingItem(title, block["question"]))
            for area in areas:
                starts.append((area, len(entries)))
                if area.title:
                    entries.append(HeadingItem(area.title, theme.IDENTITEIT_TITLE
                                               if key == "identiteit" else theme.INK_2))
                entries.extend(area.packing.overflow)
        if not entries:
            continue
        first_page = len(p.pages) + 1
        where = {}
        for number, packing in enumerate(layout.flow(entries, box, kind, lo, hi),
                                         start=first_page):
            for placed in packing.placed:
                where.setdefault(id(placed.item), number)
            p.pages.append(Page(keys[0] if kind == "card" else "", packing, body))
        for area, start in starts:
            area.more_page = where.get(id(entries[start]), first_page)


def _areas(snapshot: dict, text: dict, lang: str, floor: float) -> list:
    show_author = bool((snapshot.get("settings") or {}).get("show_authors", True))
    colors = {c["key"]: c["hex"] for c in text["colors"]}
    werkvormen = {w["key"]: w["title"] for w in text["werkvormen"]}
    general = translate("subarea_any", lang)
    areas, index = [], {}
    clusters = {}   # note id: (cluster, members), for every note in a cluster
    for cluster, members in clusters_in(snapshot):
        for member in members:
            clusters[member.get("id")] = (cluster, members)
    placed = set()  # ids of the clusters already in their area
    for block in text["blocks"]:
        key = block["key"]
        prompts = block["questions"] or [block["about"]]
        kind = "card" if block["is_coalition"] else "note"
        if block["subareas"]:
            for sub in block["subareas"]:
                index[(key, sub["key"])] = Area(key, sub["key"], sub["title"],
                                                sub["questions"], [], kind)
            index[(key, "")] = Area(key, "", general, [], [], kind)
        else:
            index[(key, None)] = Area(key, None, None, prompts, [], kind)
    def area_of(note):
        key = note.get("block")
        if key not in method.BLOCKS_BY_KEY:
            raise ValueError(f"note {note.get('id')!r} is in an unknown block {key!r}")
        if method.SUBAREA_KEYS[key]:
            sub = note.get("subarea") if note.get("subarea") in method.SUBAREA_KEYS[key] else ""
        else:
            sub = None
        return index[(key, sub)]

    def paper_of(note):
        return theme.hex_color(colors.get(note.get("color"), colors[method.DEFAULT_COLOR]))
    for note in snapshot.get("notes") or []:
        area = area_of(note)
        if note.get("id") in clusters:
            # A cluster goes where its first note (in the canvas's order) would, in the area
            # of its notes (a cluster's notes share block and sub-area), with all of them.
            cluster, members = clusters[note.get("id")]
            if cluster.get("id") in placed:
                continue
            placed.add(cluster.get("id"))
            area = area_of(members[0])
            count = translate("poster_cluster_count_one", lang) if len(members) == 1 \
                else translate("poster_cluster_count", lang, n=len(members))
            item = ClusterItem(cluster, shown_title(cluster, members), count,
                               _votes(cluster) + sum(_votes(n) for n in members),
                               [NoteItem(n, paper_of(n), show_author, lang, floor)
                                for n in members], lang, floor)
            item.demand = _demand(item, "note", floor / theme.REF)
            area.items.append(item)
            continue
        paper = paper_of(note)
        if area.kind == "card":
            coalition = note.get("coalition") or {}
            wv = coalition.get("werkvorm")
            fields = [(f["title"], str(coalition.get(f["key"]) or "").strip())
                      for f in text["coalition_fields"]]
            fields = [(t, v) for t, v in fields if v]
            item = CardItem(note, paper, show_author, werkvormen.get(wv, wv) if wv else None,
                            fields, lang, floor)
        else:
            item = NoteItem(note, paper, show_author, lang, floor)
        item.demand = _demand(item, area.kind, floor / theme.REF)
        area.items.append(item)
    for block in text["blocks"]:   # canvas order inside each block
        key = block["key"]
        for sub in ([s["key"] for s in block["subareas"]] + [""]) if block["subareas"] else [None]:
            areas.append(index[(key, sub)])
    return areas


def body_of(p: Plan) -> Rect:
    """The part of a page between its header and footer."""
    return _body(p)


def _body(p: Plan) -> Rect:
    m = theme.MARGIN * p.s
    top = p.height - m - theme.HEADER_H * p.s
    bottom = m + theme.FOOTER_H * p.s
    return Rect(m, bottom, p.width - 2 * m, top - bottom)


def _header(snapshot: dict, lang: str) -> dict:
    workshop = snapshot.get("workshop") or {}
    notes = snapshot.get("notes") or []
    cards = sum(1 for n in notes if n.get("block") == method.COALITION_BLOCK)
    counts = [_count("notes_count", len(notes) - cards, lang),
              _count("poster_cards", cards, lang),
              _count("poster_participants", int(snapshot.get("participants") or 0), lang)]
    return {"title": str(workshop.get("title") or ""), "code": str(workshop.get("code") or ""),
            "label": str(snapshot.get("label") or ""),
            "when": local_time(snapshot.get("created_at"), lang), "counts": counts}


def _count(key: str, n: int, lang: str) -> str:
    return translate(f"{key}_one", lang) if n == 1 else translate(key, lang, n=n)


def local_time(value, lang: str) -> str:
    """'23 november 2026, 19:01' in Amsterdam time, from an ISO UTC timestamp ('' if none)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(ZoneInfo(TIMEZONE))
    months = translate("poster_months", lang).split(",")
    return translate("poster_date", lang, day=local.day, month=months[local.month - 1],
                     year=local.year, time=local.strftime("%H:%M"))


def _votes(note) -> int:
    try:
        return int(note.get("votes") or 0)
    except (TypeError, ValueError):
        return 0


def _demand(item, kind: str, k: float) -> float:
    """The room an item takes at the reference size, laid out as at scale k (the smallest),
    for sharing the sheet between areas."""
    w = (theme.CARD_COL_EM + 4 if kind == "card" else theme.NOTE_COL_EM + 2) * theme.REF
    w = max(w, item.min_w)
    gap = theme.ITEM_GAP_EM * theme.REF
    return (item.estimate(w, k) + gap) * (w + gap)
