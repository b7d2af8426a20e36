"""Checks for untrusted input: every field of every payload passes through one of these."""
import re

from canvas.services.errors import BadRequest

NOTE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Control characters except tab and newline are removed from free text.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def payload_dict(payload) -> dict:
    """The payload if it is a JSON object, else BadRequest (covers a missing payload)."""
    if not isinstance(payload, dict):
        raise BadRequest("bad_payload")
    return payload


def text_field(payload: dict, field: str, max_len: int, *, required: bool = False,
               allow_empty: bool = True, multiline: bool = True, default=None):
    """A string field, stripped and cleaned, at most ``max_len`` characters.

    Missing (or null) gives ``default`` unless ``required``. Raises BadRequest with the field
    name for a wrong type, a missing required field, an empty one or one that is too long.
    """
    value = payload.get(field)
    if value is None:
        if required:
            raise BadRequest("missing_field", field=field)
        return default
    if not isinstance(value, str):
        raise BadRequest("bad_field", field=field)
    value = CONTROL_CHARS.sub("", value).strip()
    if not multiline:
        value = " ".join(value.split())
    if len(value) > max_len:
        raise BadRequest("too_long", field=field, max=max_len)
    if not value and not allow_empty:
        raise BadRequest("empty_text" if field == "text" else "missing_field", field=field)
    return value


def choice_field(payload: dict, field: str, choices, error_code: str, *, required=False,
                 nullable=False, default=None):
    """A field whose value must be one of ``choices``; raises BadRequest(error_code) if not."""
    if field not in payload or (payload[field] is None and not required):
        if required:
            raise BadRequest("missing_field", field=field)
        return default
    value = payload[field]
    if value is None and nullable:
        return None
    if not isinstance(value, str) or value not in choices:
        raise BadRequest(error_code, field=field)
    return value


def note_id_field(payload: dict) -> str:
    value = payload.get("id")
    if value is None:
        raise BadRequest("missing_field", field="id")
    if not isinstance(value, str) or not NOTE_ID.match(value):
        raise BadRequest("bad_field", field="id")
    return value
