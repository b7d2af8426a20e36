"""Input that once gave a 500 or an `internal` ack: lone surrogates in any string field, and
imports that only looked valid. Each is refused with a clear error that names the limit."""
import json

import pytest

SURROGATE = "x\ud800y"


def post_raw(client, url, body, **headers):
    # json.dumps writes a lone surrogate as the escape "\ud800", as a hostile client would.
    return client.post(url, data=json.dumps(body), content_type="application/json",
                       headers=headers)


@pytest.mark.parametrize("body", [{"title": SURROGATE}, {"title": "ok", "language": SURROGATE},
                                  {"title": "ok", SURROGATE: 1}])
def test_a_lone_surrogate_in_a_new_workshop_is_a_400(client, body):
    response = post_raw(client, "/api/workshops", body)
    assert response.status_code == 400
    assert response.get_json()["code"] == "lone_surrogate"
    assert "U+D800" in response.get_json()["error"]


def test_a_lone_surrogate_in_a_snapshot_label_or_an_import_is_a_400(client, workshop):
    response = post_raw(client, f"/api/workshops/{workshop['code']}/snapshots",
                        {"label": SURROGATE}, **{"X-Facilitator-Key": workshop["facilitator_key"]})
    assert response.status_code == 400 and response.get_json()["code"] == "lone_surrogate"
    export = {"format": "netwerk-canvas", "version": 1, "workshop": {"title": "x"},
              "notes": [{"block": "regie", "text": SURROGATE}]}
    response = post_raw(client, "/api/workshops/import", export)
    assert response.status_code == 400 and response.get_json()["code"] == "lone_surrogate"


EXPORT = {"format": "netwerk-canvas", "workshop": {"title": "x"},
          "notes": [{"block": "regie", "text": "x"}]}


@pytest.mark.parametrize("changes, detail", [
    ({"version": True}, "format"), ({"version": 1.0}, "format"), ({"version": "1"}, "format"),
    ({"version": 1, "notes": [{"block": "regie", "text": "x", "votes": 999_999}]}, "50000"),
    ({"version": 1, "notes": [{"block": "regie", "text": "x", "votes": -1}]}, "50000"),
    ({"version": 1, "notes": [{"block": "regie", "text": "x", "votes": True}]}, "50000"),
    ({"version": 1, "notes": [{"block": "regie", "text": "x", "votes": 2.5}]}, "50000"),
])
def test_an_import_that_only_looks_valid_is_refused(client, changes, detail):
    response = client.post("/api/workshops/import", json={**EXPORT, **changes})
    assert response.status_code == 400
    assert response.get_json()["code"] == "bad_import"
    assert detail in response.get_json()["error"]


def test_an_import_keeps_real_vote_counts(client):
    response = client.post("/api/workshops/import", json={**EXPORT, "version": 1, "notes": [
        {"block": "regie", "text": "x", "votes": 50_000}, {"block": "regie", "text": "y"}]})
    assert response.status_code == 201
    state = client.get(f"/api/workshops/{response.get_json()['code']}").get_json()
    assert [n["votes"] for n in state["notes"]] == [50_000, 0]
