"""The limits and formats every page must know, in one place.

The services enforce these numbers; ``client_rules`` ships the same numbers to the pages (in
their boot data), so a text box's ``maxlength``, the timer's maximum or the join-code check on
the home page can never disagree with what the server accepts.
"""
import re

from canvas.poster.paper import DEFAULT_PAPER_SIZE, PAPER_SIZES

# Lengths of free text, in characters.
TEXT_MAX = 500            # a note's text
COALITION_FIELD_MAX = 300  # each text field of a coalition card
NAME_MAX = 60             # a participant's name
TITLE_MAX = 120           # a workshop's title
LABEL_MAX = 120           # a snapshot's label
CLUSTER_TITLE_MAX = 120   # a cluster's title

# An export of 5,000 notes with coalition fields stays well under this; a larger upload is
# refused before it is read.
IMPORT_MAX_BYTES = 8 * 1024 * 1024

# One Socket.IO message from a client, in bytes: as much as an HTTP request body (the largest
# real one, removing 1,000 participants at once, is about 20 kB). A larger message, up to
# SOCKET_ENGINE_MAX, is refused with an ack that names this limit; the transport closes the
# connection of anything beyond that, which the pages never send (docs/security.md, "Limits").
SOCKET_MESSAGE_MAX = 256 * 1024
SOCKET_ENGINE_MAX = 1_000_000
# A connection that has not joined a workshop this many seconds after it opened is closed
# (canvas/web/unjoined.py): every page sends ``join`` as soon as its socket is connected, so
# only a machine holds a socket without joining. 30 s is longer than a page itself waits
# before it gives up and connects afresh (10 s to connect, 15 s for the join's answer), so a
# phone on bad Wi-Fi that is still trying is never cut off; a join that has arrived and is
# being answered is never cut off either.
JOIN_TIMEOUT = 30.0
# Connections closed for not joining, at most this many a second: every one closed may come
# back as a new connection, and a handshake costs the server more than an idle socket, so
# thousands closed at once would turn into thousands of handshakes at once.
JOIN_TIMEOUT_CLOSES_PER_SECOND = 100
# Lists and objects inside each other in any JSON a client sends (an export nests 4 deep);
# deeper is refused with this figure, long before the parser's own recursion limit.
JSON_DEPTH_MAX = 32
# Whole numbers in a Socket.IO message (python-engineio's parser refuses longer ones).
JSON_INT_DIGITS_MAX = 100

# Storage bounds: what one workshop, or one address, may make (docs/security.md, "Limits").
NOTES_PER_WORKSHOP_MAX = 5_000  # notes and cards in one workshop: as many as an import brings
SNAPSHOTS_PER_WORKSHOP_MAX = 30  # a snapshot copies every note; a day's workshop takes a few
WORKSHOPS_PER_ADDRESS_BURST = 20  # workshops one network address may create at once ...
WORKSHOP_CREATE_INTERVAL = 60.0   # ... and then one per this many seconds
# A join marks its workshop as active (idle workshops are purged after days) at most this
# often: far finer than a day, and a join storm does not write the workshop's row 500 times.
ACTIVITY_MARK_SECONDS = 600

# Identities and notes per connection and per network address (canvas/services/limits.py).
# A connection is one device; an address may be a whole room behind one Wi-Fi, so its limits
# are sized for the largest room one process serves (ROOM_SIZE_MAX people, each at a person's
# own limit, with a fifth to spare for reloads), and only stop a machine.
ROOM_SIZE_MAX = 1_000
IDENTITIES_PER_CONNECTION = 3          # new participants one connection may start ...
IDENTITY_CONNECTION_INTERVAL = 60.0    # ... and then one per this many seconds
IDENTITIES_PER_ADDRESS = ROOM_SIZE_MAX * 6 // 5  # new participants of one workshop from one
IDENTITY_ADDRESS_INTERVAL = 1.0        # address at once, and then one per second
ADDRESS_NOTE_BURST = ROOM_SIZE_MAX * 20      # notes from one address at once (everyone's burst)
ADDRESS_NOTE_INTERVAL = 1 / (ROOM_SIZE_MAX / 2)  # then everyone's one every 2 s
# New connections (Socket.IO handshakes) from one address: what a handshake costs is what one
# machine could otherwise make the server spend without end. The burst is five times the room:
# a room of 1,000 behind one Wi-Fi connecting, and reconnecting together after Wi-Fi drops,
# on phones and laptops; then 50 a second. Refused with HTTP 401 before the WebSocket is
# opened (cheap); a page tries again by itself.
CONNECTIONS_PER_ADDRESS_BURST = ROOM_SIZE_MAX * 5
CONNECTION_ADDRESS_INTERVAL = 1 / 50
IDENTITY_BURST_WINDOW = 60             # seconds: what the facilitator is shown as "new lately"

# Notes one cluster:create or cluster:update may name: more than a block holds in any real
# workshop (a brainstorm has 150-300 notes over five blocks).
CLUSTER_NOTES_MAX = 1_000

# Facilitation bounds.
TIMER_MAX_SECONDS = 2 * 3600
VOTES_MAX = 50

# Session plans (canvas/services/plans.py): a day's session has 10-30 steps.
PLAN_STEPS_MAX = 60
STEP_INSTRUCTION_MAX = 500  # a step's instruction text, in characters
STEP_SOURCE_MAX = 300       # where a template's step comes from in the method's texts
STEP_VOTES_DEFAULT = 3      # votes per participant a voting step gives when it names none
# Plans saved as templates on a server: a handful per workshop, and per address 20 at once,
# then one per 5 minutes, so that no address can fill the server; the server's own bound is far
# above what its facilitators save (a template takes a few kB).
TEMPLATES_PER_WORKSHOP_MAX = 20
TEMPLATES_PER_ADDRESS_BURST = 20
TEMPLATE_SAVE_INTERVAL = 300.0
TEMPLATES_MAX = 5_000

# Commitments: a coalition card's lead (a name) and first step.
TREKKER_MAX = NAME_MAX
EERSTE_STAP_MAX = COALITION_FIELD_MAX

# The vitality check: a person rates five blocks and may change their mind a few times; a
# device tapping faster than this is a script (docs/security.md, "Vitality check").
VITALITY_SCORE_MIN, VITALITY_SCORE_MAX = 1, 5
VITALITY_RATE_BURST = 30       # ratings one connection (and one participant) may send at once ...
VITALITY_RATE_INTERVAL = 0.5   # ... and then one per this many seconds
# Ratings from one address: a room of 1,000 behind one Wi-Fi rating the five blocks twice at
# once, then 100 a second (written in batches, canvas/services/limits.py BatchedWrites).
VITALITY_ADDRESS_BURST = 1_000 * 10
VITALITY_ADDRESS_INTERVAL = 1 / 100

# Join codes: no look-alikes (0/O, 1/I/L), no vowels that spell words by accident besides A/E/U.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_TYPED_MAX = 12  # a typed code longer than this (after normalising) is no code at all
# What people type between the characters of a code and what is dropped: spaces of any kind,
# dashes, underscores and dots. Written out (not ``\s``) because Python's and JavaScript's
# ``\s`` differ; pages build their pattern from this same string.
CODE_IGNORED = "[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f" \
               "\\u3000\\ufeff_.-]"
_CODE_IGNORED = re.compile(CODE_IGNORED)

# Error codes after which a client sends the same note again later (its outbox): the server
# could not take it now, but will.
RETRYABLE_ERRORS = ("internal", "not_joined", "too_fast", "locked", "busy")


def normalize_code(code) -> str | None:
    """A typed join code in its stored form (uppercase, without what ``CODE_IGNORED`` drops),
    or None if it cannot be a code. static/js/codes.js does the same with the same rule."""
    if not isinstance(code, str):
        return None
    code = _CODE_IGNORED.sub("", code).upper()
    if not 1 <= len(code) <= CODE_TYPED_MAX:
        return None
    return code


def client_rules() -> dict:
    """The rules as pages receive them (``boot.rules``)."""
    return {
        "lengths": {"text": TEXT_MAX, "coalition_field": COALITION_FIELD_MAX,
                    "name": NAME_MAX, "title": TITLE_MAX, "snapshot_label": LABEL_MAX,
                    "cluster_title": CLUSTER_TITLE_MAX,
                    "step_instruction": STEP_INSTRUCTION_MAX, "trekker": TREKKER_MAX,
                    "eerste_stap": EERSTE_STAP_MAX},
        "plan_steps_max": PLAN_STEPS_MAX,
        "timer_max_seconds": TIMER_MAX_SECONDS,
        "votes_max": VOTES_MAX,
        "paper_sizes": list(PAPER_SIZES),
        "default_paper_size": DEFAULT_PAPER_SIZE,
        "code": {"alphabet": CODE_ALPHABET, "length": CODE_LENGTH, "typed_max": CODE_TYPED_MAX,
                 "ignored": CODE_IGNORED},
        "retryable_errors": list(RETRYABLE_ERRORS),
        "import_max_bytes": IMPORT_MAX_BYTES,
        "socket_message_max": SOCKET_MESSAGE_MAX,
        "notes_per_workshop_max": NOTES_PER_WORKSHOP_MAX,
        "snapshots_per_workshop_max": SNAPSHOTS_PER_WORKSHOP_MAX,
    }
