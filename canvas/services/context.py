"""What every service function gets: the database, the publisher, presence and limits."""
from dataclasses import dataclass, field

from canvas.db.session import Database
from canvas.realtime.publish import Publisher
from canvas.services.limits import WRITE_SLOTS_OTHER, WRITE_SLOTS_SQLITE, Limits, WriteLimits
from canvas.services.presence import Presence


@dataclass
class ServiceContext:
    db: Database
    publisher: Publisher
    presence: Presence
    export_dir: str = "exports"
    limits: Limits = field(default_factory=Limits)
    writes: WriteLimits = None  # made from the database below unless given

    def __post_init__(self):
        if self.writes is None:
            # SQLite writes one transaction at a time; PostgreSQL locks one workshop's row.
            sqlite = self.db.url.startswith("sqlite")
            self.writes = WriteLimits(WRITE_SLOTS_SQLITE if sqlite else WRITE_SLOTS_OTHER)
