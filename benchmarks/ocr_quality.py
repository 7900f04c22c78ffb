"""OCR quality and speed on a scanned-page corpus with ground truth (default ../shared/bench/dev).

    make bench-ocr            (or: .venv/bin/python benchmarks/ocr_quality.py [--corpus DIR])

Runs, in the same run and on the same files, each engine over all cores (one file per worker):
  baseline  plain Tesseract `vie` on the page as stored (pytesseract.image_to_string, dpi given)
  sohoa     the pipeline's engine (ocr.engine.Engine: orientation, deskew, seal, background,
            trueocr lines merged with Tesseract words, Vietnamese tidy-up)
  ocrmypdf  OCRmyPDF 17 `--deskew --clean --rotate-pages -l vie` (text from --sidecar;
            --output-type pdf, i.e. without its Ghostscript PDF/A pass); skipped if absent
and prints CER, WER and an order-insensitive bag-of-words F1, overall and by the manifest's
severity, rotation, format and dpi; rotated pages read upright; the signer's printed name
found (under the seal); header fields (number, date, issuing body, type, subject) exactly
equal to those read off the ground truth by the same extractor; and pages per minute on all
cores with the ratio to baseline. The corpus is only read, never copied.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
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

from pipeline.header import extract_header  # noqa: E402

FIELDS = ("number", "date", "issuing_body", "doc_type", "subject")


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
    from ocr.options import OcrOptions
    from ocr.raster import iter_pages

    t0 = time.perf_counter()
    if engine == "ocrmypdf":
        texts = _ocrmypdf(Path(path))
    elif engine == "sohoa":
        engine = Engine(OcrOptions(pdf_dpi=300))
        texts = [p.text for p in engine.read(Path(path), Path(path).name)]
    else:
        texts = [pytesseract.image_to_string(pg.rgb, lang="vie", config=f"--dpi {pg.dpi}")
                 for pg in iter_pages(Path(path), Path(path).name, 300)]
    return Path(path).name, texts, time.perf_counter() - t0


def _ocrmypdf(path: Path) -> list[str]:
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        side = Path(tmp) / "side.txt"
        cmd = ["ocrmypdf", "--deskew", "--clean", "--rotate-pages", "-l", "vie", "--jobs", "1",
               "--output-type", "pdf", "--sidecar", str(side), "--quiet"]
        if path.suffix.lower() != ".pdf":
            cmd += ["--image-dpi", "300"]  # used only when the image carries no resolution
        done = subprocess.run([*cmd, str(path), str(Path(tmp) / "out.pdf")],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0 or not side.exists():
            print(f"ocrmypdf failed on {path.name}: {done.stderr.strip()[-300:]}",
                  file=sys.stderr)
            return []
        return side.read_text(encoding="utf-8").split("\f")


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
    ap.add_argument("--texts", help="also write each engine's page texts to this folder")
    ap.add_argument("--engines", default="baseline,sohoa,ocrmypdf",
                    help="comma-separated; baseline is always run (ratios are against it)")
    args = ap.parse_args()
    if "baseline" not in args.engines.split(","):
        args.engines = "baseline," + args.engines
    corpus = Path(args.corpus)
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    pages = manifest["pages"]
    files = sorted({corpus / p["file"] for p in pages})[: args.limit or None]
    names = {f.name for f in files}
    pages = [p for p in pages if p["file"] in names]
    truth = {p["id"]: (corpus / p["gt_file"]).read_text(encoding="utf-8") for p in pages}

    engines = [e for e in args.engines.split(",") if e != "ocrmypdf"]
    if "ocrmypdf" not in args.engines.split(","):
        pass
    elif shutil.which("ocrmypdf") or (Path(sys.executable).parent / "ocrmypdf").exists():
        os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
        engines.append("ocrmypdf")
    else:
        print("ocrmypdf not installed: its column is left out (make bench-ocr installs it)",
              file=sys.stderr)
    results, wall = {}, {}
    for engine in engines:
        results[engine], wall[engine] = run_engine(engine, files, args.workers)
        print(f"{engine}: {len(pages)} pages in {wall[engine]:.1f} s "
              f"({args.workers} workers)", file=sys.stderr)

    hyp = {e: {} for e in engines}
    per_page = {e: {} for e in engines}
    for e, by_file in results.items():
        for p in pages:
            texts = by_file[p["file"]]
            hyp[e][p["id"]] = texts[p["page_index"]] if p["page_index"] < len(texts) else ""
            per_page[e][p["id"]] = scores(truth[p["id"]], hyp[e][p["id"]])

    if args.texts:
        for e in engines:
            folder = Path(args.texts) / e
            folder.mkdir(parents=True, exist_ok=True)
            for pid, text in hyp[e].items():
                (folder / f"{pid}.txt").write_text(text, encoding="utf-8")

    rows = [("all", "", [p["id"] for p in pages])]
    for by in ("severity", "rotation", "format", "dpi"):
        groups = defaultdict(list)
        for p in pages:
            groups[group_key(p, by)].append(p["id"])
        order = (["clean", "mild", "moderate", "harsh"] if by == "severity"
                 else sorted(groups, key=lambda k: (len(k), k)))
        rows += [(by, k, groups[k]) for k in order if k in groups]

    short = {"baseline": "tess", "sohoa": "sohoa", "ocrmypdf": "ocrmypdf"}
    head = f"{'group':<20}{'pages':>6}"
    for metric in ("CER", "WER", "F1"):
        head += "  " + "".join(f"{metric + ' ' + short[e]:>13}" for e in engines)
    print(head)
    print("-" * len(head))
    figures = []
    for by, key, ids in rows:
        label = by if by == "all" else f"{by}={key}"
        sums = {e: summary([per_page[e][i] for i in ids]) for e in engines}
        line = f"{label:<20}{len(ids):>6}"
        for metric in ("cer", "wer", "f1"):
            line += "  " + "".join(f"{sums[e][metric]:>13.1%}" for e in engines)
        print(line)
        figures.append({"group": label, "pages": len(ids), **sums})

    extra = {}
    rotated = [p for p in pages if p["degradations"].get("rotation_cw_deg")]
    signed = [p for p in pages if p.get("signer_name") and p["signer_name"] in truth[p["id"]]]
    firsts = [p for p in pages if p["page_index"] == 0]
    ref_fields = {p["id"]: extract_header(truth[p["id"]].splitlines()) for p in firsts}
    print()
    for e in engines:
        upright = sum(summary([per_page[e][p["id"]]])["f1"] >= 0.5 for p in rotated)
        signer = sum(norm(p["signer_name"]) in norm(hyp[e][p["id"]]) for p in signed)
        right, total, by_field = 0, 0, {}
        for p in firsts:
            got = extract_header(hyp[e][p["id"]].splitlines())
            for f in FIELDS:
                want = getattr(ref_fields[p["id"]], f)
                if want is None:
                    continue
                have = getattr(got, f)
                ok = have is not None and have.value == want.value
                right, total = right + ok, total + 1
                r, t = by_field.get(f, (0, 0))
                by_field[f] = (r + ok, t + 1)
        extra[e] = {"rotated_upright": [upright, len(rotated)], "signer": [signer, len(signed)],
                    "fields": [right, total], "by_field": by_field}
        fields = ", ".join(f"{f} {r}/{t}" for f, (r, t) in by_field.items())
        print(f"{e:<9} rotated pages read upright {upright}/{len(rotated)}; signer name read "
              f"{signer}/{len(signed)} ({signer / max(1, len(signed)):.0%}); header fields exact "
              f"{right}/{total} ({right / max(1, total):.1%}: {fields})")

    ppm = {e: 60 * len(pages) / wall[e] for e in wall}
    print(f"\nthroughput on {args.workers} worker(s), pages/min: " + ", ".join(
        f"{e} {ppm[e]:.1f} (x{ppm[e] / ppm['baseline']:.2f} baseline)" for e in engines)
        + "; worker-seconds/page: " + ", ".join(
        f"{e} {wall[e] * args.workers / len(pages):.2f}" for e in engines))
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": figures, "pages_per_min": ppm,
                                               "checks": extra}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
