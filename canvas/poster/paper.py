"""The paper sizes a poster comes in. Plain data, without reportlab, so the web process can
offer the sizes without loading the renderer."""
PAPER_SIZES = ("A0", "A1", "A2", "A3", "A4")
DEFAULT_PAPER_SIZE = "A1"
