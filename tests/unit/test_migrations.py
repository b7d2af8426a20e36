"""The migrations build exactly the schema of the models.

Servers run on databases made by the migrations (canvas/db/migrate.py); the tests run on
databases made from the models (``create_all``, tests/conftest.py). This test keeps the two the
same: tables, columns, types, nullability, server defaults, indexes, unique constraints and
foreign keys (with their ON DELETE).
"""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import (
    Column,
    DefaultClause,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
)

from canvas.db import migrate
from canvas.db.models import Base
from canvas.db.session import make_engine


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """An engine, as the server makes it, on an empty SQLite file brought to the newest
    revision by the migrations."""
    path = tmp_path_factory.mktemp("migrations") / "migrated.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def differences(engine, metadata):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "compare_server_default": True})
        return compare_metadata(context, metadata)


def test_the_migrations_build_exactly_the_models_schema(migrated):
    assert differences(migrated, Base.metadata) == []


def copy_of_the_models():
    metadata = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    return metadata


def _fk_to_notes(table):
    return next(c for c in table.constraints
                if isinstance(c, ForeignKeyConstraint) and c.referred_table.name == "notes")


def _drop_index(table, name):
    table.indexes.remove(next(i for i in table.indexes if i.name == name))


def _set_server_default(column, value):
    DefaultClause(value)._set_parent_with_dispatch(column)


def _set_ondelete(constraint, ondelete):
    constraint.ondelete = ondelete


CHANGES = {
    "table": (lambda m: m.tables["notes"].to_metadata(m, name="extra"), "add_table"),
    "column": (lambda m: m.tables["notes"].append_column(Column("extra", Integer)),
               "add_column"),
    "type": (lambda m: setattr(m.tables["notes"].c.block, "type", String(30)), "modify_type"),
    "nullability": (lambda m: setattr(m.tables["notes"].c.subarea, "nullable", False),
                    "modify_nullable"),
    "server default": (lambda m: _set_server_default(m.tables["workshops"].c.rev, "7"),
                       "modify_default"),
    "server default dropped": (lambda m: setattr(m.tables["notes"].c.hidden,
                                                 "server_default", None), "modify_default"),
    "index": (lambda m: _drop_index(m.tables["votes"], "ix_votes_note_id"), "remove_index"),
    "unique": (lambda m: m.tables["notes"].append_constraint(
        UniqueConstraint("text", name="uq_notes_text")), "add_constraint"),
    "foreign key": (lambda m: _set_ondelete(_fk_to_notes(m.tables["votes"]), "SET NULL"),
                    "add_fk"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_the_comparison_sees_each_kind_of_difference(migrated, change):
    """The test above would pass on a comparison that sees nothing: this one shows that a
    change of each kind to the models is reported."""
    change_models, expected = CHANGES[change]
    metadata = copy_of_the_models()
    change_models(metadata)
    found = {(d[0][0] if isinstance(d, list) else d[0]) for d in differences(migrated, metadata)}
    assert expected in found, found
