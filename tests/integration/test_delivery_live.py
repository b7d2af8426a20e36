"""What the real server (gunicorn, gevent) sends over the wire: compressed answers (brotli for a
browser that accepts it, gzip for a client that only takes gzip, nothing for one that takes
neither), a year's immutable cache on versioned static URLs, a minute on plain ones, and the
answers that must not be cached still not cached."""
import gzip
import http.client

import brotli
import pytest
import requests
import socketio
from liveserver import running_server

from canvas.web.assets import VERSIONED_CACHE_CONTROL, static_version

BR, GZIP = "br, gzip, deflate", "gzip"


def raw_get(server, path, accept=None, headers=None):
    """GET without any decoding by the client: (status, headers, body as sent)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        all_headers = dict(headers or {})
        if accept is not None:
            all_headers["Accept-Encoding"] = accept
        connection.request("GET", path, headers=all_headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def decoded(headers, body):
    encoding = headers.get("content-encoding")
    if encoding == "br":
        return brotli.decompress(body)
    if encoding == "gzip":
        return gzip.decompress(body)
    assert encoding is None, encoding
    return body


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """One server for this module: its tests only read."""
    folder = tmp_path_factory.mktemp("delivery")
    with running_server(f"sqlite:///{folder / 'live.db'}") as server:
        yield server


@pytest.fixture(scope="module")
def workshop(live_server):
    return live_server.create_workshop()


@pytest.fixture(scope="module")
def snapshot(live_server, workshop):
    client = socketio.SimpleClient()
    client.connect(live_server.url, transports=["websocket"])
    try:
        assert client.call("join", {"code": workshop["code"], "name": "Fatima"})["ok"]
        for i in range(20):
            ack = client.call("note:add", {"id": f"n-delivery-{i}", "block": "spelregels",
                                           "text": f"Samen beslissen over het budget, ronde {i}"})
            assert ack["ok"], ack
    finally:
        client.disconnect()
    response = requests.post(f"{live_server.url}/api/workshops/{workshop['code']}/snapshots",
                             json={"label": "Na ronde 1"}, timeout=10,
                             headers={"X-Facilitator-Key": workshop["facilitator_key"]})
    response.raise_for_status()
    return response.json()


@pytest.mark.parametrize("accept, expected", [(BR, "br"), (GZIP, "gzip"), ("identity", None)])
def test_static_pages_and_api_are_compressed_as_the_client_accepts(live_server, workshop,
                                                                   accept, expected):
    code = workshop["code"]
    version = static_version()
    for path in (f"/static/{version}/js/participant.js", f"/static/{version}/css/base.css",
                 "/static/js/participant.js", f"/j/{code}", "/", f"/api/workshops/{code}"):
        status, headers, body = raw_get(live_server, path, accept)
        assert status == 200, path
        assert headers.get("content-encoding") == expected, (path, headers)
        assert "accept-encoding" in headers.get("vary", "").lower(), path
        assert int(headers["content-length"]) == len(body), path
        plain = raw_get(live_server, path, "identity")[2]
        if path.startswith("/static/"):
            assert decoded(headers, body) == plain, path
            if expected:
                assert len(body) < len(plain) / 2, path
        else:   # a page or state rendered twice may differ (no-store state, CSP nonce-free)
            assert decoded(headers, body).startswith(plain[:20]), path


def test_versioned_static_urls_are_cached_a_year_and_plain_ones_a_minute(live_server):
    version = static_version()
    status, headers, _ = raw_get(live_server, f"/static/{version}/js/participant.js", BR)
    assert status == 200
    assert headers["cache-control"] == VERSIONED_CACHE_CONTROL
    assert headers["x-content-type-options"] == "nosniff"
    assert "access-control-allow-origin" not in headers
    etag = headers["etag"]
    status, headers, body = raw_get(live_server, f"/static/{version}/js/participant.js", BR,
                                    {"If-None-Match": etag})
    assert status == 304 and body == b""

    status, headers, _ = raw_get(live_server, "/static/js/participant.js", BR)
    assert status == 200
    assert headers["cache-control"] == "max-age=60, public"
    assert "immutable" not in headers["cache-control"]

    assert raw_get(live_server, f"/static/{version}/js/nothing.js", BR)[0] == 404
    assert raw_get(live_server, "/static/000000000000/js/participant.js", BR)[0] == 404


def test_pages_link_their_files_under_the_version(live_server, workshop):
    _, _, body = raw_get(live_server, f"/j/{workshop['code']}", "identity")
    html = body.decode()
    assert f'src="/static/{static_version()}/js/participant.js"' in html
    assert f'href="/static/{static_version()}/css/participant.css"' in html
    assert 'href="/static/css' not in html and 'src="/static/js' not in html


def test_answers_that_were_not_cached_still_are_not(live_server, workshop, snapshot):
    code, key = workshop["code"], workshop["facilitator_key"]
    status, headers, _ = raw_get(live_server, f"/api/workshops/{code}", BR,
                                 {"X-Facilitator-Key": key})
    assert status == 200 and headers["cache-control"] == "no-store"
    export = f"/api/workshops/{code}/snapshots/{snapshot['id']}/export"
    for kind in ("json", "csv", "md"):
        status, headers, body = raw_get(live_server, f"{export}.{kind}", BR)
        assert status == 200, kind
        assert headers["cache-control"] == "no-store", kind
        assert headers.get("content-encoding") == "br", kind   # exports are text: compressed
        assert b"ronde 19" in decoded(headers, body), kind
    status, headers, _ = raw_get(live_server, f"/api/workshops/{code}/qr.svg", BR)
    assert status == 200 and headers["cache-control"] == "no-cache"


def test_posters_are_not_compressed(live_server, workshop, snapshot):
    code = workshop["code"]
    status, headers, body = raw_get(
        live_server, f"/api/workshops/{code}/snapshots/{snapshot['id']}/poster.pdf?size=A4", BR)
    assert status == 200 and body.startswith(b"%PDF")
    assert "content-encoding" not in headers    # a PDF is compressed inside already
