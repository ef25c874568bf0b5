#!/usr/bin/env bash
# What a loaded model costs in memory, for the serving cache's estimate (Augur:Serving:ModelOverheadKilobytes and
# BundleMemoryFactor). Usage: bench/ModelMemory/run.sh BUNDLE.augur [BUNDLE.augur ...]   (20 copies of each)
# Results: docs/benchmarks.md, "Online serving" (the many-models row).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release bench/ModelMemory -v q -nologo > /dev/null
for bundle in "$@"; do
  dotnet bench/ModelMemory/bin/Release/net10.0/ModelMemory.dll "$bundle" "${COPIES:-20}"
done
