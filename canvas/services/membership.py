"""Which cluster a note belongs to: keeping clusters whole while notes move, go, hide or are
revealed. Shared by the use cases that change notes (notes, facilitation, clusters), so that a
cluster never holds a note of another block, never outlives its last note, and never shows the
room a note it may not see (canvas/realtime/visibility.py).

Each function works inside a change (canvas/services/changes.py) and publishes what it changed.
"""
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from canvas.db.models import Cluster, Note, Vote
from canvas.realtime import fanout
from canvas.services.changes import Change
from canvas.services.records import cluster_to_dict, note_to_dict


def read_cluster(session: Session, cluster: Cluster) -> tuple[dict, dict]:
    """The cluster as facilitators receive it, and its notes by id (as dicts): what
    canvas/realtime/visibility.py filters for everyone else."""
    members = session.scalars(
        select(Note).where(Note.cluster_id == cluster.id)
        .order_by(Note.cluster_pos, Note.created_at, Note.id)).all()
    return (cluster_to_dict(cluster, [note.id for note in members]),
            {note.id: note_to_dict(note) for note in members})


def cluster_view(change: Change, cluster: Cluster) -> tuple[dict, dict]:
    """``read_cluster`` within a change (what ``fanout.cluster_changed`` filters)."""
    return read_cluster(change.session, cluster)


def publish_cluster(change: Change, cluster: Cluster, event: str = "cluster:updated") -> dict:
    """Tell everyone how the cluster is now (each as they may see it); returns it whole."""
    whole, notes_by_id = cluster_view(change, cluster)
    change.publish(fanout.cluster_changed(event, whole, notes_by_id, change.rev,
                                          change.settings))
    return whole


def drop_cluster(change: Change, cluster: Cluster) -> None:
    """Delete a cluster that lost its last note, with the votes given to it (their voters get
    them back: nothing is left to carry them)."""
    change.session.execute(delete(Vote).where(Vote.cluster_id == cluster.id))
    change.session.delete(cluster)
    change.publish(fanout.cluster_deleted(cluster.id, change.rev))


def settle(change: Change, cluster_ids) -> None:
    """After notes left the clusters ``cluster_ids`` (moved, deleted, grouped elsewhere): drop
    those left empty, tell everyone how the others are now."""
    change.session.flush()
    for cluster_id in sorted(set(cluster_ids) - {None}):
        cluster = change.session.get(Cluster, cluster_id)
        if cluster is None:
            continue
        has_notes = change.session.scalar(
            select(Note.id).where(Note.cluster_id == cluster_id).limit(1))
        if has_notes is None:
            drop_cluster(change, cluster)
        else:
            publish_cluster(change, cluster)


def leave_cluster(change: Change, note: Note) -> str | None:
    """Take the note out of its cluster (it moved to another block or sub-area, or is about to
    be deleted); returns the cluster's id for ``settle``."""
    cluster_id = note.cluster_id
    note.cluster_id = None
    note.cluster_pos = 0
    return cluster_id


def note_seen_differently(change: Change, note: Note) -> None:
    """The room's view of the note changed (hidden, shown again): its cluster follows."""
    if note.cluster_id is not None:
        cluster = change.session.get(Cluster, note.cluster_id)
        if cluster is not None:
            publish_cluster(change, cluster)
