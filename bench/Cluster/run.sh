#!/usr/bin/env bash
# Study workers across processes: trials per minute with 1 and 2 `augur worker` processes, the dispatch overhead per
# trial (claiming in the study lock + recording), and the time to recover a trial after a worker is killed (SIGKILL).
# Needs a PostgreSQL (BENCH_POSTGRES, default: the dev one on port 55432) and a built augur (BUILT=path/to/augur.dll).
# Trials run in a child process each (Training:TrialIsolation=Process); ISOLATION=InProcess measures them without one,
# and with Process the per-trial cost of the child (runtime start-up plus loading the data) is printed too.
# Usage: [ISOLATION=InProcess] bench/Cluster/run.sh [TRIALS_PER_STUDY]
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH_POSTGRES=${BENCH_POSTGRES:-"Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres"}
BUILT=${BUILT:-src/Augur/bin/Release/net10.0/augur.dll}
if [ ! -f "$BUILT" ]; then
  dotnet build src/Augur -c Release -v q
fi
exec /usr/bin/python3 bench/Cluster/measure.py "$BUILT" "$BENCH_POSTGRES" "${1:-12}"
