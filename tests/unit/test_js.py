"""The client's own tests (tests/js/*.test.mjs, Node's built-in runner) run with the rest.

By hand: ``node --test tests/js/*.test.mjs`` from the repository root."""
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_client_tests_pass_in_node():
    node = shutil.which("node")
    assert node, "node is needed to run tests/js (apt-get install nodejs)"
    files = sorted(str(path.relative_to(ROOT))
                   for path in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert files, "no tests in tests/js"
    done = subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-5000:]
