#!/bin/bash
# Ingestion benchmark: augur ingest (Release) against pandas on the same generated messy CSV, in one run.
# usage: bench/ingest/run.sh [SIZE_MB...]   (default: 100 1000)
# CPU time is printed too: on a shared machine it is steadier than wall time.
# Needs Debian's python3-pandas (apt-get install -y python3-pandas); runs /usr/bin/python3, not a pyenv python.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=("${@:-100 1000}")
[ $# -eq 0 ] && sizes=(100 1000)
work=${BENCH_WORK:-/tmp/augur-bench-ingest}
mkdir -p "$work"
dotnet build src/Augur -c Release -v q -nologo > "$work/build.log"
augur=src/Augur/bin/Release/net10.0/augur
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
measure() { # name, input, command...
  local name=$1 input=$2; shift 2
  /usr/bin/time -v "$@" > "$work/$name.out" 2> "$work/$name.time" || { echo "$name failed: $(grep -m1 -E 'Error|error' "$work/$name.time"), peak RSS $(awk -F': ' '/Maximum resident/ {print int($2/1024)}' "$work/$name.time") MB after $(awk -F': ' '/Elapsed/ {print $2}' "$work/$name.time")"; return; }
  echo "$name: $(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f s CPU", u+s}' "$work/$name.time")"
  local secs rss mb
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print int($2/1024)}' "$work/$name.time")
  mb=$(( $(stat -c %s "$input") / 1000000 ))
  echo "$name: ${mb} MB in ${secs} s = $(awk -v m="$mb" -v s="$secs" 'BEGIN {printf "%.1f", m/s}') MB/s, peak RSS ${rss} MB"
}
for size in "${sizes[@]}"; do
  input="$work/messy-$size.csv"
  [ -f "$input" ] || /usr/bin/python3 bench/ingest/generate.py "$input" "$size"
  rm -rf "$work/out-$size"
  # The default: a CSV of 8 MB or more is read on a second thread.
  measure "augur-$size" "$input" "$augur" ingest "$input" --out "$work/out-$size" --json
  # The same on one thread (AUGUR_INGEST_TWO_THREADS=0), which must write the same output.
  rm -rf "$work/out2-$size"
  AUGUR_INGEST_TWO_THREADS=0 measure "augur-1thread-$size" "$input" "$augur" ingest "$input" --out "$work/out2-$size" --json
  cmp -s "$work/out-$size/messy-$size.jsonl" "$work/out2-$size/messy-$size.jsonl" || echo "augur: one thread and two wrote different JSONL"
  rm -rf "$work/out2-$size"
  # pandas holds the whole frame and the whole JSON text in memory (about 25x the CSV): capped so that a 1 GB run
  # fails with MemoryError instead of pushing a shared machine into swap or the OOM killer.
  measure "pandas-$size" "$input" prlimit --as=$((${PANDAS_MEM_CAP_GB:-10} << 30)) /usr/bin/python3 bench/ingest/pandas_peer.py "$input" "$work/pandas-$size.jsonl"
  rm -f "$work/pandas-$size.jsonl"; rm -rf "$work/out-$size"
done
