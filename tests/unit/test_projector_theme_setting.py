"""The projector's theme for a washed-out beamer: two workshop settings (high contrast, larger
text) that only the facilitator sets, kept with the workshop and sent to the whole room."""
import pytest
from test_services import RecordingPublisher

from canvas.services import facilitation, workshops
from canvas.services.errors import BadRequest, Forbidden


@pytest.fixture
def created(ctx):
    return workshops.create_workshop(ctx, {"title": "Wijknetwerk", "language": "nl"})


def test_a_new_workshop_draws_the_projector_in_the_ordinary_theme(ctx, created):
    settings = workshops.get_state(ctx, created.code)["settings"]
    assert settings["high_contrast"] is False and settings["large_text"] is False


def test_the_facilitator_switches_the_theme_and_the_room_and_a_reload_follow(
        ctx, created, monkeypatch):
    recorder = RecordingPublisher()
    monkeypatch.setattr(ctx, "publisher", recorder)
    facilitator = workshops.join(ctx, {"code": created.code,
                                       "facilitator_key": created.facilitator_key}).actor
    settings, rev = facilitation.update_settings(ctx, facilitator,
                                                 {"high_contrast": True, "large_text": True})
    assert settings["high_contrast"] is True and settings["large_text"] is True
    assert ("all", "workshop:updated", {"settings": settings, "rev": rev}) \
        in recorder.by_audience
    # Kept with the workshop: a projector that loads the page again draws it the same way.
    kept = workshops.get_state(ctx, created.code)["settings"]
    assert kept["high_contrast"] is True and kept["large_text"] is True
    settings, _ = facilitation.update_settings(ctx, facilitator, {"high_contrast": False})
    assert settings["high_contrast"] is False and settings["large_text"] is True


@pytest.mark.parametrize("field", ["high_contrast", "large_text"])
@pytest.mark.parametrize("bad", ["yes", 1, None, {"on": True}])
def test_a_theme_setting_that_is_not_true_or_false_is_refused(ctx, created, field, bad):
    facilitator = workshops.join(ctx, {"code": created.code,
                                       "facilitator_key": created.facilitator_key}).actor
    with pytest.raises(BadRequest) as refused:
        facilitation.update_settings(ctx, facilitator, {field: bad})
    assert refused.value.code == "bad_field"
    assert workshops.get_state(ctx, created.code)["settings"][field] is False


def test_only_the_facilitator_switches_the_projector_theme(ctx, created):
    anne = workshops.join(ctx, {"code": created.code, "name": "Anne"}).actor
    with pytest.raises(Forbidden):
        facilitation.update_settings(ctx, anne, {"high_contrast": True})
    assert workshops.get_state(ctx, created.code)["settings"]["high_contrast"] is False
