"""The Netwerk Canvas itself, as plain data.

Everything the pages and the poster show about the method lives here: the five blocks with their
titles, key questions, sub-areas and guiding questions, and the coalition card's fields. Dutch is
the source text; English is our translation. A correction to the method touches only this file.
This module imports nothing from the project on purpose.
"""

SOURCE = {
    "nl": "Netwerk Canvas uit het artikel ‘Leren werken in netwerken’ (Management Executive), "
          "geïnspireerd op het Business Model Canvas.",
    "en": "Netwerk Canvas from the article ‘Leren werken in netwerken’ (Management Executive), "
          "inspired by the Business Model Canvas.",
}

LANGUAGES = ("nl", "en")

# Order matters: it is the order of the blocks in forms and lists.
BLOCKS = [
    {
        "key": "identiteit",
        "title": {"nl": "Identiteit", "en": "Identity"},
        "question": {"nl": "Wat verbindt ons?", "en": "What connects us?"},
        "about": {
            "nl": "De kern van elk netwerk: waarom mensen en organisaties meedoen.",
            "en": "The heart of every network: why people and organisations take part.",
        },
        "subareas": [
            {
                "key": "passie",
                "title": {"nl": "Passie", "en": "Passion"},
                "questions": {
                    "nl": ["Welk gedeeld thema geeft ons energie?",
                           "Welke gedeelde overtuiging brengt ons bij elkaar?",
                           "Welke waarden en normen delen we?"],
                    "en": ["Which shared theme gives us energy?",
                           "Which shared conviction brings us together?",
                           "Which values and norms do we share?"],
                },
            },
            {
                "key": "ambitie",
                "title": {"nl": "Ambitie", "en": "Ambition"},
                "questions": {
                    "nl": ["Welke gemeenschappelijke doelen hebben we?",
                           "Welke impact streven we samen na?",
                           "Welke gedeelde opgave hebben we?"],
                    "en": ["Which common goals do we have?",
                           "Which impact do we pursue together?",
                           "Which shared task do we have?"],
                },
            },
            {
                "key": "positie",
                "title": {"nl": "Positie", "en": "Position"},
                "questions": {
                    "nl": ["Welke perspectieven delen we?",
                           "Welke (maatschappelijke) positie delen we?",
                           "Welke verantwoordelijkheid delen we?",
                           "Wie komen wat halen en brengen?"],
                    "en": ["Which perspectives do we share?",
                           "Which (societal) position do we share?",
                           "Which responsibility do we share?",
                           "Who comes to take and to give what?"],
                },
            },
            {
                "key": "stijl",
                "title": {"nl": "Stijl", "en": "Style"},
                "questions": {
                    "nl": ["Welke stijl van organiseren delen we?",
                           "Welke stijl van innoveren delen we?",
                           "Welke stijl van opereren delen we?"],
                    "en": ["Which style of organising do we share?",
                           "Which style of innovating do we share?",
                           "Which style of operating do we share?"],
                },
            },
        ],
        "questions": {"nl": [], "en": []},
    },
    {
        "key": "spelregels",
        "title": {"nl": "Spelregels", "en": "Rules of the game"},
        "question": {"nl": "Wat spreken we af?", "en": "What do we agree on?"},
        "about": {
            "nl": "Hoe gaan we samen om met sleutelvraagstukken in het functioneren van ons netwerk?",
            "en": "How do we deal together with the key issues of how our network works?",
        },
        "subareas": [],
        "questions": {
            "nl": ["Hoe gaan we om met het nemen van besluiten?",
                   "Hoe gaan we om met halen en brengen?",
                   "Hoe gaan we om met conflicten en issues?",
                   "Hoe verantwoorden we ons naar elkaar en naar buiten?",
                   "Hoe gaan we om met monitoren en sanctioneren?",
                   "Hoe gaan we om met in- en uittreding?"],
            "en": ["How do we take decisions?",
                   "How do we handle taking and giving?",
                   "How do we handle conflicts and issues?",
                   "How do we account to each other and to the outside world?",
                   "How do we handle monitoring and sanctions?",
                   "How do we handle joining and leaving?"],
        },
    },
    {
        "key": "organisatie",
        "title": {"nl": "Organisatie", "en": "Organisation"},
        "question": {"nl": "Op welke manier en waarmee doen we het?",
                     "en": "In what way and with what do we do it?"},
        "about": {
            "nl": "Welke infrastructuur hebben we minimaal nodig om samen te bereiken wat we willen?",
            "en": "What is the least infrastructure we need to achieve together what we want?",
        },
        "subareas": [
            {
                "key": "wie",
                "title": {"nl": "Wie doen mee?", "en": "Who takes part?"},
                "questions": {
                    "nl": ["Wie nemen deel aan het netwerk?", "Wie heeft welke rol?",
                           "Welk netwerkmodel?"],
                    "en": ["Who takes part in the network?", "Who has which role?",
                           "Which network model?"],
                },
            },
            {
                "key": "inrichting",
                "title": {"nl": "Hoe richten we het in?", "en": "How do we set it up?"},
                "questions": {
                    "nl": ["Hoe doen we communicatie?", "Welke overlegstructuur?",
                           "Welke bemensing?"],
                    "en": ["How do we communicate?", "Which structure of meetings?",
                           "Which staffing?"],
                },
            },
            {
                "key": "middelen",
                "title": {"nl": "Met welke middelen?", "en": "With which means?"},
                "questions": {
                    "nl": ["Hoe regelen we het financieel?", "Welke ICT en media?"],
                    "en": ["How do we arrange the finances?", "Which IT and media?"],
                },
            },
            {
                "key": "plek",
                "title": {"nl": "Waar gebeurt het?", "en": "Where does it happen?"},
                "questions": {
                    "nl": ["Op welke locaties doen we het?", "Wie levert faciliteiten?",
                           "Virtueel samenwerken?"],
                    "en": ["At which locations do we do it?", "Who provides facilities?",
                           "Working together virtually?"],
                },
            },
        ],
        "questions": {"nl": [], "en": []},
    },
    {
        "key": "regie",
        "title": {"nl": "Regie en leiderschap", "en": "Direction and leadership"},
        "question": {"nl": "Hoe houden we het netwerk vitaal?",
                     "en": "How do we keep the network vital?"},
        "about": {
            "nl": "Niemand is de baas: gegunde regie en verbindend leiderschap houden het netwerk bij elkaar.",
            "en": "Nobody is the boss: granted direction and connecting leadership hold the network together.",
        },
        "subareas": [],
        "questions": {
            "nl": ["Hoe organiseren we de zorg voor het netwerk zelf?",
                   "Welke vorm van regie geven we vorm in het netwerk?",
                   "Wie gunnen we het initiatief en leiderschap in het netwerk?",
                   "Hoe doen we het portfolio management voor het netwerk?",
                   "Waar beleggen we de zorg voor de samenhang in het netwerk?"],
            "en": ["How do we organise the care for the network itself?",
                   "Which form of direction do we give shape in the network?",
                   "To whom do we grant initiative and leadership in the network?",
                   "How do we manage the network's portfolio?",
                   "Where do we place the care for the coherence of the network?"],
        },
    },
    {
        "key": "coalities",
        "title": {"nl": "Coalities", "en": "Coalitions"},
        "question": {"nl": "Wie gaan wat met elkaar maken?",
                     "en": "Who are going to make what together?"},
        "about": {
            "nl": "Tijdelijke coalities rond de vraagstukken die er echt toe doen: de boegbeelden van het netwerk.",
            "en": "Temporary coalitions around the issues that really matter: the figureheads of the network.",
        },
        "subareas": [],
        "questions": {"nl": [], "en": []},
    },
]

BLOCK_KEYS = tuple(block["key"] for block in BLOCKS)
BLOCKS_BY_KEY = {block["key"]: block for block in BLOCKS}
SUBAREA_KEYS = {block["key"]: tuple(s["key"] for s in block["subareas"]) for block in BLOCKS}

# The block whose notes are coalition cards.
COALITION_BLOCK = "coalities"

WERKVORMEN = [
    {"key": "initiatief", "title": {"nl": "Initiatief", "en": "Initiative"}},
    {"key": "programma", "title": {"nl": "Programma", "en": "Programme"}},
    {"key": "evenement", "title": {"nl": "Evenement", "en": "Event"}},
    {"key": "project", "title": {"nl": "Project", "en": "Project"}},
    {"key": "proces", "title": {"nl": "Proces", "en": "Process"}},
    {"key": "alliantie", "title": {"nl": "Alliantie", "en": "Alliance"}},
]
WERKVORM_KEYS = tuple(w["key"] for w in WERKVORMEN)

# The text fields of a coalition card besides its name (the note text) and werkvorm.
COALITION_FIELDS = [
    {"key": "ambitie", "title": {"nl": "Gedeelde ambitie", "en": "Shared ambition"}},
    {"key": "kernpartners", "title": {"nl": "Kernpartners", "en": "Core partners"}},
    {"key": "doelgroep", "title": {"nl": "Doelgroep", "en": "Target group"}},
]
COALITION_FIELD_KEYS = tuple(f["key"] for f in COALITION_FIELDS)

# Sticky-note colours: a key and the paper colour; pages and the poster use the same values.
COLORS = [
    {"key": "geel", "hex": "#fff27a", "title": {"nl": "Geel", "en": "Yellow"}},
    {"key": "oranje", "hex": "#ffc477", "title": {"nl": "Oranje", "en": "Orange"}},
    {"key": "roze", "hex": "#ffb3c7", "title": {"nl": "Roze", "en": "Pink"}},
    {"key": "paars", "hex": "#d9c2ff", "title": {"nl": "Paars", "en": "Purple"}},
    {"key": "blauw", "hex": "#a9dcff", "title": {"nl": "Blauw", "en": "Blue"}},
    {"key": "groen", "hex": "#b9f0a8", "title": {"nl": "Groen", "en": "Green"}},
]
COLOR_KEYS = tuple(c["key"] for c in COLORS)

# How many guiding questions a facilitator can step through per block (same in every language).
QUESTION_COUNTS = {block["key"]: len(block["questions"]["nl"])
                   + sum(len(s["questions"]["nl"]) for s in block["subareas"])
                   for block in BLOCKS}
DEFAULT_COLOR = "geel"

# A coalition card's commitment, besides its fields: who leads it and its first, dated step.
COMMITMENT_FIELDS = [
    {"key": "trekker", "title": {"nl": "Trekker", "en": "Lead"}},
    {"key": "eerste_stap", "title": {"nl": "Eerste stap", "en": "First step"}},
    {"key": "datum", "title": {"nl": "Datum", "en": "Date"}},
]
COMMITMENT_FIELD_KEYS = tuple(f["key"] for f in COMMITMENT_FIELDS)

# What a step of a session plan does (canvas/services/plans.py applies it). The templates that
# walk the method are in canvas/session_templates.py.
PLAN_MODES = [
    {"key": "write", "title": {"nl": "Open schrijven", "en": "Open writing"}},
    {"key": "silent", "title": {"nl": "Stil schrijven", "en": "Silent writing"}},
    {"key": "cluster", "title": {"nl": "Clusteren", "en": "Clustering"}},
    {"key": "vote", "title": {"nl": "Stemmen", "en": "Voting"}},
    {"key": "discuss", "title": {"nl": "Bespreken", "en": "Discussion"}},
    {"key": "vitality", "title": {"nl": "Vitaliteitscheck", "en": "Vitality check"}},
]
PLAN_MODE_KEYS = tuple(m["key"] for m in PLAN_MODES)

# The vitality check asks this of every block; participants answer 1 (weak) to 5 (strong).
VITALITY_QUESTIONS = {
    "identiteit": {"nl": "Hoe sterk staat ons netwerk op identiteit?",
                   "en": "How strong is our network on identity?"},
    "spelregels": {"nl": "Hoe sterk staat ons netwerk op spelregels?",
                   "en": "How strong is our network on its rules of the game?"},
    "organisatie": {"nl": "Hoe sterk staat ons netwerk op organisatie?",
                    "en": "How strong is our network on organisation?"},
    "regie": {"nl": "Hoe sterk staat ons netwerk op regie en leiderschap?",
              "en": "How strong is our network on direction and leadership?"},
    "coalities": {"nl": "Hoe sterk staat ons netwerk op coalities?",
                  "en": "How strong is our network on coalitions?"},
}
VITALITY_SCALE = {"nl": ("zwak", "sterk"), "en": ("weak", "strong")}


def localized(lang: str) -> dict:
    """The whole method in one language, shaped for pages and API responses."""
    def pick(value):
        return value[lang] if isinstance(value, dict) and lang in value else value

    blocks = []
    for block in BLOCKS:
        blocks.append({
            "key": block["key"],
            "title": pick(block["title"]),
            "question": pick(block["question"]),
            "about": pick(block["about"]),
            "questions": pick(block["questions"]),
            "subareas": [{"key": s["key"], "title": pick(s["title"]),
                          "questions": pick(s["questions"])} for s in block["subareas"]],
            # The questions a facilitator steps through: the block's, then its sub-areas'.
            "questions_all": pick(block["questions"]) + [
                q for s in block["subareas"] for q in pick(s["questions"])],
            "is_coalition": block["key"] == COALITION_BLOCK,
            "vitality_question": pick(VITALITY_QUESTIONS[block["key"]]),
        })
    return {
        "blocks": blocks,
        "werkvormen": [{"key": w["key"], "title": pick(w["title"])} for w in WERKVORMEN],
        "coalition_fields": [{"key": f["key"], "title": pick(f["title"])}
                             for f in COALITION_FIELDS],
        "commitment_fields": [{"key": f["key"], "title": pick(f["title"])}
                              for f in COMMITMENT_FIELDS],
        "plan_modes": [{"key": m["key"], "title": pick(m["title"])} for m in PLAN_MODES],
        "vitality_scale": list(VITALITY_SCALE[lang]),
        "colors": [{"key": c["key"], "hex": c["hex"], "title": pick(c["title"])} for c in COLORS],
        "source": SOURCE[lang],
    }
