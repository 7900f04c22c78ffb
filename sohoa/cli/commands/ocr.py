"""`sohoa ocr`: read files into texts, fields and archival PDF/A copies, outside the archive."""

from __future__ import annotations

import sys

from pipeline.errors import ExitCode, UsageError


def ocr(args, app) -> int:
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}",
                         hint="check the paths")
    from ocr.files import expand, ocr_files

    app.check_ocr()
    # pages go to one OCR process per core; two files in flight keep them all busy
    eng = app.engine(pooled=True)
    out_dir = args.output_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    read = bad = 0
    for r in ocr_files(expand(args.paths), out_dir, eng, pdf=args.pdf, files_at_once=2):
        path = r.path
        if r.error:
            bad += 1
            print(f"{path.name}: not read: {r.error}", file=sys.stderr)
        else:
            read += 1
            flag = (f", {r.review} flagged for review" if r.review else "") + (
                f", {r.blank} blank" if getattr(r, "blank", 0) else "")
            print(f"{path.name}: {r.pages} page(s){flag}")
    print(f"{read} file(s) read into {out_dir}, {bad} not read")
    return ExitCode.BAD_INPUT if bad else ExitCode.OK
