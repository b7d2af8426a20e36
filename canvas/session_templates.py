"""Session plans to start from, taken from the method's own texts, as plain data.

Each template walks the canvas in steps (docs/protocol.md, "Session plan"); each step names its
source: the publication (``seed``, see SEEDS) and a short verbatim passage (``quote``, Dutch as
published) it follows, so a facilitator can trace why the step is there. Blocks, sub-areas and
question indexes are those of canvas/method.py (``questions_all``). Instructions are Dutch
first, English our translation. This module imports only canvas.method.
"""
import secrets

from canvas import method

# The publications the templates cite (the extracted texts are kept beside the project, not in
# it: tests/unit/test_session_templates.py checks the quotes against them when they are there).
SEEDS = {
    "netwerk-canvas": {"title": "Netwerk Canvas", "file": "../netwerk-canvas.md"},
    "004": {"title": "Leren werken in netwerken", "file": "004_b0e94be8d57ec1a1.txt"},
    "001": {"title": "Meer bereiken met organisatienetwerken (Netwerkmozaïek)",
            "file": "001_4a83c0c9d3f0adb1.txt"},
    "000": {"title": "Overzicht netwerkvormen", "file": "000_6484b1003f19403d.txt"},
    "002": {"title": "Samenwerken met gemeenschappen via een netwerk van sleutelpersonen",
            "file": "002_db5621a04ac0e7e0.txt"},
}
QUOTE_MAX = 200
MINUTE = 60


def _step(mode, block, minutes, nl, en, seed, quote, *, subarea=None, question=None,
          votes=None) -> dict:
    return {"mode": mode, "block": block, "subarea": subarea, "question": question,
            "duration": minutes * MINUTE if minutes else None,
            "instruction": {"nl": nl, "en": en}, "votes": votes,
            "source": {"seed": seed, "quote": quote}}


VITALITY_QUOTE = "vijf bouwstenen die in ieder vitaal netwerk aandacht behoeven"


def _vitality(minutes=5) -> dict:
    return _step("vitality", None, minutes,
                 "Geef per bouwsteen een score van 1 (zwak) tot 5 (sterk). Anoniem.",
                 "Rate each block from 1 (weak) to 5 (strong). Anonymous.",
                 "004", VITALITY_QUOTE)


IDENTITY = "De kern van elk netwerk is zijn identiteit."
RULES = ("Spelregels zijn afspraken van de kernspelers van een netwerk en zijn afgeleid van "
         "de identiteit van het netwerk.")
ORGANISATION = "Bouwsteen 3: Organisatie van het netwerk"
DIRECTION = ("Regie en leiderschap zijn essentiële vraagstukken bij het borgen van verbinding "
             "op relatie en op inhoud.")
COALITIONS = ("De essentiële vraag hier is aan welke betekenisvolle vraagstukken en kansen de "
              "netwerkpartners samenwerken, en in welke constellaties.")
WHO_DOES_WHAT = "Wie doen wat? En wat doen ze dan?"

TEMPLATES = [
    {
        "key": "startsessie",
        "title": {"nl": "Startsessie: de vijf bouwstenen", "en": "Start-up session: the five "
                  "blocks"},
        "about": {"nl": "Een eerste sessie die het canvas in de volgorde van de methode "
                        "doorloopt, van identiteit tot coalities, en eindigt met een "
                        "vitaliteitscheck (ongeveer 2,5 uur).",
                  "en": "A first session that walks the canvas in the method's order, from "
                        "identity to coalitions, and ends with a vitality check (about 2.5 "
                        "hours)."},
        "steps": [
            _step("silent", "identiteit", 10,
                  "Schrijf in stilte op wat ons verbindt: één gedachte per briefje.",
                  "Write down in silence what connects us: one thought per note.",
                  "004", "Wat verbindt ons?", subarea="passie", question=0),
            _step("cluster", "identiteit", 10,
                  "Zoek samen de briefjes die bij elkaar horen en geef elke groep een naam.",
                  "Together, group the notes that belong together and name each group.",
                  "004", IDENTITY),
            _step("vote", "identiteit", 5,
                  "Stem op wat ons het sterkst verbindt.",
                  "Vote for what connects us most strongly.", "004", IDENTITY, votes=3),
            _step("discuss", "identiteit", 15,
                  "Bespreek de uitkomst: herkennen we onszelf hierin?",
                  "Discuss the result: do we recognise ourselves in it?", "004", IDENTITY),
            _step("silent", "spelregels", 10,
                  "Hoe gaan we met elkaar om? Schrijf in stilte de afspraken op die je nodig "
                  "vindt.",
                  "How do we deal with each other? Write down in silence the agreements you "
                  "think we need.", "004", RULES),
            _step("discuss", "spelregels", 15,
                  "Welke spelregels maken we tot afspraak?",
                  "Which rules of the game do we turn into agreements?", "004", RULES),
            _step("write", "organisatie", 10,
                  "Wie doen er mee, en wie missen we nog?",
                  "Who takes part, and who is still missing?", "004", ORGANISATION,
                  subarea="wie", question=0),
            _step("discuss", "organisatie", 10,
                  "Wat is er nodig om het netwerk te organiseren: overleg, middelen, plek?",
                  "What does organising the network take: meetings, means, a place?",
                  "004", ORGANISATION),
            _step("silent", "regie", 8,
                  "Wie zorgt voor het geheel? Schrijf in stilte op hoe we regie willen "
                  "voeren.",
                  "Who looks after the whole? Write down in silence how we want to direct "
                  "the network.", "004", DIRECTION, question=0),
            _step("discuss", "regie", 12,
                  "Wie gunnen we het initiatief en het leiderschap?",
                  "To whom do we grant initiative and leadership?", "004", DIRECTION),
            _step("write", "coalities", 15,
                  "Maak coalitiekaarten: welke vraagstukken en kansen pakken we samen op?",
                  "Make coalition cards: which issues and opportunities do we take up "
                  "together?", "004", COALITIONS),
            _step("vote", "coalities", 5,
                  "Stem op de coalities waar je energie van krijgt.",
                  "Vote for the coalitions that give you energy.", "004", COALITIONS,
                  votes=3),
            _step("discuss", "coalities", 15,
                  "Per gekozen coalitie: wie is de trekker, wat is de eerste stap en "
                  "wanneer?",
                  "For each chosen coalition: who leads it, what is the first step and "
                  "when?", "004", WHO_DOES_WHAT),
            _vitality(),
        ],
    },
    {
        "key": "coalitiesessie",
        "title": {"nl": "Coalitiesessie: van ambitie naar afspraken",
                  "en": "Coalition session: from ambition to commitments"},
        "about": {"nl": "Eerst de gedeelde ambitie, dan coalitiekaarten, dan stemmen en "
                        "afspraken over trekker, eerste stap en datum (ongeveer 1,5 uur).",
                  "en": "First the shared ambition, then coalition cards, then voting and "
                        "commitments on lead, first step and date (about 1.5 hours)."},
        "steps": [
            _step("silent", "identiteit", 10,
                  "Welke gemeenschappelijke doelen hebben we? Schrijf in stilte.",
                  "Which common goals do we have? Write in silence.", "004", IDENTITY,
                  subarea="ambitie", question=3),
            _step("cluster", "identiteit", 10,
                  "Breng de doelen samen tot een gedeelde ambitie.",
                  "Bring the goals together into a shared ambition.", "004", IDENTITY,
                  subarea="ambitie"),
            _step("discuss", "identiteit", 10,
                  "Is dit de ambitie waar we samen voor gaan?",
                  "Is this the ambition we pursue together?", "004", IDENTITY),
            _step("write", "coalities", 20,
                  "Maak coalitiekaarten bij de ambitie: ambitie, kernpartners en doelgroep.",
                  "Make coalition cards for the ambition: ambition, core partners and target "
                  "group.", "004", COALITIONS),
            _step("vote", "coalities", 5,
                  "Stem op de coalities die we nu gaan starten.",
                  "Vote for the coalitions we start now.", "004", COALITIONS, votes=3),
            _step("discuss", "coalities", 20,
                  "Leg per coalitie vast: de trekker, de eerste stap en de datum.",
                  "Record for each coalition: the lead, the first step and the date.",
                  "004", WHO_DOES_WHAT),
            _vitality(),
        ],
    },
    {
        "key": "netwerkscan",
        "title": {"nl": "Netwerkscan: de zeven bouwstenen van het Netwerkmozaïek",
                  "en": "Network scan: the seven building blocks of the Netwerkmozaïek"},
        "about": {"nl": "De kernvragen van het Netwerkmozaïek (Opgave, Waarde, Samen doen, "
                        "Verankering, Deelname, Binding, Organisatie), elk bij een bouwsteen "
                        "van het canvas (ongeveer 1,5 uur).",
                  "en": "The core questions of the Netwerkmozaïek (Task, Value, Doing "
                        "together, Anchoring, Participation, Bonding, Organisation), each on a "
                        "block of the canvas (about 1.5 hours)."},
        "steps": [
            _step("write", "identiteit", 10,
                  "Opgave: de maatschappelijke opgave vormt de basis. Is deze actief "
                  "besproken met de partners? En staat deze op papier?",
                  "Task: the societal task is the basis. Has it been discussed with the "
                  "partners? And is it written down?", "001",
                  "De maatschappelijke opgave vormt de basis voor het organisatienetwerk.",
                  subarea="ambitie", question=5),
            _step("write", "identiteit", 10,
                  "Waarde: welk verschil gaat het netwerk maken? En hoe ontstaat dat precies?",
                  "Value: what difference will the network make? And how exactly does it "
                  "come about?", "001",
                  "Welk verschil gaat het netwerk maken? En hoe ontstaat dat precies?",
                  subarea="ambitie", question=4),
            _step("write", "coalities", 10,
                  "Samen doen: hoe zorgt het netwerk voor tastbare resultaten en volgende "
                  "stappen op korte termijn?",
                  "Doing together: how does the network produce tangible results and next "
                  "steps in the short term?", "001",
                  "Hoe zorgt het netwerk bij het langdurig werken aan grootse opgaven voor "
                  "tastbare resultaten en volgende stappen op korte termijn?"),
            _step("write", "identiteit", 10,
                  "Verankering: welke relaties onderhoudt het netwerk met zijn omgeving, en "
                  "hoe is het daarin verankerd?",
                  "Anchoring: which relations does the network keep with its surroundings, "
                  "and how is it anchored in them?", "001",
                  "Welke relaties onderhoudt het netwerk met die omgeving en hoe zorgt het "
                  "dat het daarin verankerd is?", subarea="positie", question=7),
            _step("write", "organisatie", 10,
                  "Deelname: zijn alle partners betrokken die nodig zijn voor de opgave?",
                  "Participation: are all the partners the task needs involved?", "001",
                  "Zijn alle partners betrokken die nodig zijn voor de opgave?",
                  subarea="wie", question=0),
            _step("write", "spelregels", 10,
                  "Binding: hoe gaan partners met elkaar om in goede en slechte tijden? Zijn "
                  "er spelregels?",
                  "Bonding: how do partners treat each other in good and bad times? Are "
                  "there rules of the game?", "001",
                  "Hoe gaan partners met elkaar om in ‘goede’ en ‘slechte’ tijden? Zijn er "
                  "spelregels?", question=2),
            _step("write", "regie", 10,
                  "Organisatie: wie voelt zich verantwoordelijk voor de inrichting van het "
                  "netwerk: samen, leidende partners of een netwerkmanager?",
                  "Organisation: who feels responsible for how the network is set up: all "
                  "together, leading partners or a network manager?", "001",
                  "Wie voelt zich verantwoordelijk voor die inrichting?", question=2),
            _vitality(),
        ],
    },
    {
        "key": "sleutelpersonen",
        "title": {"nl": "Netwerk van sleutelpersonen: drie fasen",
                  "en": "Key-persons network: three phases"},
        "about": {"nl": "De voorbereiding (doelen en kaders), de opbouw (wie werven we) en de "
                        "uitvoering (onderhoud en vertrouwen) van een sleutelpersonennetwerk "
                        "(ongeveer 1 uur).",
                  "en": "The preparation (goals and frameworks), the build-up (whom we "
                        "recruit) and the running (upkeep and trust) of a key-persons "
                        "network (about 1 hour)."},
        "steps": [
            _step("silent", "identiteit", 10,
                  "Fase 1, voorbereiding: welke doelen heeft ons netwerk?",
                  "Phase 1, preparation: which goals does our network have?", "002",
                  "In deze fase bepaal je de doelen en daarmee het bestaansrecht van het "
                  "netwerk.", subarea="ambitie", question=3),
            _step("write", "spelregels", 10,
                  "Fase 1, voorbereiding: binnen welke kaders werkt het netwerk?",
                  "Phase 1, preparation: within which frameworks does the network work?",
                  "002", "Daarna bepaal je de kaders voor het netwerk.", question=0),
            _step("write", "organisatie", 10,
                  "Fase 2, opbouw: welke personen en organisaties zijn relevant, en wie "
                  "werven we als sleutelpersoon?",
                  "Phase 2, build-up: which people and organisations matter, and whom do we "
                  "recruit as key persons?", "002",
                  "Tijdens deze fase breng je de personen en/of organisaties die relevant "
                  "zijn voor het netwerk in kaart", subarea="wie", question=0),
            _step("discuss", "organisatie", 10,
                  "Fase 2, opbouw: is het netwerk divers genoeg?",
                  "Phase 2, build-up: is the network diverse enough?", "002",
                  "Diversiteit en oog voor potentiële stoorzenders zijn in deze fase "
                  "belangrijke aandachtspunten."),
            _step("write", "regie", 10,
                  "Fase 3, uitvoering: hoe houden we het netwerk levend en bouwen we "
                  "vertrouwen?",
                  "Phase 3, running: how do we keep the network alive and build trust?",
                  "002", "Vertrouwen kweken tussen sleutelpersonen kost tijd, kan "
                  "ingewikkeld zijn en is een continu proces.", question=0),
            _vitality(),
        ],
    },
    {
        "key": "netwerkvorm",
        "title": {"nl": "Een netwerkvorm kiezen: zes inrichtingsvragen",
                  "en": "Choosing a network form: six set-up questions"},
        "about": {"nl": "De zes vragen die helpen een netwerk in te richten, als kaarten om "
                        "op te schrijven (ongeveer 30 minuten).",
                  "en": "The six questions that help set up a network, as cards to write on "
                        "(about 30 minutes)."},
        "steps": [
            _step("write", "organisatie", 5,
                  "Heeft het netwerk een heterogene of een homogene samenstelling? Wie moet "
                  "aansluiten?",
                  "Is the network's membership mixed or alike? Who should join?", "000",
                  "Heeft het netwerk een heterogene of een homogene samenstelling?",
                  subarea="wie", question=0),
            _step("write", "organisatie", 5,
                  "Hoe lang zal het netwerk actief zijn: kortdurend of langdurend?",
                  "How long will the network be active: short or long term?", "000",
                  "Hoe lang zal het netwerk actief zijn?", subarea="inrichting"),
            _step("write", "organisatie", 5,
                  "Hoe vaak vinden er bijeenkomsten plaats: incidenteel of regelmatig?",
                  "How often do meetings take place: now and then or regularly?", "000",
                  "Hoe vaak vinden er bijeenkomsten plaats?", subarea="inrichting",
                  question=4),
            _step("write", "organisatie", 5,
                  "Wat voor bijeenkomsten vinden er plaats: fysiek, digitaal of hybride?",
                  "What kind of meetings take place: in person, online or hybrid?", "000",
                  "Wat voor bijeenkomsten vinden er plaats?", subarea="plek", question=10),
            _step("write", "spelregels", 5,
                  "Gaat het om een precair onderwerp? Wat vraagt dat van onze afspraken?",
                  "Is the subject sensitive? What does that ask of our agreements?", "000",
                  "Gaat het om een precair onderwerp?", question=2),
            _step("write", "organisatie", 5,
                  "Hoe groot wordt het netwerk?", "How large will the network become?",
                  "000", "Hoe groot wordt het netwerk?", subarea="wie", question=0),
        ],
    },
]
TEMPLATES_BY_KEY = {template["key"]: template for template in TEMPLATES}


def source_text(source: dict) -> str:
    """A step's ``source`` as a plan carries it: "<publication> — <quote>"."""
    return f"{SEEDS[source['seed']]['title']} — {source['quote']}"


def template_steps(key: str, lang: str) -> list[dict]:
    """The steps of template ``key`` in ``lang``, ready for a workshop's plan (fresh step
    ids); KeyError for an unknown key."""
    lang = lang if lang in method.LANGUAGES else method.LANGUAGES[0]
    return [{"id": "s-" + secrets.token_urlsafe(6), "mode": step["mode"],
             "block": step["block"], "subarea": step["subarea"], "question": step["question"],
             "duration": step["duration"], "instruction": step["instruction"][lang],
             "votes": step["votes"], "source": source_text(step["source"])}
            for step in TEMPLATES_BY_KEY[key]["steps"]]


def localized(lang: str) -> list[dict]:
    """Every template in ``lang``: {"key", "title", "about", "builtin", "steps"}."""
    return [{"key": t["key"], "title": t["title"][lang], "about": t["about"][lang],
             "builtin": True, "steps": template_steps(t["key"], lang)} for t in TEMPLATES]
