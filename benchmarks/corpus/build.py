"""Writing the two splits: page images, ground truth and a manifest per split.

For each split, its documents (texts.py) are rendered in turn, round after round, each time
with another font, size, header layout, marks and capture, until the split has its pages;
every choice comes from `random.Random` seeded with the corpus seed, the split and the
rendering's number, so a seed gives the same files. Fonts, captures and scan resolutions are
dealt from shuffled decks (every kind before any kind twice), the same decks for both splits,
so that held-out and tuning are equally hard; texts, styles and pixel draws are each split's.

Files follow ../shared/bench/dev/README.md: `<id>.{png,jpg,tif,pdf}` (PDF: one image per
page, JPEG or CCITT G4, no text layer; TIFF: G4, deflate or JPEG), `<id>_pK.gt.txt`, and a
`manifest.json` with the same keys (plus `capture`, `layout`, `text_key`, `split`).
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

from benchmarks.corpus import legibility
from benchmarks.corpus.capture import Capture, phone, scan
from benchmarks.corpus.fonts import survey
from benchmarks.corpus.layout import Style, render
from benchmarks.corpus.model import Doc, Item, Table
from benchmarks.corpus.texts import DOCS, check_splits

SPLITS = ("held-out", "tuning")
PREFIX = {"held-out": "held", "tuning": "tune"}
DEFAULT_SEED = 2611
DEFAULT_PAGES = 40

#: The capture deck: (kind, colour mode, severity). Dealt shuffled, again and again.
CARDS = (
    ("flatbed", "rgb", "clean"), ("flatbed", "rgb", "mild"), ("flatbed", "rgb", "moderate"),
    ("flatbed", "rgb", "harsh"), ("flatbed", "gray", "clean"), ("flatbed", "gray", "mild"),
    ("flatbed", "gray", "moderate"), ("flatbed", "gray", "harsh"),
    ("flatbed", "bilevel", "clean"), ("flatbed", "bilevel", "mild"),
    ("flatbed", "bilevel", "moderate"), ("flatbed", "bilevel", "harsh"),
    ("adf", "gray", "mild"), ("adf", "gray", "moderate"), ("adf", "bilevel", "moderate"),
    ("adf", "rgb", "harsh"),
    ("phone", "rgb", "mild"), ("phone", "rgb", "moderate"), ("phone", "rgb", "harsh"),
    ("phone", "rgb", "mild"), ("phone", "rgb", "moderate"),
)
#: a deck of phone photos taken close (the sheet fills the picture), for `--captures close`
CLOSE_CARDS = (("phone-close", "rgb", "mild"), ("phone-close", "rgb", "moderate"),
               ("phone-close", "rgb", "harsh"))
#: formats a file may take, by colour mode (single-page only: png, jpg)
FORMATS = {"rgb": ("pdf", "pdf", "jpg", "png", "tif"), "gray": ("tif", "tif", "pdf", "png", "jpg"),
           "bilevel": ("tif", "pdf", "png")}
CERTIFICATES = ("ho_kinh_doanh", "giay_xac_nhan", "trich_luc", "giay_phep")
INCOMING = ("cong_van", "thong_bao", "giay_moi", "to_trinh", "quyet_dinh")


def generator_id() -> str:
    """The generator's version: a hash of this package's source, so a change rebuilds."""
    h = hashlib.sha256()
    for p in sorted(Path(__file__).parent.glob("*.py")):
        h.update(p.read_bytes())
    return f"benchmarks/corpus {h.hexdigest()[:12]}"


class Deck:
    """Cards dealt from a shuffled pack; a fresh shuffle when it runs out."""

    def __init__(self, cards, rnd: random.Random):
        self.cards, self.rnd, self.pack = list(cards), rnd, []

    def deal(self, ok=lambda c: True):
        for _ in range(2):
            for i, c in enumerate(self.pack):
                if ok(c):
                    return self.pack.pop(i)
            fresh = self.cards[:]
            self.rnd.shuffle(fresh)
            self.pack += fresh
        raise ValueError("no card fits")


def choose_style(doc: Doc, family, rnd: random.Random) -> Style:
    header = doc.header
    if doc.kind in CERTIFICATES and rnd.random() < 0.4:
        header = "one"
    red = (rnd.randint(190, 235), rnd.randint(20, 60), rnd.randint(30, 75))
    pen = rnd.choice(((25, 40, 140), (30, 55, 165), (20, 30, 110), (35, 35, 55)))
    return Style(
        family=family,
        body_pt=rnd.choice((12.5, 13.0, 13.0, 13.5, 14.0)),
        header=header,
        justify=rnd.random() < 0.85,
        lead=round(rnd.uniform(1.22, 1.42), 2),
        margins_mm=(rnd.uniform(15, 25), rnd.uniform(15, 25), rnd.uniform(25, 35),
                    rnd.uniform(12, 20)),
        ink=rnd.randint(0, 45),
        handwritten=rnd.random() < 0.3,
        stamp_copy=rnd.random() < (0.6 if doc.copy_note else 0.12),
        stamp_received=header == "two" and doc.kind in INCOMING and rnd.random() < 0.3,
        seal_rgb=red,
        seal_shift_mm=(round(rnd.uniform(-22, -6), 1), round(rnd.uniform(-2, 9), 1)),
        pen_rgb=pen,
        stamp_rgb=red if rnd.random() < 0.7 else (40, 60, 170),
    )


def layout_features(doc: Doc, style: Style, pages) -> dict:
    return {
        "header": style.header,
        "justified": style.justify,
        "table": any(isinstance(b, Table) for b in doc.body),
        "list": any(isinstance(b, Item) for b in doc.body),
        "handwritten": sorted({s for p in pages for s in p.handwritten}),
        "stamps": sorted({s["kind"] for p in pages for s in p.stamps}),
        "copy_note": doc.copy_note,
        "two_signatures": bool(doc.left_sign),
        "letter": doc.kind == "cong_van",
    }


def save(path: Path, frames: list[np.ndarray], fmt: str, mode: str, dpi: int,
         quality: int | None) -> None:
    ims = []
    for f in frames:
        im = Image.fromarray(f)
        ims.append(im.convert("1") if mode == "bilevel" else im)
    first, rest = ims[0], ims[1:]
    if fmt == "png":
        first.save(path, "PNG", dpi=(dpi, dpi), compress_level=6)
    elif fmt == "jpg":
        first.save(path, "JPEG", quality=quality, dpi=(dpi, dpi))
    elif fmt == "tif":
        comp = ("group4" if mode == "bilevel" else "jpeg" if quality else "tiff_deflate")
        extra = {"quality": quality} if quality else {}
        first.save(path, "TIFF", compression=comp, dpi=(dpi, dpi), save_all=True,
                   append_images=rest, **extra)
    else:  # pdf: one image per page, as a scanner writes it
        buf = io.BytesIO()
        extra = {"quality": quality} if quality else {}
        when = time.gmtime(1767225600)  # 2026-01-01, fixed: a seed gives the same bytes
        first.save(buf, "PDF", resolution=dpi, save_all=True, append_images=rest,
                   creationDate=when, modDate=when, **extra)
        path.write_bytes(buf.getvalue())


def build_split(out: Path, split: str, seed: int, pages_wanted: int, log=print,
                cards_dealt: tuple = CARDS, faces: str = "corpus") -> dict:
    families, _ = survey(faces)
    docs = [d for d in DOCS if d.split == split]
    order_rnd = random.Random(f"{seed}/{split}/order")
    order_rnd.shuffle(docs)
    # The plan (font, capture, resolution, rotation, show-through, fading, format) is dealt
    # the same way for both splits, so their difficulty matches; the texts, the styles and
    # every pixel-level draw are the split's own.
    fonts = Deck(families, random.Random(f"{seed}/fonts"))
    cards = Deck(cards_dealt, random.Random(f"{seed}/captures"))
    dpis = Deck((300, 300, 200), random.Random(f"{seed}/dpi"))
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(f"{PREFIX[split]}-*"):
        old.unlink()
    documents, pages_out = [], []
    n_pages, i = 0, 0
    while n_pages < pages_wanted:
        doc = docs[i % len(docs)]
        rnd = random.Random(f"{seed}/{split}/{i}")
        doc_id = f"{PREFIX[split]}-{i + 1:03d}"
        family = fonts.deal()
        style = choose_style(doc, family, rnd)
        pages = render(doc, style, rnd)
        one = len(pages) == 1
        try:
            kind, mode, sev = cards.deal(lambda c, one=one: one or not c[0].startswith("phone"))
        except ValueError:  # a deck of photos only, and a photo is of one page
            i += 1
            continue
        close = kind == "phone-close"
        kind = "phone" if close else kind
        dpi = 300 if kind == "phone" else dpis.deal()
        plan = random.Random(f"{seed}/plan/{i}")
        rot = 0
        if sev != "clean" and plan.random() < 0.2:
            rot = plan.choice((90, 180, 270) if kind != "phone" else (90, 270))
        rot_page = plan.randrange(len(pages)) if rot and plan.random() < 0.6 else None
        show = plan.random() < {"clean": 0, "mild": 0.1, "moderate": 0.35, "harsh": 0.5}[sev]
        faded = plan.random() < {"clean": 0, "mild": 0.05, "moderate": 0.35, "harsh": 0.5}[sev]
        if kind == "phone":
            fmt = "jpg"
        else:
            fmts = [f for f in FORMATS[mode] if len(pages) == 1 or f in ("pdf", "tif")]
            if sev not in ("clean", "mild"):
                fmts = [f for f in fmts if f != "png"] or fmts
            fmt = plan.choice(fmts)
        lossy = fmt == "jpg" or (fmt in ("pdf", "tif") and mode != "bilevel"
                                 and (fmt == "pdf" or plan.random() < 0.5))
        quality = plan.randint(55, 92) if lossy else None
        back = None
        if show:
            other = docs[(i + 1 + rnd.randrange(len(docs) - 1)) % len(docs)]
            back_pages = render(other, Style(families[0], header=other.header),
                                random.Random(f"{seed}/{split}/{i}/back"))
            back = np.asarray(back_pages[0].image)
        frames, metas = [], []
        for k, pg in enumerate(pages):
            cap = Capture(kind, mode, dpi, sev,
                          rotation_cw=rot if rot and (rot_page is None or rot_page == k) else 0,
                          show_through=show, faded=faded, close=close)
            fn = phone if kind == "phone" else scan
            res = fn(np.asarray(pg.image), back, cap, random.Random(f"{seed}/{split}/{i}/{k}"))
            eff = res.degradations.get("perspective", {}).get("effective_dpi")
            seen = legibility.measure(res.image, res.ink, mode, eff or cap.dpi)
            res.ink = None
            frames.append(res.image)
            metas.append((cap, res, seen))
        file = f"{doc_id}.{fmt}"
        save(out / file, frames, fmt, mode, metas[0][1].dpi, quality)
        size = (out / file).stat().st_size
        for k, (pg, (cap, res, seen)) in enumerate(zip(pages, metas, strict=True)):
            gt = f"{doc_id}_p{k + 1}.gt.txt"
            text = "\n".join(pg.lines)
            (out / gt).write_text(text + "\n", encoding="utf-8")
            h, w = res.image.shape[:2]
            eff = res.degradations.get("perspective", {}).get("effective_dpi")
            pages_out.append({
                "id": f"{doc_id}_p{k + 1}", "file": file, "page_index": k, "gt_file": gt,
                "doc_id": doc_id, "doc_type": doc.kind, "severity": sev,
                "dpi": eff or cap.dpi, "font": family.name, "body_pt": style.body_pt,
                "body_source": f"benchmarks/corpus/texts.py:{doc.key}",
                "color_mode": mode, "format": fmt, "width": w, "height": h,
                "photo": kind == "phone", "capture": cap.label,
                "degradations": res.degradations, "scan": res.scan, "seal": pg.seals,
                "signer_name": doc.signer if pg.seals else None,
                "gt_chars": len(text), "stored_jpeg_quality": quality,
                "legibility": seen,
                "layout": layout_features(doc, style, [pg]),
                "text_key": doc.key, "split": split,
            })
        documents.append({
            "doc_id": doc_id, "file": file, "format": fmt, "pages": len(pages),
            "doc_type": doc.kind, "body_source": f"benchmarks/corpus/texts.py:{doc.key}",
            "color_mode": mode, "bytes": size, "text_key": doc.key, "font": family.name,
            "capture": metas[0][0].label, "severity": sev,
            "layout": layout_features(doc, style, pages),
        })
        n_pages += len(pages)
        log(f"{split}: {file:<14} {len(pages)} p  {doc.key:<28} {family.name:<22} "
            f"{metas[0][0].label:<14} {sev:<8} {fmt}"
            + (f" rot {rot}" if rot else ""))
        i += 1
    _, skipped = survey(faces)
    manifest = {
        "split": split, "seed": seed, "pages_requested": pages_wanted,
        "captures": "close" if cards_dealt == CLOSE_CARDS else "all", "faces": faces,
        "generator": generator_id(), "fonts_skipped": list(skipped),
        "documents": documents, "pages": pages_out,
        "total_bytes": sum(d["bytes"] for d in documents),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    (out / "README.md").write_text(readme(split, manifest), encoding="utf-8")
    return manifest


def readme(split: str, m: dict) -> str:
    pages = m["pages"]

    def count(key) -> str:
        c = Counter(key(p) for p in pages)
        return ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: -kv[1]))

    texts = sorted({p["text_key"] for p in pages})
    return (
        f"# sohoa bench corpus: {split}\n\n"
        f"Made by `make bench-corpus` (benchmarks/corpus/, seed {m['seed']}, "
        f"{m['generator']}). Same file patterns, ground-truth conventions and manifest as "
        "../shared/bench/dev (see benchmarks/corpus/layout.py for what the ground truth "
        "holds).\n\n"
        + ("**Held-out: never look at these pages, their texts or per-page results while "
           "changing the engine.** Measure on them only to report.\n\n"
           if split == "held-out" else
           "Tuning: look at these freely while changing the engine.\n\n")
        + f"| | |\n|---|---|\n| pages / files | {len(pages)} / {len(m['documents'])} |\n"
        f"| texts | {len(texts)} |\n"
        f"| severity | {count(lambda p: p['severity'])} |\n"
        f"| capture | {count(lambda p: p['capture'])} |\n"
        f"| format | {count(lambda p: p['format'])} |\n"
        f"| dpi (photos: effective) | {count(lambda p: p['dpi'])} |\n"
        f"| fonts | {count(lambda p: p['font'])} |\n"
        f"| rotated | {sum(1 for p in pages if p['degradations'].get('rotation_cw_deg'))} |\n"
    )


def build(out: Path, seed: int = DEFAULT_SEED, pages: int = DEFAULT_PAGES,
          force: bool = False, log=print, splits: tuple[str, ...] = SPLITS,
          captures: str = "all", faces: str = "corpus") -> dict[str, dict]:
    """Each split in ``splits`` written under ``out`` (kept when up to date). ``captures``:
    "all" (the deck the corpus is measured with) or "close" (phone photos held close only);
    ``faces``: "corpus" (the faces it is measured with) or "unseen" (faces it never uses)."""
    check_splits()
    cards = CLOSE_CARDS if captures == "close" else CARDS
    made = {}
    for split in splits:
        folder = out / split
        mf = folder / "manifest.json"
        if mf.exists() and not force:
            m = json.loads(mf.read_text(encoding="utf-8"))
            if (m.get("seed"), m.get("pages_requested"), m.get("generator"),
                    m.get("captures", "all"), m.get("faces", "corpus")) == \
                    (seed, pages, generator_id(), captures, faces):
                log(f"{split}: up to date ({len(m['pages'])} pages in {folder})")
                made[split] = m
                continue
        made[split] = build_split(folder, split, seed, pages, log, cards, faces)
    return made
