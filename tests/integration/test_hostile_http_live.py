"""Hostile HTTP against a real server (gunicorn, as ``netwerk-canvas serve`` runs it): every
JSON route refuses deep nesting with a 400 in JSON that names the limit, and the requests that
gunicorn itself refuses (request line or headers too large, not HTTP at all) are answered in
JSON too, never with gunicorn's HTML page."""
import socket

import pytest
import requests
from liveserver import server_under_attack

from canvas.cli import REQUEST_FIELD_SIZE_MAX, REQUEST_FIELDS_MAX, REQUEST_LINE_MAX
from canvas.services.rules import JSON_DEPTH_MAX


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with server_under_attack(tmp_path_factory.mktemp("hostile-http"), threads=20) as server:
        yield server


def json_routes(server):
    code, key = server.workshop["code"], server.workshop["facilitator_key"]
    return [("/api/workshops", {}),
            (f"/api/workshops/{code}/snapshots", {"X-Facilitator-Key": key}),
            ("/api/workshops/import", {})]


def json_refusal(response, status, code):
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["error"], body
    return body


@pytest.mark.parametrize("route", [0, 1, 2], ids=["create", "snapshot", "import"])
@pytest.mark.parametrize("depth", [JSON_DEPTH_MAX + 1, 900, 5000, 30_000])  # all < 256 kB
def test_every_json_route_refuses_deep_nesting_naming_the_limit(server, route, depth):
    path, headers = json_routes(server)[route]
    for body in ("[" * depth + "]" * depth,
                 '{"title": ' + "[" * depth + "]" * depth + ', "label": "x"}',
                 '{"a":' * depth + "1" + "}" * depth):
        response = requests.post(server.url + path, data=body, timeout=10,
                                 headers={"Content-Type": "application/json", **headers})
        refused = json_refusal(response, 400, "too_deep")
        assert str(JSON_DEPTH_MAX) in refused["error"]


def test_nesting_within_the_limit_reaches_the_route(server):
    path, headers = json_routes(server)[1]  # a snapshot: its label must be text
    label = "[" * (JSON_DEPTH_MAX - 1) + "]" * (JSON_DEPTH_MAX - 1)
    response = requests.post(server.url + path, data='{"label": ' + label + "}", timeout=10,
                             headers={"Content-Type": "application/json", **headers})
    json_refusal(response, 400, "bad_field")


def test_a_request_line_over_gunicorns_limit_is_a_json_414(server):
    response = requests.get(server.url + "/api/workshops/" + "A" * REQUEST_LINE_MAX, timeout=10)
    refused = json_refusal(response, 414, "uri_too_long")
    assert f"{REQUEST_LINE_MAX}" in refused["error"]


@pytest.mark.parametrize("headers", [
    {"X-Big": "a" * (REQUEST_FIELD_SIZE_MAX + 10)},
    {f"X-Field-{i}": "a" for i in range(REQUEST_FIELDS_MAX + 5)},
], ids=["field too large", "too many fields"])
def test_headers_over_gunicorns_limits_are_a_json_431(server, headers):
    response = requests.get(server.url + "/api/health", headers=headers, timeout=10)
    refused = json_refusal(response, 431, "headers_too_large")
    assert f"{REQUEST_FIELD_SIZE_MAX}" in refused["error"]
    assert f"{REQUEST_FIELDS_MAX}" in refused["error"]


def test_a_request_that_is_not_http_is_a_json_400(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        raw.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        answer = b""
        while chunk := raw.recv(4096):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), answer[:200]
    assert b"Content-Type: application/json" in head
    assert b'"code": "bad_request_line"' in body
    # The server goes on answering.
    assert requests.get(server.url + "/api/health", timeout=10).status_code == 200


def test_a_body_over_the_limit_names_it(server):
    response = requests.post(server.url + "/api/workshops", data="x" * (300 * 1024),
                             headers={"Content-Type": "application/json"}, timeout=10)
    refused = json_refusal(response, 413, "too_large")
    assert "256 kB" in refused["error"]
