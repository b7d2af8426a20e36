"""snapshots: the counts the list shows, and the notes each one shows

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10 10:00:00

Fills both for the snapshots already stored, one snapshot at a time (a snapshot's notes can be
megabytes). The silent-round rule is copied here as it is today
(canvas/realtime/visibility.py ``in_silent_round``), so that this migration keeps doing what it
did when the rule changes.
"""
import json

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

COUNTS = ('notes_shown', 'cards_shown', 'notes_silent', 'cards_silent')


def _in_silent_round(note, settings):
    if not settings.get('silent'):
        return False
    since = settings.get('silent_since')
    return since is None or note.get('created_at', '') >= since


ORDER = ('id', 'workshop_id', 'label', 'created_at', 'rev', 'participants', *COUNTS,
         'settings_json', 'notes_json')


def upgrade():
    # On SQLite the table is copied so that the counts come before the JSON columns: a column
    # after megabytes of notes_json is read by walking its overflow pages. PostgreSQL keeps
    # large values out of line (TOAST), so there a column added at the end costs nothing.
    sqlite = op.get_bind().dialect.name == 'sqlite'
    with op.batch_alter_table('snapshots', schema=None,
                              recreate='always' if sqlite else 'auto',
                              partial_reordering=[ORDER] if sqlite else ()) as batch_op:
        for name in COUNTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default='0',
                                          nullable=False))
    op.create_table('snapshot_notes',
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.String(length=64), nullable=False),
    sa.Column('card', sa.Boolean(), nullable=False),
    sa.Column('silent', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['snapshot_id'], ['snapshots.id'], name=op.f('fk_snapshot_notes_snapshot_id_snapshots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('snapshot_id', 'note_id', name=op.f('pk_snapshot_notes'))
    )
    with op.batch_alter_table('snapshot_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_snapshot_notes_note_id'), ['note_id'], unique=False)

    connection = op.get_bind()
    snapshots = sa.table('snapshots', sa.column('id', sa.Integer),
                         sa.column('settings_json', sa.Text), sa.column('notes_json', sa.Text),
                         *(sa.column(name, sa.Integer) for name in COUNTS))
    snapshot_notes = sa.table('snapshot_notes', sa.column('snapshot_id', sa.Integer),
                              sa.column('note_id', sa.String), sa.column('card', sa.Boolean),
                              sa.column('silent', sa.Boolean))
    ids = connection.execute(sa.select(snapshots.c.id).order_by(snapshots.c.id)).scalars().all()
    for snapshot_id in ids:
        settings_json, notes_json = connection.execute(
            sa.select(snapshots.c.settings_json, snapshots.c.notes_json)
            .where(snapshots.c.id == snapshot_id)).one()
        settings = json.loads(settings_json)
        rows, seen = [], set()
        for note in json.loads(notes_json):
            if note.get('hidden') or note['id'] in seen:
                continue
            seen.add(note['id'])
            rows.append({'snapshot_id': snapshot_id, 'note_id': note['id'],
                         'card': note.get('coalition') is not None,
                         'silent': _in_silent_round(note, settings)})
        connection.execute(snapshots.update().where(snapshots.c.id == snapshot_id).values(
            notes_shown=len(rows), cards_shown=sum(r['card'] for r in rows),
            notes_silent=sum(r['silent'] for r in rows),
            cards_silent=sum(r['card'] and r['silent'] for r in rows)))
        if rows:
            connection.execute(snapshot_notes.insert(), rows)


def downgrade():
    with op.batch_alter_table('snapshot_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_snapshot_notes_note_id'))
    op.drop_table('snapshot_notes')
    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        for name in reversed(COUNTS):
            batch_op.drop_column(name)
