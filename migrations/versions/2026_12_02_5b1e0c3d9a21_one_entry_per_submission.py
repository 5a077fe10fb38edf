"""Double taps: a one-time form key on the entries forms create, and one questionnaire result per kind and day.

Existing duplicates of a questionnaire on one day (eight simultaneous taps once saved five MIDAS rows for one date)
are merged first: the last one saved stays, as answering again on the same day replaces the earlier answers.

Revision ID: 5b1e0c3d9a21
Revises: 8934d2674a69
Create Date: 2026-12-02 08:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "5b1e0c3d9a21"
down_revision = "8934d2674a69"
branch_labels = None
depends_on = None

TABLES = ("attacks", "medication_doses", "treatment_courses")


def upgrade():
    op.execute("DELETE FROM questionnaire_results WHERE id NOT IN "
               "(SELECT MAX(id) FROM questionnaire_results GROUP BY user_id, kind, taken_on)")
    with op.batch_alter_table("questionnaire_results") as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_questionnaire_results_user_id_kind_taken_on"),
                                          ["user_id", "kind", "taken_on"])
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("submission_key", sa.String(length=32), nullable=True))
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_user_id_submission_key"),
                                              ["user_id", "submission_key"])


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_user_id_submission_key"), type_="unique")
            batch_op.drop_column("submission_key")
    with op.batch_alter_table("questionnaire_results") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_questionnaire_results_user_id_kind_taken_on"), type_="unique")
