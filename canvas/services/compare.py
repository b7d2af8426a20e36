"""Compare two moments of a canvas: per block, what was added, removed and changed; and what
became of the clusters (formed, renamed, grown, shrunk, dissolved)."""
from canvas import method
from canvas.services import snapshots
from canvas.services.context import ServiceContext

# The parts of a note whose change counts as a change of the note.
COMPARED = ("text", "subarea", "color", "coalition")


def compare_moments(ctx: ServiceContext, code, before_id, after_id=snapshots.CURRENT) -> dict:
    """The differences between two snapshots (or one and the live canvas) as anyone with the
    code may see them. Raises NotFound for an unknown workshop or snapshot."""
    before, out_of_view = snapshots.canvas_in_view(ctx, code, before_id)
    after = snapshots.get_canvas(ctx, code, after_id)
    before["notes"], after["notes"] = snapshots.shown_notes(before), snapshots.shown_notes(after)
    result = compare(before, after, out_of_view_before=out_of_view)
    result["vitality"] = compare_vitality(before.get("vitality") or {},
                                          after.get("vitality") or {})
    return result


def compare_vitality(before: dict, after: dict) -> dict:
    """The vitality figures of two moments side by side: {block: {"from": figure, "to":
    figure}} for every block (totals only; a block nobody rated has count 0, mean null)."""
    empty = {"count": 0, "mean": None, "histogram": [0] * 5}
    return {key: {"from": before.get(key) or empty, "to": after.get(key) or empty}
            for key in method.BLOCK_KEYS}


def compare(before: dict, after: dict, *, out_of_view_before=frozenset()) -> dict:
    """Differences between two snapshots (or a snapshot and the live canvas), per block.

    Notes are matched by id. A note that moved to another block counts as changed in the block
    it is in afterwards, with ``moved_from`` naming the block it left. A note that was there
    before but out of view (its id in ``out_of_view_before``: hidden, say) and is in view
    afterwards counts as changed, ``shown_again``, with only its state afterwards: what it
    said while hidden stays hidden.
    """
    old = {note["id"]: note for note in before["notes"]}
    new = {note["id"]: note for note in after["notes"]}
    blocks = {key: {"key": key, "added": [], "removed": [], "changed": [], "unchanged": 0}
              for key in method.BLOCK_KEYS}
    for note_id, note in new.items():
        previous = old.get(note_id)
        block = blocks[note["block"]]
        if previous is None and note_id in out_of_view_before:
            block["changed"].append({"before": None, "after": note, "fields": [],
                                     "moved_from": None, "shown_again": True})
            continue
        if previous is None:
            block["added"].append(note)
            continue
        fields = [field for field in COMPARED if previous.get(field) != note.get(field)]
        moved = previous["block"] != note["block"]
        if fields or moved:
            block["changed"].append({"before": previous, "after": note, "fields": fields,
                                     "moved_from": previous["block"] if moved else None,
                                     "shown_again": False})
        else:
            block["unchanged"] += 1
    for note_id, note in old.items():
        if note_id not in new:
            blocks[note["block"]]["removed"].append(note)
    meta = ("id", "label", "created_at", "rev", "participants")
    return {
        "before": {key: before[key] for key in meta} | {"notes": len(before["notes"])},
        "after": {key: after[key] for key in meta} | {"notes": len(after["notes"])},
        "blocks": list(blocks.values()),
        "clusters": compare_clusters(before, after),
    }


CLUSTER_CHANGES = ("formed", "renamed", "grown", "shrunk", "dissolved")


def _shown_titles(canvas: dict) -> dict:
    """The title each cluster is shown by: its own, or the text of its first note in view."""
    texts = {note["id"]: note["text"] for note in canvas["notes"]}
    return {c["id"]: c.get("title") or next((texts[i] for i in c["note_ids"] if i in texts), "")
            for c in canvas.get("clusters") or []}


def compare_clusters(before: dict, after: dict) -> dict:
    """What became of the clusters between two moments, matched by id, each as the moment's
    viewer sees it (notes out of view count as not in the cluster; a cluster of none as not
    there). A cluster can be both grown and shrunk (notes swapped) and renamed besides.

    Returns {"formed": [...], "renamed": [...], "grown": [...], "shrunk": [...],
    "dissolved": [...], "counts": {change: n}}; every entry has "id", "block", "subarea" and
    "title" (its shown title: afterwards, for a dissolved one before)."""
    old = {c["id"]: c for c in before.get("clusters") or []}
    new = {c["id"]: c for c in after.get("clusters") or []}
    titles_before, titles_after = _shown_titles(before), _shown_titles(after)
    out = {change: [] for change in CLUSTER_CHANGES}

    def entry(cluster, titles):
        return {"id": cluster["id"], "block": cluster["block"], "subarea": cluster["subarea"],
                "title": titles[cluster["id"]]}
    for cluster_id, cluster in new.items():
        previous = old.get(cluster_id)
        if previous is None:
            out["formed"].append(entry(cluster, titles_after)
                                 | {"note_ids": list(cluster["note_ids"])})
            continue
        if (previous.get("title") or "") != (cluster.get("title") or ""):
            out["renamed"].append(entry(cluster, titles_after)
                                  | {"title_before": titles_before[cluster_id]})
        had, has = set(previous["note_ids"]), set(cluster["note_ids"])
        sizes = {"notes_before": len(had), "notes_after": len(has)}
        if has - had:
            out["grown"].append(entry(cluster, titles_after) | sizes | {
                "added": [i for i in cluster["note_ids"] if i not in had]})
        if had - has:
            out["shrunk"].append(entry(cluster, titles_after) | sizes | {
                "removed": [i for i in previous["note_ids"] if i not in has]})
    for cluster_id, cluster in old.items():
        if cluster_id not in new:
            out["dissolved"].append(entry(cluster, titles_before)
                                    | {"note_ids": list(cluster["note_ids"])})
    out["counts"] = {change: len(out[change]) for change in CLUSTER_CHANGES}
    return out
