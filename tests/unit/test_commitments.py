"""Commitments: a coalition card's trekker, first step and date, agreements marked by the
facilitator, and what the minutes, the CSV, the JSON export and the calendar keep of them."""
import csv
import io
import json

import pytest
from icalendar import Calendar

from canvas.db.models import VitalityRating
from canvas.services import commitments, exports, facilitation, notes, snapshots, workshops
from canvas.services.errors import BadRequest, Forbidden, NotFound
from canvas.services.rules import EERSTE_STAP_MAX, TREKKER_MAX


@pytest.fixture
def created(ctx):
    return workshops.create_workshop(ctx, {"title": "Wijknetwerk Oost", "language": "nl"})


def join(ctx, created, **extra):
    return workshops.join(ctx, {"code": created.code, **extra}).actor


def card(ctx, actor, note_id="c1", **coalition):
    return notes.add_note(ctx, actor, {"id": note_id, "block": "coalities", "text": "Buurtkamer",
                                       "coalition": coalition}).note


def test_a_card_keeps_its_trekker_first_step_and_date(ctx, created):
    anne = join(ctx, created, name="Anne")
    stored = card(ctx, anne, trekker="  Fatima\n de Vries ", eerste_stap="Sleutel ophalen",
                  datum="2027-02-28", werkvorm="project")
    assert stored["coalition"] == {"werkvorm": "project", "ambitie": "", "kernpartners": "",
                                   "doelgroep": "", "trekker": "Fatima de Vries",
                                   "eerste_stap": "Sleutel ophalen", "datum": "2027-02-28"}
    # Only the fields sent change; "" and null clear the date.
    changed = notes.update_note(ctx, anne, {"id": "c1", "coalition": {"datum": ""}}).note
    assert changed["coalition"]["datum"] is None
    assert changed["coalition"]["trekker"] == "Fatima de Vries"


@pytest.mark.parametrize("datum", ["2027-02-30", "2027-13-01", "27-02-2027", "2027-2-3",
                                   "morgen", 20270228, "2027-02-28T10:00", "２０２７-02-28",
                                   "9999-12-31", "1999-12-31", "2200-01-01", "0001-01-01"])
def test_a_date_that_is_not_a_real_date_is_refused(ctx, created, datum):
    anne = join(ctx, created, name="Anne")
    with pytest.raises(BadRequest) as error:
        card(ctx, anne, datum=datum)
    assert error.value.code == "bad_date"
    assert "YYYY-MM-DD" in error.value.message("nl")


@pytest.mark.parametrize("field, limit", [("trekker", TREKKER_MAX),
                                          ("eerste_stap", EERSTE_STAP_MAX)])
def test_commitment_texts_are_bounded(ctx, created, field, limit):
    anne = join(ctx, created, name="Anne")
    assert card(ctx, anne, **{field: "x" * limit})["coalition"][field] == "x" * limit
    with pytest.raises(BadRequest) as error:
        card(ctx, anne, "c2", **{field: "x" * (limit + 1)})
    assert error.value.code == "too_long" and error.value.params["max"] == limit
    assert str(limit) in error.value.message("en")


def test_commitments_belong_to_cards_only(ctx, created):
    anne = join(ctx, created, name="Anne")
    with pytest.raises(BadRequest) as error:
        notes.add_note(ctx, anne, {"id": "n1", "block": "regie", "text": "x",
                                   "coalition": {"trekker": "Anne"}})
    assert error.value.code == "coalition_outside_block"
    card(ctx, anne, trekker="Anne", eerste_stap="Bellen", datum="2027-01-05")
    moved = notes.update_note(ctx, anne, {"id": "c1", "block": "regie"}).note
    assert moved["coalition"] is None
    back = notes.update_note(ctx, anne, {"id": "c1", "block": "coalities"}).note
    assert back["coalition"]["trekker"] == "" and back["coalition"]["datum"] is None


def test_only_the_author_or_facilitator_sets_a_cards_commitment(ctx, created):
    anne = join(ctx, created, name="Anne")
    bram = join(ctx, created, name="Bram")
    card(ctx, anne)
    with pytest.raises(Forbidden):
        notes.update_note(ctx, bram, {"id": "c1", "coalition": {"trekker": "Bram"}})
    boss = join(ctx, created, facilitator_key=created.facilitator_key)
    assert notes.update_note(ctx, boss, {"id": "c1", "coalition": {"trekker": "Bram"}}) \
        .note["coalition"]["trekker"] == "Bram"


def test_only_the_facilitator_marks_an_agreement(ctx, created):
    anne = join(ctx, created, name="Anne")
    notes.add_note(ctx, anne, {"id": "n1", "block": "spelregels", "text": "We beginnen op tijd"})
    with pytest.raises(Forbidden):
        facilitation.mark_agreement(ctx, anne, {"id": "n1", "agreement": True})
    boss = join(ctx, created, facilitator_key=created.facilitator_key)
    note, rev = facilitation.mark_agreement(ctx, boss, {"id": "n1", "agreement": True})
    assert note["agreement"] is True and note["version"] == 2 and rev == 2
    assert workshops.get_state(ctx, created.code)["notes"][0]["agreement"] is True
    for payload in ({"id": "n1", "agreement": "yes"}, {"id": "n1"}, {"agreement": True}):
        with pytest.raises(BadRequest):
            facilitation.mark_agreement(ctx, boss, payload)
    with pytest.raises(NotFound):
        facilitation.mark_agreement(ctx, boss, {"id": "nope", "agreement": True})
    note, _ = facilitation.mark_agreement(ctx, boss, {"id": "n1", "agreement": False})
    assert note["agreement"] is False


def _filled(ctx, created):
    """Two agreements (one hidden), three cards: dated, undated, and dated but hidden."""
    anne = join(ctx, created, name="Anne")
    boss = join(ctx, created, facilitator_key=created.facilitator_key)
    notes.add_note(ctx, anne, {"id": "a1", "block": "spelregels",
                               "text": "We besluiten met consent"})
    notes.add_note(ctx, anne, {"id": "a2", "block": "identiteit", "text": "Geheim besluit"})
    notes.add_note(ctx, anne, {"id": "plain", "block": "regie", "text": "Gewone notitie"})
    for note_id in ("a1", "a2"):
        facilitation.mark_agreement(ctx, boss, {"id": note_id, "agreement": True})
    card(ctx, anne, "c1", trekker="Fatima", eerste_stap="Ruimte huren", datum="2027-03-15",
         werkvorm="project", kernpartners="Woonstede, bibliotheek")
    notes.add_note(ctx, anne, {"id": "c2", "block": "coalities", "text": "Taalcafé",
                               "coalition": {"trekker": "Bram", "eerste_stap": "Flyer"}})
    notes.add_note(ctx, anne, {"id": "c3", "block": "coalities", "text": "Verborgen kaart",
                               "coalition": {"eerste_stap": "Niet tonen",
                                             "datum": "2027-04-01"}})
    facilitation.hide_note(ctx, boss, {"id": "a2", "hidden": True})
    facilitation.hide_note(ctx, boss, {"id": "c3", "hidden": True})
    return anne, boss


def test_the_calendar_holds_one_event_per_dated_first_step_and_no_hidden_card(ctx, created):
    _filled(ctx, created)
    canvas = snapshots.get_canvas(ctx, created.code, "current")
    calendar = Calendar.from_ical(commitments.to_ics(canvas))
    assert str(calendar["X-WR-CALNAME"]) == "Wijknetwerk Oost"
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Buurtkamer: Ruimte huren"
    assert event.decoded("DTSTART").isoformat() == "2027-03-15"
    assert event.decoded("DTEND").isoformat() == "2027-03-16"
    description = str(event["DESCRIPTION"])
    assert "Trekker: Fatima" in description and "Woonstede, bibliotheek" in description
    assert "Project" in description
    assert str(event["UID"]).startswith("c1@") and created.code not in str(event["UID"])
    assert b"Niet tonen" not in commitments.to_ics(canvas)
    assert created.code.encode() not in commitments.to_ics(canvas)


def test_a_date_no_calendar_can_hold_never_breaks_the_file(ctx, created):
    """Dates are kept to 2000-2199; a snapshot stored before that rule (never changed) may
    hold 9999-12-31, which has no day after it: that card is left out, the rest stays."""
    _filled(ctx, created)
    canvas = snapshots.get_canvas(ctx, created.code, "current")
    broken = {**canvas["notes"][0], "id": "c-old", "block": "coalities", "hidden": False,
              "coalition": {"werkvorm": None, "ambitie": "", "kernpartners": "",
                            "doelgroep": "", "trekker": "", "eerste_stap": "Te ver",
                            "datum": "9999-12-31"}}
    calendar = Calendar.from_ical(commitments.to_ics({**canvas,
                                                      "notes": [*canvas["notes"], broken]}))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Buurtkamer: Ruimte huren"]


def test_the_minutes_have_agreements_and_next_steps(ctx, created):
    _filled(ctx, created)
    canvas = snapshots.get_canvas(ctx, created.code, "current")
    md = exports.to_markdown(canvas)
    section = md[md.index("## Afspraken en vervolg"):]
    assert "### Afspraken" in section and "- **Spelregels**" in section
    assert "  - We besluiten met consent" in section
    assert "Geheim besluit" not in md and "Niet tonen" not in md
    assert section.index("Buurtkamer") < section.index("Taalcafé")   # dated first
    assert "  - Trekker: Fatima" in section and "  - Datum: 15 maart 2027" in section
    assert "Vitaliteit" not in section   # nobody rated: no table


def test_the_minutes_have_no_section_without_agreements_or_commitments(ctx, created):
    anne = join(ctx, created, name="Anne")
    card(ctx, anne, werkvorm="project")
    md = exports.to_markdown(snapshots.get_canvas(ctx, created.code, "current"))
    assert "Afspraken en vervolg" not in md


def test_the_minutes_show_the_vitality_figures(ctx, created):
    anne = join(ctx, created, name="Anne")
    bram = join(ctx, created, name="Bram")
    with ctx.db.session() as session:
        session.add_all([
            VitalityRating(workshop_id=anne.workshop_id, participant_id=anne.participant_id,
                           block="identiteit", score=3),
            VitalityRating(workshop_id=anne.workshop_id, participant_id=bram.participant_id,
                           block="identiteit", score=4)])
        session.commit()
    canvas = snapshots.get_canvas(ctx, created.code, "current")
    assert canvas["vitality"]["identiteit"] == {"count": 2, "mean": 3.5,
                                                "histogram": [0, 0, 1, 1, 0]}
    md = exports.to_markdown(canvas)
    assert "### Vitaliteit van het netwerk" in md
    assert "| Identiteit | 3,5 | 2 |" in md and "| Spelregels | – | 0 |" in md
    assert exports.to_json(canvas)["vitality"]["identiteit"]["count"] == 2


def test_an_old_snapshot_without_figures_has_no_vitality(ctx, created):
    _filled(ctx, created)
    taken = snapshots.take_snapshot(ctx, created.code, created.facilitator_key, {"label": "x"})
    canvas = snapshots.get_canvas(ctx, created.code, taken["id"])
    assert commitments.vitality_shown(canvas) is None
    assert "Vitaliteit" not in exports.to_markdown(canvas)


def test_csv_has_the_commitment_and_agreement_columns(ctx, created):
    _filled(ctx, created)
    canvas = snapshots.get_canvas(ctx, created.code, "current")
    rows = list(csv.reader(io.StringIO(exports.to_csv(canvas).lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    assert header[-4:] == ["Trekker", "Eerste stap", "Datum", "Afspraak"]
    assert header[header.index("Cluster") - 1] == "Geschreven op"   # older columns stay put
    by_text = {row[2]: row for row in rows[1:]}
    assert by_text["Buurtkamer"][-4:] == ["Fatima", "Ruimte huren", "2027-03-15", ""]
    assert by_text["We besluiten met consent"][-1] == "ja"
    assert by_text["Gewone notitie"][-1] == ""


def test_json_export_round_trips_agreements_and_commitments(ctx, created):
    _filled(ctx, created)
    exported = exports.to_json(snapshots.get_canvas(ctx, created.code, "current"))
    again = exports.import_workshop(ctx, json.loads(json.dumps(exported)))
    state = workshops.get_state(ctx, again.code)
    by_text = {n["text"]: n for n in state["notes"]}
    assert by_text["We besluiten met consent"]["agreement"] is True
    assert by_text["Gewone notitie"]["agreement"] is False
    assert by_text["Buurtkamer"]["coalition"] == {
        "werkvorm": "project", "ambitie": "", "kernpartners": "Woonstede, bibliotheek",
        "doelgroep": "", "trekker": "Fatima", "eerste_stap": "Ruimte huren",
        "datum": "2027-03-15"}
    bad = json.loads(json.dumps(exported))
    bad["notes"][-1]["coalition"]["datum"] = "2027-02-31"
    with pytest.raises(BadRequest) as error:
        exports.import_workshop(ctx, bad)
    assert error.value.code == "bad_import"
