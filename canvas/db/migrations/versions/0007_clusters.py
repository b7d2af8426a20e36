"""clusters: groups of notes under a title, votes on them, and their copy in snapshots

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 15:30:00

A vote is now given to a note or to a cluster, so ``votes.note_id`` may be null. On SQLite the
notes and votes tables are copied to add their foreign keys (Alembic's batch mode).
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('clusters',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('block', sa.String(length=20), nullable=False),
    sa.Column('subarea', sa.String(length=20), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('votes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_clusters_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clusters'))
    )
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clusters_workshop_id'), ['workshop_id'], unique=False)

    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cluster_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('cluster_pos', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_notes_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notes_cluster_id_clusters'), 'clusters', ['cluster_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clusters_json', sa.Text(), server_default='[]', nullable=False))

    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cluster_id', sa.String(length=64), nullable=True))
        batch_op.alter_column('note_id',
               existing_type=sa.VARCHAR(length=64),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_votes_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_votes_cluster_id_clusters'), 'clusters', ['cluster_id'], ['id'], ondelete='CASCADE')



def downgrade():
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_votes_cluster_id_clusters'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_votes_cluster_id'))
        batch_op.alter_column('note_id',
               existing_type=sa.VARCHAR(length=64),
               nullable=False)
        batch_op.drop_column('cluster_id')

    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.drop_column('clusters_json')

    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notes_cluster_id_clusters'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notes_cluster_id'))
        batch_op.drop_column('cluster_pos')
        batch_op.drop_column('cluster_id')

    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clusters_workshop_id'))

    op.drop_table('clusters')
