"""The calendar of commitments, the minutes and the CSV over HTTP."""
import pytest
from icalendar import Calendar


@pytest.fixture
def committed(client, workshop, make_socket):
    """Anne's two dated cards (one hidden by the facilitator) and an agreement; a snapshot."""
    anne = make_socket()
    anne.emit("join", {"code": workshop["code"], "name": "Anne"}, callback=True)
    boss = make_socket()
    boss.emit("join", {"code": workshop["code"], "facilitator_key": workshop["facilitator_key"]},
              callback=True)
    for note_id, text, step, day in (("c1", "Buurtkamer", "Sleutel; ophalen, nu", "2027-03-15"),
                                     ("c2", "Verborgen", "Niet tonen", "2027-04-01")):
        assert anne.emit("note:add", {"id": note_id, "block": "coalities", "text": text,
                                      "coalition": {"trekker": "Anne", "eerste_stap": step,
                                                    "datum": day}}, callback=True)["ok"]
    anne.emit("note:add", {"id": "s1", "block": "spelregels", "text": "Besluiten met consent"},
              callback=True)
    assert boss.emit("note:agreement", {"id": "s1", "agreement": True}, callback=True)["ok"]
    assert boss.emit("note:hide", {"id": "c2", "hidden": True}, callback=True)["ok"]
    sid = client.post(f"/api/workshops/{workshop['code']}/snapshots", json={"label": "Eind"},
                      headers={"X-Facilitator-Key": workshop["facilitator_key"]}).get_json()["id"]
    return workshop, sid


@pytest.mark.parametrize("which", ["snapshot", "current"])
def test_the_calendar_downloads_and_parses_back(client, committed, which):
    workshop, sid = committed
    snapshot_id = sid if which == "snapshot" else "current"
    response = client.get(f"/api/workshops/{workshop['code']}/snapshots/{snapshot_id}"
                          "/commitments.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"].endswith('.ics"')
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["X-WR-CALNAME"]) == "Zorgnetwerk Oost"
    events = calendar.walk("VEVENT")
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART").isoformat()) for e in events] == \
        [("Buurtkamer: Sleutel; ophalen, nu", "2027-03-15")]
    assert b"Niet tonen" not in response.data


def test_the_calendar_of_an_unknown_snapshot_is_404(client, committed):
    workshop, _ = committed
    response = client.get(f"/api/workshops/{workshop['code']}/snapshots/999/commitments.ics")
    assert response.status_code == 404 and response.get_json()["error"]


def test_minutes_and_csv_carry_the_agreements(client, committed):
    workshop, sid = committed
    base = f"/api/workshops/{workshop['code']}/snapshots/{sid}"
    md = client.get(base + "/export.md").get_data(as_text=True)
    assert "## Afspraken en vervolg" in md and "Besluiten met consent" in md
    assert "Trekker: Anne" in md and "Niet tonen" not in md
    csv_text = client.get(base + "/export.csv").get_data(as_text=True)
    assert "Trekker;Eerste stap;Datum;Afspraak" in csv_text.splitlines()[0]
    assert "Anne;Sleutel; ophalen, nu" not in csv_text   # the ; inside a cell is quoted
    assert '"Sleutel; ophalen, nu";2027-03-15;' in csv_text
