"""OCR quality and speed on the held-out, tuning and shared corpora, in one run.

    make bench-ocr     (or: .venv/bin/python benchmarks/ocr_quality.py [--sets …] [--engines …])

Sets (`--sets`, in this order by default; a name or a folder with a manifest.json):
  held-out  .sohoa/bench-corpus/held-out (make bench-corpus): pages never looked at while
            changing the engine; its figures come first
  tuning    .sohoa/bench-corpus/tuning: pages of other texts, free to look at
  dev       ../shared/bench/dev (40 pages; the pages the engine was tuned on)
  dev-wide  ../shared/bench/dev-wide (120 pages, a quarter phone photos)
`--corpus DIR` (or SOHOA_BENCH_CORPUS) measures that one folder instead.

Engines (`--engines`, same files, same run, one file per worker process, all cores):
  sohoa      the pipeline's engine (ocr.engine.Engine: orientation, deskew, seal, background,
             trueocr lines merged with Tesseract words, Vietnamese tidy-up)
  tesseract  plain Tesseract `vie` on the page as stored (pytesseract, dpi given); alias
             `baseline`
  ocrmypdf   OCRmyPDF 17 `--deskew --clean --rotate-pages -l vie` (text from --sidecar;
             --output-type pdf, i.e. without its Ghostscript PDF/A pass); skipped if absent

Per set it prints CER, WER and an order-insensitive bag-of-words F1, overall and by
severity, rotation, capture (phone photo / scan kind), font, dpi and format; rotated pages
read upright; the signer's printed name found; header fields (number, date, issuing body,
type, subject) exactly equal to those read off the ground truth by the same extractor
(sohoa's as the pipeline reads them, `ocr.documents.document_fields`, off its lines and
their confidences; the others' off their text), and for sohoa the wrong ones it gave as
sure (certainty >= 0.8, what `pipeline.content_match` believes against the register) and
the numbers and dates it gave unsure, filled in by hand and printed;
CPU-seconds per page (the worker's own CPU time and that of the programs it ran, e.g.
Tesseract, not wall time) and pages per minute (wall, all workers), and sohoa's pages per
CPU-second as a multiple of each other engine's in the same run (less dependent on the
machine than the seconds); and the five worst pages by CER per engine. A summary of every
set and engine closes the output, held-out first.
The corpora are only read, never copied.
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

from pipeline.content_match import SURE  # noqa: E402
from pipeline.header import extract_header  # noqa: E402

FIELDS = ("number", "date", "issuing_body", "doc_type", "subject")
SETS = ("held-out", "tuning", "dev", "dev-wide")
ENGINES = ("sohoa", "tesseract", "ocrmypdf")
ALIASES = {"baseline": "tesseract", "tess": "tesseract"}
SHORT = {"sohoa": "sohoa", "tesseract": "tess", "ocrmypdf": "ocrmypdf"}
GROUPS = ("severity", "rotation", "capture", "font", "dpi", "format", "legible")
MODES = {"rgb": "colour", "gray": "grey", "bilevel": "1-bit"}
LEGIBLE_MAX = 0.08  # the target: no legible page above 8% CER


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


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def read_file(args: tuple[str, str]) -> tuple[str, list[str], list | None, float, float]:
    """OCR every page of one file with one engine; (file, page texts, sohoa's header fields
    of each page as the pipeline reads them, with their certainty (None for the other
    engines), wall s, CPU s)."""
    engine, path = args
    import pytesseract

    from ocr.documents import document_fields
    from ocr.engine import Engine
    from ocr.options import OcrOptions
    from ocr.raster import iter_pages

    t0, c0 = time.perf_counter(), _cpu()
    if engine == "ocrmypdf":
        texts = _ocrmypdf(Path(path))
    elif engine == "sohoa":
        reader = Engine(OcrOptions(pdf_dpi=300))
        read = reader.read_all(Path(path), Path(path).name)
        texts = [p.text for p in read]
        fields = [document_fields([p]) for p in read]
        return Path(path).name, texts, fields, time.perf_counter() - t0, _cpu() - c0
    else:
        texts = [pytesseract.image_to_string(pg.rgb, lang="vie", config=f"--dpi {pg.dpi}")
                 for pg in iter_pages(Path(path), Path(path).name, 300)]
    return Path(path).name, texts, None, time.perf_counter() - t0, _cpu() - c0


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


def run_engine(engine: str, files: list[Path], workers: int):
    """((texts, header fields or None) by file, wall seconds, CPU seconds summed over files)."""
    t0 = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        done = list(pool.map(read_file, [(engine, str(f)) for f in files]))
    wall = time.perf_counter() - t0
    return ({name: (texts, fields) for name, texts, fields, _, _ in done}, wall,
            sum(c for *_, c in done))


def against_baselines(speed: dict[str, dict[str, float]]) -> str:
    """sohoa's pages per CPU-second as a multiple of each other engine's measured in the same
    run ("0.67× tesseract, 2.91× ocrmypdf"): the throughput figure, less dependent on the
    machine than the seconds; "" when sohoa or every other engine is missing."""
    own = speed.get("sohoa", {}).get("cpu_s_per_page")
    if not own:
        return ""
    return ", ".join(f"{s['cpu_s_per_page'] / own:.2f}× {e}" for e, s in speed.items()
                     if e != "sohoa" and s.get("cpu_s_per_page"))


def group_key(page: dict, by: str) -> str:
    if by == "rotation":
        return str(page["degradations"].get("rotation_cw_deg", 0))
    if by == "capture":
        if page.get("capture"):
            return page["capture"]
        return "phone photo" if page.get("photo") else f"scan {MODES.get(page['color_mode'])}"
    if by == "dpi":
        return "photo" if page.get("photo") else str(page["dpi"])
    if by == "legible":
        return legible(page)
    return str(page.get(by))


def legible(page: dict) -> str:
    """yes: every word of the page can be read on the capture (1-bit: half its ink is still
    black; grey or colour: 12 grey levels darker than the paper; the corpus builder measures
    it, benchmarks/corpus/legibility.py); no: some text is erased from the pixels;
    unmeasured: a corpus without that measure (dev, dev-wide)."""
    seen = page.get("legibility")
    return "unmeasured" if seen is None else "yes" if seen["legible"] else "no"


def name_visible(page: dict) -> bool | None:
    """Whether a person could read the signer's name on the capture: not on a 1-bit scan
    where the seal's ink (as black as the print there) covers most of a letter of it (the
    corpus builder counts those letters, benchmarks/corpus/layout.py); None when unmeasured."""
    covered = [s["name_letters_covered"] for s in page.get("seal") or []
               if "name_letters_covered" in s]
    if not covered:
        return None
    return page.get("color_mode") != "bilevel" or max(covered) == 0


def resolve_sets(args) -> list[tuple[str, Path]]:
    if args.corpus:
        return [(Path(args.corpus).name, Path(args.corpus))]
    known = {"held-out": Path(args.bench_corpus) / "held-out",
             "tuning": Path(args.bench_corpus) / "tuning",
             "dev": ROOT.parent / "shared/bench/dev",
             "dev-wide": ROOT.parent / "shared/bench/dev-wide"}
    out = []
    for name in (s.strip() for s in args.sets.split(",") if s.strip()):
        path = known.get(name, Path(name))
        if not (path / "manifest.json").exists():
            hint = (" (make bench-corpus writes it)" if name in ("held-out", "tuning") else "")
            raise SystemExit(f"ocr_quality: no manifest.json in {path}{hint}")
        out.append((name if name in known else path.name, path))
    return out


def resolve_engines(spec: str) -> list[str]:
    wanted = [ALIASES.get(e.strip(), e.strip()) for e in spec.split(",") if e.strip()]
    bad = [e for e in wanted if e not in ENGINES]
    if bad:
        raise SystemExit(f"ocr_quality: unknown engine {', '.join(bad)} "
                         f"(choose from {', '.join(ENGINES)})")
    engines = [e for e in ENGINES if e in wanted]
    if "ocrmypdf" in engines:
        if shutil.which("ocrmypdf") or (Path(sys.executable).parent / "ocrmypdf").exists():
            os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
        else:
            print("ocrmypdf not installed: its column is left out (make bench-ocr installs it)",
                  file=sys.stderr)
            engines.remove("ocrmypdf")
    return engines


def measure_set(name: str, corpus: Path, engines: list[str], args) -> dict:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    pages = manifest["pages"]
    files = sorted({corpus / p["file"] for p in pages})[: args.limit or None]
    names = {f.name for f in files}
    pages = [p for p in pages if p["file"] in names]
    truth = {p["id"]: (corpus / p["gt_file"]).read_text(encoding="utf-8") for p in pages}

    results, wall, cpu = {}, {}, {}
    for engine in engines:
        results[engine], wall[engine], cpu[engine] = run_engine(engine, files, args.workers)
        print(f"[{name}] {engine}: {len(pages)} pages in {wall[engine]:.0f} s wall, "
              f"{cpu[engine]:.0f} CPU-s ({args.workers} workers)", file=sys.stderr, flush=True)

    hyp = {e: {} for e in engines}
    read_fields = {e: {} for e in engines}  # sohoa's own fields, with their certainty
    per_page = {e: {} for e in engines}
    for e, by_file in results.items():
        for p in pages:
            texts, fields = by_file[p["file"]]
            hyp[e][p["id"]] = texts[p["page_index"]] if p["page_index"] < len(texts) else ""
            if fields is not None and p["page_index"] < len(fields):
                read_fields[e][p["id"]] = fields[p["page_index"]]
            per_page[e][p["id"]] = scores(truth[p["id"]], hyp[e][p["id"]])

    if args.texts:
        for e in engines:
            folder = Path(args.texts) / name / e
            folder.mkdir(parents=True, exist_ok=True)
            for pid, text in hyp[e].items():
                (folder / f"{pid}.txt").write_text(text, encoding="utf-8")

    print(f"\n=== {name}: {len(pages)} pages in {len(files)} files ({corpus}) ===")
    rows = [("all", "", [p["id"] for p in pages])]
    for by in GROUPS:
        groups = defaultdict(list)
        for p in pages:
            groups[group_key(p, by)].append(p["id"])
        order = (["clean", "mild", "moderate", "harsh"] if by == "severity"
                 else ["yes", "no", "unmeasured"] if by == "legible"
                 else sorted(groups, key=lambda k: (len(k), k)) if by in ("rotation", "dpi")
                 else sorted(groups))
        rows += [(by, k, groups[k]) for k in order if k in groups]
    head = f"{'group':<32}{'pages':>6}"
    for metric in ("CER", "WER", "F1"):
        head += "  " + "".join(f"{metric + ' ' + SHORT[e]:>13}" for e in engines)
    print(head)
    print("-" * len(head))
    figures = []
    for by, key, ids in rows:
        label = by if by == "all" else f"{by}={key}"
        sums = {e: summary([per_page[e][i] for i in ids]) for e in engines}
        line = f"{label[:31]:<32}{len(ids):>6}"
        for metric in ("cer", "wer", "f1"):
            line += "  " + "".join(f"{sums[e][metric]:>13.1%}" for e in engines)
        print(line)
        figures.append({"group": label, "pages": len(ids), **sums})

    checks = {}
    rotated = [p for p in pages if p["degradations"].get("rotation_cw_deg")]
    signed = [p for p in pages if p.get("signer_name") and p["signer_name"] in truth[p["id"]]]
    firsts = [p for p in pages if p["page_index"] == 0]
    ref_fields = {p["id"]: extract_header(truth[p["id"]].splitlines()) for p in firsts}
    print()
    for e in engines:
        upright = sum(summary([per_page[e][p["id"]]])["f1"] >= 0.5 for p in rotated)
        named = [p for p in signed if norm(p["signer_name"]) in norm(hyp[e][p["id"]])]
        signer = len(named)
        visible = [p for p in signed if name_visible(p)]
        seen_named = sum(bool(name_visible(p)) for p in named)
        right, total, by_field = 0, 0, {}
        wrong, sure_wrong, by_hand, unsure = 0, [], [0, 0], {}
        for p in firsts:
            # sohoa's fields as the pipeline reads them (line confidences give their
            # certainty); the other engines' off their text
            own = p["id"] in read_fields[e]
            got = read_fields[e][p["id"]] if own else \
                extract_header(hyp[e][p["id"]].splitlines()).as_dict()
            hand = bool(p.get("layout", {}).get("handwritten"))
            for f in FIELDS:
                want = getattr(ref_fields[p["id"]], f)
                if want is None:
                    continue
                have = got.get(f)
                ok = have is not None and have["value"] == want.value
                right, total = right + ok, total + 1
                r, t = by_field.get(f, (0, 0))
                by_field[f] = (r + ok, t + 1)
                if f in ("number", "date") and hand:
                    by_hand = [by_hand[0] + ok, by_hand[1] + 1]
                if f in ("number", "date") and have is not None and own:
                    k = "by hand" if hand else "printed"
                    u, n = unsure.get(k, (0, 0))
                    unsure[k] = (u + (have["certainty"] < SURE), n + 1)
                if have is not None and not ok:
                    wrong += 1
                    if own and have["certainty"] >= SURE:
                        sure_wrong.append(f"{p['id']} {f} {have['value']!r}")
        checks[e] = {"rotated_upright": [upright, len(rotated)], "signer": [signer, len(signed)],
                     "signer_visible": [seen_named, len(visible)],
                     "fields": [right, total], "by_field": by_field,
                     "fields_wrong": wrong, "fields_by_hand": by_hand}
        if read_fields[e]:
            checks[e]["fields_wrong_sure"] = sure_wrong
            checks[e]["number_date_unsure"] = unsure
        fields = ", ".join(f"{f} {r}/{t}" for f, (r, t) in by_field.items())
        hidden = [p["id"] for p in signed if name_visible(p) is False]
        print(f"{e:<9} rotated pages read upright {upright}/{len(rotated)}; signer name read "
              f"{signer}/{len(signed)} ({signer / max(1, len(signed)):.0%})"
              + (f", {seen_named}/{len(visible)} where no letter of it is under a 1-bit seal's "
                 f"ink (covered on {', '.join(hidden)})" if hidden else "")
              + f"; header fields exact {right}/{total} ({right / max(1, total):.1%}: {fields})"
              + (f"; handwritten number/date {by_hand[0]}/{by_hand[1]}" if by_hand[1] else ""))
        if read_fields[e]:
            print(f"{e:<9} header fields read wrong {wrong}, of them given as sure "
                  f"(certainty >= {SURE}, believed against the register) {len(sure_wrong)}"
                  + (": " + ", ".join(sure_wrong) if sure_wrong else ""))
            print(f"{e:<9} numbers and dates given unsure (certainty < {SURE}): " + "; ".join(
                f"{k} {u}/{n}" for k, (u, n) in sorted(unsure.items())))

    print()
    worst = {}
    for e in engines:
        ranked = sorted(pages, key=lambda p: -summary([per_page[e][p["id"]]])["cer"])[:5]
        worst[e] = [(p["id"], summary([per_page[e][p["id"]]])["cer"]) for p in ranked]
        print(f"worst CER {e:<9} " + ", ".join(f"{pid} {c:.1%}" for pid, c in worst[e]))
    readable = [p for p in pages if legible(p) == "yes"]
    above = {}
    if any(legible(p) != "unmeasured" for p in pages):
        for e in engines:
            cers = {p["id"]: summary([per_page[e][p["id"]]])["cer"] for p in readable}
            above[e] = sorted((pid for pid, c in cers.items() if c > LEGIBLE_MAX),
                              key=lambda pid: -cers[pid])
            print(f"legible pages above {LEGIBLE_MAX:.0%} CER, {e:<9} {len(above[e])} of "
                  f"{len(readable)}" + (": " + ", ".join(f"{pid} {cers[pid]:.1%}"
                                                        for pid in above[e]) if above[e] else ""))

    speed = {e: {"pages_per_min": 60 * len(pages) / wall[e], "cpu_s_per_page":
                 cpu[e] / max(1, len(pages)), "wall_s": wall[e], "cpu_s": cpu[e]}
             for e in engines}
    print(f"\nspeed on {args.workers} worker(s): " + "; ".join(
        f"{e} {speed[e]['cpu_s_per_page']:.2f} CPU-s/page, {speed[e]['pages_per_min']:.1f} "
        f"pages/min" for e in engines), flush=True)
    if ratios := against_baselines(speed):
        print(f"sohoa's pages per CPU-second against the others', same run: {ratios}",
              flush=True)
    return {"set": name, "corpus": str(corpus), "pages": len(pages), "files": len(files),
            "rows": figures, "checks": checks, "speed": speed, "worst": worst,
            "legible_pages": len(readable), "legible_above": above,
            "per_page": {e: {pid: summary([c])["cer"] for pid, c in per_page[e].items()}
                         for e in engines},
            "fields": {e: read_fields[e] for e in engines if read_fields[e]}}


def print_summary(done: list[dict], engines: list[str]) -> None:
    print("\n=== summary (held-out first) ===")
    head = (f"{'set':<10}{'engine':<11}{'pages':>6}{'CER':>8}{'WER':>8}{'F1':>8}"
            f"{'header fields':>20}{'signer':>12}{'name visible':>14}{'CPU-s/page':>12}"
            f"{'pages/min':>11}"
            f"{'CER legible':>13}{'legible >8%':>13}")
    print(head)
    print("-" * len(head))
    for d in done:
        for e in engines:
            allrow = next(r for r in d["rows"] if r["group"] == "all")[e]
            r, t = d["checks"][e]["fields"]
            s, n = d["checks"][e]["signer"]
            vs, vn = d["checks"][e].get("signer_visible", (0, 0))
            visible = f"{vs}/{vn}" if vn else "-"
            sp = d["speed"][e]
            row = next((r for r in d["rows"] if r["group"] == "legible=yes"), None)
            cer_legible = f"{row[e]['cer']:.1%} ({row['pages']})" if row else "-"
            above = (f"{len(d['legible_above'][e])}/{d['legible_pages']}"
                     if e in d.get("legible_above", {}) else "-")
            print(f"{d['set']:<10}{e:<11}{d['pages']:>6}{allrow['cer']:>8.1%}{allrow['wer']:>8.1%}"
                  f"{allrow['f1']:>8.1%}{f'{r}/{t} ({r / max(1, t):.0%})':>20}"
                  f"{f'{s}/{n}':>12}{visible:>14}{sp['cpu_s_per_page']:>12.2f}"
                  f"{sp['pages_per_min']:>11.1f}"
                  f"{cer_legible:>13}{above:>13}")
    for d in done:
        if ratios := against_baselines(d["speed"]):
            print(f"{d['set']:<10}sohoa's pages per CPU-second: {ratios}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default=",".join(SETS),
                    help="comma-separated: held-out, tuning, dev, dev-wide, or folders "
                         "(default: all four, in that order)")
    ap.add_argument("--corpus", default=os.environ.get("SOHOA_BENCH_CORPUS"),
                    help="measure this one corpus folder instead of --sets")
    ap.add_argument("--bench-corpus", default=str(ROOT / ".sohoa/bench-corpus"),
                    help="where make bench-corpus wrote held-out/ and tuning/")
    ap.add_argument("--engines", default=",".join(ENGINES),
                    help="comma-separated: sohoa, tesseract (or baseline), ocrmypdf")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--limit", type=int, default=0, help="first N files of each set only")
    ap.add_argument("--json", help="also write the figures to this file (after each set)")
    ap.add_argument("--texts", help="also write each engine's page texts to this folder")
    args = ap.parse_args()
    sets = resolve_sets(args)
    engines = resolve_engines(args.engines)
    if not engines:
        raise SystemExit("ocr_quality: no engine to run")
    print(f"sets: {', '.join(n for n, _ in sets)}; engines: {', '.join(engines)}; "
          f"{args.workers} workers", flush=True)
    done = []
    t0 = time.perf_counter()
    for name, corpus in sets:
        done.append(measure_set(name, corpus, engines, args))
        if args.json:
            Path(args.json).write_text(json.dumps({"engines": engines, "sets": done},
                                                  indent=1, ensure_ascii=False),
                                       encoding="utf-8")
    print_summary(done, engines)
    print(f"\n{time.perf_counter() - t0:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
