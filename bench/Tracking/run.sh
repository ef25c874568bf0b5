#!/usr/bin/env bash
# Times the experiment-tracking queries over 10,000 trials on SQLite and, when AUGUR_TEST_POSTGRES is set, PostgreSQL.
# Usage: bench/Tracking/run.sh [repeats]   (results: docs/benchmarks.md, "Experiment tracking")
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats=${1:-50}
dotnet build -c Release bench/Tracking -v q -nologo
# Each run exits 1 when a query misses the target; both providers run either way.
status=0
dotnet bench/Tracking/bin/Release/net10.0/Tracking.dll sqlite "$repeats" || status=$?
if [[ -n "${AUGUR_TEST_POSTGRES:-}" ]]; then
  dotnet bench/Tracking/bin/Release/net10.0/Tracking.dll postgres "$repeats" || status=$?
else
  echo "AUGUR_TEST_POSTGRES is not set: PostgreSQL skipped."
fi
exit $status
