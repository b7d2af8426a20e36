"""Issue 12, point 5 on a real server: joining again as someone new does not reset the note
limit or the vote budget, and the facilitator undoes a burst of identities."""
from canvas.services import limits, rules


def test_rejoining_on_one_socket_resets_neither_notes_nor_votes(live_server, connect_peer):
    created = live_server.create_workshop()
    code = created["code"]
    facilitator = connect_peer(live_server.url, "facilitator")
    facilitator.join(code, facilitator_key=created["facilitator_key"])
    facilitator.call("note:add", {"id": "target", "block": "regie", "text": "stem op mij"})
    assert facilitator.call("workshop:update", {"votes_per_participant": 3})["ok"]
    device = connect_peer(live_server.url, "device")
    acked, votes, refusals = 0, 0, set()
    for round_ in range(10):  # the finding: 10 re-joins gave one note 13 votes (budget 3)
        ack = device.call("join", {"code": code, "name": "Anne"})
        if not ack["ok"]:
            refusals.add(ack["code"])
            continue
        for i in range(25):
            acked += device.call("note:add", {"id": f"r{round_}-{i}", "block": "regie",
                                              "text": "x"})["ok"] is True
        for _ in range(3):
            vote = device.call("note:vote", {"id": "target"})
            votes = vote.get("votes", votes)
    state = facilitator.call("join", {"code": code,
                                      "facilitator_key": created["facilitator_key"]})["state"]
    target = next(n for n in state["notes"] if n["id"] == "target")
    assert target["votes"] == 3
    assert acked == limits.NOTE_BURST
    assert refusals == {"too_many_identities"}
    assert len(state["participants"]) == rules.IDENTITIES_PER_CONNECTION


def test_the_facilitator_sees_and_removes_a_burst_with_its_notes(live_server, connect_peer):
    created = live_server.create_workshop()
    code = created["code"]
    facilitator = connect_peer(live_server.url, "facilitator")
    facilitator.join(code, facilitator_key=created["facilitator_key"])
    fakes = []
    for i in range(8):
        fake = connect_peer(live_server.url, f"fake{i}")
        fake.join(code, name="Anne")
        fake.call("note:add", {"id": f"spam{i}", "block": "regie", "text": "spam"})
        fakes.append(fake)
    groups = facilitator.call("participants:recent", {})["groups"]
    assert groups[0]["count"] == 8
    ack = facilitator.call("participants:remove", {"ids": groups[0]["participants"],
                                                   "notes": True})
    assert ack["ok"] is True and len(ack["removed"]) == 8
    state = facilitator.call("join", {"code": code,
                                      "facilitator_key": created["facilitator_key"]})["state"]
    assert state["notes"] == [] and state["participants"] == []
    again = fakes[0].sio  # removed: disconnected by the server
    assert not again.connected or fakes[0].call(
        "note:add", {"id": "more", "block": "regie", "text": "x"})["ok"] is False
    refused = facilitator.call("participants:remove", {"ids": "all"})
    assert refused["code"] == "bad_list" and "1000" in refused["error"].replace(".", "")
