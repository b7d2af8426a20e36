"""Snapshots, exports, import, comparison and deletion, through the service layer."""
import csv
import io
import json
import re

import pytest

from canvas.services import compare as compare_service
from canvas.services import exports, facilitation, notes, snapshots, workshops
from canvas.services.compare import compare
from canvas.services.errors import BadRequest, Forbidden, NotFound, Unauthorized


@pytest.fixture
def created(ctx):
    return workshops.create_workshop(ctx, {"title": "Wijknetwerk Zuid", "language": "nl"})


@pytest.fixture
def anne(ctx, created):
    return workshops.join(ctx, {"code": created.code, "name": "Anne"}).actor


def add(ctx, actor, note_id, block="regie", text=None, **extra):
    return notes.add_note(ctx, actor, {"id": note_id, "block": block,
                                       "text": text or f"tekst {note_id}", **extra}).note


def snap(ctx, created, label="Start"):
    return snapshots.take_snapshot(ctx, created.code, created.facilitator_key, {"label": label})


def test_only_the_facilitator_takes_snapshots(ctx, created):
    with pytest.raises(Unauthorized):
        snapshots.take_snapshot(ctx, created.code, None, {"label": "x"})
    with pytest.raises(Forbidden):
        snapshots.take_snapshot(ctx, created.code, "wrong", {"label": "x"})
    with pytest.raises(BadRequest):
        snapshots.take_snapshot(ctx, created.code, created.facilitator_key, {"label": "x" * 121})
    assert snapshots.list_snapshots(ctx, created.code) == []


def test_a_snapshot_is_frozen(ctx, created, anne):
    add(ctx, anne, "a", text="eerst")
    add(ctx, anne, "b", block="coalities", text="Buurtkamer",
        coalition={"werkvorm": "project", "ambitie": "Samen"})
    taken = snap(ctx, created, "Einde ronde 1")
    assert (taken["label"], taken["rev"], taken["notes"], taken["cards"],
            taken["participants"]) == ("Einde ronde 1", 2, 2, 1, 1)

    notes.update_note(ctx, anne, {"id": "a", "text": "daarna", "block": "spelregels"})
    notes.delete_note(ctx, anne, {"id": "b"})
    add(ctx, anne, "c")

    frozen = snapshots.get_canvas(ctx, created.code, taken["id"])
    assert [(n["id"], n["text"], n["block"]) for n in frozen["notes"]] == \
        [("a", "eerst", "regie"), ("b", "Buurtkamer", "coalities")]
    assert frozen["notes"][1]["coalition"]["ambitie"] == "Samen"
    assert frozen["rev"] == 2 and frozen["settings"]["show_authors"] is True
    live = snapshots.get_canvas(ctx, created.code, "current")
    assert [n["id"] for n in live["notes"]] == ["a", "c"] and live["rev"] == 5


def test_snapshots_are_listed_oldest_first_and_kept_per_workshop(ctx, created, anne):
    first, second = snap(ctx, created, "een"), snap(ctx, created, "twee")
    assert [s["id"] for s in snapshots.list_snapshots(ctx, created.code)] == \
        [first["id"], second["id"]]
    other = workshops.create_workshop(ctx, {"title": "Ander"})
    with pytest.raises(NotFound):
        snapshots.get_canvas(ctx, other.code, first["id"])
    with pytest.raises(NotFound):
        snapshots.get_canvas(ctx, created.code, "nope")


def test_a_snapshot_without_label_is_named_after_its_time(ctx, created):
    taken = snapshots.take_snapshot(ctx, created.code, created.facilitator_key, {})
    assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d", taken["label"])  # local time


def test_json_export_round_trips_through_import(ctx, created, anne):
    add(ctx, anne, "a", block="identiteit", subarea="passie", text="Samen “gezond” – €5 & <b>",
        color="roze")
    add(ctx, anne, "b", block="coalities", text="Buurtkamer",
        coalition={"werkvorm": "alliantie", "ambitie": "A", "kernpartners": "K",
                   "doelgroep": "D"})
    add(ctx, anne, "c", block="organisatie", subarea="plek", text="regel 1\nregel 2")
    exported = exports.to_json(snapshots.get_canvas(ctx, created.code, "current"))
    data = json.loads(json.dumps(exported))  # as it travels

    imported = exports.import_workshop(ctx, data)
    assert imported.code != created.code and imported.title == "Wijknetwerk Zuid"
    copy = workshops.get_state(ctx, imported.code)
    fields = ("block", "subarea", "text", "color", "author", "coalition", "votes")
    assert [{k: n[k] for k in fields} for n in copy["notes"]] == \
        [{k: n[k] for k in fields} for n in exported["notes"]]
    # The copy is a new workshop: its notes belong to nobody there and have new ids.
    assert all(n["participant_id"] is None for n in copy["notes"])
    assert not {n["id"] for n in copy["notes"]} & {"a", "b", "c"}


@pytest.mark.parametrize("data, detail", [
    ({"format": "other", "version": 1}, "format"),
    ({"format": "netwerk-canvas", "version": 2}, "format"),
    ({"format": "netwerk-canvas", "version": 1, "workshop": {"title": "x"}, "notes": "x"},
     "notes"),
    ({"format": "netwerk-canvas", "version": 1, "workshop": {"title": "x"},
      "notes": [{"block": "nope", "text": "x"}]}, "note 1"),
])
def test_import_refuses_what_is_not_an_export_and_stores_nothing(ctx, data, detail):
    with pytest.raises(BadRequest) as error:
        exports.import_workshop(ctx, data)
    assert error.value.code == "bad_import" and detail in error.value.message("en")


def test_csv_opens_in_excel_with_diacritics(ctx, created, anne):
    add(ctx, anne, "a", block="identiteit", subarea="stijl", text='Eerst doen; dan "praten" – ë')
    text = exports.to_csv(snapshots.get_canvas(ctx, created.code, "current"))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][:4] == ["Bouwsteen", "Onderdeel", "Tekst", "Auteur"]
    assert rows[1][:5] == ["Identiteit", "Stijl", 'Eerst doen; dan "praten" – ë', "Anne", "Geel"]


def test_exports_leave_authors_out_when_the_workshop_hides_them(ctx, created, anne):
    add(ctx, anne, "a", text="anoniem bedoeld")
    facilitator = workshops.join(ctx, {"code": created.code,
                                       "facilitator_key": created.facilitator_key}).actor
    facilitation.update_settings(ctx, facilitator, {"show_authors": False})
    canvas = snapshots.get_canvas(ctx, created.code, "current")
    assert "Anne" not in json.dumps(exports.to_json(canvas))
    assert "Anne" not in exports.to_csv(canvas) and "Auteur" not in exports.to_csv(canvas)
    assert "Anne" not in exports.to_markdown(canvas)
    assert all("participant_id" not in n for n in exports.to_json(canvas)["notes"])


def test_a_stored_snapshot_follows_later_moderation(ctx, created, anne):
    add(ctx, anne, "keep", text="blijft staan")
    add(ctx, anne, "later", text="later verborgen")
    sid = snap(ctx, created)["id"]
    facilitator = workshops.join(ctx, {"code": created.code,
                                       "facilitator_key": created.facilitator_key}).actor
    facilitation.hide_note(ctx, facilitator, {"id": "later", "hidden": True})
    facilitation.update_settings(ctx, facilitator, {"show_authors": False})
    canvas = snapshots.get_canvas(ctx, created.code, sid)
    assert [n["id"] for n in canvas["notes"]] == ["keep"]
    assert "Anne" not in json.dumps(exports.to_json(canvas))
    # Shown again: back in the snapshot, still without authors.
    facilitation.hide_note(ctx, facilitator, {"id": "later", "hidden": False})
    canvas = snapshots.get_canvas(ctx, created.code, sid)
    assert [n["id"] for n in canvas["notes"]] == ["keep", "later"]
    assert {n["author"] for n in canvas["notes"]} == {""}


def test_a_snapshot_of_a_silent_round_opens_once_it_is_revealed(ctx, created, anne):
    facilitator = workshops.join(ctx, {"code": created.code,
                                       "facilitator_key": created.facilitator_key}).actor
    facilitation.update_settings(ctx, facilitator, {"silent": True})
    add(ctx, anne, "stil", text="nog geheim")
    sid = snap(ctx, created)["id"]
    assert snapshots.get_canvas(ctx, created.code, sid)["notes"] == []
    facilitation.update_settings(ctx, facilitator, {"silent": False})
    assert [n["id"] for n in snapshots.get_canvas(ctx, created.code, sid)["notes"]] == ["stil"]


def test_markdown_lists_blocks_notes_and_cards(ctx, created, anne):
    add(ctx, anne, "a", block="identiteit", subarea="passie", text="*geen* opmaak")
    add(ctx, anne, "b", block="coalities", text="Buurtkamer",
        coalition={"werkvorm": "project", "doelgroep": "Ouderen"})
    md = exports.to_markdown(snapshots.get_canvas(ctx, created.code, "current"))
    assert "## Identiteit" in md and "### Passie" in md
    assert r"- \*geen\* opmaak — Anne" in md
    assert "  - Werkvorm: Project" in md and "  - Doelgroep: Ouderen" in md
    assert md.rstrip().splitlines()[-1].startswith("Netwerk Canvas uit")


def test_compare_finds_added_removed_changed_and_moved(ctx, created, anne):
    add(ctx, anne, "keep")
    add(ctx, anne, "edit", text="oud")
    add(ctx, anne, "move", block="spelregels")
    add(ctx, anne, "gone")
    before = snapshots.get_canvas(ctx, created.code, snap(ctx, created)["id"])
    notes.update_note(ctx, anne, {"id": "edit", "text": "nieuw"})
    notes.update_note(ctx, anne, {"id": "move", "block": "regie"})
    notes.delete_note(ctx, anne, {"id": "gone"})
    add(ctx, anne, "new", block="identiteit")
    result = compare(before, snapshots.get_canvas(ctx, created.code, "current"))
    blocks = {b["key"]: b for b in result["blocks"]}
    assert [n["id"] for n in blocks["identiteit"]["added"]] == ["new"]
    assert [n["id"] for n in blocks["regie"]["removed"]] == ["gone"]
    changed = {c["after"]["id"]: c for c in blocks["regie"]["changed"]}
    assert changed["edit"]["fields"] == ["text"] and changed["edit"]["before"]["text"] == "oud"
    assert changed["move"]["moved_from"] == "spelregels" and changed["move"]["fields"] == []
    assert blocks["regie"]["unchanged"] == 1 and blocks["spelregels"]["removed"] == []
    assert (result["before"]["notes"], result["after"]["notes"]) == (4, 4)


def test_deleting_a_workshop_removes_everything(ctx, created, anne, tmp_path):
    add(ctx, anne, "a")
    snap(ctx, created)
    files = tmp_path / "exports" / created.code
    files.mkdir(parents=True)
    (files / "snapshot-1-A1.pdf").write_bytes(b"%PDF")
    with pytest.raises(Forbidden):
        workshops.delete_workshop(ctx, created.code, "wrong")
    workshops.delete_workshop(ctx, created.code, created.facilitator_key)
    with pytest.raises(NotFound):
        workshops.workshop_info(ctx, created.code)
    assert not files.exists()
    with ctx.db.session() as session:
        from sqlalchemy import text
        for table in ("notes", "participants", "snapshots"):
            assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0


def test_the_snapshot_list_counts_what_the_poster_shows(ctx, created, anne):
    facilitator = workshops.join(ctx, {"code": created.code,
                                       "facilitator_key": created.facilitator_key}).actor
    for note_id in ("a", "b", "c"):
        add(ctx, anne, note_id)
    facilitation.hide_note(ctx, facilitator, {"id": "b", "hidden": True})
    taken = snap(ctx, created)
    assert taken["notes"] == 2
    facilitation.hide_note(ctx, facilitator, {"id": "c", "hidden": True})
    listed = snapshots.list_snapshots(ctx, created.code)[0]
    shown = snapshots.get_canvas(ctx, created.code, taken["id"])
    assert listed["notes"] == len(shown["notes"]) == 1


def test_a_note_shown_again_compares_as_a_change_not_an_addition(ctx, created, anne):
    facilitator = workshops.join(ctx, {"code": created.code,
                                       "facilitator_key": created.facilitator_key}).actor
    add(ctx, anne, "h", text="eerst verborgen")
    facilitation.hide_note(ctx, facilitator, {"id": "h", "hidden": True})
    before = snap(ctx, created)["id"]
    notes.update_note(ctx, anne, {"id": "h", "text": "nu zichtbaar"})
    facilitation.hide_note(ctx, facilitator, {"id": "h", "hidden": False})
    add(ctx, anne, "n", text="echt nieuw")
    result = compare_service.compare_moments(ctx, created.code, str(before))
    regie = next(b for b in result["blocks"] if b["key"] == "regie")
    assert [n["id"] for n in regie["added"]] == ["n"]
    assert [(c["after"]["id"], c["shown_again"], c["before"]) for c in regie["changed"]] == \
        [("h", True, None)]
    assert "eerst verborgen" not in str(result)
