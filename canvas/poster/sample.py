"""A made-up but realistic Dutch workshop, for the benchmark and docs/poster-sample.png.

``sample_snapshot(notes=60, cards=5, seed=1)`` is deterministic for a given seed.
docs/poster-sample.png is ``sample_snapshot(60, 5, seed=2)`` on A1, made with::

    python -c "from canvas.poster import render_poster; \\
      from canvas.poster.sample import sample_snapshot; \\
      open('/tmp/sample.pdf', 'wb').write(render_poster(sample_snapshot(60, 5, seed=2), 'A1'))"
    pdftoppm -png -r 70 -singlefile /tmp/sample.pdf /tmp/sample
    # then quantised to 128 colours (Pillow: quantize(128, dither=NONE)) to stay under 400 KB
"""
import random

from .. import method

AUTHORS = ["Fatima", "Youssef", "Anouk", "Sanne", "Bram", "Ilse", "Mehmet", "Joost", "Noor",
           "Pieter", "Lotte", "Daan", "Özlem", "Chantal", "Rik", "Marloes", "Gijs", "Ayşe", ""]

TEXTS = {
    ("identiteit", "passie"): [
        "Gezond oud worden in je eigen wijk", "Niemand valt tussen wal en schip",
        "We geloven dat zorg dichtbij beter is", "Trots op onze buurt",
        "Energie van bewoners die zelf iets starten",
        "Eigen regie van de cliënt staat voorop, "
        "ook als dat ‘lastig’ is voor ons als organisaties"],
    ("identiteit", "ambitie"): [
        "Over 3 jaar: geen wachtlijst voor dagbesteding", "Eén loket voor alle vragen over zorg",
        "Halvering van het aantal crisisopnames in 2028",
        "Iedere oudere in Oost kent een vast aanspreekpunt", "Minder eenzaamheid, meetbaar"],
    ("identiteit", "positie"): [
        "Wij zijn de schakel tussen huisarts en wijkteam", "Samen verantwoordelijk voor de wijk",
        "Woningcorporatie brengt ruimte, welzijn brengt mensen",
        "We kijken vanuit het perspectief van de bewoner, niet van de financier"],
    ("identiteit", "stijl"): [
        "Eerst doen, dan praten", "Klein beginnen, snel leren", "Open en transparant",
        "Experimenteren mag, fouten maken ook", "Geen dikke rapporten: één A4 per besluit"],
    ("identiteit", None): ["Wat ons bindt: de bewoner", "Vertrouwen vóór contracten",
                           "Samen sterker dan alleen", "Nieuwsgierig naar elkaars werk",
                           "Wijkgericht, niet organisatiegericht"],
    ("spelregels", None): [
        "Besluiten nemen we met consent, niet met meerderheid",
        "Wie iets haalt, brengt ook iets", "Conflicten eerst één-op-één bespreken",
        "Elk kwartaal verantwoording aan de gemeenteraad", "Instappen kan altijd, uitstappen met "
        "drie maanden opzegtermijn", "Afspraak = afspraak", "We delen cijfers open, ook de slechte",
        "Geen vergadering zonder besluit of actie"],
    ("regie", None): [
        "Roulerend voorzitterschap per half jaar", "Een onafhankelijke netwerkregisseur (0,4 fte)",
        "Kwartiermaker voor het eerste jaar", "Portfolio-overleg twee keer per jaar",
        "Leiderschap gunnen aan wie de energie heeft", "De regisseur bewaakt de samenhang – "
        "niet de inhoud"],
    ("organisatie", "wie"): [
        "Huisartsen, wijkteam, Welzijn Oost, Woonstad", "Bewonersraad als volwaardig partner",
        "Kernteam van vijf, schil van twintig", "Netwerkmodel: ster met een kern"],
    ("organisatie", "inrichting"): [
        "Maandelijks kernoverleg, jaarlijks netwerkdag", "Nieuwsbrief per kwartaal",
        "Eén gedeeld kanaal in plaats van mail", "Secretariaat bij Welzijn Oost"],
    ("organisatie", "middelen"): [
        "Gezamenlijk budget van € 40.000 per jaar", "Subsidie aanvragen bij ZonMw",
        "Gedeelde agenda en dossier", "Iedere partner levert 4 uur per week"],
    ("organisatie", "plek"): [
        "De Buurtkamer aan het Oosterplein", "Om de beurt bij een partner op locatie",
        "Hybride overleggen met een goede camera", "Bibliotheek Oost biedt gratis ruimte"],
}

CARDS = [
    ("Buurtkamer Oost", "project", "Een huiskamer voor de hele wijk",
     "Woonstad, Welzijn Oost, huisartsen", "Ouderen en mantelzorgers"),
    ("Valpreventie thuis", "programma", "Minder valincidenten bij 75-plussers",
     "Fysiotherapie Oost, thuiszorg, GGD", "Thuiswonende ouderen"),
    ("Wijkfeest ‘Oost Ontmoet’", "evenement", "Bewoners en professionals leren elkaar kennen",
     "Bewonersraad, Welzijn Oost", "Alle bewoners van Oost"),
    ("Eén loket", "initiatief", "Eén plek voor alle vragen over zorg en welzijn",
     "Gemeente, wijkteam, Woonstad", "Iedereen met een hulpvraag"),
    ("Mantelzorg-alliantie", "alliantie", "Mantelzorgers ontlasten voordat ze omvallen",
     "Mantelzorg NL, huisartsen, werkgevers", "Mantelzorgers"),
    ("Data delen", "proces", "Eén beeld van de wijk op basis van gedeelde cijfers",
     "GGD, gemeente, zorgverzekeraar", "Beleidsmakers en professionals"),
]

LONG = {   # a few longer notes, where they belong
    ("identiteit", "ambitie"): [
        "We willen dat bewoners zelf kunnen kiezen waar ze hulp zoeken, en dat ze niet bij elke "
        "nieuwe vraag opnieuw hun hele verhaal hoeven te vertellen."],
    ("spelregels", None): [
        "Afspraak: wie een besluit blokkeert, komt binnen twee weken met een alternatief. "
        "Anders gaat het voorstel door."],
    ("organisatie", "middelen"): [
        "De gemeente financiert de eerste twee jaar; daarna dragen alle partners naar rato bij, "
        "op basis van het aantal cliënten dat ze in de wijk hebben."],
    ("organisatie", "inrichting"): [
        "Niet nóg een overleg erbij: we vervangen drie bestaande overleggen door één "
        "netwerkoverleg per maand, met een vaste agenda en een roulerende voorzitter."],
    ("regie", None): [
        "Wat we merken in de praktijk: huisartsen hebben weinig tijd voor overleg, dus we moeten "
        "naar hen toe komen in plaats van andersom."],
}

WORDS = [
    "samen", "wijk", "zorg", "bewoners", "netwerk", "vertrouwen", "afspraken", "elkaar", "budget",
    "ouderen", "gezond", "mantelzorgers", "huisartsen", "gemeente", "welzijn", "energie",
    "ambitie", "kwartaal", "overleg", "leren", "experiment", "cliënt", "coördinatie",
    "verantwoording", "één", "café", "privacy", "toegankelijk",
]


def sample_snapshot(notes: int = 60, cards: int = 5, seed: int = 1, lang: str = "nl",
                    show_authors: bool = True, long_notes: bool = False) -> dict:
    """A snapshot with ``notes`` sticky notes spread over the blocks and ``cards`` coalitions."""
    rnd = random.Random(seed)
    keys = list(TEXTS)
    weights = [3 if k[0] in ("spelregels", "regie") else 2 for k in keys]
    out, left, long_used = [], {}, set()
    for i in range(notes):
        block, sub = rnd.choices(keys, weights)[0]
        if not left.get((block, sub)):   # each text once before any comes back
            left[(block, sub)] = rnd.sample(TEXTS[(block, sub)], len(TEXTS[(block, sub)]))
        text = left[(block, sub)].pop()
        if long_notes:
            extra = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(5, 60)))
            text = f"{text}: {extra}"
        elif LONG.get((block, sub)) and (block, sub) not in long_used and rnd.random() < 0.25:
            long_used.add((block, sub))   # each long note once
            text = LONG[(block, sub)][0]
        out.append(_note(f"n-{i}", block, sub, text, rnd))
    for i in range(cards):
        name, wv, amb, kern, doel = CARDS[i % len(CARDS)]
        if i >= len(CARDS):
            name = f"{name} {i // len(CARDS) + 1}"
        note = _note(f"c-{i}", "coalities", None, name, rnd)
        note["coalition"] = {"werkvorm": wv, "ambitie": amb, "kernpartners": kern,
                             "doelgroep": doel}
        out.append(note)
    return {
        "workshop": {"code": "8M3HKT", "title": "Zorgnetwerk Oost · sessie 1", "language": lang},
        "label": "Na ronde 2", "created_at": "2026-11-23T18:01:02Z", "rev": len(out) + 3,
        "participants": 23, "settings": {"show_authors": show_authors},
        "notes": out,
    }


def _note(note_id, block, sub, text, rnd):
    return {"id": note_id, "block": block, "subarea": sub, "text": text,
            "color": rnd.choice(method.COLOR_KEYS), "author": rnd.choice(AUTHORS),
            "coalition": None, "votes": rnd.choice([0, 0, 0, 0, 1, 2, 3, 5]),
            "created_at": "2026-11-23T17:40:00Z", "updated_at": "2026-11-23T17:40:00Z"}
