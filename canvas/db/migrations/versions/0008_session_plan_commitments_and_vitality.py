"""session plan, commitments and vitality

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 18:52:16

The session plan is kept with the workshop; a facilitator may save one as a template on the
server. A coalition card gets its commitment (trekker, eerste stap, datum) and any note may be
marked as an agreement. Vitality ratings are one row per participant and block; a snapshot
keeps their figures.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plan_templates',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('steps_json', sa.Text(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_plan_templates_workshop_id_workshops'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_templates'))
    )
    with op.batch_alter_table('plan_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_templates_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('vitality_ratings',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.String(length=32), nullable=False),
    sa.Column('block', sa.String(length=20), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_vitality_ratings_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_vitality_ratings_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'participant_id', 'block', name=op.f('pk_vitality_ratings'))
    )
    with op.batch_alter_table('vitality_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vitality_ratings_participant_id'), ['participant_id'], unique=False)

    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trekker', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('eerste_stap', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('datum', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('agreement', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vitality_json', sa.Text(), server_default='{}', nullable=False))

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_json', sa.Text(), server_default='[]', nullable=False))



def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('plan_json')

    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.drop_column('vitality_json')

    with op.batch_alter_table('notes', schema=None) as batch_op:
        batch_op.drop_column('agreement')
        batch_op.drop_column('datum')
        batch_op.drop_column('eerste_stap')
        batch_op.drop_column('trekker')

    with op.batch_alter_table('vitality_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vitality_ratings_participant_id'))

    op.drop_table('vitality_ratings')
    with op.batch_alter_table('plan_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_templates_workshop_id'))

    op.drop_table('plan_templates')
