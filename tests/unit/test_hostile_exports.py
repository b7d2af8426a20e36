"""Exports a hostile note cannot turn against whoever opens them: no formula runs in a
spreadsheet, no Markdown structure outside the note."""
import csv
import io

import pytest

from canvas.services import exports, notes, snapshots, workshops

# OWASP's starting characters, in every field a participant fills in.
FORMULAS = ["=1+1", "+1+1", "-1+1", "@SUM(1,1)", '=HYPERLINK("http://evil.example","x")',
            "=cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.fixture(params=["nl", "en"])
def created(ctx, request):
    return workshops.create_workshop(ctx, {"title": "Wijk", "language": request.param})


def rows_of(ctx, created):
    text = exports.to_csv(snapshots.get_canvas(ctx, created.code, "current"))
    delimiter = ";" if created.language == "nl" else ","
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_cells_never_start_a_formula(ctx, created, formula):
    writer = workshops.join(ctx, {"code": created.code, "name": formula.strip()}).actor
    notes.add_note(ctx, writer, {"id": "card", "block": "coalities", "text": formula,
                                 "coalition": {"ambitie": formula, "kernpartners": formula,
                                               "doelgroep": formula, "trekker": formula,
                                               "eerste_stap": formula}})
    header, row = rows_of(ctx, created)
    for column in ("Tekst" if created.language == "nl" else "Text", header[3]):
        cell = row[header.index(column)]
        assert cell.startswith("'") and cell[1:] == formula.strip(), (column, cell)
    # ambitie, kernpartners, doelgroep (then the time, the cluster), and trekker, eerste stap
    # (then the date, the agreement)
    for cell in row[-9:-6] + row[-4:-2]:
        assert cell.startswith("'") and cell[1:] == " ".join(formula.split()), row
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


@pytest.mark.parametrize("text", ["-5", "+3", "-2,5", "12", "Samen - sterk", "e-mail @ wijk",
                                  "Ëén wijk"])
def test_csv_keeps_ordinary_text_and_plain_numbers_as_they_are(ctx, created, text):
    writer = workshops.join(ctx, {"code": created.code, "name": "Anne"}).actor
    notes.add_note(ctx, writer, {"id": "n", "block": "regie", "text": text})
    header, row = rows_of(ctx, created)
    assert row[2] == text and row[3] == "Anne"


def test_csv_cell_rule():
    assert exports.csv_cell("-5") == "-5" and exports.csv_cell("-5+1") == "'-5+1"
    assert exports.csv_cell(7) == 7 and exports.csv_cell("") == ""


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_markdown_keeps_every_line_of_a_note_inside_its_list_item(ctx, created, newline):
    writer = workshops.join(ctx, {"code": created.code, "name": "Anne"}).actor
    text = newline.join(["begin", "1. nep lijst", "", "---", "- nep punt", "    code?",
                         "===", "2) ook"])
    notes.add_note(ctx, writer, {"id": "n", "block": "regie", "text": text})
    md = exports.to_markdown(snapshots.get_canvas(ctx, created.code, "current"))
    assert "\r" not in md
    lines = md.split("\n")
    start = lines.index("- begin  ")
    item = lines[start:start + 8]
    assert item[1:] == ["  1\\. nep lijst  ", "    ", "  \\---  ", "  \\- nep punt  ",
                        "  code?  ", "  \\===  ", "  2\\) ook — Anne"]
    # The only rule is the one above the source, at the end.
    assert [line for line in lines if line.strip() == "---"] == ["---"]

