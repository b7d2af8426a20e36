"""The HTTP API and pages through Flask's test client."""
import io

import pytest


def test_create_workshop_answers_the_contract(client):
    response = client.post("/api/workshops", json={"title": "Energie Regio", "language": "en"})
    assert response.status_code == 201
    body = response.get_json()
    assert {"code", "facilitator_key", "facilitator_url", "join_url", "projector_url",
            "qr_url"} <= set(body)
    assert body["language"] == "en"
    assert body["join_url"].endswith("/j/" + body["code"])
    # The key travels in the fragment, which browsers never send to the server.
    assert body["facilitator_url"].endswith(f"/f/{body['code']}#key={body['facilitator_key']}")


@pytest.mark.parametrize("body", [{}, {"title": ""}, {"title": "x" * 121},
                                  {"title": "ok", "language": "fr"}, [], "title"])
def test_create_workshop_refuses_bad_input_with_json(client, body):
    response = client.post("/api/workshops", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]


def test_create_workshop_without_json_is_a_400(client):
    response = client.post("/api/workshops", data="title=x",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and response.get_json()["code"] == "bad_payload"


def test_a_body_over_the_limit_is_a_413(client):
    response = client.post("/api/workshops", data="x" * (300 * 1024),
                           content_type="application/json")
    assert response.status_code == 413 and response.get_json()["code"] == "too_large"


def test_state_public_and_facilitator_views(client, workshop):
    code, key = workshop["code"], workshop["facilitator_key"]
    public = client.get(f"/api/workshops/{code}")
    assert public.status_code == 200
    body = public.get_json()
    assert body["code"] == code and body["rev"] == 0 and body["notes"] == []
    assert [b["key"] for b in body["blocks"]] == ["identiteit", "spelregels", "organisatie",
                                                  "regie", "coalities"]
    assert key not in public.get_data(as_text=True) and "facilitator" not in body
    facilitator = client.get(f"/api/workshops/{code}", headers={"X-Facilitator-Key": key})
    assert facilitator.get_json()["facilitator"] is True
    wrong = client.get(f"/api/workshops/{code}", headers={"X-Facilitator-Key": "nope"})
    assert wrong.status_code == 403 and wrong.get_json()["code"] == "bad_facilitator_key"


def test_state_in_english_on_request(client, workshop):
    body = client.get(f"/api/workshops/{workshop['code']}?lang=en").get_json()
    assert body["blocks"][0]["title"] == "Identity"


def test_unknown_workshop_is_a_404_with_json(client):
    response = client.get("/api/workshops/QQQQQQ")
    assert response.status_code == 404 and response.get_json()["code"] == "workshop_not_found"
    assert client.get("/api/nothing").status_code == 404
    assert client.delete("/api/workshops").get_json()["code"] == "method_not_allowed"


def test_qr_code_is_svg_of_the_join_link(client, workshop):
    response = client.get(f"/api/workshops/{workshop['code']}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg")


@pytest.mark.parametrize("query", ["code=1", "endpoint=x", "_anchor=x", "_external=1",
                                   "lang=en&code=ABC"])
def test_query_keys_that_clash_with_the_route_do_not_break_a_page(client, workshop, query):
    response = client.get(f"/j/{workshop['code']}?{query}")
    assert response.status_code == 200
    assert workshop["code"] in response.get_data(as_text=True)


def test_the_facilitator_page_opens_the_projector_in_its_own_language(client, workshop):
    code = workshop["code"]
    assert f'href="/p/{code}?lang=en"' in client.get(f"/f/{code}?lang=en").get_data(as_text=True)
    assert f'href="/p/{code}?lang=nl"' in client.get(f"/f/{code}?lang=nl").get_data(as_text=True)


def test_a_body_nested_deeper_than_the_limit_is_refused_naming_it(client):
    for depth in (33, 5000):  # past the limit (32), and past the parser's own recursion
        body = "[" * depth + "]" * depth
        for path in ("/api/workshops", "/api/workshops/import"):
            response = client.post(path, data=body, content_type="application/json")
            assert response.status_code == 400, path
            assert response.get_json()["code"] == "too_deep"
            assert "32" in response.get_json()["error"]


def test_the_projector_page_comes_in_its_theme_before_the_first_join(client, workshop, make_socket):
    code = workshop["code"]
    page = client.get(f"/p/{code}").get_data(as_text=True)
    assert 'class="page-projector"' in page
    facilitator = make_socket()
    assert facilitator.emit("join", {"code": code, "facilitator_key": workshop["facilitator_key"]},
                            callback=True)["ok"]
    assert facilitator.emit("workshop:update", {"high_contrast": True, "large_text": True},
                            callback=True)["ok"]
    page = client.get(f"/p/{code}").get_data(as_text=True)
    assert 'class="page-projector theme-contrast is-large-text"' in page
    # The theme is the projector's: the other pages of the workshop stay as they are.
    assert "theme-contrast" not in client.get(f"/j/{code}").get_data(as_text=True)


def test_the_remote_qr_code_needs_the_key_and_takes_in_no_large_body(client, workshop):
    code, key = workshop["code"], workshop["facilitator_key"]
    url = f"/api/workshops/{code}/remote-qr.svg"
    assert client.post(url).status_code == 401
    assert client.post(url, headers={"X-Facilitator-Key": "wrong"}).status_code == 403
    response = client.post(url, headers={"X-Facilitator-Key": key})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "image/svg+xml"
    # A body declared over the limit is refused before it is read (the route reads none).
    big = client.post(url, headers={"X-Facilitator-Key": key}, input_stream=io.BytesIO(b""),
                      environ_overrides={"CONTENT_LENGTH": str(10**9)})
    assert big.status_code == 413
    assert big.get_json()["code"] == "too_large"


def test_the_remote_link_carries_the_join_tag_and_the_key_in_its_fragment(app, workshop):
    from canvas.services import workshops
    from canvas.web import services
    from canvas.web.links import remote_url
    with app.test_request_context("/"):
        info = workshops.workshop_info(services(), workshop["code"])
        url = remote_url(info.code, workshop["facilitator_key"], info.link)
    key = workshop["facilitator_key"]
    assert info.link and url.endswith(f"/r/{info.code}?k={info.link}#key={key}")


def test_the_facilitator_page_warns_that_a_remote_over_plain_http_sends_the_key_unencrypted(
        app, client, workshop):
    from canvas.i18n import table
    warning = table("nl")["remote_plain_http"][:40]
    code = workshop["code"]
    app.config["PUBLIC_URL"] = "http://192.168.1.20:5000"
    page = client.get(f"/f/{code}").get_data(as_text=True)
    assert 'id="remote-plain"' in page and warning in page
    app.config["PUBLIC_URL"] = "https://canvas.gemeente.nl"
    page = client.get(f"/f/{code}").get_data(as_text=True)
    assert 'id="remote-plain"' not in page and warning not in page
