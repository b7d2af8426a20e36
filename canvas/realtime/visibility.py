"""Who may see which note: one pure function of (note, viewer, settings).

Applied to live events, the join state, GET state and exports alike, so hidden content has no
route around it. Computed per audience (facilitators, everyone else) plus, in silent mode, the
author, not per socket: fan-out stays one payload per audience.
"""

FACILITATOR = "facilitator"
PUBLIC = "public"  # participants and projectors


def in_silent_round(note: dict, settings: dict) -> bool:
    """Whether the note was written during the silent round going on now. Notes from before
    it started were seen by everyone already and stay in view (``silent_since``; settings
    stored before it existed hide every note, as they did). Times have whole seconds: a note
    of the very second the round began counts as part of it, so it is never shown too early."""
    if not settings.get("silent"):
        return False
    since = settings.get("silent_since")
    return since is None or note.get("created_at", "") >= since


def can_see(note: dict, settings: dict, audience: str, participant_id: str | None = None):
    """Whether the audience (or, for PUBLIC, the participant ``participant_id``) sees the note.

    Facilitators see every note. Its author sees their own note always, also when the
    facilitator hid it (marked hidden), so nobody's words vanish from their own phone. Everyone
    else sees it unless it is hidden or written in the silent round going on."""
    if audience == FACILITATOR:
        return True
    if participant_id is not None and note.get("participant_id") == participant_id:
        return True
    return not note.get("hidden") and not in_silent_round(note, settings)


def shown(note: dict, settings: dict, audience: str, participant_id: str | None = None):
    """The note as this viewer receives it. When authors are hidden, everyone but the
    facilitators and the author gets it without its author and without its owner's id (a
    stable id would map to a name seen before); the author keeps both on their own notes."""
    own = participant_id is not None and note.get("participant_id") == participant_id
    if audience == FACILITATOR or own or settings.get("show_authors", True):
        return note
    return {**note, "author": "", "participant_id": None}


def visible_notes(notes: list, settings: dict, audience: str,
                  participant_id: str | None = None) -> list:
    return [shown(n, settings, audience, participant_id) for n in notes
            if can_see(n, settings, audience, participant_id)]


def counts(notes: list, settings: dict) -> dict:
    """Notes of the silent round per block (hidden ones left out): what the room sees of them."""
    result = {}
    for note in notes:
        if not note.get("hidden") and in_silent_round(note, settings):
            result[note["block"]] = result.get(note["block"], 0) + 1
    return result


def shown_cluster(cluster: dict, notes_by_id: dict, settings: dict, audience: str,
                  participant_id: str | None = None) -> dict | None:
    """The cluster as this viewer receives it: with only the notes they may see, or None when
    they may see none of them (its title could tell what the unseen notes say). A cluster
    follows its notes: it never reveals a note someone may not see, nor that it exists."""
    if audience == FACILITATOR:
        return cluster
    note_ids = [note_id for note_id in cluster["note_ids"]
                if note_id in notes_by_id
                and can_see(notes_by_id[note_id], settings, audience, participant_id)]
    if not note_ids:
        return None
    return {**cluster, "note_ids": note_ids}


def visible_clusters(clusters: list, notes: list, settings: dict, audience: str,
                     participant_id: str | None = None) -> list:
    """``shown_cluster`` for each cluster, leaving out those the viewer sees none of."""
    if audience == FACILITATOR:
        return clusters
    notes_by_id = {note["id"]: note for note in notes}
    shown = (shown_cluster(c, notes_by_id, settings, audience, participant_id)
             for c in clusters)
    return [cluster for cluster in shown if cluster is not None]


def unseen_authors(cluster: dict, notes_by_id: dict, settings: dict) -> set:
    """The participants who own a note of the cluster that the room may not see (hidden, or
    written in the silent round): each sees the cluster with their own notes in it."""
    authors = set()
    for note_id in cluster["note_ids"]:
        note = notes_by_id.get(note_id)
        if note and note.get("participant_id") and not can_see(note, settings, PUBLIC):
            authors.add(note["participant_id"])
    return authors
