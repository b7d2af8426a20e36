"""The method's session templates (canvas/session_templates.py): every step exists in the
method, both languages are complete, every step is a valid plan step, and every quote can be
traced to the publication it names."""
import re
from pathlib import Path

import pytest

from canvas import method, session_templates
from canvas.services import plans
from canvas.services.rules import STEP_SOURCE_MAX

SEEDS_DIR = Path("/work/shared/seeds")
KEYS = ("startsessie", "coalitiesessie", "netwerkscan", "sleutelpersonen", "netwerkvorm")
STEPS = [(t["key"], i, s) for t in session_templates.TEMPLATES for i, s in enumerate(t["steps"])]


def subarea_questions(block: str, subarea: str) -> range:
    """The indexes into the block's questions_all that belong to ``subarea``."""
    entry = method.BLOCKS_BY_KEY[block]
    start = len(entry["questions"]["nl"])
    for sub in entry["subareas"]:
        count = len(sub["questions"]["nl"])
        if sub["key"] == subarea:
            return range(start, start + count)
        start += count
    raise AssertionError(subarea)


def test_the_five_templates_are_there():
    assert tuple(t["key"] for t in session_templates.TEMPLATES) == KEYS


def test_the_start_up_session_walks_the_blocks_in_the_methods_order():
    steps = session_templates.TEMPLATES_BY_KEY["startsessie"]["steps"]
    order = list(dict.fromkeys(s["block"] for s in steps if s["block"]))
    assert order == list(method.BLOCK_KEYS)
    assert steps[-1]["mode"] == "vitality"
    total = sum(s["duration"] for s in steps)
    assert 2 * 3600 <= total <= 3 * 3600
    assert {"silent", "cluster", "vote", "discuss"} <= {s["mode"] for s in steps}


def test_the_network_scan_has_the_seven_building_blocks():
    steps = session_templates.TEMPLATES_BY_KEY["netwerkscan"]["steps"]
    names = ["Opgave", "Waarde", "Samen doen", "Verankering", "Deelname", "Binding",
             "Organisatie"]
    assert [s["instruction"]["nl"].split(":")[0] for s in steps[:7]] == names


@pytest.mark.parametrize("key, index, step", STEPS)
def test_every_step_exists_in_the_method(key, index, step):
    assert step["mode"] in method.PLAN_MODE_KEYS
    if step["mode"] == "vitality":
        assert step["block"] is None
        return
    assert step["block"] in method.BLOCK_KEYS
    assert step["subarea"] is None or step["subarea"] in method.SUBAREA_KEYS[step["block"]]
    if step["question"] is not None:
        assert 0 <= step["question"] < method.QUESTION_COUNTS[step["block"]]
        if step["subarea"]:
            assert step["question"] in subarea_questions(step["block"], step["subarea"])


@pytest.mark.parametrize("key, index, step", STEPS)
def test_both_languages_are_complete(key, index, step):
    assert set(step["instruction"]) == set(method.LANGUAGES)
    assert all(text.strip() for text in step["instruction"].values())
    assert step["instruction"]["nl"] != step["instruction"]["en"]


@pytest.mark.parametrize("template", session_templates.TEMPLATES, ids=KEYS)
def test_titles_and_descriptions_in_both_languages(template):
    for field in ("title", "about"):
        assert set(template[field]) == set(method.LANGUAGES)
        assert all(text.strip() for text in template[field].values())


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("lang", method.LANGUAGES)
def test_every_template_is_a_valid_plan(key, lang):
    steps = session_templates.template_steps(key, lang)
    assert plans.validate_steps(steps) == steps
    assert len({s["id"] for s in steps}) == len(steps)
    again = session_templates.template_steps(key, lang)
    assert not {s["id"] for s in steps} & {s["id"] for s in again}  # fresh ids
    assert all(len(s["source"]) <= STEP_SOURCE_MAX for s in steps)


@pytest.mark.parametrize("key, index, step", STEPS)
def test_every_step_names_a_known_source(key, index, step):
    source = step["source"]
    assert source["seed"] in session_templates.SEEDS
    assert 0 < len(source["quote"].strip()) <= session_templates.QUOTE_MAX


def normalized(text: str) -> str:
    """Whitespace collapsed, and words joined again where the extraction broke them with a
    hyphen at the end of a line (``maat-\\n\\nschappelijke``)."""
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(\w)- (\w)", r"\1\2", text)


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the method's source texts are not here")
@pytest.mark.parametrize("key, index, step", STEPS)
def test_every_quote_occurs_in_its_source(key, index, step):
    seed = session_templates.SEEDS[step["source"]["seed"]]
    text = (SEEDS_DIR / seed["file"]).read_text(encoding="utf-8")
    assert normalized(step["source"]["quote"]) in normalized(text)
