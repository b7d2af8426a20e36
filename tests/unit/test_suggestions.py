"""The suggestion engine (canvas/services/suggestions.py): its rules, its normalisation, and its
precision and recall on the labelled Dutch notes (tests/data/suggestions_nl.json). Speed is
measured in bench/suggestions.py, not here."""
import pytest
from suggestionset import labelled, score

from canvas.services.suggestions import fold, keywords, suggest

# Measured with the default settings (bench/suggestions.py --default), minus 0.02: the labelled
# set is fixed, so a lower figure means the engine got worse.
MEASURED = {"dup_precision": 1.000, "dup_recall": 0.827,
            "group_precision": 0.790, "group_recall": 0.348}
MARGIN = 0.02


def note(note_id, text, block="spelregels", subarea="", cluster_id=None, hidden=False):
    return {"id": note_id, "block": block, "subarea": subarea, "text": text,
            "cluster_id": cluster_id, "hidden": hidden}


TWINS = ("Samen verantwoordelijk voor de wijk", "Samen verantwoordelijk voor de wijk!")


def duplicate_sets(result):
    return [set(s["note_ids"]) for s in result["duplicates"]]


def test_near_duplicates_in_one_block_are_suggested():
    result = suggest([note("a", TWINS[0]), note("b", TWINS[1]), note("c", "Afspraak is afspraak")])
    assert duplicate_sets(result) == [{"a", "b"}]
    suggestion = result["duplicates"][0]
    assert suggestion["block"] == "spelregels"
    assert 0.8 <= suggestion["score"] <= 1.0


def test_notes_in_different_blocks_are_never_suggested():
    result = suggest([note("a", TWINS[0], block="regie"), note("b", TWINS[1], block="spelregels")])
    assert result == {"duplicates": [], "groups": []}


def test_duplicates_span_sub_areas_of_one_block_but_groups_do_not():
    result = suggest([
        note("a", "Minder huishoudens met schulden", "identiteit", "passie"),
        note("b", "Minder huishoudens met schulden!", "identiteit", "ambitie"),
        note("c", "Schulden samen aanpakken met minder huishoudens", "identiteit", "ambitie"),
    ])
    assert duplicate_sets(result) == [{"a", "b"}]
    assert result["groups"], result
    for group in result["groups"]:
        assert group["subarea"] == "ambitie"
        assert "a" not in group["note_ids"]


def test_hidden_notes_are_skipped():
    result = suggest([note("a", TWINS[0]), note("b", TWINS[1], hidden=True)])
    assert result == {"duplicates": [], "groups": []}


def test_coalition_cards_are_skipped():
    result = suggest([note("a", "Aardgasvrije wijk", block="coalities"),
                      note("b", "Aardgasvrije wijk", block="coalities")])
    assert result == {"duplicates": [], "groups": []}


def test_pairs_already_in_one_cluster_are_skipped():
    together = suggest([note("a", TWINS[0], cluster_id="k1"), note("b", TWINS[1], cluster_id="k1")])
    assert together == {"duplicates": [], "groups": []}
    # In different clusters (or one clustered, one not) they are still worth a merge.
    apart = suggest([note("a", TWINS[0], cluster_id="k1"), note("b", TWINS[1], cluster_id="k2")])
    assert duplicate_sets(apart) == [{"a", "b"}]


def test_a_group_is_never_only_one_existing_cluster():
    notes = [note("a", "Conflicten eerst onderling bespreken", cluster_id="k1"),
             note("b", "Conflicten onderling bespreken, daarna pas hogerop", cluster_id="k1"),
             note("c", "Conflicten bespreken we eerst onderling")]
    result = suggest(notes)
    for suggestion in result["duplicates"] + result["groups"]:
        assert "c" in suggestion["note_ids"]


def test_a_duplicate_set_is_not_suggested_again_as_a_group():
    result = suggest([note("a", TWINS[0]), note("b", TWINS[1])])
    assert duplicate_sets(result) == [{"a", "b"}]
    assert result["groups"] == []


def test_groups_carry_a_title_in_the_participants_spelling():
    result = suggest([
        note("a", "Besluiten nemen we bij Consent"),
        note("b", "Consent als regel voor besluiten over geld"),
        note("c", "Besluiten over Consent vastleggen in een lijst"),
    ])
    groups = [g for g in result["groups"] if set(g["note_ids"]) == {"a", "b", "c"}]
    assert groups, result
    title = groups[0]["title"]
    assert "Consent" in title or "Besluiten" in title


def test_ids_are_stable_across_calls_and_order():
    notes = [note("a", TWINS[0]), note("b", TWINS[1]),
             note("c", "Samen verantwoordelijk voor de buurt en de wijk")]
    first, again = suggest(notes), suggest(list(reversed(notes)))
    assert first["duplicates"]
    assert [s["id"] for s in first["duplicates"]] == [s["id"] for s in again["duplicates"]]
    assert [s["id"] for s in first["groups"]] == [s["id"] for s in again["groups"]]
    # A duplicate and a group of the same notes are different suggestions.
    ids = [s["id"] for s in first["duplicates"] + first["groups"]]
    assert len(ids) == len(set(ids))


def test_empty_and_wordless_input():
    assert suggest([]) == {"duplicates": [], "groups": []}
    assert suggest([note("a", "de het een"), note("b", "de het een"),
                    note("c", "?!"), note("d", "")]) == {"duplicates": [], "groups": []}


@pytest.mark.parametrize(("text", "folded"), [
    ("Eén Coördinator, één café!", "een coordinator een cafe"),
    ("  ZORG-  en   Welzijn... ", "zorg en welzijn"),
    ("naïef_überhaupt", "naief uberhaupt"),
])
def test_fold_drops_case_diacritics_and_punctuation(text, folded):
    assert fold(text) == folded


def test_keywords_drop_stop_words_in_dutch_and_english_but_keep_negations():
    assert keywords("De regie ligt niet bij de gemeente") == ["regie", "ligt", "niet", "gemeente"]
    assert keywords("The network is not the boss") == ["network", "not", "boss"]
    assert keywords("Schulden en partners", stemmed=True) == ["schuld", "partner"]
    assert keywords("thuis, basis, plaats") == ["thuis", "basis", "plaats"]


def test_normalisation_makes_case_diacritics_punctuation_and_stop_words_equal():
    result = suggest([note("a", "Eén gedeelde agenda en het dossier"),
                      note("b", "EEN GEDEELDE AGENDA, DOSSIER!!")])
    assert duplicate_sets(result) == [{"a", "b"}]
    assert result["duplicates"][0]["score"] == 1.0


def test_precision_and_recall_on_the_labelled_notes():
    notes = labelled()
    assert sum(n["block"] != "coalities" and n["lang"] == "nl" for n in notes) >= 150
    figures = score(notes, suggest(notes))
    for key, measured in MEASURED.items():
        assert figures[key] >= measured - MARGIN, (key, figures)
    assert figures["lookalikes_merged"] == 0, figures
