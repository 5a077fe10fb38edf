"""Caregivers: who wrote an entry, invitation expiry, last seen, names; access log rows go with either account.

Revision ID: bc95c4a5703f
Revises: c4d8e1f07a35
Create Date: 2026-12-02 13:28:20
"""
import sqlalchemy as sa
from alembic import op

revision = 'bc95c4a5703f'
down_revision = 'c4d8e1f07a35'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_log_actor_id'), ['actor_id'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_access_log_actor_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_access_log_actor_id_users'), 'users', ['actor_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('attacks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_attacks_author_id_users'), 'users', ['author_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('caregiver_links', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('caregiver_name', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('patient_name', sa.String(length=60), server_default='', nullable=False))

    with op.batch_alter_table('daily_logs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_daily_logs_author_id_users'), 'users', ['author_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('medication_doses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_medication_doses_author_id_users'), 'users', ['author_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('medication_doses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_medication_doses_author_id_users'), type_='foreignkey')
        batch_op.drop_column('author_id')

    with op.batch_alter_table('daily_logs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_daily_logs_author_id_users'), type_='foreignkey')
        batch_op.drop_column('author_id')

    with op.batch_alter_table('caregiver_links', schema=None) as batch_op:
        batch_op.drop_column('patient_name')
        batch_op.drop_column('caregiver_name')
        batch_op.drop_column('last_seen_at')
        batch_op.drop_column('expires_at')

    with op.batch_alter_table('attacks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attacks_author_id_users'), type_='foreignkey')
        batch_op.drop_column('author_id')

    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_access_log_actor_id_users'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_access_log_actor_id_users'), 'users', ['actor_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_index(batch_op.f('ix_access_log_actor_id'))

