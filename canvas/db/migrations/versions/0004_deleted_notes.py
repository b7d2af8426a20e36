"""deleted notes: the ids of deleted notes, so a late retry cannot bring one back

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 13:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('deleted_notes',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_deleted_notes_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deleted_notes'))
    )
    with op.batch_alter_table('deleted_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deleted_notes_workshop_id'), ['workshop_id'], unique=False)


def downgrade():
    with op.batch_alter_table('deleted_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deleted_notes_workshop_id'))
    op.drop_table('deleted_notes')
