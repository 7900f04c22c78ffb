"""What the flows publish in the Prefect UI: tables and markdown, from pure renderings."""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from pipeline.models import ScanResult
from pipeline.render.tables import artifact_rows
from pipeline.report import Report
from pipeline.run_summary import file_rows, run_markdown


def publish_rates(report: Report) -> None:
    create_table_artifact(
        artifact_rows(report), key="digitization-rates",
        description=f"Tỷ lệ số hóa theo cấp và đơn vị (rates per level and unit), tính đến "
                    f"{report.as_of:%d/%m/%Y}"
                    + (f", unit {report.scope}" if report.scope else ""))


def publish_report_text(text: str, as_of) -> None:
    create_markdown_artifact("```\n" + text + "```\n", key="digitization-report",
                             description=f"Digitization report as of {as_of}")


def publish_run(results: list[ScanResult], groups: dict[str, int], report_text: str) -> None:
    create_table_artifact(file_rows(results) or [{"file": "(none)"}], key="nightly-files",
                          description="Every file of the run and what became of it")
    create_markdown_artifact(run_markdown(results, groups, report_text),
                             key="digitization-run",
                             description="Files processed and the digitization report")


def publish_dry_run(rows: list[dict], where: str) -> None:
    create_table_artifact(rows or [{"file": "(inbox empty)", "would": ""}],
                          key="nightly-dry-run", description=f"Dry run on {where}")


def publish_fixity(problems: list[dict], totals: dict[str, int], dry_run: bool) -> None:
    create_table_artifact(problems or [{"status": "all objects intact"}], key="fixity-check",
                          description="Objects missing or altered")
    create_markdown_artifact(
        "## Fixity check" + (" (dry run: nothing recorded)" if dry_run else "") + "\n\n"
        + "\n".join(f"- {k}: {v}" for k, v in totals.items()),
        key="fixity-check-summary", description="Fixity check totals")
