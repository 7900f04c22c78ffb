"""Prefect's environment for a sohoa process, set before Prefect is first imported.

Prefect keeps its database under the state folder unless told otherwise; its local API may need
more than the default 20 s to start on a loaded 2-core machine.

The Prefect server's own log goes to `<state>/prefect/server.log`, not to the console. The
local server a run starts is a child process writing to the run's console; on SQLite its
background services sometimes meet a locked database, log the traceback and retry the write
(Prefect's maintainers: "sqlite locking is hard to avoid with the ephemeral client, it should
not interrupt your work"). An operator reading a night's output must not take that for the run
failing; the run's own errors stay one line each on the console."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import yaml

SERVER_LOGGERS = ("prefect.server", "uvicorn", "fastapi")


def prefect_env(state: Path) -> None:
    home = Path(os.environ.setdefault("PREFECT_HOME", str(state / "prefect")))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    if "PREFECT_LOGGING_SETTINGS_PATH" not in os.environ:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        config = home / "logging.yml"
        config.write_text(yaml.safe_dump(logging_config(home / "server.log"), sort_keys=False),
                          encoding="utf-8")
        config.chmod(0o600)
        (home / "server.log").touch(mode=0o600)
        os.environ["PREFECT_LOGGING_SETTINGS_PATH"] = str(config)


def logging_config(server_log: Path) -> dict:
    """Prefect's own logging configuration with its server loggers sent to a rotating file
    (5 MB × 3) instead of the console. Prefect fills in its `${SETTING}` templates when it
    reads the file, so a `$` in the path is doubled."""
    spec = importlib.util.find_spec("prefect")
    default = Path(next(iter(spec.submodule_search_locations))) / "logging" / "logging.yml"
    config = yaml.safe_load(default.read_text(encoding="utf-8"))
    config["handlers"]["server_file"] = {
        "level": 0, "class": "logging.handlers.RotatingFileHandler", "formatter": "standard",
        "filename": str(server_log).replace("$", "$$"), "maxBytes": 5_000_000,
        "backupCount": 3, "encoding": "utf-8", "delay": True}
    for name in SERVER_LOGGERS:
        logger = config["loggers"].setdefault(name, {"level": "${PREFECT_SERVER_LOGGING_LEVEL}"})
        logger.update(handlers=["server_file"], propagate=False)
    return config
