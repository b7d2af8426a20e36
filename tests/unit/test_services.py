"""The service layer, called directly on a real (SQLite file) database."""
import pytest

from canvas.realtime.publish import Publisher
from canvas.services import notes, records, rules, workshops
from canvas.services.errors import BadRequest, Conflict, Forbidden, NotFound
from canvas.services.permissions import ROLE_FACILITATOR, ROLE_PARTICIPANT, ROLE_PROJECTOR


class RecordingPublisher(Publisher):
    """Stands in for the Socket.IO emitter: records what services publish, in order.

    ``events`` holds what participants and projectors receive; ``by_audience`` everything,
    with the audience ("all", "public", "facilitators", "participant:<id>")."""

    def __init__(self):
        super().__init__(socketio=None)
        self.events = []
        self.by_audience = []

    def to_workshop(self, workshop_id, event, payload):
        self.events.append((event, payload))
        self.by_audience.append(("all", event, payload))

    def to_public(self, workshop_id, event, payload):
        self.events.append((event, payload))
        self.by_audience.append(("public", event, payload))

    def to_facilitators(self, workshop_id, event, payload):
        self.by_audience.append(("facilitators", event, payload))

    def to_participant(self, workshop_id, participant_id, event, payload):
        self.by_audience.append((f"participant:{participant_id}", event, payload))


@pytest.fixture
def published(ctx, monkeypatch):
    recorder = RecordingPublisher()
    monkeypatch.setattr(ctx, "publisher", recorder)
    return recorder.events


@pytest.fixture
def created(ctx):
    return workshops.create_workshop(ctx, {"title": "Wijknetwerk", "language": "nl"})


def join(ctx, created, **extra):
    return workshops.join(ctx, {"code": created.code, **extra})


def test_create_workshop_makes_a_readable_code_and_a_strong_key(ctx, created):
    assert len(created.code) == 6
    assert set(created.code) <= set(rules.CODE_ALPHABET)
    assert not set(created.code) & set("0O1IL")
    assert len(created.facilitator_key) >= 32  # 24 random bytes, base64url


@pytest.mark.parametrize("payload, code", [
    ({}, "missing_field"),
    ({"title": "   "}, "missing_field"),
    ({"title": 42}, "bad_field"),
    ({"title": "x" * 121}, "too_long"),
    ({"title": "ok", "language": "de"}, "unknown_language"),
    (None, "bad_payload"),
    (["title"], "bad_payload"),
])
def test_create_workshop_refuses_bad_input(ctx, payload, code):
    with pytest.raises(BadRequest) as error:
        workshops.create_workshop(ctx, payload)
    assert error.value.code == code


def test_the_facilitator_key_is_not_stored_and_never_in_the_state(ctx, created):
    state = workshops.get_state(ctx, created.code)
    assert created.facilitator_key not in str(state)
    with ctx.db.session() as session:
        stored = records.find_workshop(session, created.code)
        assert created.facilitator_key not in stored.facilitator_key_hash


def test_join_code_is_found_however_it_is_typed(ctx, created):
    typed = f" {created.code[:3].lower()}-{created.code[3:]} "
    assert workshops.workshop_info(ctx, typed).code == created.code
    with pytest.raises(NotFound):
        workshops.workshop_info(ctx, "ZZZZZZ")


def test_join_roles(ctx, created):
    participant = join(ctx, created, name="Fatima")
    assert participant.actor.role == ROLE_PARTICIPANT
    assert participant.participant["name"] == "Fatima" and participant.participant["token"]
    projector = join(ctx, created, view="projector")
    assert projector.actor.role == ROLE_PROJECTOR and projector.participant is None
    facilitator = join(ctx, created, facilitator_key=created.facilitator_key)
    assert facilitator.actor.role == ROLE_FACILITATOR
    assert facilitator.state["facilitator"] is True
    # The facilitator's own record is not listed among the participants.
    assert [p["name"] for p in facilitator.state["participants"]] == ["Fatima"]
    assert "participants" not in participant.state


def test_join_with_a_wrong_key_is_refused(ctx, created):
    with pytest.raises(Forbidden):
        join(ctx, created, facilitator_key="not-the-key")
    with pytest.raises(Forbidden):
        join(ctx, created, view="facilitator")


def test_a_participant_token_keeps_the_same_participant(ctx, created):
    first = join(ctx, created, name="Bram")
    again = join(ctx, created, participant_token=first.participant["token"])
    assert again.participant["id"] == first.participant["id"]
    assert again.participant["name"] == "Bram"  # no name sent: the old one stays
    stranger = join(ctx, created, participant_token="made-up")
    assert stranger.participant["id"] != first.participant["id"]


def test_add_note_commits_then_publishes(ctx, created, published):
    actor = join(ctx, created, name="Anne").actor
    change = notes.add_note(ctx, actor, {"id": "n1", "block": "identiteit", "subarea": "passie",
                                         "text": "  Gezonde wijk  ", "color": "groen"})
    assert change.note["text"] == "Gezonde wijk"
    assert change.note["author"] == "Anne" and change.note["participant_id"] == actor.participant_id
    assert change.rev == 1
    assert published == [("note:added", {"note": change.note, "rev": 1})]
    state = workshops.get_state(ctx, created.code)
    assert state["rev"] == 1 and state["notes"] == [change.note]


def test_a_retried_add_stores_one_note(ctx, created, published):
    actor = join(ctx, created).actor
    payload = {"id": "retry-1", "block": "regie", "text": "Wie trekt?"}
    first = notes.add_note(ctx, actor, payload)
    second = notes.add_note(ctx, actor, payload)
    assert first.note == second.note and second.rev == first.rev
    assert len(workshops.get_state(ctx, created.code)["notes"]) == 1
    assert len(published) == 1


def test_a_note_id_of_someone_else_is_a_conflict(ctx, created):
    anne, bram = join(ctx, created).actor, join(ctx, created).actor
    notes.add_note(ctx, anne, {"id": "same", "block": "regie", "text": "A"})
    with pytest.raises(Conflict):
        notes.add_note(ctx, bram, {"id": "same", "block": "regie", "text": "B"})


@pytest.mark.parametrize("payload, code", [
    ({"block": "regie", "text": "x"}, "missing_field"),
    ({"id": "bad id!", "block": "regie", "text": "x"}, "bad_field"),
    ({"id": "n", "block": "vision", "text": "x"}, "unknown_block"),
    ({"id": "n", "text": "x"}, "missing_field"),
    ({"id": "n", "block": "regie", "text": ""}, "empty_text"),
    ({"id": "n", "block": "regie", "text": "x" * 501}, "too_long"),
    ({"id": "n", "block": "regie", "text": 5}, "bad_field"),
    ({"id": "n", "block": "regie", "text": "x", "color": "zwart"}, "unknown_color"),
    ({"id": "n", "block": "regie", "text": "x", "subarea": "passie"}, "unknown_subarea"),
    ({"id": "n", "block": "regie", "text": "x", "coalition": {"werkvorm": "project"}},
     "coalition_outside_block"),
    ({"id": "n", "block": "coalities", "text": "x", "coalition": {"werkvorm": "feest"}},
     "unknown_werkvorm"),
    ({"id": "n", "block": "coalities", "text": "x", "coalition": {"ambitie": "y" * 301}},
     "too_long"),
    ({"id": "n", "block": "coalities", "text": "x", "coalition": "project"}, "bad_field"),
    ("text", "bad_payload"),
])
def test_add_note_refuses_bad_input_and_writes_nothing(ctx, created, published, payload, code):
    actor = join(ctx, created).actor
    with pytest.raises(BadRequest) as error:
        notes.add_note(ctx, actor, payload)
    assert error.value.code == code
    state = workshops.get_state(ctx, created.code)
    assert state["notes"] == [] and state["rev"] == 0 and published == []


def test_note_of_500_characters_is_accepted(ctx, created):
    actor = join(ctx, created).actor
    change = notes.add_note(ctx, actor, {"id": "long", "block": "regie", "text": "é" * 500})
    assert len(change.note["text"]) == 500


def test_coalition_card_carries_its_fields(ctx, created):
    actor = join(ctx, created).actor
    card = notes.add_note(ctx, actor, {
        "id": "c1", "block": "coalities", "text": "Buurtkracht",
        "coalition": {"werkvorm": "programma", "ambitie": "Samen tegen eenzaamheid",
                      "kernpartners": "Gemeente, Woonstad", "doelgroep": "Ouderen"}}).note
    assert card["coalition"] == {"werkvorm": "programma", "ambitie": "Samen tegen eenzaamheid",
                                 "kernpartners": "Gemeente, Woonstad", "doelgroep": "Ouderen",
                                 "trekker": "", "eerste_stap": "", "datum": None}
    edited = notes.update_note(ctx, actor, {"id": "c1", "coalition": {"doelgroep": "Jongeren"}})
    assert edited.note["coalition"]["doelgroep"] == "Jongeren"
    assert edited.note["coalition"]["werkvorm"] == "programma"  # untouched fields stay


def test_moving_a_card_out_of_coalities_drops_its_fields(ctx, created):
    actor = join(ctx, created).actor
    notes.add_note(ctx, actor, {"id": "c2", "block": "coalities", "text": "X",
                                "coalition": {"werkvorm": "project"}})
    moved = notes.update_note(ctx, actor, {"id": "c2", "block": "identiteit",
                                           "subarea": "ambitie"}).note
    assert moved["block"] == "identiteit" and moved["subarea"] == "ambitie"
    assert moved["coalition"] is None
    back = notes.update_note(ctx, actor, {"id": "c2", "block": "coalities"}).note
    assert back["coalition"]["werkvorm"] is None and back["subarea"] is None


def test_moving_clears_a_subarea_of_the_old_block(ctx, created):
    actor = join(ctx, created).actor
    notes.add_note(ctx, actor, {"id": "m", "block": "identiteit", "subarea": "stijl",
                                "text": "x"})
    assert notes.update_note(ctx, actor, {"id": "m", "block": "organisatie"}).note["subarea"] \
        is None


def test_update_changes_text_and_colour_and_counts_versions(ctx, created, published):
    actor = join(ctx, created).actor
    notes.add_note(ctx, actor, {"id": "u", "block": "spelregels", "text": "oud"})
    change = notes.update_note(ctx, actor, {"id": "u", "text": "nieuw", "color": "roze"})
    assert (change.note["text"], change.note["color"], change.note["version"]) == \
        ("nieuw", "roze", 2)
    assert change.rev == 2 and published[-1] == ("note:updated",
                                                  {"note": change.note, "rev": 2})


def test_participant_cannot_change_or_delete_anothers_note(ctx, created, published):
    anne, bram = join(ctx, created).actor, join(ctx, created).actor
    notes.add_note(ctx, anne, {"id": "a1", "block": "regie", "text": "van Anne"})
    with pytest.raises(Forbidden):
        notes.update_note(ctx, bram, {"id": "a1", "text": "van Bram"})
    with pytest.raises(Forbidden):
        notes.delete_note(ctx, bram, {"id": "a1"})
    state = workshops.get_state(ctx, created.code)
    assert state["notes"][0]["text"] == "van Anne" and state["rev"] == 1
    assert len(published) == 1


def test_facilitator_can_change_and_delete_any_note(ctx, created, published):
    anne = join(ctx, created).actor
    facilitator = join(ctx, created, facilitator_key=created.facilitator_key).actor
    notes.add_note(ctx, anne, {"id": "a2", "block": "regie", "text": "van Anne"})
    assert notes.update_note(ctx, facilitator, {"id": "a2", "text": "bijgewerkt"}).note["text"] \
        == "bijgewerkt"
    assert notes.delete_note(ctx, facilitator, {"id": "a2"}) == 3
    assert published[-1] == ("note:deleted", {"id": "a2", "rev": 3, "by": "facilitator"})
    assert workshops.get_state(ctx, created.code)["notes"] == []


def test_projector_cannot_write(ctx, created):
    projector = join(ctx, created, view="projector").actor
    with pytest.raises(Forbidden):
        notes.add_note(ctx, projector, {"id": "p", "block": "regie", "text": "x"})


def test_notes_of_another_workshop_are_not_found(ctx, created):
    other = workshops.create_workshop(ctx, {"title": "Ander"})
    anne = join(ctx, created).actor
    facilitator_elsewhere = workshops.join(ctx, {"code": other.code,
                                                 "facilitator_key": other.facilitator_key}).actor
    notes.add_note(ctx, anne, {"id": "own", "block": "regie", "text": "x"})
    with pytest.raises(NotFound):
        notes.update_note(ctx, facilitator_elsewhere, {"id": "own", "text": "y"})
    with pytest.raises(NotFound):
        notes.delete_note(ctx, facilitator_elsewhere, {"id": "own"})


def test_rev_survives_in_the_database(ctx, created):
    actor = join(ctx, created).actor
    for i in range(3):
        notes.add_note(ctx, actor, {"id": f"r{i}", "block": "regie", "text": str(i)})
    notes.delete_note(ctx, actor, {"id": "r0"})
    state = workshops.get_state(ctx, created.code)
    assert state["rev"] == 4 and [n["id"] for n in state["notes"]] == ["r1", "r2"]


def test_control_characters_are_removed_from_text(ctx, created):
    actor = join(ctx, created).actor
    note = notes.add_note(ctx, actor, {"id": "cc", "block": "regie",
                                       "text": "a\x00b\x07c\nd"}).note
    assert note["text"] == "abc\nd"


def test_facilitator_notes_are_signed_facilitator_without_a_name(ctx, created):
    facilitator = join(ctx, created, facilitator_key=created.facilitator_key).actor
    note = notes.add_note(ctx, facilitator, {"id": "f1", "block": "regie", "text": "x"}).note
    assert note["author"] == "Facilitator"


def test_an_empty_werkvorm_means_not_chosen_yet(ctx, created):
    actor = join(ctx, created).actor
    card = notes.add_note(ctx, actor, {"id": "w", "block": "coalities", "text": "x",
                                       "coalition": {"werkvorm": ""}}).note
    assert card["coalition"]["werkvorm"] is None


def test_a_removed_participant_changes_nothing_even_on_a_connection_still_open(ctx):
    """Another server process may still hold the removed device's connection: the database
    says no."""
    from canvas.services import facilitation

    created = workshops.create_workshop(ctx, {"title": "Weg"})
    anne = workshops.join(ctx, {"code": created.code, "name": "Anne"}).actor
    facilitator = workshops.join(ctx, {"code": created.code,
                                       "facilitator_key": created.facilitator_key}).actor
    notes.add_note(ctx, anne, {"id": "a", "block": "regie", "text": "van Anne"})
    facilitation.update_settings(ctx, facilitator, {"votes_per_participant": 3})
    facilitation.remove_participant(ctx, facilitator, {"id": anne.participant_id})
    for attempt in (
            lambda: notes.add_note(ctx, anne, {"id": "b", "block": "regie", "text": "x"}),
            lambda: notes.update_note(ctx, anne, {"id": "a", "text": "x"}),
            lambda: notes.delete_note(ctx, anne, {"id": "a"}),
            lambda: facilitation.vote(ctx, anne, {"id": "a"})):
        with pytest.raises(Forbidden) as refused:
            attempt()
        assert refused.value.code == "participant_removed"
    assert [n["text"] for n in workshops.get_state(ctx, created.code)["notes"]] == ["van Anne"]


def test_the_facilitator_puts_a_note_or_a_block_in_the_spotlight(ctx, created):
    from canvas.services import facilitation

    facilitator = join(ctx, created, facilitator_key=created.facilitator_key).actor
    anne = join(ctx, created, name="Anne").actor
    notes.add_note(ctx, anne, {"id": "n1", "block": "regie", "text": "Samen"})
    settings, _ = facilitation.update_settings(ctx, facilitator, {"spotlight": {"note": "n1"}})
    assert settings["spotlight"] == {"note": "n1"}
    settings, _ = facilitation.update_settings(ctx, facilitator,
                                               {"spotlight": {"block": "coalities"}})
    assert settings["spotlight"] == {"block": "coalities"}
    settings, _ = facilitation.update_settings(ctx, facilitator, {"spotlight": None})
    assert settings["spotlight"] is None
    for bad, error in [({"note": "missing"}, NotFound), ({"block": "nope"}, BadRequest),
                       ({"note": "n1", "block": "regie"}, BadRequest), ("n1", BadRequest),
                       ({"note": "../x"}, BadRequest)]:
        with pytest.raises(error):
            facilitation.update_settings(ctx, facilitator, {"spotlight": bad})
    with pytest.raises(Forbidden):
        facilitation.update_settings(ctx, anne, {"spotlight": None})
