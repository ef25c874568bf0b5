#!/bin/bash
# Batch scoring benchmark: a 1,000,000-row CSV (id + 15 numeric + 15 categorical columns) scored by Augur's
# BatchScorer, the code path scoring jobs run (here through `augur predict`, which calls it directly), against
# pandas + scikit-learn in the same run. Peak memory from /usr/bin/time -v.
# usage: bench/BatchScoring/run.sh [ROWS]   (default 1000000)
# Needs Debian's python3-pandas and python3-sklearn; runs /usr/bin/python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
work=${BENCH_WORK:-/tmp/augur-bench-scoring}
mkdir -p "$work"
dotnet build src/Augur -c Release -v q -nologo > "$work/build.log"
augur=src/Augur/bin/Release/net10.0/augur
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
train="$work/train-20k.csv"; input="$work/score-$rows.csv"
[ -f "$input" ] || /usr/bin/python3 bench/BatchScoring/generate.py "$train" 20000 "$input" "$rows"
[ -f "$work/model/model.augur" ] || "$augur" train --data "$train" --target churned --budget 60s --trials 4 --out "$work/model" > "$work/train.log" 2>&1
echo "model: $(grep -o '"trainer": *"[^"]*"' "$work/model/leaderboard.json" | head -1)"
measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -v "$@" > "$work/$name.out" 2> "$work/$name.time" || { echo "$name failed"; tail -5 "$work/$name.time"; return; }
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print int($2/1024)}' "$work/$name.time")
  cpu=$(awk -F': ' '/Percent of CPU/ {print $2}' "$work/$name.time")
  cpus=$(awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.1f", s}' "$work/$name.time")
  echo "$name: $rows rows in ${secs} s = $(awk -v r="$rows" -v s="$secs" 'BEGIN {printf "%.0f", r/s}') rows/s, peak RSS ${rss} MB, CPU ${cpu} (${cpus} CPU s)"
}
# `augur ingest` alone (the generic two-pass read to JSONL, which scoring a single file no longer does: it reads the
# file once with the model's types), then the whole scoring path to CSV, XLSX and JSONL.
measure augur-ingest-only "$augur" ingest "$input" --out "$work/ingest-only" --json
measure augur-predict-csv "$augur" predict --model "$work/model/model.augur" --input "$input" --out "$work/augur.csv"
# The same with the workstation GC: `augur` runs the server GC (it is also the web host), which trades memory for speed.
measure augur-predict-csv-wks env DOTNET_gcServer=0 "$augur" predict --model "$work/model/model.augur" --input "$input" --out "$work/augur-wks.csv"
measure augur-predict-jsonl "$augur" predict --model "$work/model/model.augur" --input "$input" --out "$work/augur.jsonl"
measure augur-predict-xlsx "$augur" predict --model "$work/model/model.augur" --input "$input" --out "$work/augur.xlsx"
measure peer-pandas-sklearn /usr/bin/python3 bench/BatchScoring/peer.py "$train" "$input" "$work/peer.csv"
cat "$work/peer-pandas-sklearn.out"
wc -l "$work/augur.csv" "$work/peer.csv"
rm -rf "$work/ingest-only" "$work"/augur.* "$work"/augur-wks.csv "$work/peer.csv"
