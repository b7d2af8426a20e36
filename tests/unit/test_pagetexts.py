"""Each page's boot data carries only the texts its scripts can ask for (canvas/web/pagetexts.py).

The checks below find the keys a page needs with a scan of their own, cruder than the module's
(regular expressions over the raw text, no tokenizer, every relative path that looks like a
module followed), so a key the module's scan misses fails here.
"""
import json
import re
import shutil
from pathlib import Path

import pytest

from canvas.i18n import TEXT, table
from canvas.web import pagetexts

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["home.html", "participant.html", "projector.html", "facilitator.html", "snapshot.html",
         "compare.html"]
KEYS = set(TEXT)


def crude_graph(template: str, root: Path = ROOT) -> set[Path]:
    """Every .js file named by a relative path in a module, from the template's scripts on."""
    html = (root / "templates" / template).read_text()
    todo = [root / "static" / name for name in re.findall(r"js/[\w/.-]+\.js", html)]
    seen: set[Path] = set()
    while todo:
        path = todo.pop().resolve()
        if path in seen or not path.is_file() or "vendor" in path.parts:
            continue
        seen.add(path)
        for spec in re.findall(r"""['"](\.{1,2}/[\w/.-]+\.js)['"]""", path.read_text()):
            todo.append(path.parent / spec)
    return seen


def needed_keys(paths) -> set[str]:
    """What a crude reader says the modules can ask for."""
    needed: set[str] = set()
    for path in paths:
        text = path.read_text()
        # any key between quotes, whatever the quotes pair with
        needed |= KEYS & set(re.findall(r"""(?<=['"`])[\w.]+(?=['"`])""", text))
        # a key built at run time: `head${...}` or 'head' + ...
        heads = re.findall(r"`([\w.]*[._])\$\{", text) + re.findall(
            r"""['"]([\w.]*[._])['"]\s*\+""", text)
        for head in heads:
            needed |= {k for k in KEYS if k.startswith(head)}
    # tn(key, n) also asks for key_one
    needed |= {f"{k}_one" for k in needed if f"{k}_one" in KEYS}
    return needed


@pytest.mark.parametrize("template", PAGES)
def test_every_key_a_pages_scripts_name_is_in_its_boot_texts(template):
    graph = crude_graph(template)
    assert {p.resolve() for p in pagetexts.module_graph(pagetexts.entry_scripts(template))} \
        >= graph
    missing = needed_keys(graph) - pagetexts.page_keys(template)
    assert not missing, f"{template}: keys its scripts use but its boot data lacks: {missing}"
    assert set(pagetexts.page_table(template, "en")) == pagetexts.page_keys(template)


@pytest.mark.parametrize("template", PAGES)
def test_every_literal_key_given_to_t_exists(template):
    """A typo in t('...') would show the raw key on the page."""
    for path in crude_graph(template):
        for key in re.findall(r"""\btn?\(\s*['"]([^'"]*)['"]""", path.read_text()):
            assert key in KEYS, f"{path.name}: t('{key}') is not in canvas/i18n.py"


def test_run_time_keys_bring_every_key_they_can_spell():
    # toast.js, api.js: t(`error.${code}`); comparevitality.js: t(`compare_vitality_${moved}`)
    keys = pagetexts.page_keys("participant.html")
    assert {k for k in KEYS if k.startswith("error.")} <= keys
    assert {k for k in KEYS if k.startswith("compare_vitality_")} <= pagetexts.page_keys(
        "compare.html")
    assert "notes_count_one" in pagetexts.page_keys("projector.html")  # tn('notes_count', n)


def test_the_phone_page_carries_a_fraction_of_the_table():
    whole = json.dumps(table("nl"), ensure_ascii=False)
    participant = json.dumps(pagetexts.page_table("participant.html", "nl"), ensure_ascii=False)
    assert len(participant) < 0.5 * len(whole), (len(participant), len(whole))
    keys = pagetexts.page_keys("participant.html")
    # the facilitator's, the plan's and the poster's texts stay at home (but for counted forms:
    # boot.js's tn() spells `${key}_one`, which brings every *_one key to every page)
    assert not {k for k in keys if k.startswith(("ctl_", "plan_", "csv.", "poster_"))
                and not k.endswith("_one")}
    assert {"writing_as", "outbox_count", "outbox_count_one", "error.internal"} <= keys


def test_the_scan_is_not_derailed_by_quotes_in_comments_or_regular_expressions():
    source = """
      // don't stop here: 'error.internal'
      /* it's a comment */
      const re = /['"]/g; const half = a / b; const again = /`/;
      t('name_title'); t(`error.${code}`);
      const label = `nested ${`compare_vitality_${x}`}`;
      t('csv.' + kind);
    """
    found = pagetexts.keys_in(source)
    assert "error.internal" in found  # a comment counts (over, never under)
    assert {k for k in KEYS if k.startswith(("error.", "compare_vitality_", "csv."))} <= found
    literals = [value for kind, value, _ in pagetexts.literals(source) if kind == "string"]
    assert "name_title" in literals


@pytest.fixture
def copied_front_end(tmp_path, monkeypatch):
    """A copy of templates/ and static/js/ the scan reads instead of the real ones."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "static" / "js", tmp_path / "static" / "js")
    monkeypatch.setattr(pagetexts, "TEMPLATES_DIR", tmp_path / "templates")
    monkeypatch.setattr(pagetexts, "STATIC_DIR", tmp_path / "static")
    monkeypatch.setattr(pagetexts, "SCRIPTS_DIR", tmp_path / "static" / "js")
    clear_caches()
    yield tmp_path
    clear_caches()


def clear_caches():
    for cached in (pagetexts.page_keys, pagetexts.page_table, pagetexts._module_keys):
        cached.cache_clear()


def test_a_key_planted_deep_in_the_phone_pages_modules_is_picked_up(copied_front_end):
    before = pagetexts.page_keys("participant.html")
    planted, built = "ctl_lock", "csv."
    assert planted in KEYS and planted not in before
    assert not {k for k in KEYS if k.startswith(built)} & before
    js = copied_front_end / "static" / "js"
    # a module only the phone imports, two steps from participant.js, and a new module it loads
    # dynamically
    lock = js / "participant" / "lock.js"
    lock.write_text(lock.read_text() + f"\nexport const planted = () => t('{planted}');\n"
                    "export const later = () => import('../planted.js');\n")
    (js / "planted.js").write_text("import { t } from './boot.js';\n"
                                   f"export const column = (k) => t(`{built}${{k}}`);\n")
    clear_caches()
    after = pagetexts.page_keys("participant.html")
    assert planted in after
    assert {k for k in KEYS if k.startswith(built)} <= after
    assert crude_graph("participant.html", copied_front_end) >= {js / "planted.js"}
