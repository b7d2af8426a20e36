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
    "offline_short": {"nl": "Offline", "en": "Offline"},
    "offline_banner": {"nl": "je notities worden bewaard en verstuurd zodra er weer verbinding is.",
                       "en": "your notes are kept and sent as soon as you are connected again."},
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
    "blocks": {"nl": "Bouwstenen", "en": "Building blocks"},
    "block_open": {"nl": "Openen", "en": "Open"},
    "block_open_title": {"nl": "{block} openen: alle notities, om ze door te werken",
                         "en": "Open {block}: all its notes, to work through them"},
    "notes_word": {"nl": "notities", "en": "notes"},
    "chars_left": {"nl": "{n} tekens over", "en": "{n} characters left"},
    "empty_block": {"nl": "Nog geen notities", "en": "No notes yet"},
    "note_posted": {"nl": "Geplakt", "en": "Posted"},
    "pending_label": {"nl": "Wacht op verzending", "en": "Waiting to send"},
    "note_queued": {"nl": "Bewaard op dit apparaat: je notitie wordt verstuurd zodra er verbinding is.",
                    "en": "Kept on this device: your note is sent as soon as you are connected."},
    "note_queued_too_fast": {"nl": "Rustig aan: je notitie wacht even en wordt over {seconds} seconden "
                                   "vanzelf geplakt.",
                             "en": "Slow down: your note waits and is posted by itself in {seconds} "
                                   "seconds."},
    "outbox_count": {"nl": "{n} notities wachten op verzending", "en": "{n} notes waiting to send"},
    "outbox_count_one": {"nl": "1 notitie wacht op verzending", "en": "1 note waiting to send"},
    "outbox_sent": {"nl": "{n} bewaarde notities verstuurd", "en": "{n} kept notes sent"},
    "outbox_sent_one": {"nl": "1 bewaarde notitie verstuurd", "en": "1 kept note sent"},
    "note_refused": {"nl": "Deze notitie kon niet worden geplakt: “{text}”. {error}",
                     "en": "This note could not be posted: “{text}”. {error}"},
    "note_refused_back": {"nl": "Je notitie kon niet worden geplakt. {error} De tekst staat weer in het "
                                "formulier.",
                          "en": "Your note could not be posted. {error} The text is back in the form."},
    "werkvorm": {"nl": "Werkvorm", "en": "Form of work"},
    "werkvorm_choose": {"nl": "Kies een werkvorm", "en": "Choose a form of work"},
    "edit_note": {"nl": "Notitie bewerken", "en": "Edit note"},
    "anonymous": {"nl": "Anoniem", "en": "Anonymous"},

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
    "edit_offline": {"nl": "Je bent offline: je wijziging is nog niet opgeslagen. Je tekst blijft staan; "
                           "sla op zodra er weer verbinding is.",
                     "en": "You are offline: your change has not been saved yet. Your text stays here; "
                           "save once you are connected again."},
    "delete_offline": {"nl": "Je bent offline: verwijderen kan zodra er weer verbinding is.",
                       "en": "You are offline: you can delete once you are connected again."},
    "conflict_title": {"nl": "Iemand anders heeft deze notitie intussen gewijzigd",
                       "en": "Someone else changed this note in the meantime"},
    "conflict_text": {"nl": "Je tekst is niet verloren. Kies welke versie blijft staan.",
                      "en": "Your text is not lost. Choose which version stays."},
    "conflict_mine": {"nl": "Jouw versie", "en": "Your version"},
    "conflict_theirs": {"nl": "Nu op het canvas", "en": "Now on the canvas"},
    "conflict_keep_mine": {"nl": "Mijn versie bewaren", "en": "Keep mine"},
    "conflict_take_theirs": {"nl": "Hun versie houden", "en": "Take theirs"},
    "conflict_taken": {"nl": "De versie op het canvas blijft staan", "en": "The version on the canvas stays"},
    "note_deleted": {"nl": "Verwijderd", "en": "Deleted"},
    "no_notes_mine": {"nl": "Je hebt nog niets geplakt.", "en": "You have not posted anything yet."},
    "notes_count_one": {"nl": "1 notitie", "en": "1 note"},
    "page_of": {"nl": "Pagina {n} van {total}", "en": "Page {n} of {total}"},
    "spotlight_show": {"nl": "Toon groot", "en": "Show large"},
    "spotlight_block": {"nl": "Toon dit blok groot", "en": "Show this block large"},
    "spotlight_close": {"nl": "Terug naar het canvas", "en": "Back to the canvas"},
    "spotlight_on": {"nl": "Groot op het scherm", "en": "Large on the screen"},
    "spotlight_keys": {"nl": "← → vorige of volgende, Esc terug naar het canvas",
                       "en": "← → previous or next, Esc back to the canvas"},
    # The session plan on the pages: composing it, running it, where the session is.
    "plan_title": {"nl": "Sessieplan", "en": "Session plan"},
    "plan_intro": {"nl": "Zet de stappen van de sessie klaar. Tijdens de workshop zet ‘Volgende stap’ "
                         "elke stap in één keer klaar: focus, richtvraag, timer, stil schrijven of stemmen.",
                   "en": "Prepare the steps of the session. During the workshop ‘Next step’ sets up "
                         "each step at once: focus, guiding question, timer, silent writing or voting."},
    "plan_template_label": {"nl": "Begin met een sjabloon", "en": "Start from a template"},
    "plan_template_pick": {"nl": "Kies een sjabloon…", "en": "Choose a template…"},
    "plan_template_use": {"nl": "Gebruiken", "en": "Use"},
    "plan_templates_method": {"nl": "Uit de methode", "en": "From the method"},
    "plan_templates_saved": {"nl": "Jouw opgeslagen sjablonen", "en": "Your saved templates"},
    "plan_template_share": {"nl": "Delen met een andere facilitator:", "en": "Share with another facilitator:"},
    "plan_templates_error": {"nl": "De sjablonen konden niet worden geladen.",
                             "en": "The templates could not be loaded."},
    "plan_template_empty": {"nl": "Leeg plan", "en": "Empty plan"},
    "plan_template_none": {"nl": "Geen plan", "en": "No plan"},
    "plan_replace_title": {"nl": "Het plan vervangen?", "en": "Replace the plan?"},
    "plan_replace_text": {"nl": "Het plan heeft al {n} stappen. Ze worden vervangen door de stappen "
                                "van ‘{title}’.",
                          "en": "The plan already has {n} steps. They are replaced by the steps "
                                "of ‘{title}’."},
    "plan_replace_yes": {"nl": "Vervangen", "en": "Replace"},
    "plan_steps_count": {"nl": "{n} stappen", "en": "{n} steps"},
    "plan_steps_count_one": {"nl": "1 stap", "en": "1 step"},
    "plan_votes_count": {"nl": "{n} stemmen", "en": "{n} votes"},
    "plan_votes_count_one": {"nl": "1 stem", "en": "1 vote"},
    "plan_minutes": {"nl": "{n} min", "en": "{n} min"},
    "plan_empty": {"nl": "Nog geen stappen: kies een sjabloon of voeg een stap toe.",
                   "en": "No steps yet: choose a template or add a step."},
    "plan_reorder_hint": {"nl": "Sleep een stap of gebruik ↑ ↓ om de volgorde te veranderen.",
                          "en": "Drag a step or use ↑ ↓ to change the order."},
    "plan_add": {"nl": "Stap toevoegen", "en": "Add a step"},
    "plan_step_n": {"nl": "Stap {n}", "en": "Step {n}"},
    "plan_step_edit": {"nl": "Bewerken", "en": "Edit"},
    "plan_step_up": {"nl": "Stap {n} omhoog", "en": "Move step {n} up"},
    "plan_step_down": {"nl": "Stap {n} omlaag", "en": "Move step {n} down"},
    "plan_step_remove": {"nl": "Stap {n} verwijderen", "en": "Remove step {n}"},
    "plan_step_removed": {"nl": "Stap {n} verwijderd.", "en": "Step {n} removed."},
    "plan_step_running": {"nl": "Loopt nu", "en": "Running"},
    "plan_field_mode": {"nl": "Soort stap", "en": "Kind of step"},
    "plan_field_block": {"nl": "Bouwsteen", "en": "Building block"},
    "plan_field_subarea": {"nl": "Onderdeel", "en": "Sub-area"},
    "plan_subarea_whole": {"nl": "De hele bouwsteen", "en": "The whole block"},
    "plan_field_question": {"nl": "Richtvraag", "en": "Guiding question"},
    "plan_question_none": {"nl": "Geen richtvraag (de hoofdvraag)", "en": "No guiding question (the key question)"},
    "plan_field_duration": {"nl": "Duur in minuten", "en": "Duration in minutes"},
    "plan_duration_hint": {"nl": "Leeg: geen timer.", "en": "Empty: no timer."},
    "plan_duration_bad": {"nl": "Typ een aantal minuten van 1 tot en met {max}, of laat het veld leeg "
                                "voor geen timer.",
                          "en": "Type a number of minutes from 1 to {max}, or leave the field empty "
                                "for no timer."},
    "plan_field_votes": {"nl": "Stemmen per deelnemer", "en": "Votes per participant"},
    "plan_votes_bad": {"nl": "Typ een aantal stemmen van 1 tot en met {max}.",
                       "en": "Type a number of votes from 1 to {max}."},
    "plan_field_instruction": {"nl": "Instructie (op het scherm en de telefoons)",
                               "en": "Instruction (on the screen and the phones)"},
    "plan_instruction_hint": {"nl": "Hoogstens {max} tekens.", "en": "At most {max} characters."},
    "plan_save_label": {"nl": "Opslaan als sjabloon, met de naam", "en": "Save as a template, named"},
    "plan_save": {"nl": "Opslaan als sjabloon", "en": "Save as template"},
    "plan_save_done": {"nl": "Opgeslagen als sjabloon ‘{title}’.", "en": "Saved as template ‘{title}’."},
    "plan_save_empty": {"nl": "Er is nog geen plan om op te slaan.", "en": "There is no plan to save yet."},
    "run_label": {"nl": "Het sessieplan", "en": "The session plan"},
    "run_prev": {"nl": "Vorige stap", "en": "Previous step"},
    "run_next": {"nl": "Volgende stap", "en": "Next step"},
    "run_start": {"nl": "Plan starten ›", "en": "Start the plan ›"},
    "run_resume": {"nl": "Verder met stap {n} ›", "en": "Go on with step {n} ›"},
    "run_leave": {"nl": "Plan verlaten", "en": "Leave the plan"},
    "run_step_of": {"nl": "Stap {n} van {total}", "en": "Step {n} of {total}"},
    "run_outside": {"nl": "Buiten het plan", "en": "Outside the plan"},
    "run_outside_hint": {"nl": "{total} stappen klaar; de bediening werkt zoals altijd.",
                         "en": "{total} steps ready; the controls work as always."},
    "run_keys": {"nl": "PageDown / PageUp (of een presentatieklikker): volgende of vorige stap",
                 "en": "PageDown / PageUp (or a presentation clicker): next or previous step"},
    "step_of": {"nl": "Stap {n} van {total}", "en": "Step {n} of {total}"},
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
    "code_unknown_title": {"nl": "Code niet gevonden", "en": "Code not found"},
    "code_unknown": {"nl": "Er is geen workshop met de code “{code}”. Kijk de code nog eens na "
                           "en typ hem hieronder opnieuw.",
                     "en": "There is no workshop with the code “{code}”. Check the code and type "
                           "it again below."},
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
    "csv.cluster": {"nl": "Cluster", "en": "Cluster"},
    "csv.author": {"nl": "Auteur", "en": "Author"},
    "csv.color": {"nl": "Kleur", "en": "Colour"},
    "csv.votes": {"nl": "Stemmen", "en": "Votes"},
    "csv.werkvorm": {"nl": "Werkvorm", "en": "Form of work"},
    "csv.ambitie": {"nl": "Gedeelde ambitie", "en": "Shared ambition"},
    "csv.kernpartners": {"nl": "Kernpartners", "en": "Core partners"},
    "csv.doelgroep": {"nl": "Doelgroep", "en": "Target group"},
    "csv.created_at": {"nl": "Geschreven op", "en": "Written at"},
    "csv.trekker": {"nl": "Trekker", "en": "Lead"},
    "csv.eerste_stap": {"nl": "Eerste stap", "en": "First step"},
    "csv.datum": {"nl": "Datum", "en": "Date"},
    "csv.agreement": {"nl": "Afspraak", "en": "Agreement"},
    "yes": {"nl": "ja", "en": "yes"},
    "commitments_title": {"nl": "Afspraken en vervolg", "en": "Agreements and next steps"},
    "commitments_agreements": {"nl": "Afspraken", "en": "Agreements"},
    "commitments_coalitions": {"nl": "Coalities: trekker en eerste stap",
                               "en": "Coalitions: lead and first step"},
    "commitments_no_date": {"nl": "geen datum", "en": "no date"},
    "commitments_more": {"nl": "… en {n} meer (zie de notulen)",
                         "en": "… and {n} more (see the minutes)"},
    "followup_vitality_title": {"nl": "Vitaliteit van het netwerk", "en": "Vitality of the network"},
    "followup_vitality_mean": {"nl": "Gemiddeld", "en": "Mean"},
    "vitality_scale_note": {"nl": "1 = zwak, 5 = sterk", "en": "1 = weak, 5 = strong"},
    "agreement_badge": {"nl": "Afspraak", "en": "Agreement"},
    "agreement_mark": {"nl": "Markeer als afspraak", "en": "Mark as agreement"},
    "agreement_unmark": {"nl": "Geen afspraak meer", "en": "No longer an agreement"},
    "export_ics": {"nl": "Agenda (.ics)", "en": "Calendar (.ics)"},

    # PDF poster (canvas/poster)
    "poster_continued": {"nl": "{block} (vervolg)", "en": "{block} (continued)"},
    "poster_more_on_page": {"nl": "+{n} op pagina {page}", "en": "+{n} on page {page}"},
    "poster_cards": {"nl": "{n} coalitiekaarten", "en": "{n} coalition cards"},
    "poster_cards_one": {"nl": "1 coalitiekaart", "en": "1 coalition card"},
    "poster_participants": {"nl": "{n} deelnemers", "en": "{n} participants"},
    "poster_participants_one": {"nl": "1 deelnemer", "en": "1 participant"},
    "poster_votes": {"nl": "★ = aantal stemmen", "en": "★ = number of votes"},
    "poster_top": {"nl": "Top 10", "en": "Top 10"},
    "poster_cluster_count": {"nl": "{n} notities", "en": "{n} notes"},
    "poster_cluster_count_one": {"nl": "1 notitie", "en": "1 note"},
    "poster_page": {"nl": "Pagina {n} van {total}", "en": "Page {n} of {total}"},
    "poster_date": {"nl": "{day} {month} {year}, {time}", "en": "{day} {month} {year}, {time}"},
    "poster_months": {
        "nl": "januari,februari,maart,april,mei,juni,juli,augustus,september,oktober,november,"
              "december",
        "en": "January,February,March,April,May,June,July,August,September,October,November,"
              "December"},

    # Snapshots, exports, comparison, import and deletion: the pages
    "snapshots": {"nl": "Momentopnamen", "en": "Snapshots"},
    "snapshots_intro": {
        "nl": "Leg het canvas vast, bijvoorbeeld aan het eind van een sessie. Later wijzigen "
              "verandert een momentopname niet meer.",
        "en": "Freeze the canvas, for example at the end of a session. Later changes never reach "
              "a snapshot."},
    "snapshot_label": {"nl": "Naam van de momentopname", "en": "Name of the snapshot"},
    "snapshot_label_placeholder": {"nl": "Einde sessie 1", "en": "End of session 1"},
    "snapshot_take": {"nl": "Momentopname maken", "en": "Take a snapshot"},
    "snapshot_taken": {"nl": "Momentopname ‘{label}’ gemaakt", "en": "Snapshot ‘{label}’ taken"},
    "snapshots_none": {"nl": "Nog geen momentopnamen.", "en": "No snapshots yet."},
    "snapshot_title": {"nl": "Momentopname", "en": "Snapshot"},
    "snapshot_read_only": {"nl": "Alleen lezen", "en": "Read only"},
    "snapshot_not_loaded": {"nl": "Deze momentopname kon niet worden geladen.",
                            "en": "This snapshot could not be loaded."},
    "view_snapshot": {"nl": "Bekijken", "en": "View"},
    "view_snapshot_of": {"nl": "{name} bekijken", "en": "View {name}"},
    "cards_count": {"nl": "{n} kaarten", "en": "{n} cards"},
    "cards_count_one": {"nl": "1 kaart", "en": "1 card"},
    "participants_count": {"nl": "{n} deelnemers", "en": "{n} participants"},
    "participants_count_one": {"nl": "1 deelnemer", "en": "1 participant"},
    "moment_option": {"nl": "{label} ({time})", "en": "{label} ({time})"},
    "downloads": {"nl": "Downloads", "en": "Downloads"},
    "downloads_of": {"nl": "Downloads van {name}", "en": "Downloads of {name}"},
    "download_poster": {"nl": "Poster (PDF)", "en": "Poster (PDF)"},
    "download_poster_of": {"nl": "Poster (PDF) van {name}", "en": "Poster (PDF) of {name}"},
    "download_of": {"nl": "{kind} van {name}", "en": "{kind} of {name}"},
    "paper_size": {"nl": "Papierformaat van de poster", "en": "Paper size of the poster"},
    "export_json": {"nl": "JSON", "en": "JSON"},
    "export_csv": {"nl": "CSV", "en": "CSV"},
    "export_md": {"nl": "Markdown", "en": "Markdown"},
    "export_current": {"nl": "Huidige stand exporteren", "en": "Export the current canvas"},
    "export_current_hint": {"nl": "Het canvas zoals het nu is, zonder momentopname te bewaren.",
                            "en": "The canvas as it is now, without keeping a snapshot."},
    "compare": {"nl": "Vergelijken", "en": "Compare"},
    "compare_title": {"nl": "Twee momenten vergelijken", "en": "Compare two moments"},
    "compare_intro": {"nl": "Wat is er tussen twee momenten toegevoegd, verwijderd of gewijzigd?",
                      "en": "What was added, removed or changed between two moments?"},
    "compare_from": {"nl": "Van", "en": "From"},
    "compare_to": {"nl": "Naar", "en": "To"},
    "compare_open": {"nl": "Vergelijken", "en": "Compare"},
    "compare_same": {"nl": "Kies twee verschillende momenten.", "en": "Choose two different moments."},
    "compare_none": {
        "nl": "Er zijn nog geen momentopnamen. De facilitator maakt ze op de beheerpagina.",
        "en": "There are no snapshots yet. The facilitator takes them on the facilitator page."},
    "compare_vitality": {"nl": "Vitaliteit van het netwerk", "en": "Vitality of the network"},
    "compare_vitality_up": {"nl": "omhoog", "en": "up"},
    "compare_vitality_down": {"nl": "omlaag", "en": "down"},
    "compare_vitality_same": {"nl": "gelijk", "en": "no change"},
    "compare_vitality_none": {"nl": "In geen van beide momenten is de vitaliteit gescoord.", "en": "Vitality was not rated at either moment."},
    "compare_added": {"nl": "Toegevoegd", "en": "Added"},
    "compare_removed": {"nl": "Verwijderd", "en": "Removed"},
    "compare_changed": {"nl": "Gewijzigd", "en": "Changed"},
    "compare_unchanged": {"nl": "{n} ongewijzigd", "en": "{n} unchanged"},
    "compare_no_changes": {"nl": "Geen verschillen", "en": "No differences"},
    "compare_before": {"nl": "Eerst", "en": "Before"},
    "compare_after": {"nl": "Daarna", "en": "After"},
    "compare_moved_from": {"nl": "Verplaatst van {block}", "en": "Moved from {block}"},
    "compare_shown_again": {"nl": "Was verborgen, nu weer zichtbaar", "en": "Was hidden, now shown again"},
    "compare_field_change": {"nl": "{field}: {before} → {after}", "en": "{field}: {before} → {after}"},
    "compare_field_changed": {"nl": "{field} gewijzigd", "en": "{field} changed"},
    "compare_totals": {"nl": "{added} toegevoegd · {removed} verwijderd · {changed} gewijzigd",
                       "en": "{added} added · {removed} removed · {changed} changed"},
    "compare_meta_count": {"nl": "{n} notities en kaarten", "en": "{n} notes and cards"},
    "compare_none_chosen": {"nl": "(geen)", "en": "(none)"},
    "home_import_title": {"nl": "Of: een export importeren", "en": "Or: import an export"},
    "home_import_intro": {
        "nl": "Heb je een JSON-export van een Netwerk Canvas? Dan maak je er een nieuwe workshop "
              "van, met alle notities en kaarten.",
        "en": "Do you have a JSON export of a Netwerk Canvas? Make a new workshop from it, with all "
              "its notes and cards."},
    "home_import_file": {"nl": "Exportbestand (.json)", "en": "Export file (.json)"},
    "home_import_button": {"nl": "Importeren", "en": "Import"},
    "choose_file": {"nl": "Bestand kiezen", "en": "Choose a file"},
    "no_file_chosen": {"nl": "Geen bestand gekozen", "en": "No file chosen"},
    "import_choose_file": {"nl": "Kies eerst een bestand.", "en": "Choose a file first."},
    "import_not_json": {"nl": "Dit bestand is geen JSON. Kies een .json-export van Netwerk Canvas.",
                        "en": "This file is not JSON. Choose a .json export of Netwerk Canvas."},
    "import_too_large": {"nl": "Dit bestand is te groot: hoogstens 8 MB.",
                         "en": "This file is too large: at most 8 MB."},
    "delete_workshop": {"nl": "Workshop verwijderen", "en": "Delete workshop"},
    "delete_workshop_intro": {
        "nl": "Wis deze workshop voorgoed, met alles erin.",
        "en": "Erase this workshop for good, with everything in it."},
    "delete_workshop_confirm_title": {"nl": "‘{title}’ verwijderen?", "en": "Delete ‘{title}’?"},
    "delete_workshop_confirm_text": {"nl": "Alles wordt gewist: notities, momentopnamen, posters.",
                                     "en": "Everything is erased: notes, snapshots, posters."},
    "delete_workshop_confirm_everyone": {
        "nl": "Deelnemers en de projector zien meteen dat de workshop niet meer bestaat.",
        "en": "Participants and the projector see at once that the workshop no longer exists."},
    "delete_workshop_confirm_export": {
        "nl": "Dit kan niet ongedaan worden gemaakt. Wil je iets bewaren? Download dan eerst een "
              "export (JSON).",
        "en": "This cannot be undone. Want to keep something? Download an export (JSON) first."},
    "delete_workshop_confirm_yes": {"nl": "Ja, alles wissen", "en": "Yes, erase everything"},
    "workshop_deleted_title": {"nl": "Deze workshop is verwijderd", "en": "This workshop was deleted"},
    "workshop_deleted_text": {
        "nl": "De facilitator heeft de workshop gewist. De notities en momentopnamen zijn er niet "
              "meer.",
        "en": "The facilitator erased the workshop. Its notes and snapshots are gone."},
    "workshop_deleted_done": {"nl": "De workshop is verwijderd.", "en": "The workshop was deleted."},

    # Facilitation (issue 4): controls, focus, timer, silent writing, lock, voting, moderation
    "ctl_silent": {"nl": "Stil schrijven", "en": "Silent writing"},
    "ctl_silent_hint": {"nl": "Iedereen ziet alleen de eigen notities; de rest verschijnt als je "
                                "dit weer uitzet.",
                        "en": "Everyone sees only their own notes; the rest appears when you "
                              "switch this off."},
    "ctl_lock": {"nl": "Canvas op slot", "en": "Lock the canvas"},
    "ctl_lock_hint": {"nl": "Deelnemers kunnen niets plakken of wijzigen; jij wel.",
                      "en": "Participants cannot post or change anything; you still can."},
    "ctl_show_authors": {"nl": "Namen tonen", "en": "Show names"},
    "ctl_show_authors_hint": {"nl": "Uit: deelnemers en de projector zien niet wie wat schreef.",
                              "en": "Off: participants and the projector do not see who wrote "
                                    "what."},
    "ctl_focus": {"nl": "Volg mij", "en": "Follow me"},
    "ctl_focus_hint": {"nl": "Zet één bouwsteen centraal op de projector en op de telefoons.",
                       "en": "Put one building block centre stage on the projector and the "
                             "phones."},
    "ctl_focus_block": {"nl": "Bouwsteen in beeld", "en": "Block in focus"},
    "ctl_focus_none": {"nl": "Geen: het hele canvas", "en": "None: the whole canvas"},
    "ctl_question": {"nl": "Hulpvraag", "en": "Guiding question"},
    "ctl_question_none": {"nl": "Geen hulpvraag gekozen: de kernvraag staat in beeld.",
                          "en": "No guiding question chosen: the key question is shown."},
    "ctl_question_of": {"nl": "Vraag {n} van {total}", "en": "Question {n} of {total}"},
    "ctl_question_prev": {"nl": "Vorige", "en": "Previous"},
    "ctl_question_next": {"nl": "Volgende", "en": "Next"},
    "ctl_question_clear": {"nl": "Geen vraag", "en": "No question"},
    "ctl_timer": {"nl": "Timer", "en": "Timer"},
    "ctl_timer_minutes": {"nl": "{n} min", "en": "{n} min"},
    "ctl_timer_start_minutes": {"nl": "Timer van {n} min starten",
                                "en": "Start a timer of {n} min"},
    "ctl_timer_custom": {"nl": "Minuten", "en": "Minutes"},
    "ctl_timer_start": {"nl": "Start", "en": "Start"},
    "ctl_timer_stop": {"nl": "Stop", "en": "Stop"},
    "ctl_timer_off": {"nl": "Geen timer", "en": "No timer"},
    "ctl_timer_left": {"nl": "Nog {time}", "en": "{time} left"},
    "ctl_timer_over": {"nl": "De tijd is om", "en": "Time is up"},
    "ctl_timer_bad": {"nl": "Kies 1 tot {max} minuten.", "en": "Choose 1 to {max} minutes."},
    "ctl_timer_unreadable": {"nl": "Typ een aantal minuten, zoals 5 of 1,5.",
                             "en": "Type a number of minutes, such as 5 or 1.5."},
    "ctl_voting": {"nl": "Stemronde", "en": "Voting"},
    "ctl_votes_per": {"nl": "Stemmen per deelnemer", "en": "Votes per participant"},
    "ctl_voting_open": {"nl": "Stemronde openen", "en": "Open voting"},
    "ctl_voting_change": {"nl": "Aantal aanpassen", "en": "Change the number"},
    "ctl_voting_close": {"nl": "Stemronde sluiten", "en": "Close voting"},
    "ctl_voting_is_open": {"nl": "Open: {n} stemmen per deelnemer",
                           "en": "Open: {n} votes per participant"},
    "ctl_voting_is_open_one": {"nl": "Open: 1 stem per deelnemer", "en": "Open: 1 vote per participant"},
    "ctl_voting_closed": {"nl": "Gesloten", "en": "Closed"},
    # The vitality check (docs/protocol.md, "Vitality check").
    "vitality_title": {"nl": "Vitaliteitscheck", "en": "Vitality check"},
    "vitality_intro": {"nl": "Hoe sterk staat ons netwerk? Geef elke bouwsteen een score van 1 tot 5.", "en": "How strong is our network? Give each block a score from 1 to 5."},
    "vitality_anonymous": {"nl": "Anoniem: niemand ziet wie welke score gaf, ook de facilitator niet.", "en": "Anonymous: nobody sees who gave which score, not even the facilitator."},
    "vitality_score": {"nl": "Score {n} van 5", "en": "Score {n} of 5"},
    "vitality_chosen": {"nl": "Jouw score: {n}", "en": "Your score: {n}"},
    "vitality_progress": {"nl": "{n} van 5 bouwstenen gescoord", "en": "{n} of 5 blocks rated"},
    "vitality_offline": {"nl": "Geen verbinding: je score wordt verstuurd zodra je weer verbonden bent.", "en": "No connection: your score is sent as soon as you are connected again."},
    "vitality_n": {"nl": "n = {n}", "en": "n = {n}"},
    "vitality_mean": {"nl": "gemiddeld {mean}", "en": "mean {mean}"},
    "vitality_no_answers": {"nl": "nog geen scores", "en": "no scores yet"},
    "vitality_histogram": {"nl": "Score {score}: {n}", "en": "Score {score}: {n}"},
    "ctl_vitality": {"nl": "Vitaliteitscheck", "en": "Vitality check"},
    "ctl_vitality_open": {"nl": "Check openen", "en": "Open the check"},
    "ctl_vitality_close": {"nl": "Check sluiten", "en": "Close the check"},
    "ctl_vitality_reset": {"nl": "Opnieuw beginnen", "en": "Start again"},
    "ctl_vitality_reset_confirm": {"nl": "Alle scores wissen? Maak eerst een momentopname als je ze wilt bewaren.", "en": "Clear every score? Take a snapshot first if you want to keep them."},
    "ctl_vitality_is_open": {"nl": "Open", "en": "Open"},
    "ctl_vitality_counts": {"nl": "Aantal scores per bouwsteen", "en": "Scores per block"},
    "ctl_votes_bad": {"nl": "Kies 1 tot {max} stemmen.", "en": "Choose 1 to {max} votes."},
    "ctl_votes_reset": {"nl": "Stemmen wissen", "en": "Reset votes"},
    "ctl_votes_reset_title": {"nl": "Alle stemmen wissen?", "en": "Reset all votes?"},
    "ctl_votes_reset_text": {"nl": "Elke notitie gaat terug naar 0 stemmen en iedereen krijgt "
                                   "zijn stemmen terug.",
                             "en": "Every note goes back to 0 votes and everyone gets their "
                                   "votes back."},
    "ctl_votes_reset_yes": {"nl": "Ja, stemmen wissen", "en": "Yes, reset the votes"},
    "ctl_votes_reset_done": {"nl": "De stemmen zijn gewist", "en": "The votes were reset"},
    "hide_note": {"nl": "Verbergen", "en": "Hide"},
    "show_note": {"nl": "Weer tonen", "en": "Show again"},
    "hidden_label": {"nl": "verborgen", "en": "hidden"},
    "note_hidden_done": {"nl": "Verborgen voor deelnemers en projector",
                         "en": "Hidden from participants and the projector"},
    "note_shown_done": {"nl": "Weer zichtbaar voor iedereen", "en": "Visible to everyone again"},
    "remove_participant": {"nl": "verwijderen", "en": "remove"},
    "remove_participant_of": {"nl": "{name} verwijderen", "en": "Remove {name}"},
    "remove_participant_title": {"nl": "{name} uit de workshop halen?",
                                 "en": "Remove {name} from the workshop?"},
    "remove_participant_text": {"nl": "Hun toestellen worden losgekoppeld en kunnen niet meer "
                                      "meedoen. Hun notities blijven staan.",
                                "en": "Their devices are disconnected and cannot take part any "
                                      "more. Their notes stay."},
    "remove_participant_yes": {"nl": "Ja, verwijderen", "en": "Yes, remove"},
    "remove_participant_with_notes": {"nl": "Verwijderen met notities en stemmen",
                                      "en": "Remove with notes and votes"},
    "new_identities_button": {"nl": "Nieuwe deelnemers van de laatste minuut",
                              "en": "New participants of the last minute"},
    "new_identities_none": {"nl": "Geen nieuwe deelnemers in de laatste minuut.",
                            "en": "No new participants in the last minute."},
    "new_identities_title": {"nl": "{n} nieuwe deelnemers van één netwerk in de laatste minuut",
                             "en": "{n} new participants from one network in the last minute"},
    "new_identities_text": {"nl": "Een hele zaal achter één wifi ziet er zo uit, maar ook één "
                                  "toestel dat zich als velen voordoet. Verwijder ze alleen als "
                                  "je dat laatste vermoedt.",
                            "en": "A whole room behind one Wi-Fi looks like this, but so does "
                                  "one device posing as many people. Remove them only if you "
                                  "suspect the latter."},
    "new_identities_remove": {"nl": "Alle {n} verwijderen, met notities en stemmen",
                              "en": "Remove all {n}, with notes and votes"},
    "new_identities_done": {"nl": "{n} deelnemers verwijderd", "en": "{n} participants removed"},
    "remove_participant_done": {"nl": "{name} is verwijderd", "en": "{name} was removed"},
    "silent_banner": {"nl": "Stil schrijven: notities worden later zichtbaar",
                      "en": "Silent writing: notes become visible later"},
    "silent_hint": {"nl": "Je ziet je eigen notities. Die van anderen verschijnen als de "
                          "facilitator ze laat zien.",
                    "en": "You see your own notes. Those of others appear when the facilitator "
                          "shows them."},
    "hidden_count": {"nl": "{n} notities (verborgen)", "en": "{n} notes (hidden)"},
    "hidden_count_one": {"nl": "1 notitie (verborgen)", "en": "1 note (hidden)"},
    "hidden_others": {"nl": "{n} notities van anderen (nog verborgen)",
                      "en": "{n} notes by others (hidden for now)"},
    "hidden_others_one": {"nl": "1 notitie van een ander (nog verborgen)",
                          "en": "1 note by someone else (hidden for now)"},
    "locked_badge": {"nl": "Op slot", "en": "Locked"},
    "locked_message": {"nl": "Het canvas is op slot: je kunt nu niets plakken of wijzigen.",
                       "en": "The canvas is locked: you cannot post or change anything now."},
    "timer_label": {"nl": "Resterende tijd", "en": "Time left"},
    "timer_up": {"nl": "Tijd!", "en": "Time!"},
    "timer_past": {"nl": "Tijd voorbij", "en": "Time is up"},
    "focus_now": {"nl": "Nu: {block}", "en": "Now: {block}"},
    "focus_moved": {"nl": "De facilitator is naar {block} gegaan",
                    "en": "The facilitator has moved to {block}"},
    "focus_go": {"nl": "Ga erheen", "en": "Go there"},
    "focus_question_of": {"nl": "Vraag {n}/{total}", "en": "Question {n}/{total}"},
    "voting_banner": {"nl": "Stemronde: {n} stemmen per deelnemer",
                      "en": "Voting: {n} votes per participant"},
    "voting_banner_one": {"nl": "Stemronde: 1 stem per deelnemer",
                          "en": "Voting: 1 vote per participant"},
    "voting_intro": {"nl": "Geef je stemmen aan de notities die jij het belangrijkst vindt: "
                           "tik op +1.",
                     "en": "Give your votes to the notes you find most important: tap +1."},
    "votes_left": {"nl": "Je hebt nog {n} stemmen", "en": "You have {n} votes left"},
    "votes_left_one": {"nl": "Je hebt nog 1 stem", "en": "You have 1 vote left"},
    "votes_count": {"nl": "{n} stemmen", "en": "{n} votes"},
    "votes_count_one": {"nl": "1 stem", "en": "1 vote"},
    "votes_mine": {"nl": "{n} van jou", "en": "{n} from you"},
    "vote_plus": {"nl": "+1", "en": "+1"},
    "vote_minus": {"nl": "−1", "en": "−1"},
    "vote_for": {"nl": "Stem op deze notitie", "en": "Vote for this note"},
    "vote_take_back": {"nl": "Stem terugnemen", "en": "Take a vote back"},
    "sort_votes": {"nl": "Sorteer op stemmen", "en": "Sort by votes"},
    "sort_votes_off": {"nl": "Gewone volgorde", "en": "Normal order"},
    "sort_votes_key_hint": {"nl": "Toets V: sorteer op stemmen aan of uit.",
                            "en": "Press V to sort by votes or not."},
    "removed_title": {"nl": "Je bent uit de workshop gehaald",
                      "en": "You were removed from the workshop"},
    "removed_text": {"nl": "De facilitator heeft je uit deze workshop gehaald. Denk je dat dit "
                           "een vergissing is? Vraag het de facilitator.",
                     "en": "The facilitator removed you from this workshop. Think this is a "
                           "mistake? Ask the facilitator."},

    # Facilitation, second round: editing while locked, removed notes, compact status, new rounds
    "edit_locked": {"nl": "Het canvas is op slot. Je tekst blijft hier staan: opslaan kan weer "
                          "zodra de facilitator het canvas opent.",
                    "en": "The canvas is locked. Your text stays here: you can save again once "
                          "the facilitator unlocks the canvas."},
    "edit_locked_copy": {"nl": "Tekst kopiëren", "en": "Copy text"},
    "edit_unlocked": {"nl": "Het canvas is weer open: je kunt opslaan.",
                      "en": "The canvas is open again: you can save."},
    "delete_note_title": {"nl": "Notitie verwijderen?", "en": "Delete note?"},
    "delete_card_title": {"nl": "Kaart verwijderen?", "en": "Delete card?"},
    "confirm_delete_text": {"nl": "Hij verdwijnt voor iedereen van het canvas. Dit kan niet "
                                  "ongedaan worden gemaakt.",
                            "en": "It disappears from the canvas for everyone. This cannot be "
                                  "undone."},
    "conn_removed": {"nl": "Verwijderd", "en": "Removed"},
    "note_removed_by_other": {"nl": "De facilitator heeft je notitie “{text}” van het canvas "
                                    "gehaald.",
                              "en": "The facilitator took your note “{text}” off the canvas."},
    # The participant's list of notes on a phone: jumping to a block, folding blocks away.
    "blocks_nav": {"nl": "Naar bouwsteen", "en": "Go to block"},
    "cluster": {"nl": "Groep", "en": "Cluster"},
    "cluster_more": {"nl": "en nog {n}", "en": "and {n} more"},
    "cluster_more_one": {"nl": "en nog 1", "en": "and 1 more"},
    # Clusters on the phone: a stack opens on a tap; votes on a cluster; grouping by participants.
    "cluster_has_mine": {"nl": "Met {n} notities van jou", "en": "With {n} of your notes"},
    "cluster_has_mine_one": {"nl": "Met jouw notitie", "en": "With your note"},
    "vote_for_cluster": {"nl": "Stem op deze groep", "en": "Vote for this cluster"},
    "group_with_hint": {"nl": "Tik op de notitie of groep waar deze notitie bij hoort.",
                        "en": "Tap the note or cluster this note belongs with."},
    "group_none": {"nl": "Er zijn geen andere notities in dit deel om mee te groeperen.",
                   "en": "There are no other notes in this part to group with."},
    "group_no_match": {"nl": "Niets gevonden met deze woorden.", "en": "Nothing found with these words."},
    "group_done_phone": {"nl": "Gegroepeerd", "en": "Grouped"},
    "ungroup_note": {"nl": "Uit groep halen", "en": "Take out of cluster"},
    "ungroup_done": {"nl": "Uit de groep gehaald", "en": "Taken out of the cluster"},
    "group_too_fast": {"nl": "Rustig aan: je groepeert heel snel. Probeer het over {seconds} "
                             "seconden opnieuw.",
                       "en": "Slow down: you are grouping very fast. Try again in {seconds} "
                             "seconds."},
    "grouping_banner": {"nl": "Groeperen: zet notities die hetzelfde zeggen bij elkaar",
                        "en": "Grouping: put notes that say the same together"},
    "grouping_round_intro": {"nl": "Tik bij een notitie op “Groeperen met…” en kies waar hij bij hoort.",
                       "en": "Tap “Group with…” on a note and choose where it belongs."},
    # Grouping on the facilitator page: actions, undo, the pick dialog, suggestions, results.
    "grouping": {"nl": "Groeperen", "en": "Grouping"},
    "grouping_intro": {"nl": "Sleep een notitie op een andere notitie of groep om te groeperen, "
                             "of gebruik “Groeperen met…” op een notitie.",
                       "en": "Drag a note onto another note or cluster to group them, or use "
                             "“Group with…” on a note."},
    "group_with": {"nl": "Groeperen met…", "en": "Group with…"},
    "group_with_title": {"nl": "Groeperen met…", "en": "Group with…"},
    "group_with_none": {"nl": "Geen andere notities of groepen in deze bouwsteen.",
                        "en": "No other notes or clusters in this block."},
    "group_search": {"nl": "Zoek op tekst", "en": "Search by text"},
    "group_pick_keys": {"nl": "↑ ↓ kiezen, Enter groeperen, Esc sluiten",
                        "en": "↑ ↓ to choose, Enter to group, Esc to close"},
    "group_option_cluster": {"nl": "groep van {n}", "en": "cluster of {n}"},
    "group_take_out": {"nl": "Uit de groep halen", "en": "Take out of the cluster"},
    "group_up": {"nl": "Omhoog in de groep", "en": "Up in the cluster"},
    "group_down": {"nl": "Omlaag in de groep", "en": "Down in the cluster"},
    "group_rename": {"nl": "Naam geven", "en": "Rename"},
    "group_rename_title": {"nl": "Naam van de groep", "en": "Cluster name"},
    "cluster_title_hint": {"nl": "Leeg laten: de eerste notitie geeft de groep haar naam.",
                           "en": "Leave empty: the first note names the cluster."},
    "group_ungroup": {"nl": "Groep opheffen", "en": "Ungroup"},
    "group_undo": {"nl": "Ongedaan maken", "en": "Undo"},
    "group_undo_what": {"nl": "Laatste: {what} (Ctrl+Z)", "en": "Last: {what} (Ctrl+Z)"},
    "group_done": {"nl": "{what}. Ctrl+Z maakt het ongedaan.", "en": "{what}. Ctrl+Z undoes it."},
    "group_undone": {"nl": "Ongedaan gemaakt: {what}", "en": "Undone: {what}"},
    "group_did_create": {"nl": "Gegroepeerd", "en": "Grouped"},
    "group_did_add": {"nl": "Aan de groep toegevoegd", "en": "Added to the cluster"},
    "group_did_take_out": {"nl": "Uit de groep gehaald", "en": "Taken out of the cluster"},
    "group_did_reorder": {"nl": "Volgorde in de groep veranderd", "en": "Order in the cluster changed"},
    "group_did_rename": {"nl": "Groep hernoemd", "en": "Cluster renamed"},
    "group_did_ungroup": {"nl": "Groep opgeheven", "en": "Ungrouped"},
    "group_did_move": {"nl": "Notitie verplaatst", "en": "Note moved"},
    "spotlight_cluster": {"nl": "Toon deze groep groot", "en": "Show this cluster large"},
    "ctl_participants_cluster": {"nl": "Deelnemers mogen groeperen",
                                 "en": "Participants may group"},
    "ctl_participants_cluster_hint": {"nl": "Voor een groepeerronde met de hele groep.",
                                      "en": "For a grouping round with the whole group."},
    "suggest_title": {"nl": "Voorstellen", "en": "Suggestions"},
    "suggest_load": {"nl": "Voorstellen ophalen", "en": "Get suggestions"},
    "suggest_refresh": {"nl": "Vernieuwen", "en": "Refresh"},
    "suggest_loading": {"nl": "Voorstellen ophalen…", "en": "Getting suggestions…"},
    "suggest_none": {"nl": "Geen voorstellen: er lijkt niets dubbel en niets vraagt om een groep.",
                     "en": "No suggestions: nothing looks doubled and nothing asks for a cluster."},
    "suggest_count": {"nl": "{n} voorstellen", "en": "{n} suggestions"},
    "suggest_count_one": {"nl": "1 voorstel", "en": "1 suggestion"},
    "suggest_duplicate": {"nl": "Zelfde idee?", "en": "Same idea?"},
    "suggest_group": {"nl": "Horen bij elkaar?", "en": "Belong together?"},
    "suggest_group_title": {"nl": "Naam van de groep", "en": "Cluster name"},
    "suggest_merge": {"nl": "Samenvoegen", "en": "Merge"},
    "suggest_accept_group": {"nl": "Groeperen", "en": "Group"},
    "suggest_dismiss": {"nl": "Negeren", "en": "Dismiss"},
    "progress_spent": {"nl": "{spent} van {total} stemmen gegeven",
                       "en": "{spent} of {total} votes given"},
    "progress_voters": {"nl": "{voters} van {participants} deelnemers hebben gestemd",
                        "en": "{voters} of {participants} participants have voted"},
    "progress_left": {"nl": "{n} deelnemers hebben nog stemmen over",
                      "en": "{n} participants still have votes left"},
    "progress_left_one": {"nl": "1 deelnemer heeft nog stemmen over",
                          "en": "1 participant still has votes left"},
    "results_title": {"nl": "Uitslag op het scherm", "en": "Results on the screen"},
    "results_which": {"nl": "Uitslag van", "en": "Results of"},
    "results_whole_canvas": {"nl": "Het hele canvas", "en": "The whole canvas"},
    "results_show": {"nl": "Toon uitslag", "en": "Show results"},
    "results_hide": {"nl": "Uitslag verbergen", "en": "Hide results"},
    "results_on": {"nl": "te zien: {what}", "en": "showing: {what}"},
    "results_off": {"nl": "niet te zien", "en": "not shown"},
    "results_heading": {"nl": "Uitslag van de stemronde", "en": "Voting results"},
    "results_scope_all": {"nl": "Hele canvas", "en": "Whole canvas"},
    "results_top": {"nl": "Top {n}", "en": "Top {n}"},
    "results_empty": {"nl": "Nog geen stemmen.", "en": "No votes yet."},
    # The compare page: what became of the clusters.
    "compare_clusters": {"nl": "Groepen", "en": "Clusters"},
    "compare_cluster_formed": {"nl": "gevormd, {n} notities", "en": "formed, {n} notes"},
    "compare_cluster_formed_one": {"nl": "gevormd, 1 notitie", "en": "formed, 1 note"},
    "compare_cluster_renamed": {"nl": "hernoemd (was: {before})", "en": "renamed (was: {before})"},
    "compare_cluster_grown": {"nl": "gegroeid van {before} naar {after} notities",
                              "en": "grew from {before} to {after} notes"},
    "compare_cluster_shrunk": {"nl": "gekrompen van {before} naar {after} notities",
                               "en": "shrank from {before} to {after} notes"},
    "compare_cluster_dissolved": {"nl": "opgeheven", "en": "dissolved"},
    "block_count": {"nl": "{n} notities", "en": "{n} notes"},
    "block_count_one": {"nl": "1 notitie", "en": "1 note"},
    "collapse_all": {"nl": "Alles inklappen", "en": "Collapse all"},
    "expand_all": {"nl": "Alles uitklappen", "en": "Expand all"},
    "show_notes": {"nl": "Welke notities", "en": "Which notes"},
    # A note of the participant's own that the facilitator hid: they still see it, marked.
    "hidden_by_facilitator": {"nl": "Verborgen door de facilitator",
                              "en": "Hidden by the facilitator"},
    "note_hidden_by_facilitator": {"nl": "De facilitator heeft je notitie “{text}” verborgen. "
                                         "Alleen jij ziet hem nog.",
                                   "en": "The facilitator hid your note “{text}”. Only you can "
                                         "still see it."},
    "note_shown_again": {"nl": "De facilitator heeft je notitie “{text}” weer zichtbaar gemaakt.",
                         "en": "The facilitator made your note “{text}” visible again."},
    # Unsaved changes in the edit dialog, kept on the device.
    "edit_draft_label": {"nl": "Niet opgeslagen", "en": "Not saved"},
    "edit_draft_restored": {"nl": "Je wijzigingen die nog niet waren opgeslagen, staan er weer.",
                            "en": "Your changes that were not saved yet are back."},
    "edit_draft_discard": {"nl": "Weggooien", "en": "Discard"},
    "votes_left_short": {"nl": "Nog {n} stemmen", "en": "{n} votes left"},
    "votes_left_short_one": {"nl": "Nog 1 stem", "en": "1 vote left"},
    "votes_none_left": {"nl": "Je stemmen zijn op", "en": "No votes left"},
    "ctl_votes_reopen_title": {"nl": "Opnieuw beginnen met stemmen?", "en": "Start voting afresh?"},
    "ctl_votes_reopen_text": {"nl": "Er staan nog {n} stemmen van een eerdere ronde op het canvas. "
                                    "Begin je opnieuw, dan gaat elke notitie terug naar 0 en krijgt "
                                    "iedereen zijn stemmen terug.",
                              "en": "There are still {n} votes from an earlier round on the canvas. "
                                    "If you start afresh, every note goes back to 0 and everyone "
                                    "gets their votes back."},
    "ctl_votes_reopen_text_one": {"nl": "Er staat nog 1 stem van een eerdere ronde op het canvas. "
                                        "Begin je opnieuw, dan gaat elke notitie terug naar 0 en "
                                        "krijgt iedereen zijn stemmen terug.",
                                  "en": "There is still 1 vote from an earlier round on the canvas. "
                                        "If you start afresh, every note goes back to 0 and "
                                        "everyone gets their votes back."},
    "ctl_votes_reopen_fresh": {"nl": "Opnieuw beginnen", "en": "Start afresh"},
    "ctl_votes_reopen_keep": {"nl": "Stemmen houden", "en": "Keep the votes"},

    "paste_too_long": {"nl": "Te veel geplakt: dit veld neemt hoogstens {max} tekens. De laatste "
                             "{cut} tekens zijn weggelaten.",
                       "en": "Too much pasted: this field takes at most {max} characters. The "
                             "last {cut} characters were left out."},

    # Errors, by the codes the service layer raises
    "error.bad_payload": {"nl": "Het verzoek is niet goed gevormd.", "en": "The request is malformed."},
    "error.lone_surrogate": {"nl": "De tekst bevat een ongeldig teken (een losse surrogaat, "
                                   "U+D800 tot U+DFFF); alleen geldige Unicode-tekens zijn toegestaan.",
                             "en": "The text contains an invalid character (a lone surrogate, "
                                   "U+D800 to U+DFFF); only valid Unicode characters are allowed."},
    "error.bad_field": {"nl": "Het veld ‘{field}’ is niet geldig.",
                        "en": "The field ‘{field}’ is not valid."},
    "error.out_of_range": {"nl": "Het veld ‘{field}’ moet een geheel getal van {min} tot en met "
                                 "{max} zijn.",
                           "en": "The field ‘{field}’ must be a whole number from {min} to "
                                 "{max}."},
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
    "error.bad_date": {"nl": "‘{field}’ is geen bestaande datum van {first} tot {last}: schrijf hem als {format}.",
                       "en": "‘{field}’ is not a real date from {first} to {last}: write it as {format}."},
    "error.coalition_outside_block": {
        "nl": "Alleen kaarten in Coalities hebben coalitievelden.",
        "en": "Only cards in Coalitions have coalition fields."},
    "error.unknown_language": {"nl": "Kies Nederlands of Engels.", "en": "Choose Dutch or English."},
    "error.workshop_not_found": {"nl": "Geen workshop met deze code. Kijk de code nog eens na.",
                                 "en": "No workshop with this code. Please check the code."},
    "error.note_not_found": {"nl": "Deze notitie bestaat niet meer.",
                             "en": "This note no longer exists."},
    "error.version_conflict": {"nl": "Iemand anders heeft deze notitie net gewijzigd. Bekijk de nieuwe tekst en "
                                     "probeer het opnieuw.",
                               "en": "Someone else has just changed this note. Look at the new text and "
                                     "try again."},
    "error.cluster_not_found": {"nl": "Deze groep bestaat niet meer.",
                                "en": "This cluster no longer exists."},
    "error.cluster_id_taken": {"nl": "Deze groep-id is al in gebruik.",
                               "en": "This cluster id is already in use."},
    "error.cards_do_not_cluster": {"nl": "Coalitiekaarten worden niet gegroepeerd.",
                                   "en": "Coalition cards are not grouped."},
    "error.clustering_closed": {"nl": "Groeperen kan nu alleen de facilitator.",
                                "en": "Only the facilitator can group notes now."},
    "error.cluster_other_block": {
        "nl": "Je kunt alleen notities uit hetzelfde blok en deelgebied groeperen.",
        "en": "You can only group notes of the same block and part."},
    "error.empty_cluster": {"nl": "Een groep heeft minstens één notitie. Los de groep op om hem "
                                  "weg te halen.",
                            "en": "A cluster holds at least one note. Ungroup it to remove it."},
    "error.duplicate_note": {"nl": "Een notitie staat twee keer in de lijst.",
                             "en": "A note appears twice in the list."},
    "error.too_many_notes": {"nl": "Te veel notities in één keer: hoogstens {max}.",
                             "en": "Too many notes at once: at most {max}."},
    "error.note_deleted": {"nl": "Deze notitie is al verwijderd.",
                           "en": "This note has already been deleted."},
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
    "error.facilitator_only": {"nl": "Alleen de facilitator kan dit.",
                               "en": "Only the facilitator can do this."},
    "error.locked": {"nl": "Het canvas is op slot: je kunt nu niets toevoegen of wijzigen.",
                     "en": "The canvas is locked: you cannot add or change anything now."},
    "error.voting_closed": {"nl": "Er wordt nu niet gestemd.", "en": "Voting is not open."},
    "error.participants_vote": {"nl": "Alleen deelnemers kunnen stemmen.",
                                "en": "Only participants can vote."},
    "error.participants_rate": {"nl": "Alleen deelnemers geven een score in de vitaliteitscheck.",
                                "en": "Only participants give a score in the vitality check."},
    "error.vitality_closed": {"nl": "De vitaliteitscheck is nu niet open.",
                              "en": "The vitality check is not open."},
    "error.vitality_too_fast": {"nl": "Rustig aan: hoogstens {burst} scores achter elkaar, daarna één per {interval} seconden. Probeer het over {seconds} seconden opnieuw.",
                                "en": "Slow down: at most {burst} scores in a row, then one every {interval} seconds. Try again in {seconds} seconds."},
    "error.no_votes_left": {"nl": "Je stemmen zijn op: je had er {max}.",
                            "en": "You have no votes left: you had {max}."},
    "error.no_vote_to_take_back": {"nl": "Je hebt op deze notitie nog niet gestemd.",
                                   "en": "You have not voted for this note."},
    "error.participant_not_found": {"nl": "Deze deelnemer bestaat niet.",
                                    "en": "This participant does not exist."},
    "error.participant_removed": {"nl": "De facilitator heeft je uit deze workshop gehaald.",
                                  "en": "The facilitator has removed you from this workshop."},
    "error.unknown_event": {"nl": "Onbekend verzoek.", "en": "Unknown request."},
    "error.not_found": {"nl": "Niet gevonden.", "en": "Not found."},
    "error.method_not_allowed": {"nl": "Deze methode is hier niet toegestaan.",
                                 "en": "This method is not allowed here."},
    "error.too_fast": {"nl": "Rustig aan: je plakt heel snel notities (hoogstens {burst} achter "
                             "elkaar, daarna één per {interval} seconden). Probeer het over "
                             "{seconds} seconden opnieuw.",
                       "en": "Slow down: you are posting notes very fast (at most {burst} in a "
                             "row, then one every {interval} seconds). Try again in {seconds} "
                             "seconds."},
    "error.too_many_attempts": {"nl": "Te veel onbekende codes vanaf dit netwerk (meer dan {max}, "
                                      "daarna één per {seconds} seconden). Wacht even en "
                                      "controleer de code, of scan de QR-code.",
                                "en": "Too many unknown codes from this network (more than {max}, "
                                      "then one every {seconds} seconds). Wait a moment and "
                                      "check the code, or scan the QR code."},
    "error.too_many_workshops": {"nl": "Vanaf dit netwerk zijn net veel workshops gemaakt (meer "
                                       "dan {max}, daarna één per {minutes} minuut). Probeer "
                                       "het over {seconds} seconden opnieuw.",
                                 "en": "Many workshops were just created from this network "
                                       "(more than {max}, then one a {minutes} minute). Try "
                                       "again in {seconds} seconds."},
    "error.too_many_identities": {"nl": "Te veel nieuwe deelnemers tegelijk (hoogstens "
                                        "{per_connection} per verbinding en {per_address} per "
                                        "netwerk). Probeer het over {seconds} seconden opnieuw.",
                                  "en": "Too many new participants at once (at most "
                                        "{per_connection} per connection and {per_address} per "
                                        "network). Try again in {seconds} seconds."},
    "error.workshop_full": {"nl": "Deze workshop zit vol: hij heeft al {max} notities.",
                            "en": "This workshop is full: it already holds {max} notes."},
    "error.too_many_snapshots": {"nl": "Deze workshop heeft al {max} momentopnamen, het "
                                       "maximum.",
                                 "en": "This workshop already has {max} snapshots, the "
                                       "maximum."},
    "error.bad_step": {"nl": "Stap {step} van het plan is niet geldig (veld ‘{field}’).",
                       "en": "Step {step} of the plan is not valid (field ‘{field}’)."},
    "error.too_many_steps": {"nl": "Een plan heeft hoogstens {max} stappen.",
                             "en": "A plan has at most {max} steps."},
    "error.step_out_of_range": {"nl": "Die stap bestaat niet: het plan heeft {total} stappen.",
                                "en": "That step does not exist: the plan has {total} steps."},
    "error.unknown_template": {"nl": "Dat sjabloon bestaat niet (meer).",
                               "en": "That template does not exist (any more)."},
    "error.template_not_found": {"nl": "Dat sjabloon bestaat niet of is niet vanuit deze workshop bewaard.",
                                 "en": "That template does not exist or was not saved from this workshop."},
    "error.empty_plan": {"nl": "Het plan is leeg: voeg eerst stappen toe.",
                         "en": "The plan is empty: add steps first."},
    "error.too_many_templates": {"nl": "Er zijn al {max} sjablonen bewaard, het maximum.",
                                 "en": "{max} templates are saved already, the maximum."},
    "error.too_many_templates_saved": {
        "nl": "Vanaf dit netwerk zijn net {max} sjablonen bewaard; daarna kan het één keer per {minutes} minuten. Probeer het over {seconds} seconden opnieuw.",
        "en": "{max} templates were just saved from this network; after that it is one every {minutes} minutes. Try again in {seconds} seconds."},
    "error.bad_list": {"nl": "Het veld ‘{field}’ moet een lijst van 1 tot {max} waarden zijn.",
                       "en": "The field ‘{field}’ must be a list of 1 to {max} values."},
    "error.unknown_export": {"nl": "Onbekend exportformaat; kies json, csv of md.",
                             "en": "Unknown export format; use json, csv or md."},
    "error.bad_frame": {"nl": "Dit bericht is geen geldig verzoek: verwacht wordt JSON in de vorm "
                              "[naam, gegevens], met gehele getallen van hoogstens {digits} "
                              "cijfers.",
                        "en": "This message is not a valid request: expected JSON of the form "
                              "[name, data], with whole numbers of at most {digits} digits."},
    "error.too_deep": {"nl": "Het verzoek is te diep genest: hoogstens {max} lagen lijsten en "
                             "objecten in elkaar.",
                       "en": "The request is nested too deeply: at most {max} levels of lists "
                             "and objects inside each other."},
    "error.message_too_large": {"nl": "Dit bericht is te groot: hoogstens {max} kB per bericht.",
                                "en": "This message is too large: at most {max} kB per "
                                      "message."},
    "error.binary_not_accepted": {"nl": "Binaire bijlagen worden niet aangenomen; stuur tekst "
                                        "als JSON.",
                                  "en": "Binary attachments are not accepted; send text as "
                                        "JSON."},
    "error.uri_too_long": {"nl": "Het adres is te lang: de verzoekregel mag hoogstens {line} "
                                 "tekens hebben.",
                           "en": "The address is too long: the request line may have at most "
                                 "{line} characters."},
    "error.headers_too_large": {"nl": "De headers van het verzoek zijn te groot: hoogstens "
                                      "{fields} velden van hoogstens {size} bytes elk.",
                                "en": "The request's headers are too large: at most {fields} "
                                      "fields of at most {size} bytes each."},
    "error.bad_request_line": {"nl": "Dit is geen geldig HTTP-verzoek.",
                               "en": "This is not a valid HTTP request."},
    "error.too_large": {"nl": "Het verzoek is te groot: hoogstens {max} kB.",
                        "en": "The request is too large: at most {max} kB."},
    "error.busy": {"nl": "De server is even druk met schrijven (een workshop wacht met hoogstens {queued} wijzigingen tegelijk, hoogstens {wait} seconden). Je notitie wordt over {seconds} seconden opnieuw verstuurd.",
                   "en": "The server is busy writing (a workshop waits with at most {queued} changes at once, for at most {wait} seconds). Your note is sent again in {seconds} seconds."},
    "error.too_fast_facilitator": {"nl": "Rustig aan: de facilitatoren van deze workshop plaatsen samen hoogstens {burst} notities achter elkaar en daarna één per {interval} seconden. Probeer het over {seconds} seconden opnieuw.",
                                   "en": "Slow down: the facilitators of this workshop post at most {burst} notes in a row, then one every {interval} seconds. Try again in {seconds} seconds."},
    "error.poster_queue_full": {"nl": "Er wachten al {queued} posters op de printer van de server (hoogstens {per_workshop} per workshop). Probeer het over {seconds} seconden opnieuw.",
                                "en": "{queued} posters are already waiting to be rendered (at most {per_workshop} per workshop). Try again in {seconds} seconds."},
    "error.poster_busy": {"nl": "De poster is niet binnen {wait} seconden klaar. Probeer het over {seconds} seconden opnieuw; hij wordt intussen gemaakt.",
                          "en": "The poster was not ready within {wait} seconds. Try again in {seconds} seconds; it is being made meanwhile."},
    "error.internal": {"nl": "Er ging iets mis op de server. Probeer het nog eens.",
                       "en": "Something went wrong on the server. Please try again."},
}


DISPLAY_TIMEZONE = "Europe/Amsterdam"


def local_time(iso_utc: str) -> str:
    """A stored UTC time ('2026-11-23T18:01:02Z') as people in the room read it."""
    moment = datetime.fromisoformat(iso_utc.replace("Z", "+00:00"))
    return moment.astimezone(ZoneInfo(DISPLAY_TIMEZONE)).strftime("%d-%m-%Y %H:%M")


def decimal(value: float, lang: str, places: int = 1) -> str:
    """A number with ``places`` decimals as the language writes it: 3,6 in Dutch, 3.6 in
    English."""
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if lang == "nl" else text


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
