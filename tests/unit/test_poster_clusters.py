"""Clusters and the Top 10 on the poster: every cluster's title and every note on every paper
size (read back with pdftotext), a cluster's notes kept together in its frame, the Top 10
there exactly when votes were given.

Each note's text starts with a unique marker (Q0001Z ...) so that a dropped or doubled note
fails; a note in the Top 10 appears once more, there."""
import functools
import random
import re
import subprocess

import pytest

from canvas.poster import PAPER_SIZES, render_poster
from canvas.poster import draw as poster_draw
from canvas.poster import render as poster_render
from canvas.poster.items import ClusterItem
from canvas.poster.sample import sample_snapshot

TITLES = ["Samen verantwoordelijk", "Eén loket", "Gedeelde agenda", "Vertrouwen eerst",
          "Regie en voorzitterschap", "Budget en middelen", "Plek om te ontmoeten", "",
          "Bewoners aan zet", "Klein beginnen", "Open cijfers", "Wie doet mee"]


def clustered(notes=150, clusters=12, seed=2, votes=True, lang="nl"):
    """The sample workshop with markers, and ``clusters`` clusters of 3 to 10 notes of one
    block and sub-area each (one untitled); without ``votes`` no vote anywhere."""
    snap = sample_snapshot(notes, 5, seed=seed, lang=lang)
    rnd = random.Random(seed)
    for i, note in enumerate(snap["notes"]):
        note["text"] = f"Q{i:04d}Z {note['text']}"
        note["cluster_id"], note["cluster_pos"] = None, 0
        if not votes:
            note["votes"] = 0
    by_place = {}
    for note in snap["notes"]:
        if note["block"] != "coalities":
            by_place.setdefault((note["block"], note["subarea"]), []).append(note)
    places = sorted(by_place, key=lambda k: (-len(by_place[k]), str(k)))
    snap["clusters"] = []
    for i in range(clusters):
        place = places[i % len(places)]
        free = [n for n in by_place[place] if n["cluster_id"] is None]
        members = free[:min(len(free), rnd.choice([3, 4, 5, 6, 8, 10]))]
        if len(members) < 2:
            continue
        for pos, note in enumerate(members):
            note["cluster_id"], note["cluster_pos"] = f"k{i}", pos
        snap["clusters"].append({
            "id": f"k{i}", "block": place[0], "subarea": place[1], "title": TITLES[i],
            "note_ids": [n["id"] for n in members], "votes": rnd.choice([0, 2, 5]) if votes else 0,
            "created_at": "2026-11-23T17:50:00Z", "updated_at": "2026-11-23T17:50:00Z"})
    return snap


def squash(text: str) -> str:
    return re.sub(r"[\s\-\u00ad]+", "", text)


def pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    # -raw: in the order it is drawn (else columns side by side merge into one line)
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


@functools.cache
def rendered(size, votes):
    snap = clustered(votes=votes)
    plan = poster_render.plan(snap, size)
    return snap, plan, poster_draw.pdf(plan)


@pytest.mark.parametrize("votes", [True, False])
@pytest.mark.parametrize("size", PAPER_SIZES)
def test_every_cluster_and_note_on_every_size(size, votes, tmp_path):
    snap, plan, pdf = rendered(size, votes)
    assert len(snap["clusters"]) >= 10
    text = pdftotext(pdf, tmp_path)
    flat = squash(text)
    top = " ".join(e["title"] for e in poster_render.top_ten(snap))
    # an untitled cluster is shown by its first note's text: above each of its pieces
    headings = " ".join(piece.title for piece in pieces(plan) if not piece.note["title"])
    for i, note in enumerate(snap["notes"]):
        marker = f"Q{i:04d}Z"
        expected = 1 + (marker in top) + headings.count(marker)
        assert flat.count(marker) == expected, (marker, flat.count(marker), expected)
        if note["block"] != "coalities":   # (a card's name shares lines with its werkvorm)
            assert squash(note["text"]) in flat, note["text"]
    for cluster in snap["clusters"]:
        if cluster["title"]:
            assert squash(cluster["title"]) in flat, cluster["title"]
    # an untitled cluster is shown by its first note (whose text is on the poster anyway)
    assert any(not c["title"] for c in snap["clusters"])
    assert ("Top 10" in text) is votes
    assert ("★ = aantal stemmen" in text) is votes
    # every cluster is drawn as a frame of its own with its notes in it, none elsewhere
    clusters = {}
    for placed in placed_items(plan):
        if isinstance(placed.item, ClusterItem):
            clusters.setdefault(placed.item.note["id"], []).append(placed.item)
        else:
            assert placed.item.note is None or placed.item.note.get("cluster_id") is None
    assert set(clusters) == {c["id"] for c in snap["clusters"]}
    for cluster in snap["clusters"]:
        shown = [row.note.note["id"] for piece in clusters[cluster["id"]]
                 for row in piece.rows if hasattr(row, "note")]
        assert shown == cluster["note_ids"]


def pieces(plan):
    return [p.item for p in placed_items(plan) if isinstance(p.item, ClusterItem)]


def placed_items(plan):
    for area in plan.areas:
        if area.packing is not None:
            yield from area.packing.placed
    for page in plan.pages[1:]:
        if page.packing is not None:
            yield from page.packing.placed


@pytest.mark.parametrize("size", PAPER_SIZES)
def test_clusters_stay_inside_their_area_and_apart(size):
    _, plan, _ = rendered(size, True)
    for area in plan.areas:
        if area.packing is not None:
            check_packing(area.packing, area.box)
    for page in plan.pages[1:]:
        if page.packing is not None:
            check_packing(page.packing, page.frame)
    if plan.top_rect is not None and not any(p.block == poster_render.TOP_PAGE
                                             for p in plan.pages):
        for area in plan.areas:   # the Top 10's column is clear of the sheet
            if area.rect is not None:
                assert area.rect.x + area.rect.w <= plan.top_rect.x + 0.01


def check_packing(packing, box):
    rects = []
    for p in packing.placed:
        w, h = p.wref * p.k, p.item.measure(p.wref, p.k) * p.k
        x0, y0, x1, y1 = p.x, p.top - h, p.x + w, p.top
        assert box.x - 0.01 <= x0 and x1 <= box.x + box.w + 0.01, "outside its area"
        assert box.y - 0.01 <= y0 and y1 <= box.top + 0.01, "outside its area"
        for other in rects:
            assert x1 <= other[0] + 0.01 or other[2] <= x0 + 0.01 or \
                y1 <= other[1] + 0.01 or other[3] <= y0 + 0.01, "items overlap"
        rects.append((x0, y0, x1, y1))


def test_a_cluster_taller_than_its_area_goes_on_in_the_next_column(tmp_path):
    snap = clustered(60, clusters=0)
    regie = [n for n in snap["notes"] if n["block"] == "regie"]
    for note in regie:
        note["text"] += " — en dat spreken we samen af, met iedereen in het netwerk erbij."
    snap["clusters"] = [{"id": "groot", "block": "regie", "subarea": None,
                         "title": "Grote groep", "note_ids": [n["id"] for n in regie],
                         "votes": 0}]
    plan = poster_render.plan(snap, "A4")
    pieces = [p.item for p in placed_items(plan) if isinstance(p.item, ClusterItem)]
    assert len(pieces) > 1
    text = pdftotext(poster_draw.pdf(plan), tmp_path)
    assert squash(text).count(squash("Grote groep")) >= 2   # the title above every piece
    for note in snap["notes"]:
        assert squash(text).count(squash(note["text"])[:7]) >= 1


def note(i, votes, block="regie"):
    return {"id": f"n{i}", "block": block, "subarea": None, "text": f"noot {i}", "votes": votes}


def test_top_ten_ranks_clusters_and_free_notes_ties_in_canvas_order():
    notes = [note(i, v) for i, v in enumerate([3, 1, 1, 0, 2, 5, 0, 4, 1, 1, 1, 1, 1, 1])]
    clusters = [{"id": "a", "title": "", "note_ids": ["n1", "n2"], "votes": 1},   # 3
                {"id": "b", "title": "Bee", "note_ids": ["n3", "n6"], "votes": 0},  # 0
                {"id": "gone", "title": "Weg", "note_ids": ["zz"], "votes": 9}]
    top = poster_render.top_ten({"notes": notes, "clusters": clusters})
    assert [(e["title"], e["score"], e["notes"]) for e in top] == [
        ("noot 5", 5, 0), ("noot 7", 4, 0), ("noot 0", 3, 0), ("noot 1", 3, 2),
        ("noot 4", 2, 0), ("noot 8", 1, 0), ("noot 9", 1, 0), ("noot 10", 1, 0),
        ("noot 11", 1, 0), ("noot 12", 1, 0)]
    assert poster_render.top_ten({"notes": [note(0, 0)], "clusters": []}) == []


def test_a_vote_on_a_cluster_alone_makes_the_top_ten(tmp_path):
    snap = clustered(30, clusters=2, votes=False)
    snap["clusters"][0]["votes"] = 2
    text = pdftotext(render_poster(snap, "A3"), tmp_path)
    assert "Top 10" in text and "★ 2" in text


def test_english_poster_with_clusters(tmp_path):
    text = pdftotext(render_poster(clustered(40, clusters=3, lang="en"), "A2"), tmp_path)
    assert "Top 10" in text and " notes" in text and "notities" not in text
