"""Ordinary mistakes, made as a new user would: each ends in one line on stderr that says what
to do, with the documented exit code, and never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.errors import ExitCode

SOHOA = str(Path(sys.executable).parent / "sohoa")


def sohoa(*args: str, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run([SOHOA, *args], capture_output=True, text=True, timeout=300,
                          env=os.environ.copy())


def one_error_line(done: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("sohoa: error: ")
    return lines[0]


def test_a_missing_inbox_folder_fails_at_once(env):
    t = time.monotonic()
    done = sohoa("run", "--inbox", "khong-co-thu-muc")
    took = time.monotonic() - t
    assert done.returncode == ExitCode.USAGE
    line = one_error_line(done)
    assert "khong-co-thu-muc does not exist" in line and "--inbox" in line
    assert took < 10  # no Prefect, no store started (about 0.6 s here; CI machines are loaded)


def test_report_into_a_missing_folder(env):
    done = sohoa("report", "-o", "khong-co/bao-cao.html", "--format", "html")
    assert done.returncode == ExitCode.USAGE
    assert "the folder khong-co does not exist" in one_error_line(done)


def test_a_corrupt_excel_register(env, tmp_path):
    (tmp_path / "so.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    done = sohoa("register", "import", "so.xlsx")
    assert done.returncode == ExitCode.BAD_INPUT
    assert "so.xlsx: not a readable .xlsx workbook" in one_error_line(done)


def test_a_register_that_is_not_utf8(env, tmp_path):
    (tmp_path / "so.csv").write_bytes("result_id,unit_name\nA,Đông Hà\n".encode("cp1258"))
    done = sohoa("register", "import", "so.csv")
    assert done.returncode == ExitCode.BAD_INPUT
    assert "not UTF-8 text" in one_error_line(done)


def test_a_missing_register_file(env):
    done = sohoa("register", "import", "khong-co.csv")
    assert done.returncode == ExitCode.USAGE
    assert "khong-co.csv does not exist" in one_error_line(done)


@pytest.mark.parametrize("toml, says", [
    ("targets = [1,\n", "sohoa.toml: not valid TOML"),
    ('workers = "nhiều"\n', "setting workers"),
])
def test_a_malformed_settings_file(env, tmp_path, toml, says):
    (tmp_path / "sohoa.toml").write_text(toml, encoding="utf-8")
    done = sohoa("report")
    assert done.returncode == ExitCode.USAGE
    assert says in one_error_line(done)


def test_report_before_any_import_says_so(env):
    done = sohoa("report")
    assert done.returncode == ExitCode.USAGE
    assert "register is empty" in one_error_line(done) and "register import" in done.stderr


def test_audit_log_into_a_pipe_closed_early(env):
    sohoa("register", "import", str(Path(__file__).parent.parent / "sample_scans"
                                    / "register.csv"))
    done = subprocess.run(f"'{SOHOA}' audit-log | head -c 10", shell=True,
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_an_s3_inbox_whose_bucket_does_not_exist_is_an_error(env):
    done = sohoa("run", "--inbox", "s3://khong-co-bucket/quet")
    assert done.returncode == ExitCode.USAGE
    assert "inbox bucket khong-co-bucket does not exist" in one_error_line(done)


def test_an_unreachable_database(env, monkeypatch):
    monkeypatch.setenv("SOHOA_DATABASE_URL", "postgresql+psycopg://u:bi-mat@127.0.0.1:1/x")
    done = sohoa("report")
    assert done.returncode == ExitCode.UNAVAILABLE
    line = one_error_line(done)
    assert "bi-mat" not in done.stderr and "127.0.0.1:1" in line


def test_an_output_that_is_a_folder(env, tmp_path):
    (tmp_path / "la-thu-muc").mkdir()
    done = sohoa("report", "-o", "la-thu-muc")
    assert done.returncode == ExitCode.USAGE
    assert "it is a folder" in one_error_line(done)


def test_a_bug_is_one_line_and_the_traceback_comes_only_with_debug(capsys):
    from sohoa.cli import handler

    def broken() -> int:
        raise KeyError("ô")

    assert handler.run(broken) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: KeyError" in err and "--debug" in err
    assert "Traceback" not in err
    assert handler.run(broken, debug=True) == ExitCode.INTERNAL
    assert "Traceback" in capsys.readouterr().err


def test_a_prefect_server_error_goes_to_its_log_not_the_nights_console(tmp_path):
    """Prefect's local server, a child of the run writing to its console, logs a locked SQLite
    database with a traceback and retries the write. The operator finds it in
    <state>/prefect/server.log; the night's console stays the run's own lines."""
    script = (
        "import logging, sys\n"
        "from pathlib import Path\n"
        "from sohoa.cli.prefect_env import prefect_env\n"
        "prefect_env(Path(sys.argv[1]))\n"
        "from prefect.logging.configuration import setup_logging\n"
        "setup_logging()\n"
        "try:\n"
        "    raise RuntimeError('(sqlite3.OperationalError) database is locked')\n"
        "except RuntimeError:\n"
        "    logging.getLogger('prefect.server.services.task_run_recorder').error(\n"
        "        'Error flushing 3 events (3 to retry, 0 dropped)', exc_info=True)\n"
        "logging.getLogger('prefect.client').warning('Đã kết nối lại (reconnected)')\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "state")],
                          capture_output=True, text=True, timeout=120, env=env,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "Đã kết nối lại" in done.stderr  # Prefect's client still speaks on the console
    log = tmp_path / "state" / "prefect" / "server.log"
    assert "database is locked" in log.read_text(encoding="utf-8")
    assert log.stat().st_mode & 0o077 == 0
