"""`sohoa serve` (Prefect server + UI + served deployments) and `sohoa deploy` (work pool)."""

from __future__ import annotations

import os
import signal

from pipeline.errors import ExitCode, UsageError


def _export_settings(app) -> None:
    """Flow runs start as subprocesses (of `serve` or of a worker), maybe in another folder:
    give them the absolute state folder."""
    os.environ["SOHOA_STATE_DIR"] = str(app.settings.state)


def serve(args, app) -> int:
    """A Prefect server with its UI on 127.0.0.1, and the deployments served from here.

    The server wants the credentials in <state>/prefect/api-auth (basic auth); this process
    and the flow runs it starts (subprocesses, same environment) send them. With
    --no-server, PREFECT_API_URL (and PREFECT_API_AUTH_STRING if that server wants one) say
    where and how to connect."""
    api = os.environ.get("PREFECT_API_URL") if args.no_server else None
    if args.no_server and not api:
        raise UsageError("--no-server needs PREFECT_API_URL (the server to serve to)")
    from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, temporary_settings

    from sohoa.server import PrefectServer

    _export_settings(app)
    # `kill`, systemd or a container stop send SIGTERM: stop the server and SeaweedFS as
    # Ctrl-C does, instead of leaving them running without us.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    server = workspace = None
    settings = app.settings
    if not api:
        db = settings.prefect_database_url
        server = PrefectServer(settings.state / "prefect", args.port or settings.prefect_port,
                               database_url=db.get_secret_value() if db else None)
        print(f"starting the Prefect server (log: {server.log_file}) ...", flush=True)
        api = server.start()
        os.environ.update(server.client_env())  # for the flow runs too; never printed
    client = {PREFECT_API_URL: api}
    if os.environ.get("PREFECT_API_AUTH_STRING"):
        client[PREFECT_API_AUTH_STRING] = os.environ["PREFECT_API_AUTH_STRING"]
    try:
        with temporary_settings(client), app.keeps_store_up():
            from prefect import serve as prefect_serve

            from flows.deployments import runner_deployments
            from flows.limits import ensure_storage_limit

            ensure_storage_limit(settings.storage_concurrency)
            from sohoa.cli.commands.web import start_in_background

            workspace = start_in_background(app)
            print(f"sohoa workspace: http://127.0.0.1:{workspace.config.port}/", flush=True)
            if server:
                print(f"Prefect UI: {server.ui_url}  (API {api})\n"
                      f"  it asks for a password: paste the line in {server.auth_file} "
                      "(user:password); clients and workers set PREFECT_API_AUTH_STRING "
                      "to it", flush=True)
            prefect_serve(*runner_deployments(), limit=args.limit)
    except KeyboardInterrupt:
        print("stopping", flush=True)
    finally:
        if workspace is not None:
            workspace.should_exit = True
        if server:
            server.stop()
    return ExitCode.OK


def deploy(args, app) -> int:
    if not os.environ.get("PREFECT_API_URL"):
        raise UsageError("set PREFECT_API_URL to the Prefect server the workers use")
    from flows.deployments import deploy_to_pool
    from flows.limits import ensure_storage_limit

    ensure_storage_limit(app.settings.storage_concurrency)
    for name in deploy_to_pool(args.pool, args.source):
        print(f"deployed {name} to work pool {args.pool}")
    print(f"start workers with: prefect worker start --pool {args.pool}")
    return ExitCode.OK
