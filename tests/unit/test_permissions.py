"""The permission table (canvas/services/permissions.py), rule by rule. It mirrors the end-to-end
matrix in tests/socket/test_authorization.py."""
import pytest

from canvas.db.models import Note
from canvas.services import permissions as p
from canvas.services.errors import Forbidden

ACTORS = {
    "owner": p.Actor(1, "K7PX3M", p.ROLE_PARTICIPANT, "p-owner"),
    "other": p.Actor(1, "K7PX3M", p.ROLE_PARTICIPANT, "p-other"),
    "projector": p.Actor(1, "K7PX3M", p.ROLE_PROJECTOR),
    "facilitator": p.Actor(1, "K7PX3M", p.ROLE_FACILITATOR, "p-facilitator"),
}
NOTE = Note(id="n1", workshop_id=1, participant_id="p-owner")
IMPORTED = Note(id="n2", workshop_id=1, participant_id=None)  # from an import: nobody's own

# rule, who may, the code a refusal carries
TABLE = [
    (lambda a: p.require_writer(a), {"owner", "other", "facilitator"}, "projector_read_only"),
    (lambda a: p.require_may_change_note(a, NOTE), {"owner", "facilitator"}, "not_your_note"),
    (lambda a: p.require_may_change_note(a, IMPORTED), {"facilitator"}, "not_your_note"),
    (lambda a: p.require_voter(a), {"owner", "other"}, "participants_vote"),
    (lambda a: p.require_facilitator(a), {"facilitator"}, "facilitator_only"),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("rule, allowed, code", TABLE,
                         ids=["write", "change own", "change imported", "vote", "facilitate"])
def test_permission_table(rule, allowed, code, actor):
    if actor in allowed:
        rule(ACTORS[actor])
    else:
        with pytest.raises(Forbidden) as refused:
            rule(ACTORS[actor])
        assert refused.value.code == code


def test_predicates_agree_with_the_guards():
    assert [a for a in ACTORS if p.can_write_notes(ACTORS[a])] == ["owner", "other",
                                                                   "facilitator"]
    assert [a for a in ACTORS if p.can_vote(ACTORS[a])] == ["owner", "other"]
    assert [a for a in ACTORS if p.can_facilitate(ACTORS[a])] == ["facilitator"]
    assert [a for a in ACTORS if p.can_change_note(ACTORS[a], NOTE)] == ["owner", "facilitator"]


@pytest.mark.parametrize("actor, locked, respect_lock, code", [
    ("owner", True, True, "locked"),
    ("owner", True, False, None),        # voting goes on while the canvas is locked
    ("owner", False, True, None),
    ("facilitator", True, True, None),   # the facilitator always moderates
])
def test_a_locked_canvas_is_read_only_for_participants(actor, locked, respect_lock, code):
    class NotRemoved:
        def scalar(self, _query):
            return False

    call = lambda: p.require_open(NotRemoved(), ACTORS[actor], {"locked": locked},  # noqa: E731
                                  respect_lock=respect_lock)
    if code is None:
        call()
    else:
        with pytest.raises(Forbidden) as refused:
            call()
        assert refused.value.code == code
