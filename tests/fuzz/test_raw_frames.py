"""Raw Socket.IO frames over a real WebSocket to a real server: frames no Socket.IO library
would send (broken JSON, deep nesting, huge integers, events that are not ``[name, ...]``,
binary attachments that do not add up, messages over the size limit).

Every frame that carries an ack id is acked with ``{"ok": false, ...}`` naming what was wrong
(never ``internal``), or, beyond the transport's own limit, the connection is closed at once;
the server process lives on, logs no traceback, and other clients are answered as before.
"""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from liveserver import server_under_attack
from rawsocket import IGNORED_BY_PROTOCOL, MALFORMED_FRAMES, RawSocket

from canvas.services.rules import JSON_DEPTH_MAX, SOCKET_ENGINE_MAX, SOCKET_MESSAGE_MAX

WAIT = 5.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with server_under_attack(tmp_path_factory.mktemp("raw-frames"), threads=40) as server:
        yield server


@pytest.fixture(scope="module")
def witness(server):
    """A well-formed client, joined as projector: answered after every hostile frame."""
    raw = RawSocket(server.url)
    assert raw.emit("join", {"code": server.workshop["code"], "view": "projector"}, 1)["ok"]
    yield raw
    raw.close()


def still_answered(server, witness):
    assert server.process.poll() is None, server.output()[-3000:]
    ack = witness.emit("nope", {}, 2, WAIT)
    assert isinstance(ack, dict) and ack["code"] == "unknown_event", ack


def refusal(ack):
    assert isinstance(ack, dict), ack
    assert ack["ok"] is False and ack["code"] != "internal", ack
    assert isinstance(ack["error"], str) and ack["error"], ack
    return ack


@pytest.mark.parametrize("name, frames, ack_id", MALFORMED_FRAMES,
                         ids=[name for name, _, _ in MALFORMED_FRAMES])
def test_every_malformed_frame_is_acked(server, witness, name, frames, ack_id):
    raw = RawSocket(server.url)
    try:
        for frame in frames:
            raw.send(frame)
        if name in IGNORED_BY_PROTOCOL:
            assert raw.ack(ack_id, 1.0) is None
            # ... and the connection is still answered on "/".
            assert raw.emit("nope", {}, 99, WAIT)["code"] == "unknown_event"
        else:
            refusal(raw.ack(ack_id, WAIT))
    finally:
        raw.close()
    still_answered(server, witness)


def test_the_refusals_say_the_limit(server):
    raw = RawSocket(server.url)
    try:
        raw.send('423["note:add",' + "[" * 40 + "]" * 40 + "]")
        ack = refusal(raw.ack(3, WAIT))
        assert ack["code"] == "too_deep" and str(JSON_DEPTH_MAX) in ack["error"]
        raw.send('424["note:add",' + "7" * 4301 + "]")
        ack = refusal(raw.ack(4, WAIT))
        assert ack["code"] == "bad_frame" and "100" in ack["error"]
        # Nested exactly as deep as allowed is no refusal for depth.
        allowed = "[" * (JSON_DEPTH_MAX - 1) + "{}" + "]" * (JSON_DEPTH_MAX - 1)
        raw.send('425["note:add",' + allowed + "]")
        assert raw.ack(5, WAIT)["code"] == "not_joined"
    finally:
        raw.close()


def test_a_message_over_the_app_limit_is_refused_with_the_limit(server, witness):
    raw = RawSocket(server.url)
    try:
        assert raw.emit("join", {"code": server.workshop["code"], "name": "Groot"}, 1)["ok"]
        text = "x" * (SOCKET_MESSAGE_MAX + 1)
        ack = refusal(raw.emit("note:add", {"id": "big", "block": "regie", "text": text}, 2))
        assert ack["code"] == "message_too_large"
        assert f"{SOCKET_MESSAGE_MAX // 1024} kB" in ack["error"]
        # Counted in bytes as sent: 70,000 four-byte characters are 280 kB.
        ack = refusal(raw.emit("note:add", {"id": "big", "block": "regie",
                                            "text": "😀" * 70_000}, 3))
        assert ack["code"] == "message_too_large"
        # The connection goes on: a note of normal size is taken.
        ack = raw.emit("note:add", {"id": "small", "block": "regie", "text": "klein"}, 4)
        assert ack["ok"], ack
    finally:
        raw.close()
    still_answered(server, witness)


def test_a_message_over_the_transport_limit_closes_only_its_connection(server, witness):
    raw = RawSocket(server.url)
    try:
        payload = json.dumps(["note:add", {"id": "huge", "text": "x" * SOCKET_ENGINE_MAX}])
        raw.send("425" + payload)
        assert raw.ack(5, WAIT) == "closed"  # at once, not after the client's own time-out
    finally:
        raw.close()
    still_answered(server, witness)


# Generated frames: a Socket.IO EVENT header with an ack id, then a body that is JSON of any
# shape, broken JSON, very deep or holds huge numbers.
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=10)
bodies = st.one_of(
    json_values.map(json.dumps),
    st.tuples(st.text(max_size=20), json_values).map(lambda p: json.dumps(list(p))),
    st.tuples(st.sampled_from(["join", "note:add", "note:vote", "workshop:update"]),
              json_values).map(lambda p: json.dumps(list(p))),
    json_values.map(json.dumps).flatmap(  # cut or spliced: broken JSON
        lambda text: st.integers(min_value=0, max_value=len(text)).map(lambda i: text[:i])),
    st.text(max_size=40),
    st.integers(min_value=JSON_DEPTH_MAX, max_value=20_000).map(
        lambda depth: '["note:add",' + "[" * depth + "]" * depth + "]"),
    st.integers(min_value=101, max_value=10_000).map(lambda n: "[" + "9" * n + "]"),
    st.sampled_from(["", "[]", "{}", "[{}]", "[[]]", "null", "[1,", '["a"', "[\"\\ud800\"]"]),
)
headers = st.one_of(st.just("2"), st.just("5"), st.builds(lambda n: f"5{n}-",
                                                          st.integers(0, 12)))


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(header=headers, body=bodies, ack_id=st.integers(min_value=0, max_value=10**9))
def test_generated_frames_are_acked(server, witness, header, body, ack_id):
    raw = RawSocket(server.url)
    try:
        raw.send("4" + header + str(ack_id) + body)  # "4": an Engine.IO message
        ack = raw.ack(ack_id, WAIT)
        # A body that starts with a digit merges into the ack id: no id the sender can
        # know, and then no answer is owed. After a header without a count of attachments
        # ("2", "5") a body that starts with "-" turns the ack id into that count ("20-1": no
        # attachments, ack id 1), as the protocol reads it; such a frame is answered under the
        # id that follows, if any. Every other frame is answered.
        merged = body[:1].isdigit() or (header in ("2", "5") and body[:1] == "-")
        if not merged:
            assert isinstance(ack, dict), (header, ack_id, body[:200], ack)
            assert ack["ok"] is False or header == "2", ack
            assert ack.get("code") != "internal", ack
    finally:
        raw.close()
    assert server.process.poll() is None


def test_an_ack_id_read_as_a_count_of_attachments_is_answered_under_the_next_id(server):
    raw = RawSocket(server.url)
    try:
        raw.send("4" + "20-1")  # no attachments, ack id 1, no data: not an event
        ack = raw.ack(1, WAIT)
        assert ack["ok"] is False and ack["code"] == "bad_frame", ack
    finally:
        raw.close()


@pytest.mark.parametrize("auth", ["{broken", "[" * 5000, "9" * 500, '"text"'])
def test_a_connect_with_a_malformed_auth_still_connects(server, auth):
    raw = RawSocket(server.url, connect=False)
    try:
        answer = raw.connect_namespace("40" + auth)
        assert answer is not None and answer.startswith("0"), answer
        assert raw.emit("nope", {}, 7, WAIT)["code"] == "unknown_event"
    finally:
        raw.close()
