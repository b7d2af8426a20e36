"""Typed join codes are normalised the same way by the server (canvas.services.rules) and by the
pages (static/js/codes.js, run here in Node with the rules the pages receive)."""
import json
import shutil
import subprocess
from pathlib import Path

from canvas.services.rules import client_rules, normalize_code

CODES_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "codes.js"

TYPED = [
    "k7p x3m",              # a space
    "  k7p x3m \n",         # around it too
    "K7P\tX3M",             # a tab
    "k7p\u00a0x3m",         # a no-break space
    "k7p\u2009x3m",         # a thin space
    "k7p\u3000x3m",         # a full-width space
    "\ufeffk7px3m",         # a byte order mark pasted along
    "k7p-x3m",              # a dash
    "k7p.x3m",              # a dot
    "k7p_x3m",              # an underscore
    "k7p - x . 3_m",        # all of them
    "k7p/x3m",              # a slash is not dropped
    "k7p\u200bx3m",         # neither is a zero-width space
    "abcdef",               # lower case
    "ABCDEF",
    "ABCDEFGHJKMN",         # 12: the longest a typed code may be
    "ABCDEFGHJKMNP",        # 13: too long
    "ABC DEF GHJ KMN",      # 12 once the spaces are gone
    "",                     # nothing
    "   ",                  # only what is dropped
    "-._",
    "ß",                    # upper case is longer: SS
    "ßßßßßß",               # 12 after upper case
    "ßßßßßßß",              # 14 after upper case: too long
    "ﬁx",                   # a ligature: FIX
    "çé",                   # accents stay
    "😀" * 12,              # characters outside the BMP count as one each
    "😀" * 13,
    None,                   # not text at all
    42,
]


def run_node(rules, values):
    node = shutil.which("node")
    assert node, "node is needed to run static/js/codes.js (apt-get install nodejs)"
    script = (
        f"import {{ normalizeCode }} from {json.dumps(CODES_JS.as_uri())};\n"
        "let input = '';\n"
        "process.stdin.setEncoding('utf8');\n"
        "for await (const chunk of process.stdin) input += chunk;\n"
        "const { rules, values } = JSON.parse(input);\n"
        "process.stdout.write(JSON.stringify(values.map((v) => normalizeCode(v, rules.code))));\n"
    )
    done = subprocess.run([node, "--input-type=module", "-e", script],
                          input=json.dumps({"rules": rules, "values": values}),
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_pages_normalise_typed_codes_as_the_server_does():
    rules = json.loads(json.dumps(client_rules()))  # as the pages receive them
    in_js = run_node(rules, TYPED)
    in_python = [normalize_code(value) for value in TYPED]
    assert list(zip(TYPED, in_js)) == list(zip(TYPED, in_python))


def test_the_table_covers_codes_kept_and_refused():
    results = [normalize_code(value) for value in TYPED]
    assert "K7PX3M" in results and "SSSSSSSSSSSS" in results
    assert None in results


def test_the_node_tests_use_the_code_rules_the_server_ships():
    fixture = Path(__file__).resolve().parents[1] / "js" / "fixtures" / "code-rules.json"
    # When the rules change, write the fixture anew from client_rules()["code"].
    assert json.loads(fixture.read_text(encoding="utf-8")) == client_rules()["code"]
