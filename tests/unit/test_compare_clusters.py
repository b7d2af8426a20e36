"""``compare`` on plain snapshot dicts: what became of the clusters between two moments."""
from canvas.services.compare import compare


def moment(clusters, notes=None, moment_id=1):
    notes = notes or [{"id": f"n{i}", "block": "regie", "subarea": None, "text": f"tekst {i}",
                       "color": "geel", "coalition": None} for i in range(1, 9)]
    return {"id": moment_id, "label": "x", "created_at": "2026-11-23T18:00:00Z", "rev": 1,
            "participants": 3, "notes": notes, "clusters": clusters}


def cluster(cluster_id, note_ids, title=""):
    return {"id": cluster_id, "block": "regie", "subarea": None, "title": title,
            "note_ids": note_ids, "votes": 0}


def test_no_clusters_no_changes_and_old_snapshots_without_the_key():
    before, after = moment([]), moment([])
    del before["clusters"]
    result = compare(before, after)["clusters"]
    assert result["counts"] == dict.fromkeys(("formed", "renamed", "grown", "shrunk",
                                              "dissolved"), 0)


def test_every_kind_of_change_with_titles():
    before = moment([cluster("a", ["n1", "n2"], "Samen"), cluster("b", ["n3", "n4"]),
                     cluster("c", ["n5"], "Weg")])
    after = moment([cluster("a", ["n1", "n2", "n6"], "Samen"),
                    cluster("b", ["n4", "n7"], "Agenda"), cluster("d", ["n8"])], moment_id=2)
    result = compare(before, after)["clusters"]
    assert result["counts"] == {"formed": 1, "renamed": 1, "grown": 2, "shrunk": 1,
                                "dissolved": 1}
    assert result["formed"] == [{"id": "d", "block": "regie", "subarea": None,
                                 "title": "tekst 8", "note_ids": ["n8"]}]
    # renamed from untitled: before it was shown by its first note
    assert result["renamed"] == [{"id": "b", "block": "regie", "subarea": None,
                                  "title": "Agenda", "title_before": "tekst 3"}]
    assert [(g["id"], g["added"], g["notes_before"], g["notes_after"])
            for g in result["grown"]] == [("a", ["n6"], 2, 3), ("b", ["n7"], 2, 2)]
    assert [(s["id"], s["removed"]) for s in result["shrunk"]] == [("b", ["n3"])]
    assert [(d["id"], d["title"], d["note_ids"]) for d in result["dissolved"]] == \
        [("c", "Weg", ["n5"])]


def test_reordering_alone_is_no_change():
    before = moment([cluster("a", ["n1", "n2"], "Samen")])
    after = moment([cluster("a", ["n2", "n1"], "Samen")])
    assert sum(compare(before, after)["clusters"]["counts"].values()) == 0
