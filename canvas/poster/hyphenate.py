"""Dutch hyphenation and no-break spaces for note text on the poster.

``hyphenate(text, lang)`` returns the text as it should wrap: soft hyphens (U+00AD) at the
syllable boundaries of long Dutch words, so a word that has to break does so at a syllable and
with a visible hyphen ("Vroegsignale-ring", never "Vroegsignale|ring"), and no-break spaces
where a line must not break ("€ 40.000", "4 uur", "wijk :"). The pages do the same in
static/js/hyphenate.js; tests/js/fixtures/hyphenation.json holds the cases both must meet.

The patterns are pyphen's nl_NL (the OpenTaal / LibreOffice dictionary, the same patterns as the
TeX hyph-nl ones the pages use). Other languages get the no-break rules only.
"""
import re
from functools import lru_cache

import pyphen

SHY = "\u00ad"
NBSP = "\u00a0"
MIN_LETTERS = 8          # shorter words are never broken
LEFT, RIGHT = 2, 2       # at least this many letters before and after a break (as TeX's nl)

# A word: letters (with their accents and diacritics). Digits, apostrophes and hyphens end it,
# so "Portfolio-overleg" is two words and breaks at its own hyphen first.
_WORD = re.compile(r"[^\W\d_]+")
# Whitespace-separated tokens that are addresses, not words: URLs, e-mail, bare domains
# ("socialestabiliteit.nl"; a lower-case ending, so "wijk.Daarna" stays a word).
_ADDRESS = re.compile(r"://|^[(\[<\"'‘“]*www\.|[^@\s]@[^@\s]+\.\w"
                      r"|^[(\[<\"'‘“]*[\w-]+(?:\.[\w-]+)*\.[a-z]{2,12}(?:[/?#:]\S*)?[)\]>\"'’”.,;:!?]*$")
_TOKEN = re.compile(r"\S+")
# "€ 40.000", "EUR 40": the amount stays with its sign.
_CURRENCY = re.compile(r"(€|\bEUR|\$|£)[ \t]+(?=\d)")
# "40 km", "0,4 fte", "4 uur", "25 %": a number stays with its unit.
UNITS = ("%", "‰", "fte", "uur", "uren", "u", "min", "minuten", "sec", "seconden", "dag", "dagen",
         "week", "weken", "maand", "maanden", "jaar", "km", "m", "cm", "mm", "m²", "m2", "m³",
         "ha", "kg", "g", "l", "ml", "euro", "eur", "procent", "keer", "x")
_UNIT = re.compile(r"(\d)[ \t]+(?=(?:" + "|".join(re.escape(u) for u in sorted(
    UNITS, key=len, reverse=True)) + r")(?![\w]))", re.IGNORECASE)
# A space before punctuation that belongs to the word before it ("wijk :", "ja !", "samen –"):
# the punctuation never starts a line of its own.
_BEFORE_PUNCT = re.compile(r"[ \t]+(?=[.,:;!?)\]»”’…]+(?:\s|$)|[–—-](?:\s|$))")


def hyphenate(text: str, lang: str = "nl") -> str:
    """``text`` with soft hyphens in its long Dutch words (when ``lang`` is Dutch) and no-break
    spaces where a break would separate what belongs together. Only U+00AD and U+00A0 are
    added; removing them gives back ``text`` exactly (no-break spaces replace plain spaces
    or tabs)."""
    text = str(text or "")
    text = _CURRENCY.sub(lambda m: m.group(1) + NBSP, text)
    text = _UNIT.sub(lambda m: m.group(1) + NBSP, text)
    text = _BEFORE_PUNCT.sub(NBSP, text)
    if _dictionary(lang) is None:
        return text
    return _TOKEN.sub(_token, text)


def _token(match) -> str:
    token = match.group(0)
    if _ADDRESS.search(token):
        return token
    return _WORD.sub(lambda m: _word(m.group(0)), token)


@lru_cache(maxsize=8192)
def _word(word: str) -> str:
    if len(word) < MIN_LETTERS:
        return word
    return _dictionary("nl").inserted(word, hyphen=SHY)


@lru_cache(maxsize=4)
def _dictionary(lang):
    if not str(lang or "").lower().startswith("nl"):
        return None
    return pyphen.Pyphen(lang="nl_NL", left=LEFT, right=RIGHT)
