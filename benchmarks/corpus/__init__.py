"""sohoa's own OCR measuring corpus: pages the engine was never tuned on.

    make bench-corpus      (.venv/bin/python -m benchmarks.corpus [--out DIR] [--seed N])

Writes `held-out/` and `tuning/` under `--out` (default `.sohoa/bench-corpus/`, git-ignored),
each in the format of ../shared/bench/dev (page files, `*_pK.gt.txt`, `manifest.json`), so
`benchmarks/ocr_quality.py --corpus DIR` reads either unchanged. Deterministic: a seed gives
the same bytes; the manifest names the seed and the generator (a hash of this package).

- texts.py    30 documents written for this corpus (decisions, certificates, civil-status
              extracts, permits, notices, letters, invitations, plans, records, receipts, a
              submission), with names, places, numbers, dates, subjects, tables and lists
- layout.py   Decree 30/2020 layouts at 300 dpi and the exact ground truth of each page
- fonts.py    the typefaces, each checked for Vietnamese (U+1EA0–U+1EF9) before use
- capture.py  flatbed / sheet-feeder scans and phone photos, with what was applied
- build.py    rendering rounds, decks of fonts and captures, files and manifests

The split. Every document belongs to one split, by document, so no text is in both: the
split is written in each document (`Doc.split`); it was drawn once, when the texts were
written, by `texts.split_rule` (within each kind, documents in SHA-256 order of their keys,
alternately held-out and tuning) and is never redrawn. `texts.HELD_OUT_AT_SPLIT` records the
held-out set; the build stops if one of those is no longer held-out, if two splits share a
paragraph, or if a key repeats. New documents are appended with the split the rule gives
them, and a held-out document never moves to tuning.

The discipline. Held-out pages, their texts and their per-page results are never looked at
while the engine is being changed; they are measured only to report (`make bench-ocr` prints
them first). Look at tuning pages as much as needed. A change that helps tuning but not
held-out has been fitted to the tuning pages.
"""
