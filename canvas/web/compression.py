"""Compressed pages and API answers (flask-compress): brotli for browsers that accept it, gzip
for the others. Static files are compressed ahead of time instead (canvas/web/assets.py);
Socket.IO traffic and the PDF and PNG downloads (already compressed) are left alone.

The levels keep compression cheap under gevent, where it holds every connection while it runs.
Measured with bench/compression.py on a 5,000-note canvas (2 cores shared with other work, so
ranges): its 1.9 MB JSON export takes brotli 4 10-40 ms (113 kB) and gzip 3 12-26 ms (325 kB),
against 37-64 ms for gzip 6 (287 kB, 12 % smaller) and 1.5-3.9 s for brotli 11; the participant
page (48 kB) takes under a millisecond at these levels (docs/performance.md, "First load").
Why compressing the answers that carry a key is safe: docs/security.md, "Compression and
BREACH".
"""
from flask_compress import Compress

COMPRESSED_TYPES = ["text/html", "application/json", "text/csv", "text/markdown",
                    "text/calendar", "text/plain", "image/svg+xml"]
BROTLI_LEVEL = 4
GZIP_LEVEL = 3
# Below this many bytes the headers cost more than compression saves.
MIN_SIZE = 500


def init_app(app) -> None:
    app.config.update({
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_MIMETYPES": COMPRESSED_TYPES,
        "COMPRESS_BR_LEVEL": BROTLI_LEVEL,
        "COMPRESS_LEVEL": GZIP_LEVEL,
        "COMPRESS_MIN_SIZE": MIN_SIZE,
        # Nothing of ours streams text; a streamed response (a file) is sent as it is.
        "COMPRESS_STREAMS": False,
    })
    Compress(app)
