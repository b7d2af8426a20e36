"""The canvas data: complete, consistent and in both languages."""
from canvas import method
from canvas.i18n import TEXT


def test_five_blocks_in_canvas_order():
    assert method.BLOCK_KEYS == ("identiteit", "spelregels", "organisatie", "regie", "coalities")


def test_every_text_exists_in_dutch_and_english():
    for block in method.BLOCKS:
        for field in ("title", "question", "about", "questions"):
            assert set(block[field]) == {"nl", "en"}, (block["key"], field)
        assert len(block["questions"]["nl"]) == len(block["questions"]["en"])
        for sub in block["subareas"]:
            assert set(sub["title"]) == {"nl", "en"}
            assert len(sub["questions"]["nl"]) == len(sub["questions"]["en"]) > 0
    for entry in TEXT.values():
        assert entry["nl"] and entry["en"]


def test_identiteit_and_organisatie_have_four_subareas():
    assert method.SUBAREA_KEYS["identiteit"] == ("passie", "ambitie", "positie", "stijl")
    assert len(method.SUBAREA_KEYS["organisatie"]) == 4
    assert method.SUBAREA_KEYS["regie"] == ()


def test_six_werkvormen_and_guiding_questions_from_the_source():
    assert method.WERKVORM_KEYS == ("initiatief", "programma", "evenement", "project", "proces",
                                    "alliantie")
    spelregels = method.BLOCKS_BY_KEY["spelregels"]["questions"]["nl"]
    assert "Hoe gaan we om met in- en uittreding?" in spelregels
    assert len(method.BLOCKS_BY_KEY["regie"]["questions"]["nl"]) == 5


def test_localized_picks_one_language_and_names_the_source():
    en = method.localized("en")
    assert [b["title"] for b in en["blocks"]][0] == "Identity"
    assert en["blocks"][0]["subareas"][0]["questions"][0].startswith("Which")
    assert "Netwerk Canvas" in en["source"]
    assert method.localized("nl")["blocks"][3]["title"] == "Regie en leiderschap"
