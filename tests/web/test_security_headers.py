"""Security headers, request size limits and the guard against guessing codes, over HTTP."""
from types import SimpleNamespace

import pytest

from canvas.services import limits, records


@pytest.fixture
def paths(client, workshop):
    code = workshop["code"]
    sid = client.post(f"/api/workshops/{code}/snapshots", json={"label": "x"},
                      headers={"X-Facilitator-Key": workshop["facilitator_key"]}).get_json()["id"]
    return ["/", f"/j/{code}", f"/p/{code}", f"/f/{code}", f"/s/{code}/{sid}",
            f"/c/{code}?from={sid}&to=current", f"/api/workshops/{code}",
            f"/api/workshops/{code}/qr.svg", "/static/img/favicon.svg", "/api/nothing",
            "/j/NOPE99"]


def test_every_response_carries_the_security_headers(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code < 500, path
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "same-origin", path
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_scripts_and_styles_carry_nosniff(client):
    """Scripts, styles and fonts are no documents: of the headers above only nosniff applies to
    them (canvas/web/assets.py, DOCUMENT_HEADERS), and each costs bytes on every file."""
    from canvas.web.assets import static_version
    for path in ("/static/js/participant.js", f"/static/{static_version()}/css/base.css",
                 f"/static/{static_version()}/js/dom.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path


def test_pages_have_no_inline_script(client, paths):
    import re
    for path in paths[:6]:
        html = client.get(path).get_data(as_text=True)
        for tag in re.findall(r"<script\b[^>]*>", html):
            # Only module files, and the page's data as JSON (never executed).
            assert 'src="/static/' in tag or 'type="application/json"' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+\s*=", html), path  # no inline event handlers


def test_a_body_over_the_limit_is_a_413_in_json(client, app):
    body = b'{"title": "' + b"x" * app.config["MAX_CONTENT_LENGTH"] + b'"}'
    response = client.post("/api/workshops", data=body, content_type="application/json")
    assert response.status_code == 413 and response.get_json()["code"] == "too_large"


def test_guessing_codes_over_http_is_slowed_down_per_address(client):
    """An address out of failed lookups gets the same 429 for a real and an unknown code it
    has not shown it belongs to; the join link's tag (the QR) or the key gets it in, and the
    workshop's own network is never refused."""
    room = {"REMOTE_ADDR": "10.1.2.3"}
    created = client.post("/api/workshops", json={"title": "Wijk"}, environ_base=room)
    code, key = created.get_json()["code"], created.get_json()["facilitator_key"]
    for i in range(limits.FAILED_JOIN_BURST):
        assert client.get(f"/api/workshops/ZZZ{i:03d}").status_code == 404
    refused = client.get(f"/api/workshops/{code}")
    unknown = client.get("/api/workshops/ZZZ999")
    assert refused.status_code == unknown.status_code == 429
    assert refused.get_json() == unknown.get_json()
    assert refused.get_json()["code"] == "too_many_attempts"
    assert refused.get_json()["retry_after"] >= 1
    assert str(limits.FAILED_JOIN_BURST) in refused.get_json()["error"]
    assert client.get(f"/j/{code}").status_code == 429
    assert client.get(f"/j/{code}?k=0123456789abcdef").status_code == 429  # a wrong tag
    assert client.get(f"/api/workshops/{code}", headers={"X-Facilitator-Key": "x" * 32}
                      ).status_code == 429
    # The room's own network never met the guard.
    assert client.get(f"/api/workshops/{code}", environ_base=room).status_code == 200
    # The QR code's link carries the tag: it gets in, and from then on the address belongs.
    tag = records.link_tag(SimpleNamespace(facilitator_key_hash=records.hash_secret(key)))
    assert client.get(f"/j/{code}?k={tag}").status_code == 200
    assert client.get(f"/api/workshops/{code}").status_code == 200
    assert client.get(f"/api/workshops/{code}/snapshots/current/export.json").status_code == 200
    assert client.get("/api/workshops/ZZZ998").status_code == 429  # still guessing: refused
    # Another address is not affected.
    other = client.get(f"/api/workshops/{code}", environ_base={"REMOTE_ADDR": "10.7.7.7"})
    assert other.status_code == 200


def test_the_qr_code_carries_the_join_links_tag(client, monkeypatch):
    import segno
    made = []
    real = segno.make
    monkeypatch.setattr(segno, "make", lambda content, **kw: made.append(content) or
                        real(content, **kw))
    created = client.post("/api/workshops", json={"title": "Wijk"}).get_json()
    assert client.get(f"/api/workshops/{created['code']}/qr.svg").status_code == 200
    tag = records.link_tag(SimpleNamespace(
        facilitator_key_hash=records.hash_secret(created["facilitator_key"])))
    assert made == [f"{created['join_url']}?k={tag}"]
