"""OCR quality and speed on a scanned-page corpus with ground truth (default ../shared/bench/dev).

    make bench-ocr            (or: .venv/bin/python benchmarks/ocr_quality.py [--corpus DIR])

Runs, in the same run and on the same rasterised pages:
  baseline  plain Tesseract `vie` on the page as stored (pytesseract.image_to_string, dpi given)
  sohoa     the pipeline's engine (orientation, deskew, seal suppression, background, binarise)
and prints CER, WER and an order-insensitive bag-of-words F1, overall and by the manifest's
severity, rotation, format and dpi, then pages per minute on all cores and the ratio to baseline.
The corpus is only read, never copied.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from rapidfuzz.distance import Levenshtein  # noqa: E402


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def scores(ref: str, hyp: str) -> dict[str, int]:
    """Raw counts, so that totals are micro-averages (edits over all reference characters)."""
    r, h = norm(ref), norm(hyp)
    rw, hw = r.split(), h.split()
    common = sum((Counter(rw) & Counter(hw)).values())
    return {"chars": len(r), "char_edits": Levenshtein.distance(r, h),
            "words": len(rw), "word_edits": Levenshtein.distance(rw, hw),
            "hyp_words": len(hw), "common_words": common}


def summary(counts: list[dict[str, int]]) -> dict[str, float]:
    t = Counter()
    for c in counts:
        t.update(c)
    p = t["common_words"] / t["hyp_words"] if t["hyp_words"] else 0.0
    r = t["common_words"] / t["words"] if t["words"] else 0.0
    return {"cer": t["char_edits"] / max(1, t["chars"]),
            "wer": t["word_edits"] / max(1, t["words"]),
            "f1": 2 * p * r / (p + r) if p + r else 0.0}


def read_file(args: tuple[str, str]) -> tuple[str, list[str], float]:
    """OCR every page of one file with one engine; (file, page texts, wall seconds)."""
    engine, path = args
    import pytesseract

    from ocr.engine import Engine
    from ocr.raster import iter_pages

    t0 = time.perf_counter()
    if engine == "sohoa":
        texts = [p.text for p in Engine(pdf_dpi=300).read(Path(path), Path(path).name)]
    else:
        texts = [pytesseract.image_to_string(pg.rgb, lang="vie", config=f"--dpi {pg.dpi}")
                 for pg in iter_pages(Path(path), Path(path).name, 300)]
    return Path(path).name, texts, time.perf_counter() - t0


def run_engine(engine: str, files: list[Path], workers: int) -> tuple[dict[str, list[str]], float]:
    t0 = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        out = {name: texts for name, texts, _ in
               pool.map(read_file, [(engine, str(f)) for f in files])}
    return out, time.perf_counter() - t0


def group_key(page: dict, by: str) -> str:
    if by == "rotation":
        return str(page["degradations"].get("rotation_cw_deg", 0))
    return str(page[by])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.environ.get("SOHOA_BENCH_CORPUS",
                                                       str(ROOT.parent / "shared/bench/dev")))
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--limit", type=int, default=0, help="first N files only (quick look)")
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    pages = manifest["pages"]
    files = sorted({corpus / p["file"] for p in pages})[: args.limit or None]
    names = {f.name for f in files}
    pages = [p for p in pages if p["file"] in names]
    truth = {p["id"]: (corpus / p["gt_file"]).read_text(encoding="utf-8") for p in pages}

    results, wall = {}, {}
    for engine in ("baseline", "sohoa"):
        results[engine], wall[engine] = run_engine(engine, files, args.workers)
        print(f"{engine}: {len(pages)} pages in {wall[engine]:.1f} s "
              f"({args.workers} workers)", file=sys.stderr)

    per_page = {e: {} for e in results}
    for e, by_file in results.items():
        for p in pages:
            texts = by_file[p["file"]]
            hyp = texts[p["page_index"]] if p["page_index"] < len(texts) else ""
            per_page[e][p["id"]] = scores(truth[p["id"]], hyp)

    rows = [("all", "", [p["id"] for p in pages])]
    for by in ("severity", "rotation", "format", "dpi"):
        groups = defaultdict(list)
        for p in pages:
            groups[group_key(p, by)].append(p["id"])
        order = (["clean", "mild", "moderate", "harsh"] if by == "severity"
                 else sorted(groups, key=lambda k: (len(k), k)))
        rows += [(by, k, groups[k]) for k in order if k in groups]

    head = (f"{'group':<20}{'pages':>6}  {'CER base':>9}{'CER sohoa':>10}  {'WER base':>9}"
            f"{'WER sohoa':>10}  {'F1 base':>8}{'F1 sohoa':>9}")
    print(head)
    print("-" * len(head))
    figures = []
    for by, key, ids in rows:
        b = summary([per_page["baseline"][i] for i in ids])
        s = summary([per_page["sohoa"][i] for i in ids])
        label = by if by == "all" else f"{by}={key}"
        print(f"{label:<20}{len(ids):>6}  {b['cer']:>9.1%}{s['cer']:>10.1%}  {b['wer']:>9.1%}"
              f"{s['wer']:>10.1%}  {b['f1']:>8.1%}{s['f1']:>9.1%}")
        figures.append({"group": label, "pages": len(ids), "baseline": b, "sohoa": s})
    ppm = {e: 60 * len(pages) / wall[e] for e in wall}
    print(f"\nthroughput on {args.workers} worker(s): baseline {ppm['baseline']:.1f} pages/min, "
          f"sohoa {ppm['sohoa']:.1f} pages/min (ratio {ppm['sohoa'] / ppm['baseline']:.2f}); "
          f"s/page: baseline {wall['baseline'] * args.workers / len(pages):.2f}, "
          f"sohoa {wall['sohoa'] * args.workers / len(pages):.2f} (worker-seconds)")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": figures, "pages_per_min": ppm},
                                              indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
