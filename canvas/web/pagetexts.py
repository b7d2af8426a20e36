"""Which UI texts a page's scripts can ask for, so that its boot data carries only those.

The whole table (``canvas.i18n.table``) is some 600 keys, 33 KB of JSON; the phone page's
scripts use about a third of them, and every byte of its HTML counts on a room's Wi-Fi. A page's
keys are found in its scripts, not listed by hand (a list would go stale the day someone adds a
``t('...')``):

- the page's entry scripts are the ``asset_url('js/....js')`` of its template (and of the
  templates it extends);
- its module graph is every module they import, statically (``import ... from``,
  ``export ... from``, ``import '...'``) or dynamically (``import('...')``), relative paths
  resolved; third-party modules (static/vendor) never call the page's ``t`` and are not read;
- in those modules every string literal that is a key counts, wherever it stands (keys are
  often kept in tables and passed on: ``{ kind: 'json', label: 'export_json' }``);
- a key built at run time counts by its pattern: a template literal such as
  ``\\`error.${code}\\``` or ``\\`compare_vitality_${moved}\\``` brings every key it can
  spell, and so does a literal ending in ``.`` or ``_`` that is joined with ``+``
  (``'error.' + code``);
- ``tn(key, n)`` asks for ``key_one`` too: every chosen key brings its ``_one`` form.

This over-approximates (a key named in a comment counts), never the other way round. A key a
page asks for and does not have is shown as the key itself and warned about in the console
(``static/js/boot.js``). Templates rendered on the server use the whole table, not this.
"""
import re
from functools import cache
from pathlib import Path

from canvas.i18n import TEXT, table

ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = ROOT / "static"
TEMPLATES_DIR = ROOT / "templates"
SCRIPTS_DIR = STATIC_DIR / "js"

_ENTRY = re.compile(r"""asset_url\(\s*['"](js/[^'"]+\.m?js)['"]\s*\)""")
_EXTENDS = re.compile(r"""\{%-?\s*extends\s+['"]([^'"]+)['"]""")
_IMPORT = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\1""")
# Characters that may come before a regular expression literal (not a division).
_BEFORE_REGEX = set("(,=:[!&|?{};+-*%<>~^") | {""}
_PLAIN = re.compile(r"[^/'\"`{}]+")
_SEPARATORS = (".", "_")
_KEY_CHARS = re.compile(r"[a-z0-9_.]*")
_WORD_THEN_SEPARATOR = re.compile(r"[a-z0-9]{2}[._]$")
_SEPARATOR_THEN_WORD = re.compile(r"[._][a-z0-9]{2}")


def entry_scripts(template: str) -> list[Path]:
    """The scripts a template loads itself or through the templates it extends."""
    entries: list[Path] = []
    seen: set[str] = set()
    name: str | None = template
    while name and name not in seen:
        seen.add(name)
        text = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
        entries += [STATIC_DIR / match for match in _ENTRY.findall(text)]
        extends = _EXTENDS.search(text)
        name = extends.group(1) if extends else None
    return entries


def module_graph(entries: list[Path]) -> list[Path]:
    """Every module reachable from ``entries`` by a relative import, the entries included."""
    found: list[Path] = []
    todo = [p.resolve() for p in entries]
    while todo:
        path = todo.pop()
        if path in found or not path.is_file():
            continue
        found.append(path)
        for _quote, spec in _IMPORT.findall(path.read_text(encoding="utf-8")):
            if spec.startswith(("./", "../")):
                target = (path.parent / spec).resolve()
                if target.is_relative_to(SCRIPTS_DIR.resolve()):
                    todo.append(target)
    return sorted(found)


def literals(source: str):
    """The string literals of a script, in order: ``("string", text, end)`` for a quoted string
    (or a template literal without placeholders) and ``("template", parts, end)`` for a template
    literal with placeholders, ``parts`` being its text around them. Comments are skipped and
    regular expression literals passed over, so a quote inside either does not derail the scan.
    """
    out: list[tuple] = []
    i, n = 0, len(source)
    previous = ""  # the last significant character outside literals, to tell a regex from a '/'

    def quoted(i: int, quote: str) -> tuple[str, int]:
        text = []
        while i < n and source[i] != quote:
            if source[i] == "\\" and i + 1 < n:
                text.append(source[i:i + 2])
                i += 2
            elif source[i] == "\n":  # an unterminated string: stop at the line's end
                break
            else:
                text.append(source[i])
                i += 1
        return "".join(text), i + 1

    def template(i: int) -> tuple[list[str], int]:
        """From just after a backtick to just after its closing backtick; nested literals in
        placeholders are scanned too (they are appended to ``out``)."""
        parts, text = [], []
        while i < n and source[i] != "`":
            if source[i] == "\\" and i + 1 < n:
                text.append(source[i:i + 2])
                i += 2
            elif source.startswith("${", i):
                parts.append("".join(text))
                text = []
                i = expression(i + 2)
            else:
                text.append(source[i])
                i += 1
        parts.append("".join(text))
        return parts, i + 1

    def expression(i: int) -> int:
        """Inside ``${...}``: up to and past the matching brace."""
        depth = 1
        while i < n and depth:
            i = token(i)
            if i <= n and source[i - 1] == "{":
                depth += 1
            elif i <= n and source[i - 1] == "}":
                depth -= 1
        return i

    def token(i: int) -> int:
        """Scan one token from ``i``; record literals; return the index after it."""
        nonlocal previous
        plain = _PLAIN.match(source, i)
        if plain:  # code without quotes, slashes or braces: passed over in one step
            significant = plain.group().rstrip()
            if significant:
                previous = significant[-1]
            return plain.end()
        c = source[i]
        if source.startswith("//", i):
            end = source.find("\n", i)
            return n if end < 0 else end + 1
        if source.startswith("/*", i):
            end = source.find("*/", i + 2)
            return n if end < 0 else end + 2
        if c in "'\"":
            text, end = quoted(i + 1, c)
            out.append(("string", text, end))
            previous = c
            return end
        if c == "`":
            parts, end = template(i + 1)
            out.append(("string", parts[0], end) if len(parts) == 1 else ("template", parts, end))
            previous = "`"
            return end
        if c == "/" and (previous in _BEFORE_REGEX or _after_keyword(source, i)):
            j, in_class = i + 1, False
            while j < n and source[j] != "\n":
                if source[j] == "\\":
                    j += 2
                    continue
                if source[j] == "[":
                    in_class = True
                elif source[j] == "]":
                    in_class = False
                elif source[j] == "/" and not in_class:
                    break
                j += 1
            previous = "/re"
            return j + 1
        if not c.isspace():
            previous = c
        return i + 1

    while i < n:
        i = token(i)
    return out


def _after_keyword(source: str, i: int) -> bool:
    before = source[max(0, i - 40):i].rstrip()
    return bool(re.search(r"\b(return|typeof|case|do|else|in|of|void|yield|await)$", before))


def _spells_a_key(parts: list[str]) -> bool:
    """Whether a template literal's text around its placeholders looks like part of a key: only
    key characters, and a word joined to a placeholder by a separator (``error.${code}``,
    ``${key}_one``), not a class list (``field nform__${kind}``) or a time (``${m}.${s}``)."""
    if not all(_KEY_CHARS.fullmatch(part) for part in parts):
        return False
    return any(_WORD_THEN_SEPARATOR.search(part) for part in parts[:-1]) or any(
        _SEPARATOR_THEN_WORD.match(part) for part in parts[1:])


def keys_in(source: str, keys=TEXT) -> set[str]:
    """The keys of ``keys`` a script can ask for (see the module's docstring)."""
    found: set[str] = set()
    for kind, value, end in literals(source):
        if kind == "string":
            if value in keys:
                found.add(value)
            if value.endswith(_SEPARATORS) and source[end:end + 40].lstrip().startswith("+"):
                found.update(k for k in keys if k.startswith(value))
        elif _spells_a_key(value):
            # A key spelled at run time: every key the literal can spell.
            pattern = re.compile(".*".join(re.escape(part) for part in value))
            found.update(k for k in keys if pattern.fullmatch(k))
    found.update(f"{key}_one" for key in list(found) if f"{key}_one" in keys)
    return found


@cache
def page_keys(template: str) -> frozenset[str]:
    """The keys the scripts of ``template``'s page can ask for; read once per process."""
    found: set[str] = set()
    for module in module_graph(entry_scripts(template)):
        found |= _module_keys(module)
    return frozenset(found)


@cache
def _module_keys(path: Path) -> frozenset[str]:
    """One module's keys, read once however many pages import it."""
    return frozenset(keys_in(path.read_text(encoding="utf-8")))


@cache
def page_table(template: str, lang: str) -> dict:
    """The texts of ``template``'s page in ``lang``: its scripts' keys only."""
    keys = page_keys(template)
    return {key: text for key, text in table(lang).items() if key in keys}
