"""The authorisation matrix: every event and route, called by every kind of caller; only the
allowed ones succeed, and a refusal changes nothing.

Callers: "anonymous" (connected, never joined), "wrong_key" (its facilitator join was refused),
"owner" (the participant who wrote the note), "other" (another participant), "projector" and
"facilitator".
"""
import pytest

CALLERS = ["anonymous", "wrong_key", "owner", "other", "projector", "facilitator"]

# event, payload, the callers allowed. The workshop has voting open (3 votes) and one note,
# "n1", written by "owner".
EVENTS = [
    ("note:add", {"id": "new", "block": "regie", "text": "nieuw"}, {"owner", "other",
                                                                    "facilitator"}),
    ("note:update", {"id": "n1", "text": "gewijzigd"}, {"owner", "facilitator"}),
    ("note:delete", {"id": "n1"}, {"owner", "facilitator"}),
    ("note:vote", {"id": "n1"}, {"owner", "other"}),
    ("note:hide", {"id": "n1", "hidden": True}, {"facilitator"}),
    ("votes:reset", {}, {"facilitator"}),
    ("participant:remove", {"id": "<other>"}, {"facilitator"}),
    ("workshop:update", {"locked": True}, {"facilitator"}),
]


@pytest.fixture
def callers(joined, make_socket, workshop, client):
    sockets = {"anonymous": make_socket()}
    sockets["wrong_key"], refused = joined(check=False, facilitator_key="not-the-key")
    assert refused["ok"] is False and refused["code"] == "bad_facilitator_key"
    sockets["facilitator"], _ = joined(facilitator_key=workshop["facilitator_key"])
    sockets["owner"], _ = joined(name="Eigenaar")
    sockets["other"], other = joined(name="Ander")
    sockets["projector"], _ = joined(view="projector")
    assert sockets["owner"].emit("note:add", {"id": "n1", "block": "regie", "text": "van mij"},
                                 callback=True)["ok"]
    assert sockets["facilitator"].emit("workshop:update", {"votes_per_participant": 3},
                                       callback=True)["ok"]
    sockets["other_id"] = other["participant"]["id"]
    return sockets


def state(client, workshop):
    return client.get(f"/api/workshops/{workshop['code']}",
                      headers={"X-Facilitator-Key": workshop["facilitator_key"]}).get_json()


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("event, payload, allowed", EVENTS, ids=[e[0] for e in EVENTS])
def test_events(callers, client, workshop, caller, event, payload, allowed):
    if payload.get("id") == "<other>":
        payload = {"id": callers["other_id"]}
    before = state(client, workshop)
    ack = callers[caller].emit(event, payload, callback=True)
    assert ack["ok"] is (caller in allowed), (caller, event, ack)
    if not ack["ok"]:
        assert ack["code"] in ("not_joined", "facilitator_only", "not_your_note",
                               "read_only_view", "participants_vote", "projector_read_only"), ack
        after = state(client, workshop)
        assert (after["rev"], after["notes"], after["settings"]) == \
            (before["rev"], before["notes"], before["settings"])


KEY = "<key>"
# method, path, facilitator key header, the callers allowed ("anyone": with the code).
ROUTES = [
    ("GET", "/api/workshops/{code}", None, "anyone"),
    ("GET", "/api/workshops/{code}/qr.svg", None, "anyone"),
    ("GET", "/api/workshops/{code}/snapshots", None, "anyone"),
    ("GET", "/api/workshops/{code}/snapshots/current/export.json", None, "anyone"),
    ("GET", "/api/workshops/{code}/compare?from={sid}&to=current", None, "anyone"),
    ("GET", "/j/{code}", None, "anyone"),
    ("GET", "/p/{code}", None, "anyone"),
    ("GET", "/s/{code}/{sid}", None, "anyone"),
    ("POST", "/api/workshops/{code}/snapshots", KEY, "facilitator"),
    ("DELETE", "/api/workshops/{code}", KEY, "facilitator"),
]


@pytest.mark.parametrize("key", ["none", "wrong", "right"])
@pytest.mark.parametrize("method, path, needs, allowed", ROUTES,
                         ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_routes(client, workshop, method, path, needs, allowed, key):
    code = workshop["code"]
    headers = {"X-Facilitator-Key": workshop["facilitator_key"]}
    sid = client.post(f"/api/workshops/{code}/snapshots", json={"label": "s"},
                      headers=headers).get_json()["id"]
    sent = {"none": {}, "wrong": {"X-Facilitator-Key": "wrong"}, "right": headers}[key]
    response = client.open(path.format(code=code, sid=sid), method=method, headers=sent,
                           json={"label": "x"} if method == "POST" else None)
    ok = response.status_code < 400
    if allowed == "anyone" and path == "/api/workshops/{code}" and key == "wrong":
        # A wrong key never falls back to the public state: it is refused.
        assert response.status_code == 403
    elif allowed == "anyone":
        assert ok, (path, key, response.status_code)
    else:
        assert ok is (key == "right"), (path, key, response.status_code)
        if not ok:
            assert response.status_code == (401 if key == "none" else 403)
            assert client.get(f"/api/workshops/{code}/snapshots").get_json()["snapshots"] \
                and client.get(f"/api/workshops/{code}").status_code == 200


def test_only_the_key_shows_hidden_notes_over_http(callers, client, workshop):
    callers["facilitator"].emit("note:hide", {"id": "n1", "hidden": True}, callback=True)
    code = workshop["code"]
    assert client.get(f"/api/workshops/{code}").get_json()["notes"] == []
    assert client.get(f"/api/workshops/{code}/snapshots/current/export.json") \
        .get_json()["notes"] == []
    assert [n["id"] for n in state(client, workshop)["notes"]] == ["n1"]
