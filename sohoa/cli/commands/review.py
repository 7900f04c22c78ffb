"""`sohoa review`, `sohoa match`, `sohoa attach`, `sohoa detach`: what the machine could not
decide and a person must look at, and the person's decisions (each an audit event naming
them)."""

from __future__ import annotations

import getpass
from pathlib import Path

from pipeline.errors import ExitCode, UsageError
from pipeline.matching import read_manifest
from pipeline.render.cells import terminal_safe


def _actor(args) -> str:
    actor = (args.by or getpass.getuser()).strip()
    if not actor:
        raise UsageError("say who decides", hint="--by 'Nguyễn Văn A'")
    return actor


def _where(d) -> str:
    return terminal_safe(d.file_name) + (f" p{d.page_range}" if d.page_range else "")


def review_list(args, app) -> int:
    cat = app.catalogue
    held = cat.held_documents()
    print(f"Chờ xác nhận (held, not counted until a person confirms): {len(held)}")
    for d in held:
        print(f"  {d.sha256[:12]}  {terminal_safe(d.result_id or '(unmatched)')}  {_where(d)}: "
              f"{terminal_safe(d.hold_reason or 'blank page(s)')}")
    unmatched = cat.unmatched_documents()
    print(f"Chưa khớp hồ sơ (unmatched, not counted): {len(unmatched)}")
    for d in unmatched:
        print(f"  {d.sha256[:12]}  {_where(d)}: {terminal_safe(d.match_note)}")
        for c in d.match.get("candidates") or []:
            score = "" if c.get("score") is None else f" {c['score']:.2f}"
            print(f"      candidate {terminal_safe(c['result_id'])}{score}: "
                  f"{terminal_safe(', '.join(c.get('evidence') or []))}")
    quarantined = cat.quarantined()
    print(f"Cách ly (quarantined files): {len(quarantined)}")
    for q in quarantined:
        print(f"  {terminal_safe(q.file_name)}: {terminal_safe(q.reason)}")
    flagged = cat.documents_with_findings()
    print(f"Kiểm tra đầu vào (intake findings): {len(flagged)} document(s)")
    for d in flagged:
        print(f"  {d.sha256[:12]}  {_where(d)}: {terminal_safe('; '.join(d.findings))}")
    return ExitCode.OK


def review_confirm(args, app) -> int:
    actor = _actor(args)
    done = app.catalogue.confirm(args.ref, actor, args.note or "")
    if not done:
        raise UsageError(f"no held document {args.ref} (nor one with pages flagged for review)",
                         hint="see `sohoa review list` for result ids and SHA-256 prefixes")
    for sha in done:
        print(f"{sha[:12]}: confirmed by {actor}: counted from now on")
    return ExitCode.OK


def match(args, app) -> int:
    from app.matching import rematch

    manifest = {}
    if args.manifest:
        if not Path(args.manifest).is_file():
            raise UsageError(f"{args.manifest} does not exist", hint="check the path")
        found = read_manifest(Path(args.manifest).read_bytes())
        for warning in found.warnings:
            print(f"warning: {warning}")
        manifest = found.rows
    before = len(app.catalogue.unmatched_documents())
    with app.object_store():
        done = rematch(app, manifest)
    for r in done:
        where = f" p{r.page_range}" if r.page_range else ""
        print(f"  {r.document[:12]}  {terminal_safe(r.file_name)}{where} -> "
              f"{terminal_safe(r.result_id)} ({terminal_safe(r.how)})")
    print(f"{len(done)} of {before} unmatched document(s) matched")
    return ExitCode.OK


def attach(args, app) -> int:
    from app.matching import attach as attach_doc

    actor = _actor(args)
    key = attach_doc(app, args.document, args.result_id, actor, args.note or "")
    print(f"{key[:12]}: matched to {args.result_id} by {actor}: counted from now on")
    return ExitCode.OK


def detach(args, app) -> int:
    from app.matching import detach as detach_doc

    actor = _actor(args)
    key = detach_doc(app, args.document, actor, args.note or "")
    print(f"{key[:12]}: match undone by {actor}: no longer counted")
    return ExitCode.OK
