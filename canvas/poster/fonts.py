"""The poster's font: DejaVu Sans, shipped in ``fonts/`` so every machine renders the same.

The built-in PDF fonts cannot print ë, €, curly quotes or dashes reliably; DejaVu Sans covers
Latin, Greek and Cyrillic (no CJK, no emoji). Fonts are registered with reportlab once per
process; ``register()`` is cheap to call again and safe to call from several threads.
"""
import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "NCDejaVuSans"
BOLD = "NCDejaVuSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}

_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register the regular and bold face (and <b> in Paragraphs) once per process."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        # Paragraph markup: <b> switches to the bold face; there is no italic, so it maps back.
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        addMapping(BOLD, 0, 0, BOLD)
        addMapping(BOLD, 1, 0, BOLD)
        addMapping(BOLD, 0, 1, BOLD)
        addMapping(BOLD, 1, 1, BOLD)
        _registered = True


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of ``text`` in points."""
    return pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size)
