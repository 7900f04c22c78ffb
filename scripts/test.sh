#!/usr/bin/env bash
# Runs the whole test suite on a real Tesseract, SeaweedFS and Prefect. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SOHOA_TESTS=1 scripts/bootstrap.sh
.venv/bin/ruff check .
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "test.sh: pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$rc"
