"""Apply Alembic migrations from code, so the server brings its database up to date at start."""
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    # '%' would be read as interpolation by configparser.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine, revision: str = "head", *, down: bool = False) -> None:
    """Bring the database behind ``engine`` up (or ``down``) to ``revision``.

    On SQLite a migration that changes a table rebuilds it (Alembic's batch mode): a new copy
    is filled and the old one dropped. With foreign keys on, dropping the old copy would
    first delete the rows pointing to it (``ON DELETE CASCADE``: the votes of every note, the
    notes of every workshop), so foreign keys are off while migrating and checked after.
    SQLite ignores that switch inside a transaction, so it is set before the migration's own.
    """
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                (command.downgrade if down else command.upgrade)(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"rows left without their parent: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def upgrade(engine: Engine) -> None:
    """Bring the database behind ``engine`` to the newest revision."""
    migrate(engine)


def known_revisions() -> set:
    """Every schema version the migrations of this program know (a database at any of them
    can be brought to the newest)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {revision.revision for revision in script.walk_revisions()}
