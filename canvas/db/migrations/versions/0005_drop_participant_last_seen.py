"""participants: drop last_seen_at (written at every join, never read)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('last_seen_at')


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(), nullable=False,
                                      server_default=sa.func.current_timestamp()))
