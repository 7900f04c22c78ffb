"""Train the signer's name reader: trueocr's line reader fine-tuned on name lines under seals.

    python -m benchmarks.namereader --out ocr/models/names     (make train-names)

Draws ``--lines`` name lines (`benchmarks.namereader.lines`, seed ``--seed``), fine-tunes every
weight of trueocr's ``rec.onnx`` on them with CTC (batch-norm statistics kept), writes the
model to ``--out`` (``rec.onnx``, trueocr's ``meta.json`` renamed, the licence notice), and
reports how many of ``--check`` lines drawn with another seed each model reads exactly. Needs
PyTorch (``pip install -e '.[train]'``: the CPU build); about 13 minutes on two idle cores.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import distribution
from pathlib import Path

import numpy as np

from benchmarks.namereader.lines import draw

MODEL_NAME = "sohoa-names-r01"


def _batch(seed: int, n: int, prepare: tuple[int, float, float] | None, draw_line=draw):
    """``n`` lines of seed ``seed`` (``draw_line``: a module-level function of a
    `random.Random` giving an object with ``image`` and ``text``): as the reader sees them (ink
    maps, uint8) when ``prepare`` gives trueocr's (max_width, pad_y, pad_x), else as drawn."""
    from trueocr.preprocess import prepare_image

    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        line = draw_line(rnd)
        if prepare is None:
            out.append((line.image, line.text))
            continue
        max_width, pad_y, pad_x = prepare
        ink = prepare_image(line.image, max_width=max_width, pad_y=pad_y, pad_x=pad_x)
        out.append(((ink * 255).round().astype(np.uint8), line.text))
    return out


def drawn(seed: int, n: int, workers: int, meta: dict | None = None, draw_line=draw
          ) -> list[tuple[np.ndarray, str]]:
    """``n`` lines (``draw_line``: name lines by default) with their texts, as the reader sees
    them when trueocr's ``meta`` is given (else as drawn), in chunks of 500 lines, chunk k
    from seed ``seed * 1000 + k``."""
    prepare = None if meta is None else (meta["max_width"], meta["pad_y"], meta["pad_x"])
    chunks = [(seed * 1000 + k, min(500, n - 500 * k)) for k in range(math.ceil(n / 500))]
    with ProcessPoolExecutor(workers) as pool:
        parts = pool.map(_batch, *zip(*chunks, strict=True), [prepare] * len(chunks),
                         [draw_line] * len(chunks))
        return [item for part in parts for item in part]


def exact(model_dir: Path, lines: list[tuple[np.ndarray, str]]) -> int:
    """How many lines (as drawn) trueocr's reader with the model in ``model_dir`` reads
    exactly."""
    from trueocr.recognizer import Recognizer

    read = Recognizer(model_dir, threads=2).predict([image for image, _ in lines])
    return sum(p.text == text for p, (_, text) in zip(read, lines, strict=True))


def train(stock: Path, lines: list[tuple[np.ndarray, str]], epochs: int, lr: float,
          seed: int, batch: int = 16):
    import torch
    from trueocr.preprocess import pad_batch

    from benchmarks.namereader.graph import OnnxGraph

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    meta = json.loads((stock / "meta.json").read_text(encoding="utf-8"))
    index = {c: i + 1 for i, c in enumerate(meta["charset"])}
    usable = [(ink, text) for ink, text in lines if all(c in index for c in text)]
    order = sorted(range(len(usable)), key=lambda i: usable[i][0].shape[1])
    batches = [order[i:i + batch] for i in range(0, len(order), batch)]
    graph = OnnxGraph(stock / "rec.onnx")
    graph.eval()
    opt = torch.optim.Adam(graph.parameters(), lr=lr)
    steps = epochs * len(batches)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps,
                                                pct_start=0.15)
    ctc = torch.nn.CTCLoss(blank=0, zero_infinity=True)
    rnd = random.Random(seed)
    t0, step = time.time(), 0
    for epoch in range(epochs):
        rnd.shuffle(batches)
        total = 0.0
        for b in batches:
            inks = [usable[i][0].astype(np.float32) / 255 for i in b]
            texts = [usable[i][1] for i in b]
            x, widths = pad_batch(inks)
            log_probs, lengths = graph(torch.from_numpy(x), torch.from_numpy(widths))
            targets = torch.tensor([index[c] for t in texts for c in t], dtype=torch.long)
            target_lengths = torch.tensor([len(t) for t in texts], dtype=torch.long)
            loss = ctc(log_probs.permute(1, 0, 2), targets, lengths.long(), target_lengths)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
            step += 1
            if step % 200 == 0:
                print(f"  step {step}/{steps}: loss {total / (step - epoch * len(batches)):.3f}"
                      f" ({time.time() - t0:.0f} s)", flush=True)
        print(f"epoch {epoch + 1}: mean loss {total / len(batches):.3f}", flush=True)
    return graph


def write_model(graph, out: Path, meta: dict, name: str) -> None:
    """The trained graph as ``out/rec.onnx``, trueocr's ``meta.json`` named ``name`` (its
    ``base`` the stock model's name) and trueocr's licence beside it."""
    out.mkdir(parents=True, exist_ok=True)
    graph.export(out / "rec.onnx")
    (out / "meta.json").write_text(
        json.dumps({**meta, "name": name, "base": meta["name"]}, ensure_ascii=False,
                   indent=1) + "\n", encoding="utf-8")
    licence = next(f for f in distribution("trueocr").files or () if f.name == "LICENSE")
    shutil.copy(licence.locate(), out / "LICENSE")


def main(argv: list[str] | None = None) -> int:
    import trueocr

    ap = argparse.ArgumentParser(prog="python -m benchmarks.namereader", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("ocr/models/names"))
    ap.add_argument("--lines", type=int, default=24000)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--check", type=int, default=1000, help="lines drawn apart to compare on")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    stock = Path(trueocr.__file__).parent / "models"
    meta = json.loads((stock / "meta.json").read_text(encoding="utf-8"))
    t0 = time.time()
    lines = drawn(args.seed, args.lines, args.workers, meta)
    check = drawn(args.seed + 100_000, args.check, args.workers)
    print(f"drew {len(lines)} lines to train on and {len(check)} to check on "
          f"({time.time() - t0:.0f} s)", flush=True)
    write_model(train(stock, lines, args.epochs, args.lr, args.seed), args.out, meta,
                MODEL_NAME)
    before, after = exact(stock, check), exact(args.out, check)
    print(f"lines drawn apart (seed {args.seed + 100_000}) read exactly: stock {before}/"
          f"{len(check)}, trained {after}/{len(check)} ({time.time() - t0:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
