"""Train the faded-print reader: trueocr's line reader fine-tuned on lines of running text as a
poor scan leaves them.

    python -m benchmarks.fadedreader --out ocr/models/faded     (make train-faded)

Draws ``--lines`` lines (`benchmarks.fadedreader.lines`, seed ``--seed``; half of them as a
harsh 1-bit capture leaves them), fine-tunes every weight of trueocr's ``rec.onnx`` on them
with CTC (batch-norm statistics kept; the name reader's trainer, `benchmarks.namereader`),
writes the model to ``--out`` (``rec.onnx``, trueocr's ``meta.json`` renamed, the licence
notice), and reports each model's character error rate on ``--check`` lines drawn with
another seed. Needs PyTorch (``pip install -e '.[train]'``: the CPU build).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

from benchmarks.fadedreader.lines import draw
from benchmarks.namereader.__main__ import drawn, train, write_model

MODEL_NAME = "sohoa-faded-r01"


def cer(model_dir: Path, lines: list[tuple[np.ndarray, str]]) -> float:
    """Character error rate of trueocr's reader with the model in ``model_dir`` on ``lines``
    (as drawn)."""
    from trueocr.recognizer import Recognizer

    read = Recognizer(model_dir, threads=2).predict([image for image, _ in lines])
    edits = sum(Levenshtein.distance(p.text, text)
                for p, (_, text) in zip(read, lines, strict=True))
    return edits / max(1, sum(len(text) for _, text in lines))


def main(argv: list[str] | None = None) -> int:
    import trueocr

    ap = argparse.ArgumentParser(prog="python -m benchmarks.fadedreader", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("ocr/models/faded"))
    ap.add_argument("--lines", type=int, default=24000)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=4e-4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--check", type=int, default=500, help="lines drawn apart to compare on")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    stock = Path(trueocr.__file__).parent / "models"
    meta = json.loads((stock / "meta.json").read_text(encoding="utf-8"))
    t0 = time.time()
    lines = drawn(args.seed, args.lines, args.workers, meta, draw)
    check = drawn(args.seed + 100_000, args.check, args.workers, None, draw)
    print(f"drew {len(lines)} lines to train on and {len(check)} to check on "
          f"({time.time() - t0:.0f} s)", flush=True)
    write_model(train(stock, lines, args.epochs, args.lr, args.seed), args.out, meta,
                MODEL_NAME)
    before, after = cer(stock, check), cer(args.out, check)
    print(f"lines drawn apart (seed {args.seed + 100_000}), character error rate: stock "
          f"{100 * before:.2f}%, trained {100 * after:.2f}% ({time.time() - t0:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
