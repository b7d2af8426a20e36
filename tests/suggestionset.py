"""The labelled notes for suggestions (tests/data/suggestions_nl.json) and how a result is scored.

Scoring is pairwise:

- duplicates: a predicted pair is every two notes in one duplicate suggestion; a true pair is two
  notes with the same ``dup`` label in one block. Precision = true predicted pairs / predicted
  pairs, recall = true predicted pairs / true pairs.
- groups: a predicted pair is every two notes in one group suggestion or in one duplicate
  suggestion (a duplicate set is never suggested again as a group, yet it belongs together); a
  true pair is two notes with the same ``group`` label in one block and sub-area, or with the
  same ``dup`` label.
- look-alikes: how many ``unlike`` pairs were suggested as duplicates (should be none).

``timing_notes(n)`` is a realistic room of n notes for the bench: the labelled notes, then seed
sentences (tests/fixtures/seed-notes.json, spread as tests/seednotes.py spreads them).
"""
import json
from itertools import combinations
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "suggestions_nl.json"
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seed-notes.json"


def labelled() -> list[dict]:
    """Every labelled note as a dict ``suggest`` takes, with its labels (dup, group, unlike)."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    notes = []
    for area in data["areas"]:
        for note in area["notes"]:
            notes.append({"id": note["id"], "block": area["block"], "subarea": area["subarea"],
                          "text": note["text"], "cluster_id": None, "hidden": False,
                          "lang": note.get("lang", "nl"),
                          "dup": note.get("dup"), "group": note.get("group"),
                          "unlike": note.get("unlike", [])})
    return notes


def _pairs(notes, key) -> set[frozenset]:
    buckets: dict[tuple, list[str]] = {}
    for note in notes:
        label = key(note)
        if label is not None:
            buckets.setdefault(label, []).append(note["id"])
    return {frozenset(p) for ids in buckets.values() for p in combinations(ids, 2)}


def true_duplicate_pairs(notes) -> set[frozenset]:
    return _pairs(notes, lambda n: (n["block"], n["dup"]) if n["dup"] else None)


def true_group_pairs(notes) -> set[frozenset]:
    grouped = _pairs(notes, lambda n: (n["block"], n["subarea"], n["group"])
                     if n["group"] else None)
    return grouped | true_duplicate_pairs(notes)


def _suggested_pairs(suggestions) -> set[frozenset]:
    return {frozenset(p) for s in suggestions for p in combinations(s["note_ids"], 2)}


def _ratio(hit: int, total: int) -> float:
    return hit / total if total else 1.0


def score(notes, result) -> dict:
    """Precision and recall of ``result`` (from ``suggest``) on the labelled ``notes``."""
    dup_true = true_duplicate_pairs(notes)
    dup_pred = _suggested_pairs(result["duplicates"])
    group_true = true_group_pairs(notes)
    group_pred = _suggested_pairs(result["groups"]) | dup_pred
    unlike = {frozenset((n["id"], other)) for n in notes for other in n["unlike"]}
    return {
        "dup_precision": _ratio(len(dup_pred & dup_true), len(dup_pred)),
        "dup_recall": _ratio(len(dup_pred & dup_true), len(dup_true)),
        "group_precision": _ratio(len(group_pred & group_true), len(group_pred)),
        "group_recall": _ratio(len(group_pred & group_true), len(group_true)),
        "lookalikes_merged": len(dup_pred & unlike),
        "dup_pairs": len(dup_true),
        "group_pairs": len(group_true),
    }


def timing_notes(n: int) -> list[dict]:
    """n notes as a room has them: the labelled notes first, then seed sentences per area."""
    notes = [{k: note[k] for k in ("id", "block", "subarea", "text", "cluster_id", "hidden")}
             for note in labelled()][:n]
    areas = json.loads(SEEDS.read_text(encoding="utf-8"))["areas"]
    pools = []
    for key, texts in sorted(areas.items()):
        block, _, sub = key.partition(":")
        pools.append((block, sub, texts))
    k = 0
    while len(notes) < n:
        block, sub, texts = pools[k % len(pools)]
        text = texts[(k // len(pools)) % len(texts)]
        notes.append({"id": f"seed-{k:03d}", "block": block, "subarea": sub, "text": text,
                      "cluster_id": None, "hidden": False})
        k += 1
    return notes
