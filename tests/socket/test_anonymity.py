"""With authors hidden, nothing the room receives carries a stable id of a note's author:
not the broadcasts, not the join state, not the HTTP state; the author still knows their own
notes (their devices get them with their own id)."""

def test_authors_hidden_leave_no_owner_id_in_any_public_payload(joined, workshop, client):
    facilitator, _ = joined(facilitator_key=workshop["facilitator_key"])
    anne, anne_ack = joined(name="Anne")
    bram, _ = joined(name="Bram")
    projector, _ = joined(view="projector")
    anne_id = anne_ack["participant"]["id"]
    assert anne.emit("note:add", {"id": "before", "block": "regie", "text": "eerder"},
                     callback=True)["ok"]
    assert facilitator.emit("workshop:update", {"show_authors": False}, callback=True)["ok"]
    for socket in (anne, bram, projector):
        socket.get_received()
    assert anne.emit("note:add", {"id": "after", "block": "regie", "text": "later"},
                     callback=True)["ok"]
    assert anne.emit("note:update", {"id": "before", "text": "eerder, anders"},
                     callback=True)["ok"]
    # Everything the others receive: no author, no owner id.
    for socket in (bram, projector):
        events = socket.get_received()
        assert events and anne_id not in repr(events) and "Anne" not in repr(events)
    join_state = joined(name="Cees")[1]["state"]
    http_state = client.get(f"/api/workshops/{workshop['code']}").get_data(as_text=True)
    for public in (repr(join_state), http_state):
        assert anne_id not in public and "Anne" not in public
    assert {n["participant_id"] for n in join_state["notes"]} == {None}
    # Anne's devices get her notes as hers, after the room's copy.
    events = anne.get_received()
    by_id = {}
    for event in events:
        if event["name"] in ("note:added", "note:updated"):
            by_id.setdefault(event["args"][0]["note"]["id"], []).append(event["args"][0]["note"])
    # The last copy of each of her notes that reached her names her.
    assert {i: copies[-1]["participant_id"] for i, copies in by_id.items()} == \
        {"before": anne_id, "after": anne_id}
    again = anne.emit("join", {"code": workshop["code"],
                               "participant_token": anne_ack["participant"]["token"]},
                      callback=True)
    assert {n["participant_id"] for n in again["state"]["notes"]} == {anne_id}
    # The facilitator still sees who wrote what.
    full = client.get(f"/api/workshops/{workshop['code']}",
                      headers={"X-Facilitator-Key": workshop["facilitator_key"]}).get_json()
    assert {n["participant_id"] for n in full["notes"]} == {anne_id}
