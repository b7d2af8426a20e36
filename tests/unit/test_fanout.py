"""Who receives which event with which payload (canvas/realtime/fanout.py), as a table of
event × viewer × setting: the rule most likely to leak a hidden note or an author."""
import pytest

from canvas.realtime import fanout

SINCE = "2026-12-03T10:00:00Z"
OPEN = {"silent": False, "silent_since": None, "show_authors": True}
SILENT = {"silent": True, "silent_since": SINCE, "show_authors": True}
ANONYMOUS = {"silent": False, "silent_since": None, "show_authors": False}
SILENT_ANONYMOUS = {"silent": True, "silent_since": SINCE, "show_authors": False}
SETTINGS = {"open": OPEN, "silent": SILENT, "anonymous": ANONYMOUS,
            "silent+anonymous": SILENT_ANONYMOUS}

VIEWERS = ("facilitator", "author", "other", "projector")
PARTICIPANTS = {"author": "p-author", "other": "p-other"}


def note(**changes):
    """A note by "author", written during the silent round (if one is going on)."""
    return {"id": "n1", "block": "regie", "subarea": None, "text": "Samen de wijk in",
            "color": "geel", "author": "Anne", "participant_id": "p-author", "coalition": None,
            "votes": 2, "hidden": False, "version": 1, "created_at": "2026-12-03T10:05:00Z",
            "updated_at": "2026-12-03T10:05:00Z", **changes}


OLD = {"created_at": "2026-12-03T09:00:00Z"}  # written before the silent round began
HIDDEN = {"hidden": True}
COUNTS = {"regie": 1}


def received(deliveries, viewer):
    """What one viewer's devices receive: (event, what matters of the payload)."""
    got = []
    for delivery in deliveries:
        if delivery.audience == fanout.EVERYONE:
            reaches = True
        elif delivery.audience == fanout.PUBLIC:
            reaches = viewer != "facilitator"
        elif delivery.audience == fanout.FACILITATORS:
            reaches = viewer == "facilitator"
        else:
            assert delivery.audience == fanout.PARTICIPANT
            reaches = PARTICIPANTS.get(viewer) == delivery.participant_id
        if reaches:
            got.append(summary(delivery.event, delivery.body()))
    return got


def summary(event, payload):
    if "note" in payload:
        if payload["note"]["author"]:
            return (event, "author")
        # Without its author, a note carries no stable id of its owner either.
        assert payload["note"]["participant_id"] is None, payload
        return (event, "no author")
    if "counts" in payload:
        assert payload["counts"] == COUNTS
        return (event, "counts")
    if event == "note:deleted" and payload.get("hidden"):
        return (event, "hidden")
    if event == "notes:revealed":
        return (event, tuple((n["id"], n["author"]) for n in payload["notes"]))
    return (event, None)


ADDED = ("note:added", "author")
ADDED_ANON = ("note:added", "no author")
COUNTED = ("notes:counts", "counts")
GONE = ("note:deleted", None)
HID = ("note:deleted", "hidden")
UPDATED = ("note:updated", "author")

# change, note, setting -> what facilitator, author, other and projector receive.
NOTE_EVENTS = [
    ("added", {}, "open", [ADDED], [ADDED], [ADDED], [ADDED]),
    # A visible note goes to the public room as the public sees it; the author's devices get
    # it again, whole, as their own (the room's copy carries no owner).
    ("added", {}, "anonymous", [ADDED], [ADDED_ANON, ADDED], [ADDED_ANON], [ADDED_ANON]),
    ("added", {}, "silent", [ADDED], [COUNTED, ADDED], [COUNTED], [COUNTED]),
    ("added", {}, "silent+anonymous", [ADDED], [COUNTED, ADDED], [COUNTED], [COUNTED]),
    ("added", OLD, "silent", [ADDED], [ADDED], [ADDED], [ADDED]),
    ("added", OLD, "silent+anonymous", [ADDED], [ADDED_ANON, ADDED], [ADDED_ANON],
     [ADDED_ANON]),
    # A hidden note: gone for the room; its author keeps it, marked hidden.
    ("added", HIDDEN, "open", [ADDED], [HID, ADDED], [HID], [HID]),
    ("added", HIDDEN, "silent", [ADDED], [HID, ADDED], [HID], [HID]),
    ("added", {"participant_id": None}, "silent", [ADDED], [COUNTED], [COUNTED], [COUNTED]),
    ("hidden", HIDDEN, "open", [UPDATED], [HID, UPDATED], [HID], [HID]),
    ("hidden", HIDDEN, "anonymous", [UPDATED], [HID, UPDATED], [HID], [HID]),
    ("shown again", {}, "open", [ADDED], [ADDED], [ADDED], [ADDED]),
    ("shown again", {}, "silent", [ADDED], [COUNTED, ADDED], [COUNTED], [COUNTED]),
]


@pytest.mark.parametrize("change, changes, setting, expected",
                         [(e[0], e[1], e[2], e[3:]) for e in NOTE_EVENTS],
                         ids=[f"{e[0]}-{'/'.join(e[1]) or 'fresh'}-{e[2]}" for e in NOTE_EVENTS])
def test_note_events_reach_each_viewer_as_they_may_see_them(change, changes, setting,
                                                            expected):
    settings = SETTINGS[setting]
    subject = note(**changes)
    if change == "added":
        deliveries = fanout.note_changed("note:added", subject, 7, settings, lambda: COUNTS)
    else:
        deliveries = fanout.note_hidden(subject, 7, settings, lambda: COUNTS)
    for viewer, wanted in zip(VIEWERS, expected, strict=True):
        assert received(deliveries, viewer) == wanted, viewer
    for delivery in deliveries:
        assert delivery.body()["rev"] == 7


def test_counts_are_read_only_when_a_delivery_needs_them():
    def counts():
        raise AssertionError("counts read for a visible note")
    for delivery in fanout.note_changed("note:added", note(), 1, OPEN, counts):
        delivery.body()


@pytest.mark.parametrize("setting, public", [("open", [GONE]), ("silent", [GONE, COUNTED])])
def test_a_deletion_reaches_everyone_and_in_a_silent_round_updates_the_counts(setting, public):
    deliveries = fanout.note_deleted("n1", 3, "author", SETTINGS[setting], lambda: COUNTS)
    assert received(deliveries, "facilitator") == [GONE]
    for viewer in ("author", "other", "projector"):
        assert received(deliveries, viewer) == public
    assert deliveries[0].body() == {"id": "n1", "rev": 3, "by": "author"}


VOTED = ("note:voted", None)


@pytest.mark.parametrize("changes, setting, facilitator, author, other, projector", [
    ({}, "open", [VOTED], [VOTED], [VOTED], [VOTED]),
    ({}, "silent", [VOTED], [VOTED], [], []),
    (OLD, "silent", [VOTED], [VOTED], [VOTED], [VOTED]),
    (HIDDEN, "open", [VOTED], [VOTED], [], []),
])
def test_a_vote_count_reaches_only_who_may_see_the_note(changes, setting, facilitator, author,
                                                        other, projector):
    deliveries = fanout.note_voted(note(**changes), 4, SETTINGS[setting])
    for viewer, wanted in zip(VIEWERS, (facilitator, author, other, projector), strict=True):
        assert received(deliveries, viewer) == wanted, viewer


@pytest.mark.parametrize("before, after, reveals", [
    ("silent", "open", True),           # the silent round ends
    ("open", "anonymous", True),        # authors hidden
    ("anonymous", "open", True),        # authors shown
    ("open", "silent", False),          # a silent round starts: counts follow notes
    ("open", "open", False),
    ("silent+anonymous", "anonymous", True),
])
def test_settings_reach_everyone_and_a_reveal_sends_the_room_what_it_now_sees(before, after,
                                                                             reveals):
    notes = [note(), note(id="n2", hidden=True), note(id="n3", participant_id="p-other",
                                                      author="Bo")]
    deliveries = fanout.settings_changed(SETTINGS[before], SETTINGS[after], 9, lambda: notes)
    updated = ("workshop:updated", None)
    assert received(deliveries, "facilitator") == [updated]
    authors = SETTINGS[after]["show_authors"]
    revealed = ("notes:revealed", (("n1", "Anne" if authors else ""),
                                   ("n3", "Bo" if authors else "")))
    for viewer in ("author", "other", "projector"):
        assert received(deliveries, viewer) == ([updated, revealed] if reveals else [updated])


def test_presence_tells_the_room_a_count_and_the_facilitators_who():
    deliveries = fanout.presence_changed("p-author", "Anne", True, 5, lambda: 6)
    room, facilitators = deliveries
    assert room.folded and room.audience == fanout.EVERYONE and room.body() == {"online": 6}
    assert facilitators.audience == fanout.FACILITATORS
    assert facilitators.body() == {"participant": {"id": "p-author", "name": "Anne",
                                                   "online": True}, "online": 5}


def test_a_removed_participant_hears_it_and_the_facilitators_see_them_go():
    deliveries = fanout.participant_removed("p-other", "Bo", 3)
    assert received(deliveries, "other") == [("participant:removed", None)]
    assert received(deliveries, "author") == []
    assert received(deliveries, "projector") == []
    assert deliveries[1].body()["participant"] == {"id": "p-other", "name": "Bo",
                                                   "online": False, "removed": True}


@pytest.mark.parametrize("deliveries, facilitator_only", [
    (fanout.snapshot_created({"id": 1}), True),
    (fanout.votes_reset(2), False),
    (fanout.workshop_deleted("K7PX3M"), False),
])
def test_workshop_wide_events(deliveries, facilitator_only):
    for viewer in VIEWERS:
        assert bool(received(deliveries, viewer)) is (viewer == "facilitator"
                                                      or not facilitator_only)


# Clusters follow their notes: a cluster holding the author's note n1 and another participant's
# note n2 that everyone may see.

def other_note():
    return note(id="n2", participant_id="p-other", author="Bram", created_at=OLD["created_at"])


def cluster_members(received_list):
    return [(event, tuple(payload["cluster"]["note_ids"]) if "cluster" in payload else "gone")
            for event, payload in received_list]


def received_clusters(deliveries, viewer):
    got = []
    for delivery in deliveries:
        reaches = {fanout.EVERYONE: True, fanout.PUBLIC: viewer != "facilitator",
                   fanout.FACILITATORS: viewer == "facilitator"}.get(
            delivery.audience, PARTICIPANTS.get(viewer) == delivery.participant_id)
        if reaches:
            got.append((delivery.event, delivery.body()))
    return cluster_members(got)


BOTH = ("n1", "n2")


@pytest.mark.parametrize("setting, first, viewer, expected", [
    # Open canvas: everyone sees both notes.
    ("open", {}, "facilitator", [("cluster:updated", BOTH)]),
    ("open", {}, "other", [("cluster:updated", BOTH)]),
    ("open", {}, "projector", [("cluster:updated", BOTH)]),
    # n1 hidden: the room gets the cluster without it; its author gets it again, with it.
    ("open", HIDDEN, "projector", [("cluster:updated", ("n2",))]),
    ("open", HIDDEN, "other", [("cluster:updated", ("n2",))]),
    ("open", HIDDEN, "author", [("cluster:updated", ("n2",)), ("cluster:updated", BOTH)]),
    ("open", HIDDEN, "facilitator", [("cluster:updated", BOTH)]),
    # n1 written in the silent round: the same, until the reveal.
    ("silent", {}, "projector", [("cluster:updated", ("n2",))]),
    ("silent", {}, "author", [("cluster:updated", ("n2",)), ("cluster:updated", BOTH)]),
    ("silent", OLD, "projector", [("cluster:updated", BOTH)]),
])
def test_a_cluster_reaches_each_viewer_with_the_notes_they_may_see(setting, first, viewer,
                                                                   expected):
    notes = {"n1": note(**first), "n2": other_note()}
    cluster = {"id": "c1", "block": "regie", "subarea": None, "title": "Wijk",
               "note_ids": ["n1", "n2"], "votes": 0}
    deliveries = fanout.cluster_changed("cluster:updated", cluster, notes, 7, SETTINGS[setting])
    assert received_clusters(deliveries, viewer) == expected


@pytest.mark.parametrize("event, expected_room", [
    ("cluster:updated", [("cluster:deleted", "gone")]),  # the room had it: now it is gone
    ("cluster:created", []),                            # the room never hears of it
])
def test_a_cluster_of_only_unseen_notes_does_not_exist_for_the_room(event, expected_room):
    notes = {"n1": note(**HIDDEN)}
    cluster = {"id": "c1", "block": "regie", "subarea": None, "title": "Geheim",
               "note_ids": ["n1"], "votes": 0}
    deliveries = fanout.cluster_changed(event, cluster, notes, 7, OPEN)
    assert received_clusters(deliveries, "projector") == expected_room
    assert received_clusters(deliveries, "other") == expected_room
    assert received_clusters(deliveries, "author") == expected_room + [(event, ("n1",))]
    # No payload the room receives names the title or the note.
    for delivery in deliveries:
        if delivery.audience in (fanout.PUBLIC, fanout.EVERYONE):
            assert "Geheim" not in str(delivery.body()) and "n1" not in str(delivery.body())


def test_votes_progress_reaches_only_the_facilitators():
    deliveries = fanout.votes_progress({"spent": 3})
    assert [(d.audience, d.event, d.folded) for d in deliveries] == \
        [(fanout.FACILITATORS, "votes:progress", True)]


def test_a_reveal_carries_the_clusters_as_the_room_now_sees_them():
    notes = [note(), other_note(), note(id="n3", **HIDDEN)]
    clusters = [{"id": "c1", "block": "regie", "subarea": None, "title": "", "note_ids":
                 ["n1", "n2"], "votes": 0},
                {"id": "c2", "block": "regie", "subarea": None, "title": "x",
                 "note_ids": ["n3"], "votes": 0}]
    deliveries = fanout.settings_changed(SILENT, OPEN, 9, lambda: notes, lambda: clusters)
    revealed = [d.body() for d in deliveries if d.event == "notes:revealed"][0]
    assert [(c["id"], c["note_ids"]) for c in revealed["clusters"]] == [("c1", ["n1", "n2"])]


FIGURES = {"identiteit": {"count": 2, "mean": 3.5, "histogram": [0, 0, 1, 1, 0]}}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_vitality_figures_reach_everyone_folded_and_read_when_sent(viewer):
    reads = []

    def figures():
        reads.append(1)
        return FIGURES
    deliveries = fanout.vitality_updated(figures)
    assert [(d.audience, d.event, d.folded) for d in deliveries] == \
        [(fanout.EVERYONE, "vitality:updated", True)]
    assert reads == []  # a folded burst reads the figures once, when it is sent
    assert received(deliveries, viewer) == [("vitality:updated", None)]
    # Totals only, and no rev: the latest figures win.
    assert deliveries[0].body() == {"vitality": FIGURES}
