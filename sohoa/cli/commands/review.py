"""`sohoa review`: what the machine could not decide and a person must look at, and the
person's confirmation (an audit event naming them)."""

from __future__ import annotations

import getpass

from pipeline.errors import ExitCode, UsageError
from pipeline.render.cells import terminal_safe


def review_list(args, app) -> int:
    held = app.catalogue.held_documents()
    print(f"Chờ xác nhận (held, not counted until confirmed): {len(held)}")
    for d in held:
        print(f"  {d.sha256[:12]}  {terminal_safe(d.result_id or '(unmatched)')}  "
              f"{terminal_safe(d.file_name)}: blank page(s), {d.pages} page(s) in all")
    return ExitCode.OK


def review_confirm(args, app) -> int:
    actor = (args.by or getpass.getuser()).strip()
    if not actor:
        raise UsageError("say who confirms", hint="--by 'Nguyễn Văn A'")
    done = app.catalogue.confirm(args.ref, actor, args.note or "")
    if not done:
        raise UsageError(f"no held document {args.ref}",
                         hint="see `sohoa review list` for result ids and SHA-256 prefixes")
    for sha in done:
        print(f"{sha[:12]}: confirmed by {actor}: counted from now on")
    return ExitCode.OK
