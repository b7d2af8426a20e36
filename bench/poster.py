"""Poster benchmark: how long ``render_poster`` takes for canvases of 100, 500 and 1,000 notes.

Renders the made-up Dutch workshop of ``canvas.poster.sample`` (the notes plus 5 coalition
cards; texts of varied length, authors and votes) on A0 and A4, three times each, and prints a
table of the median time, the number of pages (the sheet plus continuation pages) and the
size of the PDF:

    notes  size  seconds  pages  PDF KB

Run from the repository root with the project's virtualenv (reportlab, no server needed)::

    python bench/poster.py
    python bench/poster.py --notes 100 1000 --sizes A0 A1 A4 --repeat 5

The target is 1,000 notes on A0 in under a second on a 2-core machine.
"""
import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from canvas.poster import PAPER_SIZES, render_poster  # noqa: E402
from canvas.poster.sample import sample_snapshot  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--sizes", nargs="+", default=["A0", "A4"], choices=PAPER_SIZES)
    parser.add_argument("--cards", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    render_poster(sample_snapshot(10, 1), "A4")   # fonts registered, modules warm
    print(f"{'notes':>5}  {'size':<4}  {'seconds':>7}  {'pages':>5}  {'PDF KB':>6}")
    for count in args.notes:
        snapshot = sample_snapshot(count, args.cards)
        for size in args.sizes:
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                pdf = render_poster(snapshot, size)
                times.append(time.perf_counter() - start)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            print(f"{count:>5}  {size:<4}  {statistics.median(times):>7.3f}  {pages:>5}  "
                  f"{len(pdf) / 1024:>6.0f}")


if __name__ == "__main__":
    main()
