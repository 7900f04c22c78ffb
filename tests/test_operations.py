"""What operators do, against a real Prefect server this module starts (`prefect server start`
on a free loopback port, its own PREFECT_HOME): serve the deployments and start a run from one,
see it in the UI (headless Chromium), run two workers on one work pool, and kill a run midway.

Each scenario has its own state folder (catalogue, inbox) and bucket on the session's SeaweedFS.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import AS_OF
from test_html_report import ARTIFACTS, FLAGS, chromium

from pipeline.models import Outcome
from sohoa.server import PrefectServer
from storage.objectstore import S3Config, S3Store
from storage.seaweed import free_ports

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
GOOD, BAD = 6, 3  # the fixture inbox: 5 archived + 1 unmatched, 3 quarantined


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = PrefectServer(tmp_path_factory.mktemp("prefect-server"), free_ports(1)[0])
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def client(server):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: server.api_url}):
        with get_client(sync_client=True) as c:
            yield c


def scenario(root: Path, seaweed: S3Config, fixture_set: Path, server: PrefectServer,
             bucket: str) -> dict[str, str]:
    """A state folder with the fixture register imported and inbox staged; the environment
    for sohoa processes (and the workers' flow runs) that use it."""
    S3Store(S3Config(seaweed.endpoint, seaweed.access_key, seaweed.secret_key,
                     bucket)).ensure_bucket()
    env = {**os.environ, "SOHOA_STATE_DIR": str(root / "state"),
           "SOHOA_S3_ENDPOINT": seaweed.endpoint, "SOHOA_S3_ACCESS_KEY": seaweed.access_key,
           "SOHOA_S3_SECRET_KEY": seaweed.secret_key, "SOHOA_S3_BUCKET": bucket,
           "SOHOA_INBOX_SETTLE_SECONDS": "0", "SOHOA_WORKERS": "1",
           "PREFECT_API_URL": server.api_url, "PREFECT_HOME": str(server.home),
           "PREFECT_LOGGING_EXTRA_LOGGERS": "sohoa"}
    env.pop("SOHOA_CONFIG", None)
    shutil.copytree(fixture_set / "inbox", root / "inbox")
    subprocess.run([BIN / "sohoa", "register", "import", fixture_set / "register.csv"],
                   env=env, check=True, capture_output=True, cwd=root, timeout=120)
    return env


def wait_final(client, run_id, timeout=900):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = client.read_flow_run(run_id)
        if run.state and run.state.is_final():
            return run
        time.sleep(1)
    raise AssertionError(f"flow run {run_id} did not finish within {timeout} s")


def files_table(client, run_id) -> list[dict]:
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    arts = client.read_artifacts(artifact_filter=ArtifactFilter(
        flow_run_id=ArtifactFilterFlowRunId(any_=[run_id])))
    table = next(a for a in arts if a.key == "nightly-files")
    data = table.data if isinstance(table.data, list) else json.loads(table.data)
    return data


def catalogue_rows(state: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    with sqlite3.connect(state / "catalogue.db") as db:
        return (db.execute("SELECT sha256, file_name, objects_json FROM documents").fetchall(),
                db.execute("SELECT sha256, file_name FROM quarantine").fetchall(),
                db.execute("SELECT sha256, stage FROM audit_events").fetchall())


SERVED: dict[str, str] = {}


def test_serve_registers_the_nightly_schedule_and_runs_from_a_deployment(
        server, client, tmp_path, seaweed, fixture_set):
    env = scenario(tmp_path, seaweed, fixture_set, server, "served")
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen([BIN / "sohoa", "serve", "--no-server"], env=env, cwd=tmp_path,
                             stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while True:
            names = {d.name for d in client.read_deployments()}
            if {"nightly", "report", "fixity-check"} <= names:
                break
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "deployments not registered within 180 s"
            time.sleep(1)
        nightly = client.read_deployment_by_name("nightly-digitization/nightly")
        (sched,) = nightly.schedules
        assert sched.schedule.cron == "0 1 * * *"
        assert sched.schedule.timezone == "Asia/Ho_Chi_Minh" and sched.active
        params = nightly.parameter_openapi_schema["properties"]
        assert {"inbox", "unit", "as_of", "dry_run"} <= set(params)

        # an operator's "Custom run" from the deployment page
        from prefect.deployments import run_deployment

        run = run_deployment("nightly-digitization/nightly", timeout=0, parameters={
            "inbox": str(tmp_path / "inbox"), "as_of": AS_OF.isoformat()})
        run = wait_final(client, run.id)
        from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
        deadline = time.monotonic() + 60
        while True:  # logs reach the server in batches, possibly after the final state: the
            # serving process is not stopped before it has sent its last batch
            logs = "\n".join(x.message for x in client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])), limit=200))
            if "done: done" in logs or time.monotonic() > deadline:
                break
            time.sleep(1)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    assert run.state.is_completed(), run.state
    assert run.state.message == f"done {GOOD}, skipped 0, quarantined {BAD}, failed 0"
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    arts = {a.key: a for a in client.read_artifacts(artifact_filter=ArtifactFilter(
        flow_run_id=ArtifactFilterFlowRunId(any_=[run.id])))}
    assert {"digitization-rates", "nightly-files", "digitization-run",
            "nightly-progress"} <= set(arts)
    assert float(arts["nightly-progress"].data) == 100.0
    assert "000.00.11.H01-240315-0001.png: archived as 000.00.11.H01-240315-0001" in logs
    assert "trong.png: quarantined" in logs, logs
    SERVED.update(id=str(run.id), name=run.name)


def test_the_ui_shows_the_run_and_its_artifacts(server, tmp_path):
    if not SERVED:
        pytest.skip("needs the served run of the previous test")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "prefect-flow-run.png"
    shot.unlink(missing_ok=True)
    run_page = f"{server.ui_url}/runs/flow-run/{SERVED['id']}"
    cmd = [chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
           "--virtual-time-budget=20000", "--window-size=1400,1000"]
    subprocess.run([*cmd, f"--screenshot={shot}", run_page], check=True, capture_output=True,
                   timeout=180)
    dom = subprocess.run([*cmd, "--dump-dom", run_page], check=True, capture_output=True,
                         text=True, timeout=180).stdout
    assert SERVED["name"] in dom and "nightly-digitization" in dom and "Completed" in dom
    assert "trong.png: quarantined" in dom  # the run's log, one line per file
    art = subprocess.run([*cmd, "--dump-dom", f"{server.ui_url}/artifacts/key/digitization-rates"],
                         check=True, capture_output=True, text=True, timeout=180).stdout
    assert "Rates per level and unit, 2025-06-30" in art and SERVED["name"] in art
    assert shot.stat().st_size > 20_000


def test_two_workers_on_one_pool_never_process_a_file_twice(
        server, client, tmp_path, seaweed, fixture_set):
    env = scenario(tmp_path, seaweed, fixture_set, server, "workers")
    env["PREFECT_WORKER_QUERY_SECONDS"] = "1"
    out = subprocess.run([BIN / "sohoa", "deploy", "--pool", "sohoa-test"], env=env,
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "deployed nightly-digitization/nightly to work pool sohoa-test" in out.stdout
    workers, logs = [], []
    for name in ("worker-a", "worker-b"):
        logs.append(tmp_path / f"{name}.log")
        workers.append(subprocess.Popen(
            [BIN / "prefect", "worker", "start", "--pool", "sohoa-test", "--type", "process",
             "--limit", "1", "--name", name], env=env, cwd=tmp_path,
            stdout=logs[-1].open("w"), stderr=subprocess.STDOUT, start_new_session=True))
    try:
        from prefect.deployments import run_deployment

        deadline = time.monotonic() + 180
        while {w.name for w in client.read_workers_for_work_pool("sohoa-test")
               if w.status == "ONLINE"} != {"worker-a", "worker-b"}:
            assert time.monotonic() < deadline, "the two workers did not come online"
            time.sleep(1)
        runs = [run_deployment("nightly-digitization/nightly", timeout=0, parameters={
            "inbox": str(tmp_path / "inbox"), "as_of": AS_OF.isoformat()}) for _ in range(2)]
        finished = [wait_final(client, r.id) for r in runs]
    finally:
        for w in workers:
            os.killpg(w.pid, signal.SIGTERM)
        for w in workers:
            try:
                w.wait(timeout=60)
            except subprocess.TimeoutExpired:  # a worker still shutting down: not a finding
                os.killpg(w.pid, signal.SIGKILL)
                w.wait(timeout=30)
    assert all(r.state.is_completed() for r in finished), [r.state for r in finished]
    # one run went to each worker (a worker prints the output of the runs it executes; both
    # may try to submit a run, only one wins it)
    for log in logs:
        text = log.read_text()
        assert sum(f"Beginning flow run '{r.name}'" in text for r in finished) == 1, text[-3000:]

    # every file was done (or quarantined) by exactly one of the two runs
    handled = Counter()
    for r in finished:
        for row in files_table(client, r.id):
            if row["outcome"] in (Outcome.ARCHIVED, Outcome.UNMATCHED, Outcome.QUARANTINED):
                handled[row["file"]] += 1
    assert len(handled) == GOOD + BAD and set(handled.values()) == {1}, handled
    docs, quarantined, events = catalogue_rows(tmp_path / "state")
    assert len(docs) == GOOD and len(quarantined) == BAD
    ocr_events = Counter(sha for sha, stage in events if stage == "ocr")
    assert set(ocr_events.values()) == {1} and len(ocr_events) == GOOD
    assert [p.name for p in (tmp_path / "inbox").iterdir()] == ["manifest.csv"]


def test_a_killed_run_restarted_finishes_the_batch_storing_nothing_twice(
        server, tmp_path, seaweed, fixture_set):
    env = scenario(tmp_path, seaweed, fixture_set, server, "killed")
    state = tmp_path / "state"
    cmd = [BIN / "sohoa", "run", "--inbox", tmp_path / "inbox", "--as-of", AS_OF.isoformat()]
    first = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 600
    while True:  # kill it hard once it has catalogued its first scan
        assert first.poll() is None, "the run ended before it could be killed"
        try:
            if catalogue_rows(state)[0]:
                break
        except sqlite3.OperationalError:  # not created yet
            pass
        assert time.monotonic() < deadline
        time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    done_before = len(catalogue_rows(state)[0])
    assert done_before < GOOD  # killed midway

    again = subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True,
                           timeout=900)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    docs, quarantined, events = catalogue_rows(state)
    assert len(docs) == GOOD and len(quarantined) == BAD  # none missing
    stored = Counter(sha for sha, stage in events if stage == "store")
    assert set(stored.values()) == {1}  # none stored twice
    store = S3Store(S3Config(seaweed.endpoint, seaweed.access_key, seaweed.secret_key,
                             "killed"))
    expected = {k for _, _, objs in docs for k in json.loads(objs)}
    assert {k for k in store.keys() if not k.startswith("reports/")} == expected
    assert [p.name for p in (tmp_path / "inbox").iterdir()] == ["manifest.csv"]
    processed = [p for p in (state / "processed").rglob("*") if p.is_file()]
    assert len(processed) == GOOD  # every original kept, once
