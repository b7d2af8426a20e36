"""Who may see which note (canvas/realtime/visibility.py): the pure rule behind every path."""
import pytest

from canvas.realtime import visibility
from canvas.realtime.visibility import FACILITATOR, PUBLIC

SINCE = "2026-12-03T10:00:00Z"


def note(**changes):
    return {"id": "n1", "block": "regie", "author": "Anne", "participant_id": "p-anne",
            "hidden": False, "created_at": "2026-12-03T10:05:00Z", **changes}


@pytest.mark.parametrize("settings, created_at, in_round", [
    ({"silent": False}, "2026-12-03T10:05:00Z", False),
    ({"silent": True, "silent_since": SINCE}, "2026-12-03T10:05:00Z", True),
    ({"silent": True, "silent_since": SINCE}, SINCE, True),  # the very second it began
    ({"silent": True, "silent_since": SINCE}, "2026-12-03T09:59:59Z", False),
    ({"silent": True, "silent_since": None}, "2026-12-03T09:00:00Z", True),  # older settings
    ({"silent": True}, "2026-12-03T09:00:00Z", True),
])
def test_a_note_belongs_to_the_silent_round_written_since_it_began(settings, created_at,
                                                                   in_round):
    assert visibility.in_silent_round(note(created_at=created_at), settings) is in_round


def test_a_note_without_a_time_is_not_counted_in_a_round_with_a_start():
    # static/js/silence.js follows the same rule (tests/js).
    undated = {k: v for k, v in note().items() if k != "created_at"}
    assert visibility.in_silent_round(undated, {"silent": True, "silent_since": SINCE}) is False


SILENT = {"silent": True, "silent_since": SINCE, "show_authors": True}


@pytest.mark.parametrize("subject, settings, audience, viewer, sees", [
    (note(), {}, PUBLIC, None, True),
    (note(hidden=True), {}, PUBLIC, None, False),
    (note(hidden=True), {}, PUBLIC, "p-anne", True),   # its author keeps it, marked hidden
    (note(hidden=True), {}, PUBLIC, "p-bo", False),
    (note(hidden=True), {}, FACILITATOR, None, True),
    (note(), SILENT, PUBLIC, None, False),
    (note(), SILENT, PUBLIC, "p-bo", False),
    (note(), SILENT, PUBLIC, "p-anne", True),           # the author sees their own
    (note(), SILENT, FACILITATOR, None, True),
    (note(created_at="2026-12-03T09:00:00Z"), SILENT, PUBLIC, None, True),
])
def test_can_see(subject, settings, audience, viewer, sees):
    assert visibility.can_see(subject, settings, audience, viewer) is sees


@pytest.mark.parametrize("audience, viewer, author", [
    (PUBLIC, None, ""), (PUBLIC, "p-bo", ""), (PUBLIC, "p-anne", "Anne"),
    (FACILITATOR, None, "Anne"),
])
def test_hidden_authors_are_blanked_except_for_facilitators_and_the_author(audience, viewer,
                                                                           author):
    shown = visibility.shown(note(), {"show_authors": False}, audience, viewer)
    assert shown["author"] == author
    assert visibility.shown(note(), {"show_authors": True}, audience, viewer)["author"] == "Anne"


def test_visible_notes_filters_and_blanks_in_one_pass():
    notes = [note(id="a"), note(id="b", hidden=True),
             note(id="c", participant_id="p-bo", author="Bo")]
    settings = {**SILENT, "show_authors": False}
    assert [(n["id"], n["author"]) for n in visibility.visible_notes(
        notes, settings, PUBLIC, "p-anne")] == [("a", "Anne"), ("b", "Anne")]
    assert [n["id"] for n in visibility.visible_notes(notes, settings, PUBLIC, "p-bo")] == \
        ["c"]
    assert [n["id"] for n in visibility.visible_notes(notes, settings, FACILITATOR)] == \
        ["a", "b", "c"]


def test_counts_are_of_the_round_and_leave_hidden_notes_out():
    notes = [note(id="a"), note(id="b", block="identiteit"), note(id="c", hidden=True),
             note(id="d", created_at="2026-12-03T09:00:00Z")]
    assert visibility.counts(notes, SILENT) == {"regie": 1, "identiteit": 1}
    assert visibility.counts(notes, {"silent": False}) == {}
