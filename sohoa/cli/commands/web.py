"""`sohoa web` (the workspace on 127.0.0.1) and `sohoa user` (accounts and API tokens)."""

from __future__ import annotations

import getpass
import secrets
import sys
import threading

from pipeline.errors import ExitCode, UsageError

#: the first admin's password, written by `sohoa user first-admin` (owner-only)
FIRST_ADMIN_FILE = "admin-password"


def _server(app, port: int | None):
    import uvicorn

    from web.app import create_app

    config = uvicorn.Config(create_app(app), host="127.0.0.1",
                            port=port or app.settings.web_port, log_level="warning",
                            access_log=False, proxy_headers=False, server_header=False)
    return uvicorn.Server(config)


def web(args, app) -> int:
    """The workspace in the foreground, until Ctrl-C; the embedded store kept up."""
    server = _server(app, args.port)
    with app.keeps_store_up():
        if n := _workspace(app).index_missing():
            print(f"search: {n} document(s) catalogued before search indexed", flush=True)
        print(f"sohoa workspace: http://127.0.0.1:{server.config.port}/  (Ctrl-C stops it)",
              flush=True)
        if not app.catalogue.accounts():
            print(f"  no user yet: `sohoa user first-admin` makes one "
                  f"(password in {app.settings.state / FIRST_ADMIN_FILE})", flush=True)
        server.run()
    return ExitCode.OK


def start_in_background(app, port: int | None = None):
    """For `sohoa serve`: the workspace in a thread of this process. Returns the server
    (``should_exit = True`` stops it)."""
    server = _server(app, port)
    threading.Thread(target=server.run, name="sohoa-web", daemon=True).start()
    return server


def _password(args) -> tuple[str, bool]:
    """(password, whether it was generated)."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n"), False
    if args.generate:
        return secrets.token_urlsafe(15), True
    if not sys.stdin.isatty():
        raise UsageError("no password given", hint="--password-stdin, or --generate")
    first = getpass.getpass("Mật khẩu (password): ")
    if first != getpass.getpass("Nhập lại (again): "):
        raise UsageError("the two passwords differ")
    return first, False


def _workspace(app):
    from app.workspace import Workspace

    return Workspace(app)


def user_add(args, app) -> int:
    password, generated = _password(args)
    user = _workspace(app).add_user(args.name, args.role, password, args.unit or "",
                                    actor=getpass.getuser())
    print(f"user {user.name} ({user.role.value}{', unit ' + user.unit if user.unit else ''}) "
          "created")
    if generated:
        print(f"password (shown once): {password}")
    return ExitCode.OK


def user_password(args, app) -> int:
    password, generated = _password(args)
    _workspace(app).set_password(args.name, password, actor=getpass.getuser())
    print(f"password of {args.name} set; their open sessions are ended")
    if generated:
        print(f"password (shown once): {password}")
    return ExitCode.OK


def user_token(args, app) -> int:
    token = _workspace(app).new_token(args.name, actor=getpass.getuser())
    print(f"API token of {args.name} (shown once; the previous one stops working):\n{token}")
    return ExitCode.OK


def user_disable(args, app) -> int:
    """A user who leaves: no login, no API token, their sessions ended (the account and its
    audit trail stay)."""
    try:
        app.catalogue.set_disabled(args.name, not args.enable)
    except LookupError as exc:
        raise UsageError(str(exc), hint="see `sohoa user list`") from None
    what = "enabled" if args.enable else "disabled"
    app.catalogue.add_audit(f"user:{args.name}", "account", what, "", actor=getpass.getuser())
    print(f"user {args.name} {what}")
    return ExitCode.OK


def user_list(args, app) -> int:
    for a in app.catalogue.accounts():
        print(f"{a.user.name:20} {a.user.role.value:8} {a.user.unit or '(all units)':16} "
              f"{'token' if a.has_token else ''}{' DISABLED' if a.disabled else ''}")
    return ExitCode.OK


def first_admin(args, app) -> int:
    """The set-up's first admin: made once, its password written owner-only into the state
    folder (never printed); nothing is done when a user exists."""
    if app.catalogue.accounts():
        print("users exist already: no first admin made")
        return ExitCode.OK
    password = secrets.token_urlsafe(15)
    app.prepare_state()
    path = app.settings.state / FIRST_ADMIN_FILE
    _workspace(app).add_user("admin", "admin", password, actor="set-up")
    path.write_text(f"admin\n{password}\n", encoding="utf-8")
    path.chmod(0o600)
    print(f"user admin created; its password is in {path} (owner-only)")
    return ExitCode.OK
