"""`python -m benchmarks.corpus [--out DIR] [--seed N] [--pages N] [--force]
[--splits tuning] [--captures close] [--faces unseen]` (what `make bench-corpus` runs, without
options)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from benchmarks.corpus.build import DEFAULT_PAGES, DEFAULT_SEED, SPLITS, build
from benchmarks.corpus.fonts import FACES, survey

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.corpus",
                                 description="Write the held-out and tuning OCR corpora.")
    ap.add_argument("--out", default=str(ROOT / ".sohoa/bench-corpus"),
                    help="folder for held-out/ and tuning/ (default .sohoa/bench-corpus)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--pages", type=int, default=DEFAULT_PAGES,
                    help="pages per split, at least (a document is not cut)")
    ap.add_argument("--force", action="store_true", help="rebuild even if up to date")
    ap.add_argument("--splits", default=",".join(SPLITS),
                    help="comma-separated: which splits to write (default: both)")
    ap.add_argument("--captures", choices=("all", "close"), default="all",
                    help="all: scans and photos, as measured; close: only phone photos taken "
                         "close, the sheet filling the picture")
    ap.add_argument("--faces", choices=FACES, default="corpus",
                    help="corpus: the faces it is measured with; unseen: only faces it never "
                         "sets a page in (a check of type the engine was never tuned on)")
    args = ap.parse_args(argv)
    families, skipped = survey(args.faces)
    if not families:
        print("no installed font covers Vietnamese: run SOHOA_BENCH=1 scripts/bootstrap.sh",
              file=sys.stderr)
        return 4
    print(f"fonts: {', '.join(f.name for f in families)}")
    for s in skipped:
        print(f"fonts skipped: {s}")
    t0 = time.perf_counter()
    splits = tuple(s for s in args.splits.split(",") if s)
    if not splits or set(splits) - set(SPLITS):
        print(f"--splits: choose from {', '.join(SPLITS)}", file=sys.stderr)
        return 2
    made = build(Path(args.out), args.seed, args.pages, args.force, splits=splits,
                 captures=args.captures, faces=args.faces)
    for split, m in made.items():
        print(f"{split}: {len(m['pages'])} pages, {len(m['documents'])} files, "
              f"{len({p['text_key'] for p in m['pages']})} texts -> {Path(args.out) / split}")
    print(f"done in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
