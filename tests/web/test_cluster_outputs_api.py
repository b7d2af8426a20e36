"""Clusters through the snapshot routes: the comparison of two moments, the exports, an import
of an export, and the poster; clusters made over Socket.IO as the facilitator page makes them."""
import csv
import io
import subprocess

import pytest


def key_header(workshop):
    return {"X-Facilitator-Key": workshop["facilitator_key"]}


@pytest.fixture
def room(client, workshop, make_socket):
    """A participant's six notes and a facilitator's socket."""
    writer = make_socket()
    writer.emit("join", {"code": workshop["code"], "name": "Anne"}, callback=True)
    for note_id, text in [("a", "Samen verantwoordelijk voor de wijk"),
                          ("b", "Wij zijn samen verantwoordelijk"), ("c", "Trots op de buurt"),
                          ("d", "Gedeelde agenda en dossier"), ("e", "Een gedeelde agenda"),
                          ("f", "Roulerend voorzitterschap")]:
        ack = writer.emit("note:add", {"id": note_id, "block": "regie", "text": text},
                          callback=True)
        assert ack["ok"], ack
    facilitator = make_socket()
    ack = facilitator.emit("join", {"code": workshop["code"],
                                    "facilitator_key": workshop["facilitator_key"]},
                           callback=True)
    assert ack["ok"], ack
    return workshop, facilitator


def emit_ok(socket, event, payload):
    ack = socket.emit(event, payload, callback=True)
    assert ack["ok"], (event, ack)
    return ack


def snapshot(client, workshop, label):
    response = client.post(f"/api/workshops/{workshop['code']}/snapshots", json={"label": label},
                           headers=key_header(workshop))
    assert response.status_code == 201
    return response.get_json()["id"]


def test_compare_shows_clusters_formed_renamed_grown_shrunk_and_dissolved(client, room):
    workshop, facilitator = room
    code = workshop["code"]
    emit_ok(facilitator, "cluster:create", {"id": "k-samen", "note_ids": ["a", "b"],
                                            "title": "Samen"})
    emit_ok(facilitator, "cluster:create", {"id": "k-agenda", "note_ids": ["d", "e"]})
    emit_ok(facilitator, "cluster:create", {"id": "k-weg", "note_ids": ["c", "f"],
                                            "title": "Los"})
    first = snapshot(client, workshop, "Na clusteren")
    body = client.get(f"/api/workshops/{code}/compare?from={first}").get_json()
    assert body["clusters"]["counts"] == {"formed": 0, "renamed": 0, "grown": 0, "shrunk": 0,
                                          "dissolved": 0}

    emit_ok(facilitator, "cluster:update", {"id": "k-samen", "title": "Samen verantwoordelijk",
                                            "add": ["c"]})
    emit_ok(facilitator, "cluster:update", {"id": "k-agenda", "note_ids": ["d"]})
    emit_ok(facilitator, "cluster:delete", {"id": "k-weg"})
    emit_ok(facilitator, "cluster:create", {"id": "k-nieuw", "note_ids": ["e", "f"],
                                            "title": "Nieuw"})
    second = snapshot(client, workshop, "Later")
    for to in (second, "current"):
        body = client.get(f"/api/workshops/{code}/compare?from={first}&to={to}").get_json()
        clusters = body["clusters"]
        assert clusters["counts"] == {"formed": 1, "renamed": 1, "grown": 1, "shrunk": 1,
                                      "dissolved": 1}
        assert clusters["formed"] == [{"id": "k-nieuw", "block": "regie", "subarea": None,
                                       "title": "Nieuw", "note_ids": ["e", "f"]}]
        assert clusters["renamed"] == [{"id": "k-samen", "block": "regie", "subarea": None,
                                        "title": "Samen verantwoordelijk",
                                        "title_before": "Samen"}]
        grown, = clusters["grown"]
        assert (grown["id"], grown["added"], grown["notes_before"], grown["notes_after"]) == \
            ("k-samen", ["c"], 2, 3)
        shrunk, = clusters["shrunk"]
        # untitled: shown by its first note
        assert (shrunk["id"], shrunk["title"], shrunk["removed"]) == \
            ("k-agenda", "Gedeelde agenda en dossier", ["e"])
        dissolved, = clusters["dissolved"]
        assert (dissolved["id"], dissolved["title"]) == ("k-weg", "Los")
        # the notes' own comparison is as it was
        assert {"before", "after", "blocks"} <= set(body)
        regie = next(b for b in body["blocks"] if b["key"] == "regie")
        assert regie["unchanged"] == 6 and not regie["added"] and not regie["removed"]


def test_compare_never_shows_a_cluster_of_hidden_notes(client, room):
    workshop, facilitator = room
    code = workshop["code"]
    first = snapshot(client, workshop, "Leeg")
    emit_ok(facilitator, "cluster:create", {"id": "k-geheim", "note_ids": ["d", "e"],
                                            "title": "Geheim"})
    for note_id in ("d", "e"):
        emit_ok(facilitator, "note:hide", {"id": note_id, "hidden": True})
    body = client.get(f"/api/workshops/{code}/compare?from={first}").get_json()
    assert body["clusters"]["counts"]["formed"] == 0
    assert "Geheim" not in str(body)


def test_exports_and_import_of_a_canvas_with_clusters(client, room):
    workshop, facilitator = room
    code = workshop["code"]
    emit_ok(facilitator, "cluster:create", {"id": "k-samen", "note_ids": ["b", "a"],
                                            "title": "=Samen"})
    base = f"/api/workshops/{code}/snapshots/current"
    exported = client.get(base + "/export.json").get_json()
    assert [(c["title"], c["note_ids"]) for c in exported["clusters"]] == \
        [("=Samen", ["b", "a"])]
    rows = list(csv.reader(io.StringIO(client.get(base + "/export.csv").data.decode()[1:]),
                           delimiter=";"))
    # The commitment columns came later, after the cluster, so it stays where it was.
    column = rows[0].index("Cluster")
    assert rows[0][column - 1] == "Geschreven op" and column == len(rows[0]) - 5
    by_text = {row[2]: row[column] for row in rows[1:]}
    assert by_text["Wij zijn samen verantwoordelijk"] == "'=Samen"
    assert by_text["Trots op de buurt"] == ""
    md = client.get(base + "/export.md").data.decode()
    assert "- **\\=Samen** (2 notities)\n  - Wij zijn samen verantwoordelijk — Anne\n" \
           "  - Samen verantwoordelijk voor de wijk — Anne\n" in md

    response = client.post("/api/workshops/import", json=exported)
    assert response.status_code == 201
    state = client.get(f"/api/workshops/{response.get_json()['code']}").get_json()
    cluster, = state["clusters"]
    texts = {n["id"]: n["text"] for n in state["notes"]}
    assert cluster["title"] == "=Samen"
    assert [texts[i] for i in cluster["note_ids"]] == ["Wij zijn samen verantwoordelijk",
                                                       "Samen verantwoordelijk voor de wijk"]
    assert {n["cluster_id"] for n in state["notes"] if n["id"] in cluster["note_ids"]} == \
        {cluster["id"]}

    exported["clusters"][0]["note_ids"] = ["a", "zz"]
    response = client.post("/api/workshops/import", json=exported)
    assert response.status_code == 400
    body = response.get_json()
    assert body["code"] == "bad_import" and "cluster 1" in body["error"]
    exported["clusters"] = {"not": "a list"}
    assert client.post("/api/workshops/import", json=exported).status_code == 400


def test_poster_of_a_canvas_with_clusters(client, room, tmp_path):
    workshop, facilitator = room
    emit_ok(facilitator, "cluster:create", {"id": "k-samen", "note_ids": ["a", "b"],
                                            "title": "Samen verantwoordelijk"})
    response = client.get(f"/api/workshops/{workshop['code']}/snapshots/current/poster.pdf"
                          "?size=A3")
    assert response.status_code == 200
    path = tmp_path / "poster.pdf"
    path.write_bytes(response.data)
    response.close()
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "Samen verantwoordelijk" in flat and "2 notities" in flat
    assert "Top 10" not in flat   # no votes given
