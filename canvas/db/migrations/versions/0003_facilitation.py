"""facilitation: hidden notes, removed participants, votes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 19:40:39.166083
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.String(length=32), nullable=False),
    sa.Column('note_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['notes.id'], name=op.f('fk_votes_note_id_notes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_votes_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_votes_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_votes'))
    )
    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_votes_note_id'), ['note_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_votes_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_votes_workshop_id'), ['workshop_id'], unique=False)

    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('removed')

    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_column('hidden')

    with op.batch_alter_table('votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_votes_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_votes_participant_id'))
        batch_op.drop_index(batch_op.f('ix_votes_note_id'))

    op.drop_table('votes')
