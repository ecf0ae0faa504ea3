"""Initial schema: the tables of extractor/db/models.py (tests/test_db.py compares them).

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 17:48:12.360511

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_key', sa.Text(), nullable=False, comment='identity of the document across versions: absolute source path (file.jsonl#id for JSON Lines records), or id:<doc id> without a path'),
    sa.Column('content_hash', sa.String(length=64), nullable=False, comment='sha256 of the text'),
    sa.Column('doc_id', sa.Text(), nullable=False),
    sa.Column('doc_name', sa.Text(), nullable=False, comment='<stem>.txt, as the scorer keys'),
    sa.Column('source_path', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('script', sa.String(length=16), nullable=True),
    sa.Column('meta', sa.JSON(), nullable=False, comment='Metadata, as the model dumps it'),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('normalized_text', sa.Text(), nullable=True),
    sa.Column('n_mentions', sa.Integer(), nullable=False),
    sa.Column('n_records', sa.Integer(), nullable=False),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_documents_content_hash')),
    sa.UniqueConstraint('source_key', name=op.f('uq_documents_source_key')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)

    op.create_table('indicator_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=False, comment='r1, r2 ... within the document'),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('value_max', sa.Float(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('approx', sa.String(length=16), nullable=True),
    sa.Column('indicator', sa.Text(), nullable=True),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('place_adcode', sa.String(length=32), nullable=True),
    sa.Column('place_scope', sa.String(length=16), nullable=True),
    sa.Column('period', sa.Text(), nullable=True),
    sa.Column('period_scope', sa.String(length=16), nullable=True),
    sa.Column('program', sa.Text(), nullable=True),
    sa.Column('program_id', sa.Text(), nullable=True),
    sa.Column('change', sa.String(length=16), nullable=True),
    sa.Column('baseline', sa.Text(), nullable=True),
    sa.Column('links', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('rules', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('extra', sa.JSON(none_as_null=True), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_indicator_records_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_records')),
    sa.UniqueConstraint('document_id', 'record_id', name=op.f('uq_indicator_records_document_id_record_id'))
    )
    with op.batch_alter_table('indicator_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_records_period'), ['period'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_records_place'), ['place'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_records_place_adcode'), ['place_adcode'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_records_program_id'), ['program_id'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False, comment="position in the document's mention list"),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('zone', sa.String(length=16), nullable=True),
    sa.Column('rule', sa.Text(), nullable=True),
    sa.Column('warnings', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('value_max', sa.Float(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('approx', sa.String(length=16), nullable=True),
    sa.Column('indicator', sa.Text(), nullable=True),
    sa.Column('place', sa.Text(), nullable=True),
    sa.Column('period', sa.Text(), nullable=True),
    sa.Column('change', sa.String(length=16), nullable=True),
    sa.Column('date_value', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('adcode', sa.String(length=6), nullable=True),
    sa.Column('parent', sa.Text(), nullable=True),
    sa.Column('candidates', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=True),
    sa.Column('program_id', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('extra', sa.JSON(none_as_null=True), nullable=True, comment='fields of the mention model that have no column of their own'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_mentions_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentions'))
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_document_id_seq'), ['document_id', 'seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentions_type_adcode'), ['type', 'adcode'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentions_type_date_value'), ['type', 'date_value'], unique=False)

    op.create_table('places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('adcode', sa.String(length=6), nullable=True),
    sa.Column('parent', sa.Text(), nullable=True),
    sa.Column('first_start', sa.Integer(), nullable=False),
    sa.Column('n_mentions', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_places_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_places'))
    )
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_places_adcode'), ['adcode'], unique=False)
        batch_op.create_index(batch_op.f('ix_places_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_places_name'), ['name'], unique=False)

    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=True),
    sa.Column('first_start', sa.Integer(), nullable=False),
    sa.Column('n_mentions', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_programmes_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes'))
    )
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programmes_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programmes_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_programmes_program_id'), ['program_id'], unique=False)

    op.create_table('qa_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('other_document_id', sa.Integer(), nullable=True, comment='the other document of a cross-document flag'),
    sa.Column('flag_id', sa.String(length=64), nullable=True, comment="the flag's id within its document (QAFlag.id)"),
    sa.Column('record_ids', sa.JSON(), nullable=False),
    sa.Column('check_id', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_qa_flags_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['other_document_id'], ['documents.id'], name=op.f('fk_qa_flags_other_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qa_flags'))
    )
    with op.batch_alter_table('qa_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qa_flags_check_id'), ['check_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qa_flags_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qa_flags_other_document_id'), ['other_document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qa_flags_severity'), ['severity'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('qa_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qa_flags_severity'))
        batch_op.drop_index(batch_op.f('ix_qa_flags_other_document_id'))
        batch_op.drop_index(batch_op.f('ix_qa_flags_document_id'))
        batch_op.drop_index(batch_op.f('ix_qa_flags_check_id'))

    op.drop_table('qa_flags')
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programmes_program_id'))
        batch_op.drop_index(batch_op.f('ix_programmes_name'))
        batch_op.drop_index(batch_op.f('ix_programmes_document_id'))

    op.drop_table('programmes')
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_places_name'))
        batch_op.drop_index(batch_op.f('ix_places_document_id'))
        batch_op.drop_index(batch_op.f('ix_places_adcode'))

    op.drop_table('places')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_type_date_value'))
        batch_op.drop_index(batch_op.f('ix_mentions_type_adcode'))
        batch_op.drop_index(batch_op.f('ix_mentions_document_id_seq'))

    op.drop_table('mentions')
    with op.batch_alter_table('indicator_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_records_program_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_records_place_adcode'))
        batch_op.drop_index(batch_op.f('ix_indicator_records_place'))
        batch_op.drop_index(batch_op.f('ix_indicator_records_period'))

    op.drop_table('indicator_records')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_doc_id'))

    op.drop_table('documents')
