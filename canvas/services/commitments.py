"""What a network agreed: the notes marked as agreements, the coalition cards' commitments
(trekker, first step, date) and the vitality figures, read from a snapshot (or the live canvas)
as anyone with the code may see it (``snapshots.get_canvas``).

Pure functions of that plain data: the Markdown minutes, the poster and the calendar file
(``to_ics``) all take their section "Afspraken en vervolg" from here.
"""
import hashlib
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from canvas import method
from canvas.i18n import decimal, translate
from canvas.poster.followup import (
    agreements,
    coalition_commitments,
    has_section,
    long_date,
    vitality_shown,
)

__all__ = ["agreements", "coalition_commitments", "has_section", "markdown_section",
           "to_ics", "vitality_shown"]

PRODID = "-//Netwerk Canvas//Afspraken en vervolg//NL"


def _block_titles(lang: str) -> dict:
    return {b["key"]: b["title"] for b in method.localized(lang)["blocks"]}


# ---------------------------------------------------------------- the calendar

def _moment(value) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def to_ics(snapshot: dict) -> bytes:
    """The snapshot's dated first steps as an iCalendar file (RFC 5545): one all-day event per
    coalition card with a ``datum``, its summary "<card>: <first step>", the trekker, werkvorm
    and core partners in its description. The UID is the card's, so importing the file again
    (from a later snapshot) updates the events instead of doubling them; SEQUENCE is the
    card's version."""
    workshop = snapshot["workshop"]
    lang = workshop["language"]
    fields = {f["key"]: f["title"] for f in method.localized(lang)["coalition_fields"]}
    commitment = {f["key"]: f["title"] for f in method.localized(lang)["commitment_fields"]}
    werkvormen = {w["key"]: w["title"] for w in method.localized(lang)["werkvormen"]}
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", workshop["title"] or "Netwerk Canvas")
    stamp = _moment(snapshot.get("created_at"))
    # Stable per workshop, so a later file updates the same events, but not the join code: a
    # calendar is forwarded more than any other export.
    calendar_id = hashlib.sha256(workshop["code"].encode()).hexdigest()[:16]
    for card in coalition_commitments(snapshot):
        coalition = card["coalition"]
        if not coalition.get("datum"):
            continue
        try:
            day = date.fromisoformat(coalition["datum"])
            end = day + timedelta(days=1)
        except (ValueError, OverflowError):
            # Stored before dates were kept to DATE_YEARS (a snapshot is never changed): one
            # card must not break the whole calendar.
            continue
        step = coalition.get("eerste_stap") or ""
        event = Event()
        event.add("uid", f"{card['id']}@{calendar_id}.netwerk-canvas")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", end)
        event.add("summary", f"{card['text']}: {step}" if step else card["text"])
        lines = []
        if coalition.get("trekker"):
            lines.append(f"{commitment['trekker']}: {coalition['trekker']}")
        if step:
            lines.append(f"{commitment['eerste_stap']}: {step}")
        if coalition.get("werkvorm"):
            lines.append(f"{translate('werkvorm', lang)}: "
                         f"{werkvormen.get(coalition['werkvorm'], coalition['werkvorm'])}")
        if coalition.get("kernpartners"):
            lines.append(f"{fields['kernpartners']}: {coalition['kernpartners']}")
        lines.append(f"{workshop['title']} ({snapshot.get('label') or ''})".strip())
        event.add("description", "\n".join(lines))
        event.add("sequence", int(card.get("version") or 0))
        event.add("transp", "TRANSPARENT")   # a reminder of a step, not a busy day
        calendar.add_component(event)
    return calendar.to_ical()


# ---------------------------------------------------------------- the minutes

def one_line(text: str) -> str:
    """A text on one line: a list item of the minutes ends at a blank line."""
    return " ".join(text.split())


def markdown_section(snapshot: dict, md_text) -> list:
    """The lines of "Afspraken en vervolg" for the Markdown minutes (``md_text`` escapes user
    text): agreements per block, the coalition commitments, a vitality table; [] when there is
    nothing to show."""
    if not has_section(snapshot):
        return []
    lang = snapshot["workshop"]["language"]
    titles = _block_titles(lang)
    commitment = {f["key"]: f["title"] for f in method.localized(lang)["commitment_fields"]}
    lines = [f"## {translate('commitments_title', lang)}", ""]
    found = agreements(snapshot)
    if found:
        lines += [f"### {translate('commitments_agreements', lang)}", ""]
        for key, notes in found:
            lines.append(f"- **{titles[key]}**")
            lines += [f"  - {md_text(one_line(n['text']))}" for n in notes]
        lines.append("")
    cards = coalition_commitments(snapshot)
    if cards:
        lines += [f"### {translate('commitments_coalitions', lang)}", ""]
        for card in cards:
            coalition = card["coalition"]
            lines.append(f"- **{md_text(card['text'])}**")
            for key in method.COMMITMENT_FIELD_KEYS:
                if coalition.get(key):
                    value = long_date(coalition[key], lang) if key == "datum" \
                        else one_line(coalition[key])
                    lines.append(f"  - {commitment[key]}: {md_text(value)}")
        lines.append("")
    figures = vitality_shown(snapshot)
    if figures:
        mean_label = translate("followup_vitality_mean", lang)
        lines += [f"### {translate('followup_vitality_title', lang)}", "",
                  f"| {translate('csv.block', lang)} | {mean_label} | n |",
                  "|---|---|---|"]
        for key in method.BLOCK_KEYS:
            figure = figures[key]
            mean = "–" if figure["mean"] is None else decimal(figure["mean"], lang)
            lines.append(f"| {titles[key]} | {mean} | {figure['count']} |")
        lines += ["", f"*{translate('vitality_scale_note', lang)}*", ""]
    return lines
