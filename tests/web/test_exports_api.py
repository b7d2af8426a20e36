"""Snapshot, export, import, compare and delete routes through Flask's test client."""
import pytest


@pytest.fixture
def filled(client, workshop, make_socket):
    """The workshop with two notes posted by a participant over Socket.IO."""
    writer = make_socket()
    writer.emit("join", {"code": workshop["code"], "name": "Anne"}, callback=True)
    writer.emit("note:add", {"id": "a", "block": "identiteit", "text": "Ëén wijk & <b>"},
                callback=True)
    writer.emit("note:add", {"id": "b", "block": "coalities", "text": "Buurtkamer",
                             "coalition": {"werkvorm": "project"}}, callback=True)
    return workshop, writer


def key_header(workshop):
    return {"X-Facilitator-Key": workshop["facilitator_key"]}


def test_take_and_list_snapshots(client, filled):
    workshop, _ = filled
    url = f"/api/workshops/{workshop['code']}/snapshots"
    response = client.post(url, json={"label": "Einde"}, headers=key_header(workshop))
    assert response.status_code == 201
    body = response.get_json()
    assert {"id", "label", "created_at", "rev"} <= set(body) and body["rev"] == 2
    assert client.get(url).get_json()["snapshots"] == [body]


@pytest.mark.parametrize("headers, status", [({}, 401), ({"X-Facilitator-Key": "x"}, 403)])
def test_snapshot_needs_the_facilitator_key(client, workshop, headers, status):
    response = client.post(f"/api/workshops/{workshop['code']}/snapshots", json={"label": "x"},
                           headers=headers)
    assert response.status_code == status and response.get_json()["error"]


def test_exports_download_with_the_right_types(client, filled):
    workshop, _ = filled
    code = workshop["code"]
    sid = client.post(f"/api/workshops/{code}/snapshots", json={"label": "Eind sessie"},
                      headers=key_header(workshop)).get_json()["id"]
    for snapshot_id in (sid, "current"):
        base = f"/api/workshops/{code}/snapshots/{snapshot_id}"
        as_json = client.get(base + "/export.json")
        assert as_json.mimetype == "application/json"
        assert as_json.get_json()["notes"][0]["text"] == "Ëén wijk & <b>"
        as_csv = client.get(base + "/export.csv")
        assert as_csv.mimetype == "text/csv" and as_csv.data.startswith(b"\xef\xbb\xbf")
        # The charset is named once (it came twice, which some clients refuse).
        assert as_csv.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert "Ëén wijk & <b>" in as_csv.data.decode("utf-8")
        md = client.get(base + "/export.md")
        assert md.mimetype == "text/markdown" and "Buurtkamer" in md.data.decode()
        assert md.headers["Content-Type"] == "text/markdown; charset=utf-8"
        assert "attachment" in md.headers["Content-Disposition"]
    assert 'netwerk-canvas-' + code + '-eind-sessie.json' in \
        client.get(f"/api/workshops/{code}/snapshots/{sid}/export.json") \
        .headers["Content-Disposition"]
    assert client.get(f"/api/workshops/{code}/snapshots/{sid}/export.xls").status_code == 404
    assert client.get(f"/api/workshops/{code}/snapshots/999/export.json").status_code == 404


def test_unknown_poster_size_is_a_400(client, filled):
    workshop, _ = filled
    response = client.get(f"/api/workshops/{workshop['code']}/snapshots/current/poster.pdf"
                          "?size=B5")
    assert response.status_code == 400 and response.get_json()["code"] == "unknown_size"


def test_import_creates_a_new_workshop(client, filled):
    workshop, _ = filled
    exported = client.get(f"/api/workshops/{workshop['code']}/snapshots/current/export.json")
    response = client.post("/api/workshops/import", json=exported.get_json())
    assert response.status_code == 201
    body = response.get_json()
    assert body["facilitator_key"] and body["code"] != workshop["code"]
    copy = client.get(f"/api/workshops/{body['code']}").get_json()
    assert [n["text"] for n in copy["notes"]] == ["Ëén wijk & <b>", "Buurtkamer"]
    assert client.post("/api/workshops/import", json={"format": "x"}).status_code == 400


def test_import_accepts_more_than_the_normal_body_limit(client, workshop):
    notes = [{"block": "regie", "text": f"notitie {i} " + "x" * 400} for i in range(1000)]
    data = {"format": "netwerk-canvas", "version": 1, "workshop": {"title": "Groot"},
            "notes": notes}
    response = client.post("/api/workshops/import", json=data)
    assert response.status_code == 201
    state = client.get(f"/api/workshops/{response.get_json()['code']}").get_json()
    assert len(state["notes"]) == 1000


def test_compare_route(client, filled):
    workshop, writer = filled
    code = workshop["code"]
    sid = client.post(f"/api/workshops/{code}/snapshots", json={},
                      headers=key_header(workshop)).get_json()["id"]
    writer.emit("note:delete", {"id": "a"}, callback=True)
    body = client.get(f"/api/workshops/{code}/compare?from={sid}").get_json()
    identiteit = next(b for b in body["blocks"] if b["key"] == "identiteit")
    assert [n["id"] for n in identiteit["removed"]] == ["a"]
    assert client.get(f"/api/workshops/{code}/compare?from=nope").status_code == 404


def test_delete_workshop_route(client, filled):
    workshop, writer = filled
    code = workshop["code"]
    assert client.delete(f"/api/workshops/{code}").status_code == 401
    writer.get_received()
    assert client.delete(f"/api/workshops/{code}", headers=key_header(workshop)).status_code \
        == 204
    assert client.get(f"/api/workshops/{code}").status_code == 404
    assert {"name": "workshop:deleted", "args": [{"code": code}], "namespace": "/"} in \
        writer.get_received()


def test_snapshot_and_compare_pages(client, filled):
    workshop, _ = filled
    code = workshop["code"]
    sid = client.post(f"/api/workshops/{code}/snapshots", json={"label": "Start"},
                      headers=key_header(workshop)).get_json()["id"]
    assert client.get(f"/s/{code}/{sid}").status_code == 200
    assert client.get(f"/s/{code}/999").status_code == 404
    assert client.get(f"/c/{code}").status_code == 200


def test_poster_of_a_snapshot_is_a_pdf_made_once_and_kept(client, filled, app, make_socket):
    from pathlib import Path

    from pypdf import PdfReader

    workshop, _ = filled
    code = workshop["code"]
    sid = client.post(f"/api/workshops/{code}/snapshots", json={"label": "Poster"},
                      headers=key_header(workshop)).get_json()["id"]
    response = client.get(f"/api/workshops/{code}/snapshots/{sid}/poster.pdf?size=A3")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    folder = Path(app.config["EXPORT_DIR"]) / code
    [kept] = folder.glob(f"snapshot-{sid}-A3-*.pdf")
    assert kept.read_bytes() == response.data
    response.close()
    text = PdfReader(kept).pages[0].extract_text()
    assert "Ëén wijk & <b>" in text and "Buurtkamer" in text
    # Served from the file the second time: its modification time does not change.
    before = kept.stat().st_mtime_ns
    client.get(f"/api/workshops/{code}/snapshots/{sid}/poster.pdf?size=A3").close()
    assert kept.stat().st_mtime_ns == before
    # The default size is A1; the live canvas is kept too, until it changes.
    client.get(f"/api/workshops/{code}/snapshots/{sid}/poster.pdf").close()
    assert len(list(folder.glob(f"snapshot-{sid}-A1-*.pdf"))) == 1
    live = client.get(f"/api/workshops/{code}/snapshots/current/poster.pdf?size=A4")
    assert live.status_code == 200 and live.data.startswith(b"%PDF")
    live.close()
    [live_file] = folder.glob("snapshot-current-A4-*.pdf")
    before = live_file.stat().st_mtime_ns
    client.get(f"/api/workshops/{code}/snapshots/current/poster.pdf?size=A4").close()
    assert live_file.stat().st_mtime_ns == before
    assert list(folder.glob("snapshot-current-A4-*.pdf")) == [live_file]
    # A note hidden after the snapshot was taken leaves its poster too: a new rendering.
    facilitator = make_socket()
    facilitator.emit("join", {"code": code, "facilitator_key": workshop["facilitator_key"]},
                     callback=True)
    assert facilitator.emit("note:hide", {"id": "a", "hidden": True}, callback=True)["ok"]
    again = client.get(f"/api/workshops/{code}/snapshots/{sid}/poster.pdf?size=A3")
    assert again.status_code == 200
    again.close()
    newest = max(folder.glob(f"snapshot-{sid}-A3-*.pdf"), key=lambda p: p.stat().st_mtime_ns)
    assert newest != kept
    assert "Ëén wijk" not in PdfReader(newest).pages[0].extract_text()
    # Deleting the workshop deletes its posters.
    client.delete(f"/api/workshops/{code}", headers=key_header(workshop))
    assert not kept.parent.exists()
