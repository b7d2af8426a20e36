"""Services called directly: a ServiceContext on a fresh database, without a Flask app."""
import pytest

from canvas.db.session import Database
from canvas.realtime.publish import Publisher
from canvas.services.context import ServiceContext
from canvas.services.presence import Presence


@pytest.fixture
def ctx(new_database, tmp_path):
    """A ServiceContext as the app builds it, on a copy of the schema template; its publisher
    sends nothing (no Socket.IO), and its exports go to tmp_path / "exports"."""
    database = Database(new_database(tmp_path))
    yield ServiceContext(db=database, publisher=Publisher(None), presence=Presence(),
                         export_dir=str(tmp_path / "exports"))
    database.dispose()
