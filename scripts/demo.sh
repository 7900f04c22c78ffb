#!/usr/bin/env bash
# The main job on the embedded defaults: installs what is missing, starts SeaweedFS, imports the
# sample register, runs the nightly Prefect flow over sample_scans/inbox, prints the report and
# stops what it started. State (catalogue, object store data, Prefect) lives in .sohoa/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/sohoa demo "$@"
