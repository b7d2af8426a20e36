"""The PDF poster of a workshop's canvas: the Netwerk Canvas sheet with every note on it.

``render_poster(snapshot, size)`` is a pure function of its data (no Flask, no database), so it
can run in a worker process. The snapshot::

    {"workshop": {"code", "title", "language": "nl"|"en"}, "label": str,
     "created_at": "2026-11-23T18:01:02Z", "rev": int, "participants": int,
     "settings": {"show_authors": bool, ...}, "notes": [note, ...]}

with notes shaped as in docs/protocol.md, and optionally "clusters" (docs/protocol.md, "Cluster"):
a cluster is drawn as a tinted frame with its title (or its first note's text), the number of
its notes and its score, holding all its notes, and goes on in the next column (title
repeated) when taller than its area. After a vote (a note or cluster with votes) a "Top 10"
ranks clusters and notes in no cluster by score, in a column of the sheet, or on a page of its
own when that column would push notes to continuation pages. The poster is landscape, in the
workshop's language.
Nothing is dropped to fit: each area takes the largest font size at which all its notes fit;
below the legible minimum for the paper, the rest continues on pages labelled
"<block> (vervolg)".

Modules: ``fonts`` (DejaVu Sans, shipped in fonts/, then system fonts per character),
``text`` (Paragraphs in every script: fonts per character, Arabic shaped, right to left),
``theme`` (colours, measures, styles),
``items`` (notes and cards), ``layout`` (geometry and packing), ``render`` (the plan of pages),
``draw`` (painting the plan), ``followup`` and ``followup_page`` (the last page, "Afspraken en
vervolg": agreements, the coalitions' commitments and the vitality chart, when there are any).
"""
from .paper import DEFAULT_PAPER_SIZE, PAPER_SIZES

__all__ = ["DEFAULT_PAPER_SIZE", "PAPER_SIZES", "render_poster"]


def render_poster(snapshot: dict, size: str = DEFAULT_PAPER_SIZE) -> bytes:
    """The poster of ``snapshot`` as PDF bytes. ValueError for an unknown paper size."""
    # reportlab is loaded here, not when the package is imported: only the process that renders
    # (the poster worker) pays for it; the web process only needs the paper sizes.
    from .draw import pdf
    from .render import plan

    if size not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {size!r}; choose one of {', '.join(PAPER_SIZES)}")
    return pdf(plan(snapshot, size))
