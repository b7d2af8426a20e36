"""The service layer: every rule of the product lives here.

Services take plain values and a ``ServiceContext`` (database + publisher), commit their changes
and only then publish them, and raise only ``canvas.services.errors.ServiceError``. HTTP routes,
Socket.IO handlers, the CLI and tests all call the same functions.
"""
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
