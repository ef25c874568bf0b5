#!/usr/bin/env bash
# The extra-trees trainer against scikit-learn's ExtraTreesClassifier on the same rows: fit time, scoring time, log loss.
# Usage: bench/Forest/run.sh [DATA.csv] [TREES]   (default: wine-quality-white from ../shared/datasets, 500 trees)
# Results: docs/benchmarks.md, "AutoML quality", the extra-trees section.
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/datasets/wine-quality/whitewines.csv}"
trees="${2:-500}"
dotnet build -c Release bench/Forest -v q -nologo > /dev/null
dotnet bench/Forest/bin/Release/net10.0/Forest.dll "$data" "$trees"
/usr/bin/python3 bench/Forest/peer.py "$data" "$trees"
