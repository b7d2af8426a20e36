"""What the section "Afspraken en vervolg" shows of a snapshot (as anyone with the code may see
it): the notes marked as agreements, the coalition cards' commitments and the vitality figures.

Plain data in, plain data out, no reportlab: the poster (``followup_page``), the Markdown minutes
and the calendar (canvas/services/commitments.py) all take the section from here.
"""
from datetime import date

from .. import method
from ..i18n import translate


def long_date(value: str, lang: str) -> str:
    """'15 maart 2027' from '2027-03-15' (the value itself if it is no date)."""
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value or "")
    months = translate("poster_months", lang).split(",")
    return f"{day.day} {months[day.month - 1]} {day.year}"


def agreements(snapshot: dict) -> list:
    """The notes marked as agreements, per block in the canvas's order: [(block key,
    [note, ...])], blocks without agreements left out."""
    notes = [n for n in snapshot.get("notes") or [] if n.get("agreement")]
    return [(key, in_block) for key in method.BLOCK_KEYS
            if (in_block := [n for n in notes if n.get("block") == key])]


def has_commitment(note: dict) -> bool:
    coalition = note.get("coalition") or {}
    return any(coalition.get(key) for key in method.COMMITMENT_FIELD_KEYS)


def coalition_commitments(snapshot: dict) -> list:
    """The coalition cards with a trekker, a first step or a date: dated ones first, by date,
    then the others in the canvas's order."""
    cards = [n for n in snapshot.get("notes") or []
             if n.get("block") == method.COALITION_BLOCK and has_commitment(n)]
    return sorted(cards, key=lambda n: (not n["coalition"].get("datum"),
                                        n["coalition"].get("datum") or ""))


EMPTY_FIGURE = {"count": 0, "mean": None, "histogram": [0, 0, 0, 0, 0]}


def vitality_shown(snapshot: dict) -> dict | None:
    """The vitality figures of the snapshot when anyone rated anything: {block: {"count",
    "mean", "histogram"}} for every block (a block nobody rated: count 0); else None. A
    snapshot taken before vitality checks (``{}``) has none."""
    figures = snapshot.get("vitality") or {}
    if not any((figures.get(key) or {}).get("count") for key in method.BLOCK_KEYS):
        return None
    return {key: figures.get(key) or EMPTY_FIGURE for key in method.BLOCK_KEYS}


def has_section(snapshot: dict) -> bool:
    """Whether there is anything for "Afspraken en vervolg"."""
    return bool(agreements(snapshot) or coalition_commitments(snapshot)
                or vitality_shown(snapshot))
