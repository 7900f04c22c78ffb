"""The deployments operators see in the Prefect UI: the nightly digitization (01:00 Vietnam
time), the report and the fixity check (Sunday 03:00). Served by one process (`sohoa serve`)
or registered on a work pool for workers on several machines (`sohoa deploy`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefect.schedules import Cron

TIMEZONE = "Asia/Ho_Chi_Minh"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Spec:
    name: str
    entrypoint: str  # path:function from the project root
    description: str
    cron: str | None = None

    @property
    def schedule(self):
        return Cron(self.cron, timezone=TIMEZONE) if self.cron else None

    def load(self):
        import importlib

        module, _, fn = self.entrypoint.partition(":")
        return getattr(importlib.import_module(module.removesuffix(".py").replace("/", ".")),
                       fn)


SPECS = (
    Spec("nightly", "flows/nightly_digitization.py:nightly_digitization",
         "Digitize the inbox (folder or s3://bucket/prefix), then report. Parameters: inbox, "
         "unit (report scope), as_of, dry_run, keep_inbox.", "0 1 * * *"),
    Spec("report", "flows/digitization_report.py:digitization_report",
         "Digitization report for an as-of date, by issuing or current unit, optionally for "
         "one unit; stored in the object store unless dry_run."),
    Spec("fixity-check", "flows/fixity_check.py:fixity_check",
         "Re-read and re-hash every stored object (optionally one unit's); dry_run records "
         "nothing.", "0 3 * * 0"),
)
TAGS = ["sohoa"]


def runner_deployments() -> list:
    """For `prefect.serve` in this process (flow runs start as its subprocesses)."""
    return [spec.load().to_deployment(spec.name, schedule=spec.schedule, tags=TAGS,
                                      description=spec.description)
            for spec in SPECS]


def deploy_to_pool(pool: str, source: str | None = None) -> list[str]:
    """Register the deployments on a work pool (created as a process pool if missing); its
    workers load the code from `source` (this checkout, or a git URL the workers can reach)."""
    from prefect import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound
    from prefect.flows import Flow

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
    names = []
    for spec in SPECS:
        flow = Flow.from_source(source or str(PROJECT_ROOT), spec.entrypoint)
        flow.deploy(spec.name, work_pool_name=pool, schedule=spec.schedule, tags=TAGS,
                    description=spec.description, build=False, push=False,
                    print_next_steps=False)
        names.append(f"{flow.name}/{spec.name}")
    return names
