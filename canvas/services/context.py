"""What every service function gets: the database, the publisher, presence and limits."""
from dataclasses import dataclass, field

from canvas.db.session import Database
from canvas.realtime.publish import Publisher
from canvas.services.limits import Limits
from canvas.services.presence import Presence


@dataclass
class ServiceContext:
    db: Database
    publisher: Publisher
    presence: Presence
    export_dir: str = "exports"
    limits: Limits = field(default_factory=Limits)
