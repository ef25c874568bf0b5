#!/usr/bin/env bash
# Recommender benchmarks: the MovieLens-100k acceptance check and model table, then the groceries time cut.
# The data sets live in ../shared (research use only, never copied into the repository); without them this
# script says so and exits 0.
#   bench/recommend/run.sh            # everything
#   AUGUR_SHARED=/path/to/shared bench/recommend/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${AUGUR_SHARED:-$root/../shared}"
ml="$shared/datasets/movielens-100k/splits/item_stratified_75_25_seed42"
groceries="$shared/datasets/groceries-member-purchases/Groceries_dataset.csv"

if [[ ! -f "$ml.train.tsv" || ! -f "$ml.test.tsv" ]]; then
  echo "skipped: $ml.{train,test}.tsv not found (set AUGUR_SHARED to the folder holding datasets/)."
  exit 0
fi

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(date -u +%FT%TZ)"
dotnet build "$root/src/Augur" -c Release -v quiet -nologo >/dev/null
augur="$root/src/Augur/bin/Release/net10.0/augur"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "== MovieLens-100k acceptance check: most-popular, ties to the smaller item id, k = 10"
"$augur" recommend evaluate --train "$ml.train.tsv" --test "$ml.test.tsv" --model popularity --no-baselines --json 2>/dev/null > "$out/popularity.json"
python3 - "$out/popularity.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["reports"][0]
expected = {"map": 0.055959, "ndcg": 0.252353, "precision": 0.228738, "recall": 0.113188}
bad = [f"{k}: got {r[k]:.6f}, expected {v:.6f}" for k, v in expected.items() if round(r[k], 6) != v]
print("  " + ", ".join(f"{k} {r[k]:.6f}" for k in expected))
if bad:
    print("ACCEPTANCE CHECK FAILED: " + "; ".join(bad)); sys.exit(1)
print("  acceptance check passed")
PY

echo "== Tuning on the training split only (25% of the training events held out, seed 42); the test file is not read"
for s in lambda=100 lambda=300 lambda=500 lambda=1000; do
  printf '  ease %-40s' "$s"; "$augur" recommend evaluate --train "$ml.train.tsv" --holdout 0.25 --model ease --set "$s" --no-baselines 2>/dev/null | tail -1 | awk '{print "nDCG@10", $4, "MAP", $5}'
done
for s in factors=64,alpha=10,regularization=0.1 factors=64,alpha=10,regularization=50 factors=64,alpha=20,regularization=100 factors=128,alpha=20,regularization=100; do
  printf '  als  %-40s' "$s"; "$augur" recommend evaluate --train "$ml.train.tsv" --holdout 0.25 --model als --set "$s" --no-baselines 2>/dev/null | tail -1 | awk '{print "nDCG@10", $4, "MAP", $5}'
done

echo "== MovieLens-100k, item-stratified 75/25, every model with its defaults (chosen above)"
echo "   published on this protocol: SAR 0.3938/0.1140, BPR 0.4450/0.1340, BiVAE 0.4687/0.1436, LightGCN 0.4164 (nDCG@10/MAP)"
"$augur" recommend evaluate --train "$ml.train.tsv" --test "$ml.test.tsv" --model all 2>/dev/null

if [[ -f "$groceries" ]]; then
  echo "== Groceries: train before 2015-10-01, test 2015-10-01..2015-12-30; items already bought removed"
  "$augur" recommend evaluate --train "$groceries" --split-at 2015-10-01 --model all 2>/dev/null
  echo "== Groceries, same cut, repeat purchases allowed (--keep-seen)"
  "$augur" recommend evaluate --train "$groceries" --split-at 2015-10-01 --model all --keep-seen 2>/dev/null
else
  echo "skipped: $groceries not found"
fi
