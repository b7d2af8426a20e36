"""Every piece of UI text, in Dutch (first) and English, in one table.

Templates call ``t(key)``; the pages' scripts receive the table for their language in the page's
boot data; error messages of the service layer are looked up here by their code.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

DEFAULT_LANGUAGE = "nl"

TEXT = {
    # General
    "app_name": {"nl": "Netwerk Canvas", "en": "Netwerk Canvas"},
    "tagline": {"nl": "Breng samen het netwerk in beeld: live, op één canvas.",
                "en": "Picture your network together: live, on one canvas."},
    "language_switch": {"nl": "English", "en": "Nederlands"},
    "source_label": {"nl": "Bron", "en": "Source"},
    "copy": {"nl": "Kopiëren", "en": "Copy"},
    "copied": {"nl": "Gekopieerd", "en": "Copied"},
    "cancel": {"nl": "Annuleren", "en": "Cancel"},
    "save": {"nl": "Opslaan", "en": "Save"},
    "delete": {"nl": "Verwijderen", "en": "Delete"},
    "edit": {"nl": "Bewerken", "en": "Edit"},
    "close": {"nl": "Sluiten", "en": "Close"},
    "loading": {"nl": "Laden…", "en": "Loading…"},
    "connected": {"nl": "Verbonden", "en": "Connected"},
    "connecting": {"nl": "Verbinden…", "en": "Connecting…"},
    "disconnected": {"nl": "Geen verbinding: we proberen het opnieuw",
                     "en": "No connection: trying again"},
    "online_count": {"nl": "{n} online", "en": "{n} online"},
    "notes_count": {"nl": "{n} notities", "en": "{n} notes"},

    # Home page
    "home_create_title": {"nl": "Nieuwe workshop", "en": "New workshop"},
    "home_create_intro": {
        "nl": "Je wordt facilitator: je krijgt een beheerlink, een deelnamecode en een QR-code.",
        "en": "You become the facilitator: you get a facilitator link, a join code and a QR code."},
    "home_title_label": {"nl": "Titel van de workshop", "en": "Workshop title"},
    "home_title_placeholder": {"nl": "Bijv. Zorgnetwerk Oost, sessie 1",
                               "en": "E.g. Care network East, session 1"},
    "home_language_label": {"nl": "Taal", "en": "Language"},
    "home_create_button": {"nl": "Workshop maken", "en": "Create workshop"},
    "home_join_title": {"nl": "Meedoen", "en": "Join"},
    "home_join_intro": {"nl": "Vul de code in die je facilitator laat zien.",
                        "en": "Enter the code your facilitator shows."},
    "home_code_label": {"nl": "Code", "en": "Code"},
    "home_join_button": {"nl": "Meedoen", "en": "Join"},
    "created_title": {"nl": "Je workshop staat klaar", "en": "Your workshop is ready"},
    "created_keep_warning": {
        "nl": "Bewaar deze beheerlink goed. Hij wordt maar één keer getoond en is de enige manier "
              "om deze workshop te leiden. Deel hem niet met deelnemers.",
        "en": "Keep this facilitator link safe. It is shown only once and is the only way to run "
              "this workshop. Do not share it with participants."},
    "facilitator_link": {"nl": "Beheerlink (geheim)", "en": "Facilitator link (secret)"},
    "join_link": {"nl": "Deelnamelink", "en": "Join link"},
    "projector_link": {"nl": "Projectorlink", "en": "Projector link"},
    "join_code": {"nl": "Code", "en": "Code"},
    "open_facilitator": {"nl": "Open de beheerpagina", "en": "Open the facilitator page"},
    "open_projector": {"nl": "Open de projector", "en": "Open the projector"},

    # Participant page
    "your_name": {"nl": "Je naam (mag leeg blijven)", "en": "Your name (optional)"},
    "your_name_hint": {"nl": "Zo zien anderen wie een notitie schreef.",
                       "en": "So others can see who wrote a note."},
    "start": {"nl": "Beginnen", "en": "Start"},
    "choose_block": {"nl": "Bouwsteen", "en": "Building block"},
    "choose_subarea": {"nl": "Onderdeel", "en": "Part"},
    "subarea_any": {"nl": "Algemeen", "en": "General"},
    "guiding_questions": {"nl": "Hulpvragen", "en": "Guiding questions"},
    "note_placeholder": {"nl": "Schrijf je notitie…", "en": "Write your note…"},
    "coalition_name_placeholder": {"nl": "Naam van de coalitie: wat maken jullie samen?",
                                   "en": "Name of the coalition: what will you make together?"},
    "post_note": {"nl": "Plakken", "en": "Post"},
    "post_card": {"nl": "Kaart plakken", "en": "Post card"},
    "color": {"nl": "Kleur", "en": "Colour"},
    "move_to": {"nl": "Verplaats naar", "en": "Move to"},
    "my_note": {"nl": "Van jou", "en": "Yours"},
    "my_notes": {"nl": "Mijn notities", "en": "My notes"},
    "whole_canvas": {"nl": "Het hele canvas", "en": "The whole canvas"},
    "chars_left": {"nl": "{n} tekens over", "en": "{n} characters left"},
    "confirm_delete": {"nl": "Deze notitie verwijderen?", "en": "Delete this note?"},
    "empty_block": {"nl": "Nog geen notities", "en": "No notes yet"},
    "note_posted": {"nl": "Geplakt", "en": "Posted"},
    "werkvorm": {"nl": "Werkvorm", "en": "Form of work"},
    "werkvorm_choose": {"nl": "Kies een werkvorm", "en": "Choose a form of work"},
    "edit_note": {"nl": "Notitie bewerken", "en": "Edit note"},
    "anonymous": {"nl": "Anoniem", "en": "Anonymous"},
    "facilitator_author": {"nl": "Facilitator", "en": "Facilitator"},

    # Projector page
    "join_at": {"nl": "Doe mee op", "en": "Join at"},
    "scan_to_join": {"nl": "Scan om mee te doen", "en": "Scan to join"},
    "hide_join": {"nl": "Code verbergen", "en": "Hide code"},
    "show_join": {"nl": "Code tonen", "en": "Show code"},
    "fullscreen": {"nl": "Volledig scherm", "en": "Full screen"},

    # Facilitator page
    "facilitator_title": {"nl": "Facilitator", "en": "Facilitator"},
    "links": {"nl": "Links", "en": "Links"},
    "participants": {"nl": "Deelnemers", "en": "Participants"},
    "online": {"nl": "online", "en": "online"},
    "offline": {"nl": "offline", "en": "offline"},
    "no_participants": {"nl": "Nog niemand heeft meegedaan.", "en": "Nobody has joined yet."},
    "not_posted_yet": {"nl": "{n} nog zonder notitie", "en": "{n} have not posted yet"},
    "need_key": {
        "nl": "Deze pagina is voor de facilitator. Open de beheerlink die je bij het maken van de "
              "workshop kreeg, of plak hem hier.",
        "en": "This page is for the facilitator. Open the facilitator link you got when you "
              "created the workshop, or paste it here."},
    "key_label": {"nl": "Beheerlink of sleutel", "en": "Facilitator link or key"},
    "key_submit": {"nl": "Openen", "en": "Open"},
    "add_note_as_facilitator": {"nl": "Notitie toevoegen", "en": "Add a note"},

    # Front end: texts the pages' scripts and templates add (keep NL first)
    "name_title": {"nl": "Hoe heet je?", "en": "What is your name?"},
    "writing_as": {"nl": "Je schrijft als {name}", "en": "You write as {name}"},
    "writing_anonymously": {"nl": "Je schrijft zonder naam", "en": "You write without a name"},
    "change_name": {"nl": "Naam wijzigen", "en": "Change name"},
    "compose_title": {"nl": "Nieuwe notitie", "en": "New note"},
    "note_text": {"nl": "Tekst", "en": "Text"},
    "coalition_name": {"nl": "Naam van de coalitie", "en": "Name of the coalition"},
    "edit_card": {"nl": "Kaart bewerken", "en": "Edit card"},
    "confirm_delete_yes": {"nl": "Ja, verwijderen", "en": "Yes, delete"},
    "note_saved": {"nl": "Opgeslagen", "en": "Saved"},
    "note_deleted": {"nl": "Verwijderd", "en": "Deleted"},
    "no_notes_mine": {"nl": "Je hebt nog niets geplakt.", "en": "You have not posted anything yet."},
    "notes_count_one": {"nl": "1 notitie", "en": "1 note"},
    "more_notes": {"nl": "+{n} meer", "en": "+{n} more"},
    "language_nl": {"nl": "Nederlands", "en": "Nederlands"},
    "language_en": {"nl": "English", "en": "English"},
    "qr_alt": {"nl": "QR-code van de deelnamelink", "en": "QR code of the join link"},
    "home_code_placeholder": {"nl": "K7P X3M", "en": "K7P X3M"},
    "code_invalid": {"nl": "Een code heeft 6 letters en cijfers.",
                     "en": "A code has 6 letters and digits."},
    "create_another": {"nl": "Nog een workshop maken", "en": "Create another workshop"},
    "copy_failed": {"nl": "Kopiëren lukte niet. Selecteer de tekst en kopieer hem zelf.",
                    "en": "Copying did not work. Select the text and copy it yourself."},
    "exit_fullscreen": {"nl": "Volledig scherm sluiten", "en": "Exit full screen"},
    "join_panel_key_hint": {"nl": "Toets J toont of verbergt de code.",
                            "en": "Press J to show or hide the code."},
    "fullscreen_key_hint": {"nl": "Toets F: volledig scherm aan of uit.",
                            "en": "Press F to switch full screen on or off."},
    "controls": {"nl": "Bediening", "en": "Controls"},
    "participants_summary": {"nl": "{online} van {total} online", "en": "{online} of {total} online"},
    "error_title": {"nl": "Er ging iets mis", "en": "Something went wrong"},
    "back_home": {"nl": "Naar de startpagina", "en": "To the home page"},
    "no_script": {"nl": "Deze pagina heeft JavaScript nodig.",
                  "en": "This page needs JavaScript."},
    "error.timeout": {"nl": "De server antwoordt niet. Controleer je verbinding en probeer het nog eens.",
                      "en": "The server does not answer. Check your connection and try again."},
    "error.network": {"nl": "De server is niet bereikbaar. Probeer het zo nog eens.",
                      "en": "The server cannot be reached. Please try again in a moment."},

    # Snapshots and exports
    "current_canvas": {"nl": "Huidige stand", "en": "Current canvas"},
    "md_counts": {"nl": "{notes} notities, {participants} deelnemers",
                  "en": "{notes} notes, {participants} participants"},
    "csv.block": {"nl": "Bouwsteen", "en": "Block"},
    "csv.subarea": {"nl": "Onderdeel", "en": "Part"},
    "csv.text": {"nl": "Tekst", "en": "Text"},
    "csv.author": {"nl": "Auteur", "en": "Author"},
    "csv.color": {"nl": "Kleur", "en": "Colour"},
    "csv.votes": {"nl": "Stemmen", "en": "Votes"},
    "csv.werkvorm": {"nl": "Werkvorm", "en": "Form of work"},
    "csv.ambitie": {"nl": "Gedeelde ambitie", "en": "Shared ambition"},
    "csv.kernpartners": {"nl": "Kernpartners", "en": "Core partners"},
    "csv.doelgroep": {"nl": "Doelgroep", "en": "Target group"},
    "csv.created_at": {"nl": "Geschreven op", "en": "Written at"},

    # Errors, by the codes the service layer raises
    "error.bad_payload": {"nl": "Het verzoek is niet goed gevormd.", "en": "The request is malformed."},
    "error.bad_field": {"nl": "Het veld ‘{field}’ is niet geldig.",
                        "en": "The field ‘{field}’ is not valid."},
    "error.missing_field": {"nl": "Het veld ‘{field}’ ontbreekt.",
                            "en": "The field ‘{field}’ is missing."},
    "error.too_long": {"nl": "‘{field}’ is te lang: hoogstens {max} tekens.",
                       "en": "‘{field}’ is too long: at most {max} characters."},
    "error.empty_text": {"nl": "Schrijf eerst iets op.", "en": "Write something first."},
    "error.unknown_block": {"nl": "Die bouwsteen bestaat niet.", "en": "That block does not exist."},
    "error.unknown_subarea": {"nl": "Dat onderdeel hoort niet bij deze bouwsteen.",
                              "en": "That part does not belong to this block."},
    "error.unknown_color": {"nl": "Die kleur bestaat niet.", "en": "That colour does not exist."},
    "error.unknown_werkvorm": {"nl": "Kies een werkvorm uit de lijst.",
                               "en": "Choose a form of work from the list."},
    "error.coalition_outside_block": {
        "nl": "Alleen kaarten in Coalities hebben coalitievelden.",
        "en": "Only cards in Coalitions have coalition fields."},
    "error.unknown_language": {"nl": "Kies Nederlands of Engels.", "en": "Choose Dutch or English."},
    "error.workshop_not_found": {"nl": "Geen workshop met deze code. Kijk de code nog eens na.",
                                 "en": "No workshop with this code. Please check the code."},
    "error.note_not_found": {"nl": "Deze notitie bestaat niet meer.",
                             "en": "This note no longer exists."},
    "error.note_id_taken": {"nl": "Deze notitie-id is al in gebruik.",
                            "en": "This note id is already in use."},
    "error.not_joined": {"nl": "Je bent (nog) niet verbonden met een workshop.",
                         "en": "You have not joined a workshop (yet)."},
    "error.projector_read_only": {"nl": "De projector kan alleen kijken.",
                                  "en": "The projector can only watch."},
    "error.not_your_note": {"nl": "Je kunt alleen je eigen notities wijzigen.",
                            "en": "You can only change your own notes."},
    "error.bad_facilitator_key": {"nl": "Deze beheerlink klopt niet.",
                                  "en": "This facilitator link is not valid."},
    "error.facilitator_key_required": {"nl": "Alleen de facilitator kan dit (beheerlink nodig).",
                                       "en": "Only the facilitator can do this (facilitator link needed)."},
    "error.snapshot_not_found": {"nl": "Deze momentopname bestaat niet.",
                                 "en": "This snapshot does not exist."},
    "error.unknown_size": {"nl": "Kies een papierformaat: A0, A1, A2, A3 of A4.",
                           "en": "Choose a paper size: A0, A1, A2, A3 or A4."},
    "error.bad_import": {"nl": "Dit bestand is geen geldige Netwerk Canvas-export ({detail}).",
                         "en": "This file is not a valid Netwerk Canvas export ({detail})."},
    "error.bad_participant_token": {"nl": "Onbekend deelnemerstoken.",
                                    "en": "Unknown participant token."},
    "error.unknown_event": {"nl": "Onbekend verzoek.", "en": "Unknown request."},
    "error.not_found": {"nl": "Niet gevonden.", "en": "Not found."},
    "error.method_not_allowed": {"nl": "Deze methode is hier niet toegestaan.",
                                 "en": "This method is not allowed here."},
    "error.too_large": {"nl": "Het verzoek is te groot.", "en": "The request is too large."},
    "error.internal": {"nl": "Er ging iets mis op de server. Probeer het nog eens.",
                       "en": "Something went wrong on the server. Please try again."},
}


DISPLAY_TIMEZONE = "Europe/Amsterdam"


def local_time(iso_utc: str) -> str:
    """A stored UTC time ('2026-11-23T18:01:02Z') as people in the room read it."""
    moment = datetime.fromisoformat(iso_utc.replace("Z", "+00:00"))
    return moment.astimezone(ZoneInfo(DISPLAY_TIMEZONE)).strftime("%d-%m-%Y %H:%M")


def normalize_language(value, default: str = DEFAULT_LANGUAGE) -> str:
    """The language code to use for ``value``: 'nl' or 'en', else ``default``."""
    if isinstance(value, str):
        value = value.strip().lower()[:2]
        if value in ("nl", "en"):
            return value
    return default


def translate(key: str, lang: str = DEFAULT_LANGUAGE, **params) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` placeholders filled from ``params``."""
    entry = TEXT.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**params) if params else text


def table(lang: str) -> dict:
    """The whole table in one language, for a page's scripts."""
    return {key: entry.get(lang) or entry[DEFAULT_LANGUAGE] for key, entry in TEXT.items()}
