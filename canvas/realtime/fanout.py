"""Who receives which event, with which payload: the one place that decides.

Each function takes a change that was committed (and the workshop's settings after it) and
returns the deliveries it makes: (audience, event, payload). They are pure: services build
them, ``Publisher.deliver`` sends them, and tests/unit/test_fanout.py checks them as a table of
event × audience × setting. What a viewer may see is decided by canvas/realtime/visibility.py.

Audiences (canvas/realtime/rooms.py): ``EVERYONE``; ``PUBLIC``, everyone but the facilitators
(participants and projectors); ``FACILITATORS``, who always get a note whole; and
``PARTICIPANT``, all devices of one participant (the author of a note the room cannot see).

Payloads that are costly and not always needed (the room's counts in a silent round, every
note at a reveal) are passed in as functions and called only when a delivery needs them.
"""
from collections.abc import Callable
from dataclasses import dataclass

from canvas.realtime import visibility

EVERYONE = "everyone"
PUBLIC = "public"
FACILITATORS = "facilitators"
PARTICIPANT = "participant"


@dataclass(frozen=True)
class Delivery:
    audience: str
    event: str
    # A dict, or a function that makes it when the delivery is sent.
    payload: dict | Callable[[], dict]
    participant_id: str | None = None  # for PARTICIPANT
    # A burst of this delivery within a short time is sent once, with the latest payload
    # (canvas/realtime/throttle.py).
    folded: bool = False

    def body(self) -> dict:
        return self.payload() if callable(self.payload) else self.payload


def note_changed(event: str, note: dict, rev: int, settings: dict,
                 counts: Callable[[], dict]) -> list[Delivery]:
    """A note was added or changed (``note:added``, ``note:updated``).

    Facilitators get it whole. Everyone else gets it if they may see it, as they may see it.
    A note they may not see reaches them as what it is to them: gone (hidden: ``note:deleted``
    marked ``"hidden": true``), or a new count of the silent round. Its author's own devices
    still get it (after that, so an author's page can keep its own note and mark it hidden),
    and so they do when authors are hidden, as the room got it without its owner's id.
    """
    deliveries = [Delivery(FACILITATORS, event, {"note": note, "rev": rev})]
    if visibility.can_see(note, settings, visibility.PUBLIC):
        deliveries.append(Delivery(PUBLIC, event, {
            "note": visibility.shown(note, settings, visibility.PUBLIC), "rev": rev}))
        if note["participant_id"] and not settings.get("show_authors", True):
            # The room got it without owner: the author's devices (in the room too) get it
            # again, after that, as their own.
            deliveries.append(Delivery(PARTICIPANT, event, {"note": note, "rev": rev},
                                       participant_id=note["participant_id"]))
        return deliveries
    if note["hidden"]:
        deliveries.append(Delivery(PUBLIC, "note:deleted", {
            "id": note["id"], "rev": rev, "by": "facilitator", "hidden": True}))
    else:
        deliveries.append(Delivery(PUBLIC, "notes:counts",
                                   lambda: {"counts": counts(), "rev": rev}))
    if note["participant_id"]:
        deliveries.append(Delivery(PARTICIPANT, event, {
            "note": visibility.shown(note, settings, visibility.PUBLIC, note["participant_id"]),
            "rev": rev}, participant_id=note["participant_id"]))
    return deliveries


def note_hidden(note: dict, rev: int, settings: dict,
                counts: Callable[[], dict]) -> list[Delivery]:
    """The facilitator hid a note, or showed it again: to the others a note shown again is
    one that arrives, not one that changes."""
    event = "note:updated" if note["hidden"] else "note:added"
    return note_changed(event, note, rev, settings, counts)


def note_deleted(note_id: str, rev: int, by: str, settings: dict,
                 counts: Callable[[], dict]) -> list[Delivery]:
    """A note was deleted by ``by`` ("author" or "facilitator"). In a silent round the room
    sees counts, not notes: they change too."""
    deliveries = [Delivery(EVERYONE, "note:deleted", {"id": note_id, "rev": rev, "by": by})]
    if settings.get("silent"):
        deliveries.append(Delivery(PUBLIC, "notes:counts",
                                   lambda: {"counts": counts(), "rev": rev}))
    return deliveries


def note_voted(note: dict, rev: int, settings: dict) -> list[Delivery]:
    """A note's vote count changed: told to whoever may see the note."""
    event = {"id": note["id"], "votes": note["votes"], "rev": rev}
    if visibility.can_see(note, settings, visibility.PUBLIC):
        return [Delivery(EVERYONE, "note:voted", event)]
    deliveries = [Delivery(FACILITATORS, "note:voted", event)]
    if note["participant_id"]:
        deliveries.append(Delivery(PARTICIPANT, "note:voted", event,
                                   participant_id=note["participant_id"]))
    return deliveries


def cluster_changed(event: str, cluster: dict, notes_by_id: dict, rev: int,
                    settings: dict) -> list[Delivery]:
    """A cluster was made or changed (``cluster:created``, ``cluster:updated``).

    Facilitators get it whole; everyone else with the notes they may see
    (canvas/realtime/visibility.py ``shown_cluster``). A cluster of which the room may see no
    note reaches the room as gone, or not at all; the owner of a note the room may not see
    gets the cluster with their own note in it, after the room's copy.
    """
    deliveries = [Delivery(FACILITATORS, event, {"cluster": cluster, "rev": rev})]
    public = visibility.shown_cluster(cluster, notes_by_id, settings, visibility.PUBLIC)
    if public is not None:
        deliveries.append(Delivery(PUBLIC, event, {"cluster": public, "rev": rev}))
    elif event == "cluster:updated":
        deliveries.append(Delivery(PUBLIC, "cluster:deleted", {"id": cluster["id"], "rev": rev}))
    for participant_id in sorted(visibility.unseen_authors(cluster, notes_by_id, settings)):
        own = visibility.shown_cluster(cluster, notes_by_id, settings, visibility.PUBLIC,
                                       participant_id)
        deliveries.append(Delivery(PARTICIPANT, event, {"cluster": own, "rev": rev},
                                   participant_id=participant_id))
    return deliveries


def cluster_deleted(cluster_id: str, rev: int) -> list[Delivery]:
    """A cluster was ungrouped (its notes stay) or lost its last note."""
    return [Delivery(EVERYONE, "cluster:deleted", {"id": cluster_id, "rev": rev})]


def cluster_voted(cluster: dict, notes_by_id: dict, rev: int, settings: dict) -> list[Delivery]:
    """A cluster's vote count changed: told to whoever may see the cluster."""
    event = {"id": cluster["id"], "votes": cluster["votes"], "rev": rev}
    deliveries = [Delivery(FACILITATORS, "cluster:voted", event)]
    if visibility.shown_cluster(cluster, notes_by_id, settings, visibility.PUBLIC) is not None:
        deliveries.append(Delivery(PUBLIC, "cluster:voted", event))
    return deliveries


def votes_progress(progress: Callable[[], dict]) -> list[Delivery]:
    """How the voting round goes (votes spent, participants with votes left): for the
    facilitators only, never who voted what; folded while many vote at once."""
    return [Delivery(FACILITATORS, "votes:progress", progress, folded=True)]


def votes_reset(rev: int) -> list[Delivery]:
    return [Delivery(EVERYONE, "votes:reset", {"rev": rev})]


def reveals(before: dict, after: dict) -> bool:
    """Whether a change of settings changes which notes (or authors) the room sees: the end
    of a silent round, or authors shown or hidden."""
    return bool((before["silent"] and not after["silent"])
                or before["show_authors"] != after["show_authors"])


def settings_changed(before: dict, after: dict, rev: int, notes: Callable[[], list],
                     clusters: Callable[[], list] = list) -> list[Delivery]:
    """Everyone gets the new settings. When they change what the room sees, everyone but the
    facilitators also gets the notes and clusters as they now see them (``notes:revealed``)."""
    deliveries = [Delivery(EVERYONE, "workshop:updated", {"settings": after, "rev": rev})]
    if reveals(before, after):
        def revealed():
            every_note = notes()
            return {"notes": visibility.visible_notes(every_note, after, visibility.PUBLIC),
                    "clusters": visibility.visible_clusters(clusters(), every_note, after,
                                                            visibility.PUBLIC),
                    "rev": rev}
        deliveries.append(Delivery(PUBLIC, "notes:revealed", revealed))
    return deliveries


def snapshot_created(summary: dict) -> list[Delivery]:
    return [Delivery(FACILITATORS, "snapshot:created", {"snapshot": summary})]


def workshop_deleted(code: str) -> list[Delivery]:
    return [Delivery(EVERYONE, "workshop:deleted", {"code": code})]


def participant_removed(participant_id: str, name: str, online: int) -> list[Delivery]:
    """The removed participant's devices hear it; the facilitators see them go."""
    return [
        Delivery(PARTICIPANT, "participant:removed", {}, participant_id=participant_id),
        Delivery(FACILITATORS, "presence:participant", {
            "participant": {"id": participant_id, "name": name, "online": False,
                            "removed": True},
            "online": online}),
    ]


def presence_changed(participant_id: str, name: str, is_online: bool, online: int,
                     room_online: Callable[[], int]) -> list[Delivery]:
    """A participant came or went. The room hears how many are online, folded while many join
    at once (N joins would send N × N messages); the facilitators hear who it was."""
    return [
        Delivery(EVERYONE, "presence:updated", lambda: {"online": room_online()}, folded=True),
        Delivery(FACILITATORS, "presence:participant", {
            "participant": {"id": participant_id, "name": name, "online": is_online},
            "online": online}),
    ]


def plan_updated(steps: list) -> list[Delivery]:
    """The session plan changed: only the facilitators compose it (the room sees the running
    step in the settings). Carries no ``rev``: storing a plan is no change to what the room
    sees."""
    return [Delivery(FACILITATORS, "plan:updated", {"steps": steps})]
