"""Checks for untrusted input: every field of every payload passes through one of these."""
import re
from datetime import date

from canvas import method
from canvas.services.errors import BadRequest
from canvas.services.rules import (
    COALITION_FIELD_MAX,
    EERSTE_STAP_MAX,
    JSON_DEPTH_MAX,
    TEXT_MAX,
    TREKKER_MAX,
)

NOTE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Control characters except tab and newline are removed from free text.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# A UTF-16 surrogate on its own (JSON allows "\\ud800") is no character: it cannot be stored,
# hashed or sent on as UTF-8.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def require_text_encodable(value) -> None:
    """BadRequest("lone_surrogate") if any string in ``value`` (keys too, at any depth) holds
    a lone surrogate. Walks without recursion, so no nesting depth can break it."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if LONE_SURROGATE.search(item):
                raise BadRequest("lone_surrogate")
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)


def require_depth(value, limit: int = JSON_DEPTH_MAX) -> None:
    """BadRequest("too_deep") if lists and objects in ``value`` nest more than ``limit`` deep.
    Walks without recursion, so no depth can break it."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth > limit:
            raise BadRequest("too_deep", max=limit)
        pending.extend((child, depth + 1) for child in children
                       if isinstance(child, dict | list | tuple))


def payload_dict(payload) -> dict:
    """The payload if it is a JSON object whose text is all encodable, else BadRequest (covers
    a missing payload)."""
    if not isinstance(payload, dict):
        raise BadRequest("bad_payload")
    require_text_encodable(payload)
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


def int_field(payload: dict, field: str, low: int, high: int) -> int | None:
    """An integer field from ``low`` to ``high``, or null; BadRequest("out_of_range"), naming
    the range, otherwise. The field must be present."""
    value = payload[field]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadRequest("out_of_range", field=field, min=low, max=high)
    return value


# The parts of a note.

def block_field(payload: dict, required: bool) -> str | None:
    return choice_field(payload, "block", method.BLOCK_KEYS, "unknown_block", required=required)


def subarea_field(payload: dict, block: str) -> str | None:
    """A sub-area of ``block``, or None (absent or empty); BadRequest if it is not one."""
    value = payload.get("subarea")
    if value in (None, ""):
        return None
    if not isinstance(value, str) or value not in method.SUBAREA_KEYS[block]:
        raise BadRequest("unknown_subarea", field="subarea")
    return value


def coalition_fields(payload: dict, block: str) -> dict | None:
    """The coalition fields of a payload that were sent: None if absent; BadRequest if
    malformed or outside the coalition block."""
    value = payload.get("coalition")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise BadRequest("bad_field", field="coalition")
    if block != method.COALITION_BLOCK:
        raise BadRequest("coalition_outside_block", field="coalition")
    # An empty werkvorm means "not chosen yet", like null.
    werkvorm = {**value, "werkvorm": value.get("werkvorm") or None}
    fields = {"werkvorm": choice_field(werkvorm, "werkvorm", method.WERKVORM_KEYS,
                                       "unknown_werkvorm", nullable=True)}
    for key in method.COALITION_FIELD_KEYS:
        fields[key] = text_field(value, key, COALITION_FIELD_MAX)
    # The commitment: a lead (a name, one line), the first step and its date.
    fields["trekker"] = text_field(value, "trekker", TREKKER_MAX, multiline=False)
    fields["eerste_stap"] = text_field(value, "eerste_stap", EERSTE_STAP_MAX)
    fields["datum"] = date_field(value, "datum")
    # Only the fields that were sent are changed.
    return {key: fields[key] for key in fields if key in value}


ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


# The years a commitment's date may fall in: a calendar (and a reader) can do something with
# them; the last day of year 9999 has no day after it to end an all-day event.
DATE_YEARS = (2000, 2199)


def date_field(payload: dict, field: str) -> str | None:
    """A calendar date as ``YYYY-MM-DD`` that exists (no 31 February) in the years
    ``DATE_YEARS``, or None for a missing, null or empty one; BadRequest("bad_date") naming
    the format otherwise."""
    value = payload.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None and DATE_YEARS[0] <= day.year <= DATE_YEARS[1]:
            return day.isoformat()
    raise BadRequest("bad_date", field=field, format="YYYY-MM-DD",
                     first=DATE_YEARS[0], last=DATE_YEARS[1])


def note_content(payload: dict) -> dict:
    """The validated content of a new note: block, sub-area, text, colour and coalition
    fields, as keyword arguments for ``Note``. Raises BadRequest for any invalid field."""
    block = block_field(payload, required=True)
    coalition = coalition_fields(payload, block) or {}
    return {
        "block": block,
        "subarea": subarea_field(payload, block),
        "text": text_field(payload, "text", TEXT_MAX, required=True, allow_empty=False),
        "color": choice_field(payload, "color", method.COLOR_KEYS, "unknown_color",
                              default=method.DEFAULT_COLOR),
        "werkvorm": coalition.get("werkvorm"),
        **{key: coalition.get(key) for key in method.COALITION_FIELD_KEYS},
        **{key: coalition.get(key) for key in method.COMMITMENT_FIELD_KEYS},
    }
