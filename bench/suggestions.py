"""Suggestion benchmark: precision, recall and time of each similarity method and threshold.

For every candidate (a similarity method with a duplicate and a group threshold) it runs
``canvas.services.suggestions.suggest_with`` on the labelled notes (tests/data/suggestions_nl.json,
scored pairwise as tests/suggestionset.py describes) and on a room of 300 notes (the labelled
notes plus seed sentences), and prints:

    method  dup  group  dup P  dup R  grp P  grp R  look-alikes  ms/300 (median)

Methods: rapidfuzz ``token_sort_ratio``, ``token_set_ratio`` and ``WRatio`` on the normalised
words (with and without the light suffix strip), and scikit-learn TF-IDF with cosine similarity
on words and on character n-grams (``char_wb`` 3-5), fitted per block as the engine would. The
TF-IDF rows need scikit-learn (``pip install scikit-learn``); without it they are skipped. The
row marked ``*`` is the engine's default.

Run from the repository root::

    python bench/suggestions.py            # every candidate
    python bench/suggestions.py --default  # the default only
    python bench/suggestions.py --runs 15 --notes 300
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from suggestionset import labelled, score, timing_notes  # noqa: E402

from canvas.services import suggestions  # noqa: E402


def rapidfuzz_method(scorer):
    def pairs(texts, floor):
        cutoff = floor * 100
        found = {}
        for i, left in enumerate(texts):
            for j in range(i + 1, len(texts)):
                s = scorer(left, texts[j], processor=None, score_cutoff=cutoff)
                if s:
                    found[(i, j)] = s / 100
        return found
    return pairs


def tfidf_method(**options):
    from sklearn.feature_extraction.text import TfidfVectorizer  # optional: only for this row

    def pairs(texts, floor):
        import numpy as np
        try:
            matrix = TfidfVectorizer(**options).fit_transform(texts)
        except ValueError:  # no terms at all
            return {}
        sims = (matrix @ matrix.T).toarray()
        rows, cols = np.nonzero(np.triu(sims >= floor, k=1))
        return {(int(i), int(j)): float(sims[i, j]) for i, j in zip(rows, cols)}
    return pairs


def candidates():
    """(name, settings) per row; each method gets thresholds on its own scale."""
    rf = {"rf token_sort": fuzz.token_sort_ratio, "rf token_set": fuzz.token_set_ratio,
          "rf WRatio": fuzz.WRatio}
    rows = []
    for name, scorer in rf.items():
        for stem in (True, False):
            label = name + ("" if stem else " nostem")
            for dup in (0.75, 0.80, 0.85, 0.90):
                for group in (0.40, 0.45, 0.50, 0.55):
                    rows.append((label, suggestions.Settings(
                        dup_threshold=dup, group_threshold=group, stem=stem,
                        similarity=rapidfuzz_method(scorer))))
    try:
        tfidf = {"tfidf word": tfidf_method(analyzer="word", token_pattern=r"\S+"),
                 "tfidf char3-5": tfidf_method(analyzer="char_wb", ngram_range=(3, 5),
                                               sublinear_tf=True)}
    except ImportError:
        print("(scikit-learn is not installed: TF-IDF rows skipped)")
        tfidf = {}
    for name, method in tfidf.items():
        for dup in (0.60, 0.70, 0.80):
            for group in (0.20, 0.25, 0.30, 0.35):
                rows.append((name, suggestions.Settings(
                    dup_threshold=dup, group_threshold=group, similarity=method)))
    return rows


def timed(notes, settings, runs):
    suggestions.suggest_with(notes, settings)  # warm-up: first call imports and fills caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        suggestions.suggest_with(notes, settings)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--default", action="store_true", help="only the engine's default")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per row (median)")
    parser.add_argument("--notes", type=int, default=300, help="notes in the timed room")
    args = parser.parse_args()

    notes = labelled()
    room = timing_notes(args.notes)
    one_block = [{**n, "block": "spelregels", "subarea": ""} for n in room
                 if n["block"] != "coalities"]
    default = suggestions.DEFAULT
    rows = [("rf token_sort", default)] if args.default else candidates()
    print(f"labelled: {sum(n['block'] != 'coalities' for n in notes)} notes, "
          f"{len(room)} in the timed room; median of {args.runs} runs")
    print(f"{'method':<22} {'dup':>5} {'group':>5}  {'dup P':>6} {'dup R':>6}  "
          f"{'grp P':>6} {'grp R':>6}  {'look-alikes':>11}  {'ms/' + str(args.notes):>7}")
    for name, settings in rows:
        result = score(notes, suggestions.suggest_with(notes, settings))
        ms = timed(room, settings, args.runs)
        knobs = (settings.dup_threshold, settings.group_threshold, settings.stem)
        is_default = name == "rf token_sort" and knobs == (
            default.dup_threshold, default.group_threshold, default.stem)
        mark = "*" if is_default else " "
        print(f"{mark}{name:<21} {settings.dup_threshold:>5.2f} {settings.group_threshold:>5.2f}"
              f"  {result['dup_precision']:>6.3f} {result['dup_recall']:>6.3f}"
              f"  {result['group_precision']:>6.3f} {result['group_recall']:>6.3f}"
              f"  {result['lookalikes_merged']:>11}  {ms:>7.1f}")
    ms = timed(one_block, default, args.runs)
    print(f"default, all {len(one_block)} notes in one block (worst case): {ms:.1f} ms")


if __name__ == "__main__":
    main()
