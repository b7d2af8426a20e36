"""Exports of a snapshot or the live canvas (JSON, CSV, Markdown) and importing JSON.

The JSON export is complete: importing it on any server creates a new workshop with the same
content. Author names leave the server only when the workshop shows authors.
"""
import csv
import io
import json
import re
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from canvas import method
from canvas.db.models import Cluster, Note, Workshop, utcnow
from canvas.i18n import local_time, translate
from canvas.services import commitments
from canvas.services.changes import commit_or_busy
from canvas.services.context import ServiceContext
from canvas.services.errors import BadRequest, NotFound
from canvas.services.records import DEFAULT_SETTINGS
from canvas.services.rules import CLUSTER_TITLE_MAX, NAME_MAX, VOTES_MAX
from canvas.services.snapshots import CURRENT, canvas_in_view, shown_notes
from canvas.services.validation import note_content, payload_dict, text_field
from canvas.services.workshops import CreatedWorkshop, create_workshop

FORMAT = "netwerk-canvas"
VERSION = 1
IMPORT_MAX_NOTES = 5000
# The key of imports in the fair write gate: not a workshop id (those are integers).
IMPORT_TURN = "import"
# The most votes one note can have: every participant of a very large workshop (1,000) giving
# it their whole budget (VOTES_MAX).
IMPORT_MAX_VOTES = 1000 * VOTES_MAX


def to_json(snapshot: dict) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "workshop": {"title": snapshot["workshop"]["title"],
                     "language": snapshot["workshop"]["language"]},
        "snapshot": {"label": snapshot["label"], "created_at": snapshot["created_at"],
                     "rev": snapshot["rev"], "participants": snapshot["participants"]},
        "settings": snapshot["settings"],
        "notes": shown_notes(snapshot),
        "clusters": [{key: cluster[key] for key in CLUSTER_FIELDS}
                     for cluster in snapshot.get("clusters") or []],
        "vitality": snapshot.get("vitality") or {},
    }


def all_workshops(ctx: ServiceContext):
    """Every workshop's JSON export, oldest workshop first: (code, title, export, left_out),
    the export being exactly the live canvas's the page gives (``to_json`` of the public
    view), and ``left_out`` how many of its notes that leaves out (hidden, or in a silent
    round going on). For moving a network to another server (``netwerk-canvas export-all``);
    like every export it holds no key, token, participant id or author of an anonymous note."""
    with ctx.db.session() as session:
        codes = list(session.scalars(select(Workshop.code).order_by(Workshop.id)))
    for code in codes:
        try:
            canvas, left_out = canvas_in_view(ctx, code, CURRENT)
        except NotFound:  # deleted since the list was read
            continue
        yield code, canvas["workshop"]["title"], to_json(canvas), len(left_out)


CLUSTER_FIELDS = ("id", "block", "subarea", "title", "note_ids", "votes", "created_at",
                  "updated_at")


def cluster_titles(snapshot: dict) -> dict:
    """The title each cluster is shown by, by cluster id: its own, or (empty) the text of its
    first note, as on the projector."""
    texts = {note["id"]: note["text"] for note in snapshot["notes"]}
    titles = {}
    for cluster in snapshot.get("clusters") or []:
        first = next((texts[i] for i in cluster["note_ids"] if i in texts), "")
        titles[cluster["id"]] = cluster["title"] or first
    return titles


def cluster_score(cluster: dict, votes_by_note: dict) -> int:
    """A cluster's score in a ranking: its own votes and those of its notes."""
    return (cluster.get("votes") or 0) + sum(votes_by_note.get(i, 0) for i in cluster["note_ids"])


def _titles(lang: str):
    localized = method.localized(lang)
    blocks = {b["key"]: b for b in localized["blocks"]}
    subareas = {(b["key"], s["key"]): s["title"] for b in blocks.values() for s in b["subareas"]}
    werkvormen = {w["key"]: w["title"] for w in localized["werkvormen"]}
    colors = {c["key"]: c["title"] for c in localized["colors"]}
    return blocks, subareas, werkvormen, colors


# Spreadsheets run a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number such as "-5" or "+3,5" is no formula: it keeps its look and its value.
PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?$")


def csv_cell(value):
    """A cell as a spreadsheet shows it, never as a formula: text that starts like one gets a
    leading single quote (as OWASP advises); numbers and other text are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) \
            and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def to_csv(snapshot: dict) -> str:
    """One row per note, with the title of its cluster (if any) last. Starts with a
    byte-order mark and uses ';' for Dutch workshops, so Excel opens it with diacritics intact
    and in columns in either locale."""
    lang = snapshot["workshop"]["language"]
    blocks, subareas, werkvormen, colors = _titles(lang)
    show_authors = snapshot["settings"].get("show_authors", True)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "nl" else ",", lineterminator="\r\n")
    # The cluster last: the columns before it stay where spreadsheets built on them look.
    header = ["block", "subarea", "text", "color", "votes", "werkvorm", "ambitie",
              "kernpartners", "doelgroep", "created_at", "cluster",
              # Added later, after the cluster, so the columns above keep their places.
              "trekker", "eerste_stap", "datum", "agreement"]
    if show_authors:
        header.insert(3, "author")
    writer.writerow([translate("csv." + column, lang) for column in header])
    titles = cluster_titles(snapshot)
    cluster_of = {note_id: cluster["id"] for cluster in snapshot.get("clusters") or []
                  for note_id in cluster["note_ids"]}
    for note in shown_notes(snapshot):
        coalition = note["coalition"] or {}
        row = [blocks[note["block"]]["title"],
               subareas.get((note["block"], note["subarea"]), ""),
               note["text"], colors.get(note["color"], note["color"]), note["votes"],
               werkvormen.get(coalition.get("werkvorm"), ""), coalition.get("ambitie", ""),
               coalition.get("kernpartners", ""), coalition.get("doelgroep", ""),
               note["created_at"], titles.get(cluster_of.get(note["id"]), ""),
               coalition.get("trekker", ""), coalition.get("eerste_stap", ""),
               coalition.get("datum") or "",
               translate("yes", lang) if note.get("agreement") else ""]
        if show_authors:
            row.insert(3, note["author"])
        writer.writerow([csv_cell(cell) for cell in row])
    return "\ufeff" + out.getvalue()


# What makes a line Markdown of its own (a list, a rule, a heading underline, a fence) when it
# starts one: a list item's continuation line must not begin with it.
_MD_LINE_START = re.compile(r"^([-+=~]|[0-9]{1,9}(?=[.)]))")


def _md_line(line: str) -> str:
    line = line.lstrip()
    match = _MD_LINE_START.match(line)
    if match is None:
        return line
    if match.group(1)[0].isdigit():  # "1. " would start a numbered list: escape the dot
        end = match.end()
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def _md_text(text: str) -> str:
    """Note text as one Markdown list item: markup characters escaped, lines kept (a carriage
    return too, as Windows and old Macs end lines), and no line starting a list, a rule or a
    heading of its own."""
    escaped = "".join("\\" + c if c in "\\`*_{}[]<>#|" else c for c in text)
    lines = escaped.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "  \n  ".join(_md_line(line) for line in lines)


def _md_note(note: dict) -> str:
    author = f" — {_md_text(note['author'])}" if note["author"] else ""
    votes = f" (+{note['votes']})" if note["votes"] else ""
    return f"- {_md_text(note['text'])}{author}{votes}"


def to_markdown(snapshot: dict) -> str:
    """The canvas as minutes: per block its question and notes, cards with their fields; a
    cluster as a bold item with its notes beneath, before the notes in no cluster."""
    lang = snapshot["workshop"]["language"]
    blocks, subareas, werkvormen, _ = _titles(lang)
    fields = {f["key"]: f["title"] for f in method.localized(lang)["coalition_fields"]}
    notes = shown_notes(snapshot)
    titles = cluster_titles(snapshot)
    votes_by_note = {note["id"]: note["votes"] or 0 for note in notes}
    lines = [f"# {_md_text(snapshot['workshop']['title'])}", "",
             f"{_md_text(snapshot['label'])} · {local_time(snapshot['created_at'])} · "
             + translate("md_counts", lang, notes=len(notes),
                         participants=snapshot["participants"]), ""]
    for key in method.BLOCK_KEYS:
        block = blocks[key]
        lines += [f"## {block['title']}", "", f"*{block['question']}*", ""]
        in_block = [n for n in notes if n["block"] == key]
        if not in_block:
            lines += [translate("empty_block", lang), ""]
            continue
        groups = [(None, "")] + [(s["key"], s["title"]) for s in block["subareas"]]
        for subarea, title in groups:
            group = [n for n in in_block if n["subarea"] == subarea]
            if not group:
                continue
            if title:
                lines += [f"### {title}", ""]
            # The clusters of this part first, each with its notes beneath, then the rest.
            in_group = {note["id"]: note for note in group}
            clustered = set()
            for cluster in snapshot.get("clusters") or []:
                members = [in_group[i] for i in cluster["note_ids"]
                           if i in in_group and i not in clustered]
                if not members:
                    continue
                clustered.update(note["id"] for note in members)
                score = cluster_score(cluster, votes_by_note)
                count = translate("poster_cluster_count_one", lang) if len(members) == 1 \
                    else translate("poster_cluster_count", lang, n=len(members))
                votes = f", +{score}" if score else ""
                lines.append(f"- **{_md_text(titles[cluster['id']])}** ({count}{votes})")
                for note in members:
                    lines.append("  " + _md_note(note).replace("\n", "\n  "))
            for note in group:
                if note["id"] in clustered:
                    continue
                lines.append(_md_note(note))
                coalition = note["coalition"]
                if coalition:
                    if coalition.get("werkvorm"):
                        lines.append(f"  - {translate('werkvorm', lang)}: "
                                     f"{werkvormen[coalition['werkvorm']]}")
                    for field in method.COALITION_FIELD_KEYS:
                        if coalition.get(field):
                            lines.append(f"  - {fields[field]}: {_md_text(coalition[field])}")
            lines.append("")
    lines += commitments.markdown_section(snapshot, _md_text)
    lines += ["---", "", method.SOURCE[lang], ""]
    return "\n".join(lines)


def import_workshop(ctx: ServiceContext, data, address: str | None = None) -> CreatedWorkshop:
    """Create a new workshop from a JSON export (ours, any server). Every note is checked like
    a new note; nothing is stored unless all of them pass. Raises BadRequest("bad_import")."""
    data = payload_dict(data)
    version = data.get("version")
    # type() and not ==: true == 1 in Python, and "version": true is no version.
    if data.get("format") != FORMAT or type(version) is not int or version != VERSION:
        raise BadRequest("bad_import", detail="format")
    workshop_data = payload_dict(data.get("workshop"))
    notes = data.get("notes")
    if not isinstance(notes, list) or len(notes) > IMPORT_MAX_NOTES:
        raise BadRequest("bad_import", detail=f"notes: a list of at most {IMPORT_MAX_NOTES}")
    contents = []
    for index, note in enumerate(notes):
        try:
            note = payload_dict(note)
            content = note_content(note)
            author = text_field(note, "author", NAME_MAX, multiline=False) or ""
        except BadRequest as error:
            raise BadRequest("bad_import", detail=f"note {index + 1}: "
                             + error.message("en")) from None
        votes = note.get("votes", 0)
        if votes is None:
            votes = 0
        if type(votes) is not int or not 0 <= votes <= IMPORT_MAX_VOTES:
            raise BadRequest("bad_import", detail=f"note {index + 1}: votes must be a whole "
                             f"number from 0 to {IMPORT_MAX_VOTES}")
        content["author"] = author
        content["votes"] = votes
        content["agreement"] = note.get("agreement") is True
        contents.append(content)
    clusters = _import_clusters(data.get("clusters"), notes, contents)
    settings = dict(DEFAULT_SETTINGS)
    imported = data.get("settings")
    if isinstance(imported, dict) and isinstance(imported.get("show_authors"), bool):
        settings["show_authors"] = imported["show_authors"]

    # Written in the imports' turn to write (``FairWriteGate``): all imports share one turn,
    # so importing large canvases, however many at once, takes one turn per round of the
    # workshops that write, never the database for itself. The turn comes before the
    # workshop is created: an import refused ``busy`` leaves nothing behind.
    with ctx.writes.gate.turn(IMPORT_TURN):
        created = create_workshop(ctx, {"title": workshop_data.get("title"),
                                        "language": workshop_data.get("language", "nl")},
                                  address)
        try:
            with ctx.db.session() as session:
                workshop = session.scalar(select(Workshop).where(Workshop.code == created.code))
                workshop.settings_json = json.dumps(settings)
                workshop.rev = 1
                now = utcnow()
                placed = {}   # index of a note in the file: (its new cluster's id, place)
                for index, cluster in enumerate(clusters):
                    # New ids, as the notes get: an export imported twice makes two canvases.
                    cluster_id = "i-" + secrets.token_urlsafe(12)
                    moment = now + timedelta(microseconds=index)
                    session.add(Cluster(id=cluster_id, workshop_id=workshop.id,
                                        block=cluster["block"], subarea=cluster["subarea"],
                                        title=cluster["title"], votes=cluster["votes"],
                                        created_at=moment, updated_at=moment))
                    for pos, note_index in enumerate(cluster["notes"]):
                        placed[note_index] = (cluster_id, pos)
                session.flush()   # the clusters before the notes that point to them
                for index, content in enumerate(contents):
                    # One microsecond apart: the notes keep their order (listed by time).
                    moment = now + timedelta(microseconds=index)
                    cluster_id, pos = placed.get(index, (None, 0))
                    session.add(Note(id="i-" + secrets.token_urlsafe(12),
                                     workshop_id=workshop.id, participant_id=None, version=1,
                                     created_at=moment, updated_at=moment, cluster_id=cluster_id,
                                     cluster_pos=pos, **content))
                commit_or_busy(session)
        except Exception:
            # Not a half import: the empty workshop goes too (its notes were rolled back).
            with ctx.db.session() as session:
                session.execute(delete(Workshop).where(Workshop.code == created.code))
                session.commit()
            raise
    return created


def _import_clusters(clusters, notes: list, contents: list) -> list:
    """The clusters of an import, each checked like a new cluster: a title of at most
    ``CLUSTER_TITLE_MAX`` characters, at least one note, every note named by its id in the same
    file, of the same block and sub-area and no coalition card, no note in two clusters, and
    0 to ``IMPORT_MAX_VOTES`` votes of its own. Returns [{"block", "subarea", "title",
    "votes", "notes": [index of each note in ``contents``]}]; raises BadRequest("bad_import")
    naming the cluster. An export without clusters (older ones) has none."""
    if clusters is None:
        return []
    if not isinstance(clusters, list) or len(clusters) > IMPORT_MAX_NOTES:
        raise BadRequest("bad_import",
                         detail=f"clusters: a list of at most {IMPORT_MAX_NOTES}")
    by_id, twice = {}, set()
    for index, note in enumerate(notes):
        note_id = note.get("id")
        if isinstance(note_id, str):
            if note_id in by_id:
                twice.add(note_id)
            by_id[note_id] = index
    taken = set()
    out = []
    for number, cluster in enumerate(clusters, start=1):
        def bad(reason, number=number):
            return BadRequest("bad_import", detail=f"cluster {number}: {reason}")
        try:
            cluster = payload_dict(cluster)
            title = text_field(cluster, "title", CLUSTER_TITLE_MAX, multiline=False) or ""
        except BadRequest as error:
            raise bad(error.message("en")) from None
        note_ids = cluster.get("note_ids")
        if not isinstance(note_ids, list) or not note_ids:
            raise bad("note_ids must be a list of at least one note id")
        members = []
        for note_id in note_ids:
            if not isinstance(note_id, str) or note_id not in by_id:
                raise bad(f"note {str(note_id)[:64]!r} is not a note of this file")
            if note_id in twice:
                raise bad(f"note id {note_id[:64]!r} belongs to more than one note")
            index = by_id[note_id]
            if index in taken:
                raise bad(f"note {note_id[:64]!r} is in another cluster already "
                          "(a note is in at most one)")
            taken.add(index)
            members.append(index)
        first = contents[members[0]]
        place = (first["block"], first["subarea"])
        if first["block"] == method.COALITION_BLOCK:
            raise bad("coalition cards do not cluster")
        if any((contents[i]["block"], contents[i]["subarea"]) != place for i in members):
            raise bad("its notes must all be in one block and sub-area")
        if cluster.get("block") is not None and cluster.get("block") != place[0]:
            raise bad("its block is not the block of its notes")
        votes = cluster.get("votes", 0)
        if votes is None:
            votes = 0
        if type(votes) is not int or not 0 <= votes <= IMPORT_MAX_VOTES:
            raise bad(f"votes must be a whole number from 0 to {IMPORT_MAX_VOTES}")
        out.append({"block": place[0], "subarea": place[1], "title": title, "votes": votes,
                    "notes": members})
    return out
