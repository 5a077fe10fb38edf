"""Insights computed once per diary change: a version on each diary, and the cached results.

Revision ID: 9f3c2a7e4b10
Revises: 5b1e0c3d9a21
Create Date: 2026-12-02 08:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "9f3c2a7e4b10"
down_revision = "5b1e0c3d9a21"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("diary_version", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "insights_cache",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("diary_version", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_insights_cache_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "outcome", name=op.f("pk_insights_cache")),
    )


def downgrade():
    op.drop_table("insights_cache")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("diary_version")
