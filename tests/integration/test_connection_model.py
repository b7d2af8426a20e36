"""The production connection model: `netwerk-canvas serve` runs gunicorn's gevent worker with
Flask-SocketIO in gevent mode, and watches its event loop; `--worker gthread` is the
thread-per-connection model kept for comparison (docs/performance.md)."""
import pytest
from liveserver import running_server


@pytest.mark.parametrize("worker", [None, "gthread"])
def test_both_models_serve_a_room_and_only_gevent_watches_its_loop(tmp_path, connect_peer,
                                                                  worker):
    with running_server(f"sqlite:///{tmp_path / 'live.db'}", worker=worker) as server:
        code = server.create_workshop()["code"]
        writer = connect_peer(server.url, "writer")
        reader = connect_peer(server.url, "reader")
        writer.join(code, name="Fatima")
        reader.join(code, name="Joost")
        ack = writer.call("note:add", {"id": "model-1", "block": "regie", "subarea": None,
                                       "text": "Wie houdt de regie?"})
        assert ack["ok"] is True, ack
        assert reader.wait_for("note:added")["note"]["id"] == "model-1"
        started = server.output()
    # Gunicorn's own lines ("Using worker: ...") are left out of a quiet log; that the worker
    # is ours shows in tests/integration/test_hostile_http_live.py (its JSON refusals).
    assert "[INFO]" not in started
    # The loop watch runs in the gevent worker only, and reports as the worker stops.
    if worker is None:
        assert "event loop stalls: " in server.final_output, server.final_output[-2000:]
    else:
        assert "event loop stalls" not in server.final_output
    assert "Traceback" not in server.final_output, server.final_output[-3000:]
