"""The silent round's table (tests/js/fixtures/silent-round.json) holds for Python's
in_silent_round; tests/js/silence.test.mjs runs the same table through static/js/silence.js."""
import json
from pathlib import Path

import pytest

from canvas.realtime.visibility import in_silent_round

TABLE = json.loads((Path(__file__).resolve().parents[1] / "js" / "fixtures" / "silent-round.json")
                   .read_text(encoding="utf-8"))


@pytest.mark.parametrize("row", TABLE, ids=[row["case"] for row in TABLE])
def test_in_silent_round_follows_the_shared_table(row):
    assert in_silent_round(row["note"], row["settings"]) is row["in_round"]
