"""Every refusal of a limit says the limit: its text (Dutch and English) has a place for the
figure, and the code that raises it fills it in (tests/integration/test_hostile_http_live.py,
tests/fuzz/test_raw_frames.py, tests/socket/test_facilitation.py check the figures sent)."""
import pytest

from canvas.i18n import TEXT

# error code → the placeholders that carry its limit
LIMIT_ERRORS = {
    "too_long": ["max"],
    "too_large": ["max"],
    "message_too_large": ["max"],
    "too_deep": ["max"],
    "out_of_range": ["min", "max"],
    "bad_list": ["max"],
    "bad_frame": ["digits"],
    "uri_too_long": ["line"],
    "headers_too_large": ["fields", "size"],
    "workshop_full": ["max"],
    "too_many_snapshots": ["max"],
    "no_votes_left": ["max"],
    "too_many_attempts": ["max", "seconds"],
    "too_many_workshops": ["max", "minutes"],
    "too_many_identities": ["per_connection", "per_address"],
    "too_fast": ["burst", "interval"],
    "too_fast_facilitator": ["burst", "interval"],
    "busy": ["queued", "wait"],
    "poster_queue_full": ["queued", "per_workshop"],
    "poster_busy": ["wait"],
    "paste_too_long": ["max"],
}


@pytest.mark.parametrize("code", sorted(LIMIT_ERRORS))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_limit_error_states_its_limit(code, lang):
    key = code if code == "paste_too_long" else "error." + code
    text = TEXT[key][lang]
    for name in LIMIT_ERRORS[code]:
        assert "{" + name + "}" in text, (key, lang, text)
