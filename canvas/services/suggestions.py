"""Suggested duplicates ("merge?") and groups ("stack these?") for a workshop's notes.

A pure engine: plain note dicts in, plain suggestions out; no database, no Flask. The route that
serves ``GET /api/workshops/<code>/suggestions`` reads the notes and calls ``suggest``.

How it works (docs/architecture.md, "Suggestions", has the measured figures):

1. Only notes that may be clustered take part: not hidden, not coalition cards, with words left
   after normalisation. They are compared within their block only.
2. Normalisation for Dutch and English: Unicode NFKD without diacritics, case folded, punctuation
   and one-letter tokens dropped, stop words (the lists below) dropped, then a light suffix strip
   (plural -en/-s).
   Negations ("niet", "geen", "not", ...) are kept on purpose: they are what tells "De regie ligt
   bij de gemeente" from "De regie ligt niet bij de gemeente".
3. Similarity: rapidfuzz's ``token_sort_ratio`` on the normalised words, chosen by measurement
   (bench/suggestions.py) over ``token_set_ratio``, ``WRatio`` and scikit-learn TF-IDF.
4. Duplicates: pairs at or above ``dup_threshold``, joined greedily (best pair first) into sets in
   which every two notes are that close (complete linkage), at most ``MAX_DUPLICATES`` notes. A
   duplicate set may span sub-areas of its block: the same sentence posted under "passie" and
   under "ambitie" is still worth merging (the merge puts it in one place).
5. Groups: pairs at or above ``group_threshold`` within one block and sub-area (a cluster lives in
   one sub-area), joined greedily while the average similarity of the joined set stays at or
   above the threshold (average linkage), at most ``MAX_GROUP`` notes. A group that is only a
   duplicate set again is left out.

Pairs already in the same cluster are never suggested: they are no edge, and they do not count
in a group's average. A group suggestion may hold notes of one existing cluster and new notes
(adding to that cluster), never only notes of one cluster.

Suggestion ids are a hash of the kind and the sorted note ids, so the same notes give the same id
on every call and a page can remember which suggestions were dismissed.
"""
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from canvas import method

MAX_DUPLICATES = 6
MAX_GROUP = 8
TITLE_WORDS = 2

# Compact stop-word lists: articles, pronouns, auxiliaries, prepositions, conjunctions and
# workshop filler. Negations are not here (see the module's docstring).
_DUTCH = """
de het een der des den deze dit die dat daar hier er wat wie welk welke waar wanneer hoe
ik je jij u hij zij ze wij we jullie hun hen mij me mijn jouw uw zijn haar ons onze elkaar
zich zelf is ben bent was waren wordt worden werd zijn heeft hebben had hadden kan kunnen
kon moet moeten mag mogen zal zullen zou zouden wil willen gaat gaan doet
en of maar want dus om te tot van voor met aan op in uit bij naar over door als dan ook
nog al wel toch zo even meer heel erg veel vaak alle alles iets iemand elk elke ieder iedere
eens echt gewoon steeds per na tegen zonder binnen tussen onder boven via eerst pas daarna
"""
_ENGLISH = """
a an the this that these those there here what who which where when how i you he she it we
they me my your our their us them is are was were be been being has have had do does did can
could must may might shall should will would and or but so to of for with on in at by from
as than then also too very more all any each every some just about into over under between
"""
STOP_WORDS_NL = frozenset(_DUTCH.split())
STOP_WORDS_EN = frozenset(_ENGLISH.split())
STOP_WORDS = STOP_WORDS_NL | STOP_WORDS_EN
# Kept for comparing (they tell look-alikes apart) but no title.
NEGATIONS = frozenset(["niet", "geen", "nooit", "niets", "not", "no", "never", "nothing"])

_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Settings:
    """The engine's knobs; ``DEFAULT`` is the measured choice (bench/suggestions.py)."""

    dup_threshold: float = 0.80
    group_threshold: float = 0.45
    stem: bool = True
    # texts -> similarity of every pair (i < j) at or above ``floor``, as {(i, j): 0..1}
    similarity: Callable[[list[str], float], dict[tuple[int, int], float]] | None = None


def fold(text: str) -> str:
    """Lower case, no diacritics, no punctuation: "Eén, Coördinator!" -> "een coordinator"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare.casefold()).strip()


def stem(word: str) -> str:
    """A light suffix strip for Dutch and English plurals (schulden -> schuld, partners -> partner).

    Only long words lose a suffix, so that short words ("bus", "open") keep their meaning.
    """
    if len(word) > 5 and word.endswith("en"):
        word = word[:-2]
        # overleggen -> overlegg -> overleg, as the singular is written
        return word[:-1] if word[-1] == word[-2] and word[-1] not in "aeiou" else word
    # Not after s, i, u, a, o or t: thuis, basis, plaats, ons are no plurals.
    if len(word) > 4 and word.endswith("s") and word[-2] not in "siuaot":
        return word[:-1]
    return word


def keywords(text: str, *, stemmed: bool = True) -> list[str]:
    """The note's telling words, in order: folded, without stop words, lightly stemmed."""
    # One letter is no word: the "s" of "resident's", a stray "x".
    words = [w for w in fold(text).split() if len(w) > 1 and w not in STOP_WORDS]
    return [stem(w) for w in words] if stemmed else words


def rapidfuzz_pairs(texts: list[str], floor: float) -> dict[tuple[int, int], float]:
    """token_sort_ratio of every pair (i < j) at or above ``floor`` (0..1)."""
    cutoff = floor * 100
    pairs = {}
    for i, left in enumerate(texts):
        for j in range(i + 1, len(texts)):
            score = fuzz.token_sort_ratio(left, texts[j], processor=None, score_cutoff=cutoff)
            if score:
                pairs[(i, j)] = score / 100
    return pairs


DEFAULT = Settings(similarity=rapidfuzz_pairs)


def suggest(notes: list[dict]) -> dict:
    """Suggested duplicates and groups for ``notes`` (dicts with at least id, block, subarea,
    text, cluster_id and hidden), with the measured default settings.

    Returns ``{"duplicates": [{"id", "block", "note_ids", "score"}], "groups": [{"id", "block",
    "subarea", "note_ids", "title", "score"}]}``, best first. Never raises on odd but well-formed
    notes (empty text, unknown block): such notes simply take no part.
    """
    return suggest_with(notes, DEFAULT)


def suggest_with(notes: list[dict], settings: Settings) -> dict:
    """``suggest`` with other settings (the bench compares methods and thresholds with it)."""
    similarity = settings.similarity or rapidfuzz_pairs
    by_block: dict[str, list[tuple[dict, list[str]]]] = {}
    for note in notes:
        if note.get("hidden") or note.get("block") == method.COALITION_BLOCK:
            continue
        words = keywords(note.get("text") or "", stemmed=settings.stem)
        if words:
            by_block.setdefault(note["block"], []).append((note, words))

    duplicates, groups = [], []
    for block, members in by_block.items():
        if len(members) < 2:
            continue
        block_notes = [note for note, _ in members]
        floor = min(settings.dup_threshold, settings.group_threshold)
        sims = similarity([" ".join(words) for _, words in members], floor)
        together = _already_together(block_notes)
        sims = {pair: s for pair, s in sims.items() if pair not in together}

        dup_sets = _link(sorted(((s, p) for p, s in sims.items() if s >= settings.dup_threshold),
                                reverse=True),
                         sims, together, settings.dup_threshold, MAX_DUPLICATES, complete=True)
        dup_keys = set()
        for members_of, score in dup_sets:
            ids = [block_notes[i]["id"] for i in members_of]
            dup_keys.add(frozenset(map(str, ids)))
            duplicates.append({"id": _suggestion_id("duplicate", ids), "block": block,
                               "note_ids": ids, "score": round(score, 3)})

        same_area = {p: s for p, s in sims.items()
                     if s >= settings.group_threshold
                     and (block_notes[p[0]].get("subarea") or "")
                     == (block_notes[p[1]].get("subarea") or "")}
        group_sets = _link(sorted(((s, p) for p, s in same_area.items()), reverse=True),
                           sims, together, settings.group_threshold, MAX_GROUP, complete=False)
        for members_of, score in group_sets:
            ids = [block_notes[i]["id"] for i in members_of]
            key = frozenset(map(str, ids))
            if any(key <= dup for dup in dup_keys):
                continue
            groups.append({"id": _suggestion_id("group", ids), "block": block,
                           "subarea": block_notes[members_of[0]].get("subarea") or "",
                           "note_ids": ids,
                           "title": _title([members[i] for i in members_of], members),
                           "score": round(score, 3)})

    duplicates.sort(key=lambda s: (-s["score"], s["id"]))
    groups.sort(key=lambda s: (-s["score"], s["id"]))
    return {"duplicates": duplicates, "groups": groups}


def _already_together(notes: list[dict]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of notes in the same existing cluster."""
    by_cluster: dict[object, list[int]] = {}
    for i, note in enumerate(notes):
        if note.get("cluster_id") is not None:
            by_cluster.setdefault(note["cluster_id"], []).append(i)
    return {(a, b) for idx in by_cluster.values() for n, a in enumerate(idx) for b in idx[n + 1:]}


def _link(edges, sims, together, threshold, max_size, *, complete):
    """Greedy agglomeration over ``edges`` [(sim, (i, j))], best first.

    Two sets join when the result has at most ``max_size`` notes and every cross pair (complete
    linkage) or their average (average linkage) is at or above ``threshold``; pairs already in
    one cluster do not count. Returns [(sorted indices, score)] for sets of two or more notes,
    where score is the lowest (complete) or the average (average) similarity inside the set.
    """
    owner: dict[int, list[int]] = {}
    for _, (i, j) in edges:
        left, right = owner.get(i, [i]), owner.get(j, [j])
        if left is right or len(left) + len(right) > max_size:
            continue
        cross = [sims.get(_pair(a, b), 0.0) for a in left for b in right
                 if _pair(a, b) not in together]
        if not cross:
            continue
        if (min(cross) if complete else sum(cross) / len(cross)) < threshold:
            continue
        merged = left + right
        for k in merged:
            owner[k] = merged
    result, seen = [], set()
    for members in owner.values():
        if id(members) in seen:
            continue
        seen.add(id(members))
        inside = [sims[_pair(a, b)] for n, a in enumerate(members) for b in members[n + 1:]
                  if _pair(a, b) in sims]
        if not inside:  # only notes of one existing cluster
            continue
        score = min(inside) if complete else sum(inside) / len(inside)
        result.append((sorted(members), score))
    return result


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _suggestion_id(kind: str, note_ids) -> str:
    digest = hashlib.sha1(
        (kind + ":" + "\x1f".join(sorted(map(str, note_ids)))).encode()).hexdigest()
    return f"{kind[:3]}-{digest[:16]}"


def _title(chosen: list[tuple[dict, list[str]]], block_members) -> str:
    """The group's most telling shared words, as a participant wrote them (or "").

    A word counts when at least two of the group's notes use it; rarer words in the block tell
    more. Ties go to the word that comes first in the group's first note.
    """
    in_group: dict[str, int] = {}
    for _, words in chosen:
        for w in set(words):
            in_group[w] = in_group.get(w, 0) + 1
    # Numbers and negations are shared without naming anything ("4", "niet").
    shared = [w for w, n in in_group.items()
              if n >= 2 and not w.isdigit() and w not in NEGATIONS]
    if not shared:
        return ""
    in_block = {w: sum(1 for _, words in block_members if w in words) for w in shared}
    order = {w: k for k, w in enumerate(w for _, words in chosen for w in words)}
    best = sorted(shared, key=lambda w: (-in_group[w] / in_block[w], -in_group[w], order[w]))
    return " · ".join(_as_written(w, chosen) for w in best[:TITLE_WORDS])


def _as_written(word: str, chosen) -> str:
    """The first spelling of a normalised word in the group's notes."""
    for note, _ in chosen:
        for raw in re.findall(r"\w+", note.get("text") or ""):
            folded = fold(raw)
            if folded and stem(folded) == word or folded == word:
                return raw
    return word
