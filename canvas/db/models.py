"""Tables, as typed SQLAlchemy models. No rules here: they live in canvas/services."""
from datetime import UTC, datetime

from sqlalchemy import ForeignKey, Index, MetaData, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Workshop(Base):
    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(2), default="nl")
    # Only a hash of the facilitator key is kept: a copied database does not hand out the key.
    facilitator_key_hash: Mapped[str] = mapped_column(String(64))
    # Increases with every change to the workshop's content or settings.
    rev: Mapped[int] = mapped_column(default=0)
    settings_json: Mapped[str] = mapped_column(Text, default="{}")
    # The session plan: a JSON list of steps (docs/protocol.md, "Session plan"); which one
    # runs is in the settings (``step``), which everyone receives.
    plan_json: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)


class Participant(Base):
    __tablename__ = "participants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"),
                                             index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(60), default="")
    # The facilitator also posts notes under a participant record of their own, kept apart so
    # it is not counted or listed among the participants.
    is_facilitator: Mapped[bool] = mapped_column(default=False)
    # Removed by the facilitator: their token no longer joins; their notes stay.
    removed: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Note(Base):
    """A sticky note; in block ``coalities`` a coalition card (werkvorm and fields set)."""

    __tablename__ = "notes"

    # Made by the client, so that a retried add is recognised and stored once.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    block: Mapped[str] = mapped_column(String(20))
    subarea: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    color: Mapped[str] = mapped_column(String(20))
    author: Mapped[str] = mapped_column(String(60), default="")
    werkvorm: Mapped[str | None] = mapped_column(String(20))
    ambitie: Mapped[str | None] = mapped_column(Text)
    kernpartners: Mapped[str | None] = mapped_column(Text)
    doelgroep: Mapped[str | None] = mapped_column(Text)
    # A coalition card's commitment: who leads it ("trekker"), its first step and that step's
    # date (ISO ``YYYY-MM-DD``).
    trekker: Mapped[str | None] = mapped_column(String(60))
    eerste_stap: Mapped[str | None] = mapped_column(Text)
    datum: Mapped[str | None] = mapped_column(String(10))
    # Marked by the facilitator as something the network agreed on ("afspraak").
    agreement: Mapped[bool] = mapped_column(default=False, server_default=false())
    votes: Mapped[int] = mapped_column(default=0)
    # The cluster the note belongs to, and its place in it (canvas/services/clusters.py).
    cluster_id: Mapped[str | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="SET NULL"), index=True)
    cluster_pos: Mapped[int] = mapped_column(default=0, server_default="0")
    # Hidden by the facilitator: only facilitators still see it.
    hidden: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Increases with every edit of this note (for conflict checks).
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_notes_workshop_created", "workshop_id", "created_at"),)


class Cluster(Base):
    """A group of notes of one block (and sub-area) under a title: what the group made of
    notes that say the same or belong together. Its notes point to it (``Note.cluster_id``)."""

    __tablename__ = "clusters"

    # Made by the client, like a note's, so that a retried create is stored once.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"),
                                             index=True)
    block: Mapped[str] = mapped_column(String(20))
    subarea: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(120), default="")
    # Votes given to the cluster itself (its notes keep the votes they had).
    votes: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Snapshot(Base):
    """A frozen copy of a workshop's canvas at one moment: never changed after it is taken.

    The notes and settings are stored as JSON text, so later edits, moves and deletions of the
    live notes cannot reach it.
    """

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"),
                                             index=True)
    label: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int]
    participants: Mapped[int]
    # What the list of snapshots shows, counted when it is taken, so the list never reads
    # notes_json: the notes and coalition cards not hidden then, and how many of those were
    # written in the silent round going on then (out of view while that round lasts).
    # Notes hidden later are subtracted through snapshot_notes. They come before the JSON
    # columns: SQLite reads a column that follows megabytes of notes_json by walking its
    # overflow pages (18 ms for 30 snapshots of 5,000 notes).
    notes_shown: Mapped[int] = mapped_column(server_default="0")
    cards_shown: Mapped[int] = mapped_column(server_default="0")
    notes_silent: Mapped[int] = mapped_column(server_default="0")
    cards_silent: Mapped[int] = mapped_column(server_default="0")
    settings_json: Mapped[str] = mapped_column(Text)
    clusters_json: Mapped[str] = mapped_column(Text, server_default="[]")
    # The vitality figures per block when it was taken (records.vitality_figures).
    vitality_json: Mapped[str] = mapped_column(Text, server_default="{}")
    notes_json: Mapped[str] = mapped_column(Text)


class SnapshotNote(Base):
    """A note a snapshot shows (not hidden when it was taken): so that a note the facilitator
    hides later is taken off the snapshot's counts without reading its notes_json."""

    __tablename__ = "snapshot_notes"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True)
    note_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    card: Mapped[bool]
    silent: Mapped[bool]  # written in the silent round going on when the snapshot was taken


class Vote(Base):
    """One vote of energy voting: a participant spends one of their votes on a note or on a
    cluster (exactly one of the two is set)."""

    __tablename__ = "votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"),
                                             index=True)
    participant_id: Mapped[str] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    note_id: Mapped[str | None] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"),
                                                index=True)
    cluster_id: Mapped[str | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeletedNote(Base):
    """What is left of a deleted note: its id. A phone that sent the note, lost the answer and
    sends it again after someone deleted it must not bring it back (canvas/services/notes.py)."""

    __tablename__ = "deleted_notes"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"),
                                             index=True)
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)


class VitalityRating(Base):
    """How strong one participant finds the network on one block (1-5) in the vitality check.
    Rating a block again replaces the score; no payload ever says who gave which score."""

    __tablename__ = "vitality_ratings"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"),
                                             primary_key=True)
    # Indexed of its own (it is the key's second column): deleting a participant finds their
    # ratings without reading every workshop's.
    participant_id: Mapped[str] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True, index=True)
    block: Mapped[str] = mapped_column(String(20), primary_key=True)
    score: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlanTemplate(Base):
    """A session plan a facilitator saved on this server to start other workshops from (the
    method's own templates are data in canvas/session_templates.py). It is listed only to
    whoever knows its key (the browser that saved it, or someone it was passed on to)."""

    __tablename__ = "plan_templates"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(2), default="nl")
    steps_json: Mapped[str] = mapped_column(Text)
    # The workshop it was saved from: its facilitator may delete it (SET NULL keeps it when
    # that workshop goes).
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshops.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Saved, or last used to start a workshop: ``purge`` forgets templates unused for long.
    last_used_at: Mapped[datetime] = mapped_column(default=utcnow)
