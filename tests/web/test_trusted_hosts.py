"""Links and the CSP are never built from a Host header the server does not trust (without
PUBLIC_URL): ``Host: evil.example`` must not yield a facilitator link on evil.example."""
import pytest


def create(client, host):
    response = client.post("/api/workshops", json={"title": "Wijk"}, headers={"Host": host})
    assert response.status_code == 201
    return response


@pytest.mark.parametrize("host", ["evil.example", "evil.example:5000", "localhost.evil.example",
                                  "127.0.0.1.evil.example", "localhost:notaport"])
def test_an_untrusted_host_appears_in_no_link_and_no_header(client, host):
    response = create(client, host)
    body = response.get_json()
    assert "evil" not in response.get_data(as_text=True)
    assert body["facilitator_url"].startswith(f"/f/{body['code']}#key=")
    assert body["join_url"] == f"/j/{body['code']}"
    assert "evil" not in response.headers["Content-Security-Policy"]
    page = client.get(f"/j/{body['code']}", headers={"Host": host})
    assert page.status_code == 200 and "evil" not in page.get_data(as_text=True)
    assert "evil" not in page.headers["Content-Security-Policy"]
    qr = client.get(f"/api/workshops/{body['code']}/qr.svg", headers={"Host": host})
    assert qr.status_code == 200


def test_an_untrusted_host_gets_the_lan_address_when_it_is_known(app, client):
    app.config["LAN_URL"] = "http://192.168.1.20:5000"
    body = create(client, "evil.example").get_json()
    assert body["join_url"] == f"http://192.168.1.20:5000/j/{body['code']}"


def test_trusted_hosts_are_used_as_the_browser_named_them(app, client):
    app.config["PUBLIC_HOSTS"] = ["canvas.example"]
    body = create(client, "canvas.example:8080").get_json()
    assert body["facilitator_url"].startswith("http://canvas.example:8080/f/")
    page = client.get("/", headers={"Host": "canvas.example:8080"})
    assert "connect-src 'self' ws://canvas.example:8080 wss://canvas.example:8080" in \
        page.headers["Content-Security-Policy"]
    # Loopback is trusted; with a LAN address known, phones get that instead.
    assert create(client, "127.0.0.1:5000").get_json()["join_url"].startswith(
        "http://127.0.0.1:5000/j/")
    app.config["LAN_URL"] = "http://192.168.1.20:5000"
    assert create(client, "localhost:5000").get_json()["join_url"].startswith(
        "http://192.168.1.20:5000/j/")


def test_public_url_wins_over_any_host(app, client):
    app.config["PUBLIC_URL"] = "https://canvas.example.org"
    body = create(client, "evil.example").get_json()
    assert body["facilitator_url"].startswith("https://canvas.example.org/f/")
