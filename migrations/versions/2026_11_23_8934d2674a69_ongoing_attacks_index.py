"""An index of unfinished attacks only, for the attack bar that every page shows.

Revision ID: 8934d2674a69
Revises: 7c76d70617df
Create Date: 2026-11-23 13:52:46
"""
import sqlalchemy as sa
from alembic import op

revision = "8934d2674a69"
down_revision = "7c76d70617df"
branch_labels = None
depends_on = None

UNFINISHED = sa.text("ended_at IS NULL")


def upgrade():
    with op.batch_alter_table("attacks") as batch_op:
        batch_op.create_index("ix_attacks_ongoing", ["user_id", "started_at"], unique=False,
                              sqlite_where=UNFINISHED, postgresql_where=UNFINISHED)


def downgrade():
    with op.batch_alter_table("attacks") as batch_op:
        batch_op.drop_index("ix_attacks_ongoing")
