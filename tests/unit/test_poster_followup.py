"""The poster's page "Afspraken en vervolg": agreements, the coalitions' commitments and the
vitality chart, read back from the PDF with pypdf; absent when there is nothing to show."""
import io

import pytest
import seednotes
from pypdf import PdfReader

from canvas import method
from canvas.poster import render as poster_render
from canvas.poster import render_poster

AGREEMENTS = [
    ("spelregels", "We besluiten met consent: niemand heeft een overwegend bezwaar."),
    ("spelregels", "Wie een overleg mist, leest het verslag en reageert binnen een week."),
    ("spelregels", "We delen geen persoonsgegevens buiten het kernteam."),
    ("identiteit", "Onze ambitie: elke ouderen in de wijk kent een vast aanspreekpunt."),
    ("organisatie", "Het kernteam komt elke maand samen, om beurten bij een partner."),
    ("organisatie", "Elke partner brengt vier uur per maand in."),
    ("regie", "De regiegroep legt twee keer per jaar verantwoording af aan het netwerk."),
    ("regie", "Nieuwe partners sluiten aan na een kennismaking met het kernteam."),
]
COMMITMENTS = [("Fatima de Vries", "Ruimte in het buurthuis vastleggen", "2027-03-15"),
               ("Bram", "Eerste bijeenkomst met mantelzorgers plannen", "2027-02-01"),
               ("Youssef", "Subsidieaanvraag bij de gemeente indienen", "2027-04-30"),
               ("Anouk", "Flyer maken en verspreiden in de wijk", ""),
               ("Priya", "Afspraak met de huisartsen over doorverwijzen", "2027-06-10")]
FIGURES = {"identiteit": {"count": 17, "mean": 3.59, "histogram": [0, 2, 5, 7, 3]},
           "spelregels": {"count": 16, "mean": 2.81, "histogram": [2, 4, 5, 4, 1]},
           "organisatie": {"count": 17, "mean": 3.0, "histogram": [1, 4, 7, 4, 1]},
           "regie": {"count": 15, "mean": 2.4, "histogram": [3, 5, 5, 2, 0]},
           "coalities": {"count": 14, "mean": 4.07, "histogram": [0, 0, 3, 7, 4]}}


def real_canvas(count=250, language="nl", agreements=True, commitments=True, vitality=True):
    """A workshop of ``count`` seed notes with 8 agreements, 5 cards with a commitment and the
    figures of 17 people's vitality check."""
    notes = []
    for i, item in enumerate(seednotes.notes(count)):
        coalition = None
        if item["block"] == method.COALITION_BLOCK:
            coalition = {"werkvorm": None, "ambitie": "", "kernpartners": "", "doelgroep": "",
                         "trekker": "", "eerste_stap": "", "datum": None, **item["coalition"]}
        notes.append({"id": f"n{i}", "block": item["block"], "subarea": item.get("subarea"),
                      "text": item["text"], "color": "geel", "author": "Anne",
                      "coalition": coalition, "votes": 0, "version": 1, "agreement": False,
                      "created_at": "2026-11-23T17:00:00Z",
                      "updated_at": "2026-11-23T17:00:00Z"})
    if agreements:
        for j, (block, text) in enumerate(AGREEMENTS):
            notes.append({**notes[0], "id": f"a{j}", "block": block, "subarea": None,
                          "text": text, "agreement": True, "coalition": None})
    if commitments:
        cards = [n for n in notes if n["coalition"] is not None]
        for card, (trekker, step, day) in zip(cards, COMMITMENTS):
            card["coalition"].update(trekker=trekker, eerste_stap=step, datum=day or None)
    return {"workshop": {"code": "K7PX3M", "title": "Zorgnetwerk Oost", "language": language},
            "label": "Einde startsessie", "created_at": "2026-11-23T18:01:02Z", "rev": 300,
            "participants": 17, "settings": {"show_authors": True}, "notes": notes,
            "clusters": [], "vitality": FIGURES if vitality else {}}


def squash(text: str) -> str:
    return " ".join(text.split())


def last_page(pdf: bytes) -> str:
    return squash(PdfReader(io.BytesIO(pdf)).pages[-1].extract_text() or "")


@pytest.mark.parametrize("size", ["A4", "A1"])
def test_the_followup_page_holds_agreements_commitments_and_the_chart(size):
    snap = real_canvas()
    pdf = render_poster(snap, size)
    text = last_page(pdf)
    assert text.startswith("Zorgnetwerk Oost") or "Afspraken en vervolg" in text
    assert "Afspraken en vervolg" in text
    assert "We besluiten met consent" in text and "Spelregels" in text
    assert "Fatima de Vries" in text and "15 maart 2027" in text
    assert "geen datum" in text   # Anouk's flyer has no date yet
    assert "Vitaliteit van het netwerk" in text
    for block in method.localized("nl")["blocks"]:
        assert block["title"] in text
    assert "n = 17" in text and "n = 14" in text and "gemiddeld 3,6" in text
    assert "meer (zie de notulen)" not in text   # everything fits
    # The canvas keeps its sheet: the page comes after it, nothing else moved.
    without = render_poster(real_canvas(agreements=False, commitments=False,
                                        vitality=False), size)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == len(PdfReader(io.BytesIO(without)).pages) + 1


def test_no_section_without_agreements_commitments_or_figures():
    snap = real_canvas(150, agreements=False, commitments=False, vitality=False)
    snap["vitality"] = {key: {"count": 0, "mean": None, "histogram": [0] * 5}
                        for key in method.BLOCK_KEYS}
    pdf = render_poster(snap, "A4")
    text = squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Afspraken en vervolg" not in text and "Vitaliteit" not in text
    assert poster_render.FOLLOWUP_PAGE not in [p.block for p in poster_render.plan(snap, "A4")
                                               .pages]


def test_only_the_chart_when_only_figures_exist_and_in_english():
    snap = real_canvas(30, language="en", agreements=False, commitments=False)
    text = last_page(render_poster(snap, "A4"))
    assert "Agreements and next steps" in text and "Vitality of the network" in text
    assert "Identity" in text and "n = 15" in text
    assert "3.6 · n = 17" in text  # an English decimal point (Dutch writes 3,6)
    assert "Agreements " not in text.replace("Agreements and next steps", "")


def test_too_many_agreements_are_counted_not_cut():
    snap = real_canvas(30, vitality=False)
    for j in range(120):
        snap["notes"].append({**snap["notes"][0], "id": f"x{j}", "block": "regie",
                              "text": f"Afspraak nummer {j} " + "met uitleg " * 12,
                              "agreement": True, "coalition": None})
    text = last_page(render_poster(snap, "A4"))
    assert "meer (zie de notulen)" in text
