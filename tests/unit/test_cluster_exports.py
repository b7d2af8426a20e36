"""Clusters in the exports: the CSV's cluster column, Markdown's clusters with their notes, and
the JSON export that imports again with its clusters (and refuses bad ones clearly)."""
import copy
import csv
import io

import pytest
from sqlalchemy import select

from canvas.db.models import Cluster, Note, Workshop
from canvas.services import clusters, exports, facilitation, notes, snapshots, workshops
from canvas.services.errors import BadRequest


@pytest.fixture
def room(ctx):
    """A workshop with notes in two blocks, two clusters (one untitled) and a round of votes.

    identiteit/passie: p1, p2, p3 (p1+p2 in "Samen verantwoordelijk"), p4 alone
    regie: r1, r2 in an untitled cluster; r3 alone; a coalition card k1."""
    created = workshops.create_workshop(ctx, {"title": "Wijk", "language": "nl"})
    facilitator = workshops.join(ctx, {"code": created.code,
                                       "facilitator_key": created.facilitator_key}).actor
    writer = workshops.join(ctx, {"code": created.code, "name": "Anne"}).actor
    for note_id, block, sub, text in [
            ("p1", "identiteit", "passie", "Samen verantwoordelijk voor de wijk"),
            ("p2", "identiteit", "passie", "Wij zijn samen verantwoordelijk"),
            ("p3", "identiteit", "passie", "Trots op onze buurt"),
            ("p4", "identiteit", "passie", "Energie van bewoners"),
            ("r1", "regie", None, "Gedeelde agenda en dossier"),
            ("r2", "regie", None, "Een gedeelde agenda"),
            ("r3", "regie", None, "Roulerend voorzitterschap")]:
        notes.add_note(ctx, writer, {"id": note_id, "block": block, "subarea": sub,
                                     "text": text})
    notes.add_note(ctx, writer, {"id": "k1", "block": "coalities", "text": "Buurtkamer",
                                 "coalition": {"werkvorm": "project"}})
    clusters.create_cluster(ctx, facilitator, {"id": "c-samen", "note_ids": ["p2", "p1"],
                                               "title": "Samen verantwoordelijk"})
    clusters.create_cluster(ctx, facilitator, {"id": "c-agenda", "note_ids": ["r1", "r2"]})
    facilitation.update_settings(ctx, facilitator, {"votes_per_participant": 5})
    for _ in range(3):
        facilitation.vote(ctx, writer, {"id": "c-samen"}, on_cluster=True)
    facilitation.vote(ctx, writer, {"id": "p1"})
    facilitation.vote(ctx, writer, {"id": "r3"})
    return created, facilitator


def canvas(ctx, created):
    return snapshots.get_canvas(ctx, created.code, "current")


def csv_rows(ctx, created):
    text = exports.to_csv(canvas(ctx, created))
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_json_export_carries_the_clusters_in_order(ctx, room):
    created, _ = room
    exported = exports.to_json(canvas(ctx, created))
    by_id = {c["id"]: c for c in exported["clusters"]}
    assert set(by_id) == {"c-samen", "c-agenda"}
    samen = by_id["c-samen"]
    assert samen["note_ids"] == ["p2", "p1"] and samen["votes"] == 3
    assert (samen["block"], samen["subarea"], samen["title"]) == \
        ("identiteit", "passie", "Samen verantwoordelijk")
    assert set(samen) == set(exports.CLUSTER_FIELDS)
    assert by_id["c-agenda"]["title"] == ""
    assert exported["version"] == 1


def test_csv_has_the_cluster_column_with_the_shown_title(ctx, room):
    created, _ = room
    rows = {row["Tekst"]: row for row in csv_rows(ctx, created)}
    assert rows["Samen verantwoordelijk voor de wijk"]["Cluster"] == "Samen verantwoordelijk"
    assert rows["Wij zijn samen verantwoordelijk"]["Cluster"] == "Samen verantwoordelijk"
    # untitled: the first note's text stands for the cluster
    assert rows["Een gedeelde agenda"]["Cluster"] == "Gedeelde agenda en dossier"
    assert rows["Trots op onze buurt"]["Cluster"] == ""
    assert rows["Buurtkamer"]["Cluster"] == ""


@pytest.mark.parametrize("title", ["=1+1", "+SUM(A1)", "@cmd", "-2+3"])
def test_csv_cluster_titles_never_start_a_formula(ctx, room, title):
    created, facilitator = room
    clusters.update_cluster(ctx, facilitator, {"id": "c-samen", "title": title})
    rows = {row["Tekst"]: row for row in csv_rows(ctx, created)}
    assert rows["Trots op onze buurt"]["Cluster"] == ""
    assert rows["Wij zijn samen verantwoordelijk"]["Cluster"] == "'" + title


def test_markdown_lists_each_cluster_with_its_notes_beneath(ctx, room):
    created, _ = room
    md = exports.to_markdown(canvas(ctx, created)).split("\n")
    head = md.index("- **Samen verantwoordelijk** (2 notities, +4)")
    assert md[head + 1:head + 3] == ["  - Wij zijn samen verantwoordelijk — Anne",
                                     "  - Samen verantwoordelijk voor de wijk — Anne (+1)"]
    # the notes in no cluster follow the clusters of their part, each once
    rest = md[head + 3:head + 5]
    assert rest == ["- Trots op onze buurt — Anne", "- Energie van bewoners — Anne"]
    agenda = md.index("- **Gedeelde agenda en dossier** (2 notities)")
    assert md[agenda + 1:agenda + 4] == ["  - Gedeelde agenda en dossier — Anne",
                                         "  - Een gedeelde agenda — Anne",
                                         "- Roulerend voorzitterschap — Anne (+1)"]
    assert sum(line.endswith("Samen verantwoordelijk voor de wijk — Anne (+1)")
               for line in md) == 1


def test_markdown_escapes_a_cluster_title(ctx, room):
    created, facilitator = room
    clusters.update_cluster(ctx, facilitator, {"id": "c-samen", "title": "**vet** # kop"})
    md = exports.to_markdown(canvas(ctx, created))
    assert "- **\\*\\*vet\\*\\* \\# kop** (2 notities, +4)" in md


def test_a_cluster_of_hidden_notes_is_in_no_export(ctx, room):
    created, facilitator = room
    for note_id in ("r1", "r2"):
        facilitation.hide_note(ctx, facilitator, {"id": note_id, "hidden": True})
    snap = canvas(ctx, created)
    assert [c["id"] for c in exports.to_json(snap)["clusters"]] == ["c-samen"]
    assert "Gedeelde agenda" not in exports.to_markdown(snap)
    assert "Gedeelde agenda" not in exports.to_csv(snap)


def stored(ctx, code):
    """The imported workshop's clusters and notes, read from the database."""
    with ctx.db.session() as session:
        workshop = session.scalar(select(Workshop).where(Workshop.code == code))
        found = session.scalars(select(Cluster).where(Cluster.workshop_id == workshop.id)
                                .order_by(Cluster.created_at)).all()
        members = session.scalars(select(Note).where(Note.workshop_id == workshop.id)
                                  .order_by(Note.created_at)).all()
        return ([(c.id, c.block, c.subarea, c.title, c.votes) for c in found],
                [(n.id, n.text, n.cluster_id, n.cluster_pos, n.votes) for n in members])


def test_import_round_trips_the_clusters_with_new_ids(ctx, room):
    created, _ = room
    exported = exports.to_json(canvas(ctx, created))
    copied = exports.import_workshop(ctx, exported)
    again = exports.to_json(canvas(ctx, copied))
    texts = {n["id"]: n["text"] for n in again["notes"]}

    def shape(export, texts):
        return sorted((c["block"], c["subarea"], c["title"], c["votes"],
                       tuple(texts[i] for i in c["note_ids"])) for c in export["clusters"])
    assert shape(again, texts) == shape(exported, {n["id"]: n["text"]
                                                   for n in exported["notes"]})
    assert not {c["id"] for c in again["clusters"]} & {"c-samen", "c-agenda"}
    assert not set(texts) & {"p1", "p2", "r1", "r2"}
    # the copy ranks as the original: the same votes on clusters and notes
    assert [n["votes"] for n in again["notes"]] == [n["votes"] for n in exported["notes"]]
    # imported twice: two canvases, each with clusters of their own
    twice = exports.import_workshop(ctx, exported)
    first, second = stored(ctx, copied.code), stored(ctx, twice.code)
    assert len(first[0]) == len(second[0]) == 2
    assert not {c[0] for c in first[0]} & {c[0] for c in second[0]}


def test_an_export_without_clusters_still_imports(ctx, room):
    created, _ = room
    exported = exports.to_json(canvas(ctx, created))
    del exported["clusters"]
    copied = exports.import_workshop(ctx, exported)
    found, members = stored(ctx, copied.code)
    assert found == [] and len(members) == 8
    assert all(cluster_id is None for _, _, cluster_id, _, _ in members)


def bad_imports():
    """(how the export is spoiled, what the error says)."""
    def cluster(**fields):
        def spoil(data):
            data["clusters"][0].update(fields)
        return spoil

    def replace(value):
        def spoil(data):
            data["clusters"] = value
        return spoil

    def second(**fields):
        def spoil(data):
            data["clusters"].append({"id": "x", "note_ids": ["p3"], **fields})
        return spoil
    return [
        (replace("many"), "clusters: a list of at most 5000"),
        (replace([1]), "cluster 1: "),
        (replace([{"note_ids": ["p3"]}] * 5001), "at most 5000"),
        (cluster(title="x" * 121), "cluster 1: "),
        (cluster(title=7), "cluster 1: "),
        (cluster(note_ids=[]), "at least one note"),
        (cluster(note_ids="p1"), "at least one note"),
        (cluster(note_ids=["nope"]), "'nope' is not a note of this file"),
        (cluster(note_ids=[["p1"]]), "is not a note of this file"),
        (cluster(note_ids=["p1", "p1"]), "in another cluster already"),
        (cluster(note_ids=["p1", "r3"]), "one block and sub-area"),
        (cluster(note_ids=["p1", "p3"], block="regie"), "not the block of its notes"),
        (cluster(note_ids=["k1"]), "coalition cards do not cluster"),
        (cluster(votes=-1), "votes must be a whole number from 0 to 50000"),
        (cluster(votes=50001), "from 0 to 50000"),
        (cluster(votes=True), "votes must be"),
        (cluster(votes="3"), "votes must be"),
        (second(), None),   # p3 is free: fine
        (second(title="y", note_ids=["p1"]), "cluster 3: note 'p1' is in another cluster"),
    ]


@pytest.mark.parametrize("spoil, message", bad_imports())
def test_bad_clusters_are_refused_clearly_and_nothing_is_stored(ctx, room, spoil, message):
    created, _ = room
    exported = copy.deepcopy(exports.to_json(canvas(ctx, created)))
    spoil(exported)
    with ctx.db.session() as session:
        before = session.scalar(select(Workshop.id).order_by(Workshop.id.desc()))
    if message is None:
        exports.import_workshop(ctx, exported)
        return
    with pytest.raises(BadRequest) as caught:
        exports.import_workshop(ctx, exported)
    assert caught.value.code == "bad_import"
    assert message in caught.value.message("en")
    with ctx.db.session() as session:   # no workshop left behind
        assert session.scalar(select(Workshop.id).order_by(Workshop.id.desc())) == before


def test_two_notes_with_one_id_cannot_be_named_by_a_cluster(ctx, room):
    created, _ = room
    exported = exports.to_json(canvas(ctx, created))
    exported["notes"][3]["id"] = "p3"   # p4 now shares p3's id
    exported["clusters"].append({"note_ids": ["p3"]})
    with pytest.raises(BadRequest) as caught:
        exports.import_workshop(ctx, exported)
    assert "belongs to more than one note" in caught.value.message("en")
