#!/usr/bin/env bash
# Recommendation serving through `augur serve` on loopback, and the nightly batch for ~100,000 synthetic customers.
#   bench/RecommendServing/run.sh                 # generates the data (a few minutes), then measures
#   EVENTS=/path/events.csv CATALOGUE=/path/catalogue.csv bench/RecommendServing/run.sh
# Measures: training + batch time (from the run's own record), p50/p99 at a fixed 500 requests/s (open loop,
# bench/RecommendServing/LoadLoop), and the same load against the peer (Flask serving a dict of top-10 lists).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/bench/RecommendServing"
rate="${RATE:-500}"; seconds="${SECONDS_PER_RUN:-30}"; port="${PORT:-5391}"; peer_port=$((port + 1))
work="$(mktemp -d)"
cleanup() { [[ -n "${augur_pid:-}" ]] && kill "$augur_pid" 2>/dev/null || true; [[ -n "${peer_pid:-}" ]] && kill "$peer_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
trap 'echo "failed; the server said:"; tail -20 "$work/serve.log" 2>/dev/null' ERR

if [[ -z "${EVENTS:-}" ]]; then
  echo "== generating 100,000 customers (examples/store-demo/generate.py --variants 20), keeping a seeded quarter of the events"
  python3 "$root/examples/store-demo/generate.py" --customers 100000 --variants 20 --out "$work/full"
  awk 'BEGIN{srand(42)} NR==1 || rand()<0.25' "$work/full/events.csv" > "$work/events.csv"
  EVENTS="$work/events.csv"; CATALOGUE="$work/full/catalogue.csv"
fi

echo "== machine: $(nproc) cores (shared with other work), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%FT%TZ)"
echo "== events: $(($(wc -l < "$EVENTS") - 1)) rows, $(tail -n +2 "$EVENTS" | cut -d, -f4 | sort -u | wc -l) customers, $(($(wc -l < "$CATALOGUE") - 1)) items"
dotnet build "$root/src/Augur" -c Release -v quiet -nologo >/dev/null
dotnet build "$here/LoadLoop" -c Release -v quiet -nologo >/dev/null
augur="$root/src/Augur/bin/Release/net10.0/augur"
load="$here/LoadLoop/bin/Release/net10.0/LoadLoop"

# The load uses a serving key (a project-wide endpoint key), which has its own rate limit (Recommendations:ServingKeyPerMinute).
AUGUR_ADMIN_PASSWORD=bench-password Augur__SeedDemo=false Logging__LogLevel__Default=Warning \
  "$augur" serve --urls "http://127.0.0.1:$port" --data "$work/data" > "$work/serve.log" 2>&1 &
augur_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 120); do curl -sf "$base/health" >/dev/null 2>&1 && break; sleep 1; done
jar="$work/cookies"
curl -sf -c "$jar" -H 'Content-Type: application/json' -d '{"userName":"admin","password":"bench-password"}' "$base/api/v1/auth/login" >/dev/null
api() { curl -sf -b "$jar" "$@"; }
project=$(api -H 'Content-Type: application/json' -d '{"name":"Bench shop","kind":"recommendations"}' "$base/api/v1/projects" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# Gzipped: Kestrel refuses request bodies over 30 MB by default (Augur:MaxUploadBytes does not raise it).
gzip -c "$EVENTS" > "$work/events.csv.gz"
t0=$(date +%s.%N)
events_id=$(api -F "file=@$work/events.csv.gz;type=application/gzip" "$base/api/v1/projects/$project/datasets" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
catalogue_id=$(api -F "file=@$CATALOGUE;type=text/csv" "$base/api/v1/projects/$project/datasets" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
t1=$(date +%s.%N)
run=$(api -H 'Content-Type: application/json' -d "{\"eventsDatasetId\":\"$events_id\",\"catalogueDatasetId\":\"$catalogue_id\",\"model\":\"sar\"}" "$base/api/v1/projects/$project/recommenders" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
while :; do
  state=$(api "$base/api/v1/projects/$project/recommenders/$run")
  echo "$state" | python3 -c 'import json,sys; r=json.load(sys.stdin); sys.exit(0 if r["status"]=="failed" or r.get("batchAt") else 1)' && break
  sleep 2
done
echo "$state" | python3 "$here/summary.py" trained "$(echo "$t1 - $t0" | bc)"

# The batch again, on its own (the bundle is already in memory, as it is at night).
before=$(api "$base/api/v1/projects/$project/recommenders/$run" | python3 -c 'import json,sys; print(json.load(sys.stdin)["batchAt"])')
api -X POST "$base/api/v1/projects/$project/recommenders/batch" >/dev/null
while :; do
  state=$(api "$base/api/v1/projects/$project/recommenders/$run")
  [[ "$(echo "$state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["batchAt"])')" != "$before" ]] && break
  sleep 1
done
echo "$state" | python3 "$here/summary.py" batch

key=$(api -H 'Content-Type: application/json' -d '{"name":"bench shop"}' "$base/api/v1/projects/$project/endpoint-keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
tail -n +2 "$EVENTS" | cut -d, -f4 | sort -u | shuf --random-source=<(yes) -n 20000 > "$work/customers"
sed "s|^|/api/v1/projects/$project/recommendations/|; s|$|?k=10|" "$work/customers" > "$work/paths-known"
echo "== Augur: GET /recommendations/{customer}?k=10, known customers (precomputed lists), $rate requests/s for $seconds s"
"$load" "$base" "$work/paths-known" "$rate" "$seconds" "$key"
awk '{print "/api/v1/projects/'"$project"'/recommendations/new-" NR "?k=10"}' "$work/customers" > "$work/paths-new"
echo "== Augur: unknown customers (popular fallback)"
"$load" "$base" "$work/paths-new" "$rate" "$seconds" "$key"
sed "s|$|\&excludePurchased=false|" "$work/paths-known" > "$work/paths-live"
echo "== Augur: known customers computed live (excludePurchased=false skips the precomputed list)"
"$load" "$base" "$work/paths-live" "$rate" "$seconds" "$key"
kill "$augur_pid"; wait "$augur_pid" 2>/dev/null || true; augur_pid=

echo "== peer: Flask $(python3 -c 'import importlib.metadata as m; print(m.version("flask"))') (threaded dev server) serving a dict of top-10 lists, $rate requests/s for $seconds s"
/usr/bin/python3 "$here/peer_flask.py" "$EVENTS" "$CATALOGUE" "$peer_port" > "$work/peer.log" 2>&1 &
peer_pid=$!
for _ in $(seq 300); do grep -q "peer ready" "$work/peer.log" && curl -sf "http://127.0.0.1:$peer_port/recommendations/x" >/dev/null 2>&1 && break; sleep 1; done
sed 's|^|/recommendations/|' "$work/customers" > "$work/paths-peer"
"$load" "http://127.0.0.1:$peer_port" "$work/paths-peer" "$rate" "$seconds"
