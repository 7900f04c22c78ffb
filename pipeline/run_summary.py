"""What a run did, in figures and words. Pure: results in, counts and text out."""

from __future__ import annotations

from pipeline.models import Outcome, ScanResult

GROUPS = ("done", "skipped", "quarantined", "failed")


def outcome_counts(results: list[ScanResult]) -> dict[str, int]:
    counts = {o.value: 0 for o in Outcome}
    for r in results:
        counts[r.outcome.value] += 1
    return counts


def summary_groups(results: list[ScanResult]) -> dict[str, int]:
    """done (archived or unmatched), skipped (already done, or another run's), quarantined,
    failed."""
    groups = dict.fromkeys(GROUPS, 0)
    for r in results:
        groups[r.outcome.group] += 1
    return groups


def summary_line(groups: dict[str, int]) -> str:
    """`done 6, skipped 0, quarantined 3, failed 0`"""
    return ", ".join(f"{k} {v}" for k, v in groups.items())


def file_line(r: ScanResult) -> str:
    """One file's fate, as the run's log shows it."""
    return (f"{r.file_name}: {r.outcome.value}"
            + (f" as {r.result_id}" if r.result_id else "")
            + (f" ({r.message})" if r.message and not r.result_id else ""))


def file_rows(results: list[ScanResult]) -> list[dict[str, object]]:
    return [{"file": r.file_name, "outcome": r.outcome.value, "result_id": r.result_id or "",
             "pages": r.pages, "note": r.message} for r in results]


def run_markdown(results: list[ScanResult], groups: dict[str, int], report_text: str) -> str:
    rows = "\n".join(f"| {r.file_name} | {r.outcome.value} | {r.result_id or ''} | {r.pages} | "
                     f"{'' if r.confidence is None else r.confidence} | {r.message} |"
                     for r in results)
    return ("## Summary\n\n" + "\n".join(f"- {k}: {v}" for k, v in groups.items())
            + "\n\n## Files\n\n| file | outcome | result id | pages | OCR confidence | note |\n"
            "|---|---|---|---|---|---|\n" + rows + "\n\n## Report\n\n```\n"
            + report_text + "```\n")
