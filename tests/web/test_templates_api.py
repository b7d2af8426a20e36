"""Templates over HTTP: listing them, starting a workshop from one, saving a plan as one (with
the facilitator key and within the limits) and deleting it."""
import pytest

from canvas.services import rules

STEPS = [{"id": "s-1", "mode": "silent", "block": "identiteit", "duration": 300,
          "instruction": "Schrijf in stilte."},
         {"id": "s-2", "mode": "vote", "block": "identiteit"}]


def store_plan(make_socket, workshop, steps=STEPS):
    facilitator = make_socket()
    assert facilitator.emit("join", {"code": workshop["code"],
                                     "facilitator_key": workshop["facilitator_key"]},
                            callback=True)["ok"]
    assert facilitator.emit("plan:update", {"steps": steps}, callback=True)["ok"]


def save(client, workshop, title="Onze opzet", key=None):
    return client.post(f"/api/workshops/{workshop['code']}/templates", json={"title": title},
                       headers={"X-Facilitator-Key": key or workshop["facilitator_key"]})


def plan_of(client, created):
    state = client.get(f"/api/workshops/{created['code']}",
                       headers={"X-Facilitator-Key": created["facilitator_key"]}).get_json()
    return state["plan"]["steps"]


@pytest.mark.parametrize("lang, title", [("nl", "Startsessie: de vijf bouwstenen"),
                                         ("en", "Start-up session: the five blocks")])
def test_the_methods_templates_are_listed_in_the_language(client, lang, title):
    templates = client.get(f"/api/templates?lang={lang}").get_json()["templates"]
    assert [t["key"] for t in templates][:5] == ["startsessie", "coalitiesessie",
                                                 "netwerkscan", "sleutelpersonen",
                                                 "netwerkvorm"]
    assert templates[0]["title"] == title and templates[0]["builtin"] is True
    assert templates[0]["steps"][0]["source"].startswith("Leren werken in netwerken — ")


def test_a_workshop_starts_from_a_template_in_its_language(client):
    created = client.post("/api/workshops", json={"title": "Scan", "language": "en",
                                                  "template": "netwerkscan"}).get_json()
    steps = plan_of(client, created)
    assert len(steps) == 8 and steps[0]["instruction"].startswith("Task:")


@pytest.mark.parametrize("template", ["nope", "", 3, "t-" + "x" * 40])
def test_an_unknown_template_is_refused_and_makes_no_workshop(client, template):
    response = client.post("/api/workshops", json={"title": "X", "template": template})
    assert response.status_code == 400
    assert response.get_json()["code"] == "unknown_template"


def test_a_plan_saved_as_template_starts_another_workshop(client, make_socket, workshop):
    store_plan(make_socket, workshop)
    response = save(client, workshop, title="  Onze\nopzet ")
    assert response.status_code == 201
    saved = response.get_json()
    assert saved["title"] == "Onze opzet" and saved["builtin"] is False
    assert saved["key"].startswith("t-") and len(saved["key"]) == 14
    listed = client.get(f"/api/templates?saved={saved['key']}").get_json()["templates"]
    assert listed[-1]["key"] == saved["key"] and listed[-1]["steps"][0]["id"] == "s-1"
    created = client.post("/api/workshops", json={"title": "Tweede",
                                                  "template": saved["key"]}).get_json()
    assert [s["id"] for s in plan_of(client, created)] == ["s-1", "s-2"]


def test_saving_needs_the_facilitator_key(client, make_socket, workshop):
    store_plan(make_socket, workshop)
    url = f"/api/workshops/{workshop['code']}/templates"
    assert client.post(url, json={"title": "x"}).status_code == 401
    assert save(client, workshop, key="wrong").status_code == 403
    saved = save(client, workshop).get_json()
    delete_url = f"{url}/{saved['key']}"
    assert client.delete(delete_url).status_code == 401
    assert client.delete(delete_url, headers={"X-Facilitator-Key": "wrong"}).status_code == 403


def test_an_empty_plan_and_a_bad_title_are_refused(client, workshop):
    response = save(client, workshop)
    assert response.status_code == 400 and response.get_json()["code"] == "empty_plan"
    assert save(client, workshop, title="x" * (rules.TITLE_MAX + 1)).status_code == 400


def test_at_most_so_many_templates_per_workshop(client, make_socket, workshop):
    store_plan(make_socket, workshop)
    for _ in range(rules.TEMPLATES_PER_WORKSHOP_MAX):
        assert save(client, workshop).status_code == 201
    response = save(client, workshop)
    assert response.status_code == 409
    body = response.get_json()
    assert body["code"] == "too_many_templates"
    assert str(rules.TEMPLATES_PER_WORKSHOP_MAX) in body["error"]


def test_at_most_so_many_templates_on_the_server(client, make_socket, workshop, monkeypatch):
    from canvas.services import templates
    monkeypatch.setattr(templates, "TEMPLATES_MAX", 2)
    store_plan(make_socket, workshop)
    assert save(client, workshop).status_code == 201
    other = client.post("/api/workshops", json={"title": "Ander"}).get_json()
    store_plan(make_socket, other)
    assert save(client, other).status_code == 201
    response = save(client, other)
    assert response.status_code == 409 and "2" in response.get_json()["error"]


def test_only_a_template_of_this_workshop_is_deleted(client, make_socket, workshop):
    store_plan(make_socket, workshop)
    saved = save(client, workshop).get_json()
    other = client.post("/api/workshops", json={"title": "Ander"}).get_json()
    theirs = f"/api/workshops/{other['code']}/templates/{saved['key']}"
    assert client.delete(theirs, headers={"X-Facilitator-Key": other["facilitator_key"]}) \
        .status_code == 404
    ours = f"/api/workshops/{workshop['code']}/templates/"
    headers = {"X-Facilitator-Key": workshop["facilitator_key"]}
    assert client.delete(ours + "startsessie", headers=headers).status_code == 404
    assert client.delete(ours + saved["key"], headers=headers).status_code == 204
    assert client.delete(ours + saved["key"], headers=headers).status_code == 404
    listed = client.get(f"/api/templates?saved={saved['key']}").get_json()["templates"]
    assert saved["key"] not in [t["key"] for t in listed]


def test_a_saved_template_is_listed_only_to_who_names_its_key(client, make_socket, workshop):
    """On a public server nobody can put a template (its title, its texts) in front of every
    facilitator: the list shows a saved one only when asked for by its key."""
    store_plan(make_socket, workshop)
    mine = save(client, workshop, title="Mijn opzet").get_json()
    other = client.post("/api/workshops", json={"title": "Ander"}).get_json()
    store_plan(make_socket, other)
    theirs = save(client, other, title="Reclame").get_json()

    def listed(query=""):
        templates = client.get("/api/templates" + query).get_json()["templates"]
        return [t["key"] for t in templates if not t["builtin"]]

    assert listed() == []
    assert listed(f"?saved={mine['key']}") == [mine["key"]]
    assert listed(f"?saved={mine['key']},{theirs['key']},t-unknown,startsessie") == \
        [theirs["key"], mine["key"]]  # newest first; unknown keys are left out
    many = ",".join([mine["key"]] * 5 + [f"t-{i}" for i in range(100)])
    assert listed(f"?saved={many}") == [mine["key"]]


def test_one_address_saves_twenty_templates_at_once_then_one_per_five_minutes(
        client, make_socket):
    """So that no address can fill the server's templates (its own bound is 5,000)."""
    for n in range(2):
        workshop = client.post("/api/workshops", json={"title": f"Opzet {n}"}).get_json()
        store_plan(make_socket, workshop)
        for _ in range(rules.TEMPLATES_PER_ADDRESS_BURST // 2):
            assert save(client, workshop).status_code == 201
    third = client.post("/api/workshops", json={"title": "Nog een"}).get_json()
    store_plan(make_socket, third)
    response = save(client, third)
    assert response.status_code == 429
    body = response.get_json()
    assert body["code"] == "too_many_templates_saved" and body["retry_after"] > 0
    assert str(rules.TEMPLATES_PER_ADDRESS_BURST) in body["error"]


def test_a_saved_template_is_marked_used_only_when_a_workshop_was_made(
        app, client, make_socket, workshop):
    from canvas.db.models import PlanTemplate
    ctx = app.extensions["canvas"]
    store_plan(make_socket, workshop)
    key = save(client, workshop).get_json()["key"]
    with ctx.db.session() as session:
        saved_at = session.get(PlanTemplate, key).last_used_at
    refused = client.post("/api/workshops", json={"title": "", "template": key})
    assert refused.status_code == 400
    with ctx.db.session() as session:
        assert session.get(PlanTemplate, key).last_used_at == saved_at
    assert client.post("/api/workshops", json={"title": "Tweede", "template": key}) \
        .status_code == 201
    with ctx.db.session() as session:
        assert session.get(PlanTemplate, key).last_used_at > saved_at
