"""Every setting in one registry (canvas/config.py SETTINGS): Config reads it, `serve --help`
lists it, the README's table has it with the same default; and the server lock
(canvas/db/serverlock.py) that keeps a second server off a database."""
import re
from pathlib import Path

import pytest

from canvas.config import SETTINGS, SETTINGS_BY_NAME, Config, SettingError
from canvas.db import serverlock

ROOT = Path(__file__).resolve().parent.parent.parent


def readme_settings() -> dict:
    """The README's settings table: variable → default cell."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([A-Z_]+)` \| (.*?) \| .* \|$", section, re.MULTILINE)
    return dict(rows)


def test_the_readme_table_has_every_setting_with_its_default():
    table = readme_settings()
    assert list(table) == [known.name for known in SETTINGS]
    for known in SETTINGS:
        assert table[known.name] == known.default_text, known.name


def test_every_variable_the_code_reads_is_a_registered_setting():
    # os.environ anywhere in the package, and in config.py also what reads through a name for
    # it (a setting added the old way, beside the registry).
    pattern = r"""(?:os\.environ(?:\.get\(|\[)|os\.getenv\()\s*["']([A-Z_]+)["']"""
    read = set()
    for path in (ROOT / "canvas").rglob("*.py"):
        read |= set(re.findall(pattern, path.read_text()))
    read |= set(re.findall(r"""env(?:\.get\(|\[)\s*["']([A-Z_]+)["']""",
                           (ROOT / "canvas" / "config.py").read_text()))
    assert "POSTER_FONT_DIRS" in read, "the pattern no longer matches the code"
    # The system's own variables, read as every program reads them, are not our settings.
    system = {"XDG_CACHE_HOME"}
    assert read - set(SETTINGS_BY_NAME) - system == set()


def test_config_reads_each_setting_from_the_environment(monkeypatch):
    monkeypatch.setenv("MAX_CONTENT_LENGTH", "1000")
    monkeypatch.setenv("AUTO_MIGRATE", "no")
    monkeypatch.setenv("PUBLIC_URL", "https://canvas.example.org/")
    monkeypatch.delenv("MESSAGE_QUEUE", raising=False)
    config = Config()
    assert config.MAX_CONTENT_LENGTH == 1000
    assert config.AUTO_MIGRATE is False
    assert config.PUBLIC_URL == "https://canvas.example.org"
    assert config.MESSAGE_QUEUE is None
    assert Config(PORT=6000).PORT == 6000


def test_a_setting_that_cannot_be_read_is_named(monkeypatch):
    monkeypatch.setenv("PURGE_AFTER_DAYS", "ninety")
    with pytest.raises(SettingError, match=r"PURGE_AFTER_DAYS='ninety' cannot be read.*90"):
        Config()


def test_the_lock_keeps_a_second_server_off_unless_all_share_a_queue(tmp_path):
    url = f"sqlite:///{tmp_path / 'canvas.db'}"
    first = serverlock.hold(url, shared=False)
    try:
        assert serverlock.in_use(url)
        for shared in (False, True):
            with pytest.raises(serverlock.DatabaseInUse, match="MESSAGE_QUEUE"):
                serverlock.hold(url, shared=shared)
    finally:
        first.close()
    assert not serverlock.in_use(url)
    one, two = serverlock.hold(url, shared=True), serverlock.hold(url, shared=True)
    try:
        assert serverlock.in_use(url)
        with pytest.raises(serverlock.DatabaseInUse):
            serverlock.hold(url, shared=False)
    finally:
        one.close()
        two.close()


def test_postgresql_and_memory_take_no_lock_and_no_password_is_shown():
    url = "postgresql+psycopg://canvas:geheim@db.example.org:5433/werkplaats"
    assert serverlock.hold(url, shared=False) is None
    assert not serverlock.in_use(url)
    described = serverlock.describe(url)
    assert described == "PostgreSQL database werkplaats on db.example.org:5433, user canvas"
    assert "geheim" not in described
    assert serverlock.hold("sqlite://", shared=False) is None
    assert serverlock.describe("sqlite:///:memory:").startswith("in memory")
