"""What operators do, against a real Prefect server this module starts (`prefect server start`
on a free loopback port, its own PREFECT_HOME, basic auth as `sohoa serve` sets it up): serve
the deployments and start a run from one, log in to the UI and see the run (headless
Chromium), run two workers on one work pool, and kill a run midway. Anonymous API requests are
refused, and the server dies with the process that started it.

Each scenario has its own state folder (catalogue, inbox) and bucket on the session's SeaweedFS.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from conftest import AS_OF
from test_html_report import ARTIFACTS, FLAGS, chromium

from pipeline.models import Outcome
from sohoa.server import PrefectServer
from storage.objectstore import S3Config, S3Store
from storage.seaweed import _alive, free_ports

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
GOOD, BAD = 6, 3  # the fixture inbox: 5 archived + 1 unmatched, 3 quarantined

# The server is started by a process of its own, as `sohoa serve` starts it, so that the last
# test can kill that process and see the server go with it.
HOLDER = """
import sys
from pathlib import Path
from sohoa.server import PrefectServer
server = PrefectServer(Path(sys.argv[1]), int(sys.argv[2]))
server.start()
print(server.process.pid, flush=True)
sys.stdin.readline()
server.stop()
"""
HELD: dict[str, object] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = PrefectServer(tmp_path_factory.mktemp("prefect-server"), free_ports(1)[0])
    errors = srv.home.parent / f"{srv.home.name}-holder.err"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(srv.home), str(srv.port)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              stderr=errors.open("w"), cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    line = holder.stdout.readline().strip()
    assert line.isdigit(), errors.read_text()[-3000:]
    HELD.update(holder=holder, pid=int(line))
    yield srv
    if holder.poll() is None:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=90)
    if _alive(int(line)):
        os.kill(int(line), signal.SIGKILL)


@pytest.fixture(scope="module")
def client(server):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_AUTH_STRING, PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: server.api_url,
                             PREFECT_API_AUTH_STRING: server.auth_string}):
        with get_client(sync_client=True) as c:
            yield c


def _status(method: str, url: str, body: bytes | None = None, auth: str | None = None) -> int:
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_api_refuses_anonymous_requests(server):
    api, auth = server.api_url, server.auth_string
    assert stat.S_IMODE(server.auth_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(server.home.stat().st_mode) == 0o700  # its database too
    anonymous = {
        "deployments": _status("POST", f"{api}/deployments/filter", b"{}"),
        "flow runs": _status("POST", f"{api}/flow_runs/filter", b"{}"),
        "create a flow": _status("POST", f"{api}/flows/", b'{"name": "x"}'),
        "version": _status("GET", f"{api}/admin/version"),
        "wrong password": _status("POST", f"{api}/deployments/filter", b"{}",
                                  auth=auth.split(":")[0] + ":not-the-password"),
    }
    assert set(anonymous.values()) == {401}, anonymous
    assert _status("POST", f"{api}/deployments/filter", b"{}", auth=auth) == 200
    assert _status("GET", f"{api}/health") == 200  # Prefect leaves health open (probes)
    with urllib.request.urlopen(f"{server.ui_url}/ui-settings", timeout=30) as r:
        assert json.load(r)["auth"] == "BASIC"  # the UI asks for the password


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
           # the configured inbox: runs started through the API may only take scans there
           "SOHOA_INBOX": str(root / "inbox"),
           **server.client_env(), "PREFECT_HOME": str(server.home),
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
    rates = json.loads(arts["digitization-rates"].data)  # as people read it: in Vietnamese,
    assert {"Cấp (level)", "Tỷ lệ (rate)", "Chỉ tiêu (target)"} <= set(rates[0])  # percent
    district = next(r for r in rates if r["Dòng (scope)"] == "Cấp"
                    and r["Cấp (level)"] == "Cấp huyện")
    assert district["Chỉ tiêu (target)"] == "60.0%" and district["Tỷ lệ (rate)"].endswith("%")
    assert "000.00.11.H01-240315-0001.png: archived as 000.00.11.H01-240315-0001" in logs
    assert "trong.png: quarantined" in logs, logs
    SERVED.update(id=str(run.id), name=run.name)


class Browser:
    """Headless Chromium driven over the DevTools protocol (to type into the login page)."""

    def __init__(self, profile: Path):
        self.proc = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
             "--window-size=1400,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file, deadline = profile / "DevToolsActivePort", time.monotonic() + 60
        while not (port_file.exists() and port_file.read_text().strip()):
            assert time.monotonic() < deadline and self.proc.poll() is None, "no Chromium"
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=30) as r:
            page = next(t for t in json.load(r) if t["type"] == "page")
        from websockets.sync.client import connect

        self.ws, self.n = connect(page["webSocketDebuggerUrl"], max_size=None), 0
        self.call("Page.enable")

    def call(self, method: str, **params):
        self.n += 1
        self.ws.send(json.dumps({"id": self.n, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv(timeout=60))
            if msg.get("id") == self.n:
                assert "error" not in msg, msg
                return msg["result"]

    def js(self, expr: str):
        res = self.call("Runtime.evaluate", expression=expr, awaitPromise=True,
                        returnByValue=True)
        return res["result"].get("value")

    def go(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def wait_for(self, *texts: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while True:
            dom = self.js("document.documentElement.outerHTML") or ""
            if all(t in dom for t in texts):
                return dom
            missing = [t for t in texts if t not in dom]
            assert time.monotonic() < deadline, f"{missing} not shown; page text: " + (
                self.js("document.body.innerText") or "")[:2000]
            time.sleep(0.5)

    def login(self, password: str) -> None:
        """What an operator does on the login page: the line of api-auth, then Login."""
        self.js("(() => { const box = document.querySelector('input[type=password]');"
                "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')"
                f".set.call(box, {json.dumps(password)});"
                "box.dispatchEvent(new Event('input', {bubbles: true}));"
                "document.querySelector('button[type=submit]').click(); })()")
        deadline = time.monotonic() + 60  # the UI keeps it once the server has accepted it
        while not self.js("localStorage.getItem('prefect-password')"):
            assert time.monotonic() < deadline, "the login was not accepted"
            time.sleep(0.3)

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot")["data"]))

    def close(self) -> None:
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=30)


def test_the_ui_asks_for_the_password_then_shows_the_run_and_its_artifacts(server, tmp_path):
    if not SERVED:
        pytest.skip("needs the served run of the previous test")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "prefect-flow-run.png"
    shot.unlink(missing_ok=True)
    run_page = f"{server.ui_url}/runs/flow-run/{SERVED['id']}"
    browser = Browser(tmp_path / "profile")
    try:
        browser.go(run_page)  # without the password: nothing of the run, a failed login
        browser.wait_for("Authentication failed")
        assert SERVED["name"] not in browser.js("document.documentElement.outerHTML")
        browser.go(server.ui_url)  # the UI's front page asks for it
        browser.wait_for('type="password"', "Login")
        browser.login(server.auth_string)
        browser.go(run_page)
        dom = browser.wait_for(SERVED["name"], "nightly-digitization", "Completed",
                               "trong.png: quarantined")  # the run's log, one line per file
        assert SERVED["id"] in browser.js("location.href")
        browser.screenshot(shot)
        browser.go(f"{server.ui_url}/artifacts/key/digitization-rates")
        browser.wait_for("rates per level and unit), tính đến 30/06/2025", SERVED["name"])
    finally:
        browser.close()
    assert "trong.png: quarantined" in dom
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


def test_the_server_dies_with_the_process_that_started_it(server):
    """Last in this module: it ends the module's server. `sohoa serve` killed with SIGKILL
    leaves no Prefect server behind (PR_SET_PDEATHSIG)."""
    holder, pid = HELD["holder"], HELD["pid"]
    assert _alive(pid) and server.healthy()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    deadline = time.monotonic() + 30
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(pid) and not server.healthy()
