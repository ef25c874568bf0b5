#!/usr/bin/env bash
# Online serving benchmark (issue 5). Builds augur in Release, trains a bundle on 30 mixed features, serves it
# behind an endpoint with an endpoint key, and loads it with wrk and an open-loop generator; the Flask +
# scikit-learn peer is measured in the same run. Usage: bench/Serving/run.sh [MILLION_SECONDS]
# (MILLION_SECONDS: how long the zero-error run lasts; it must reach 1,000,000 requests. Default 300.)
# MODEL=path/to/model.augur skips training and serves that bundle. SWEEP_RATES="600 800" adds open-loop runs at
# those rates (20 s each).
set -euo pipefail
cd "$(dirname "$0")/../.."
million_seconds=${1:-300}
work=$(mktemp -d /tmp/augur-serving-bench.XXXXXX)
echo "work folder: $work"
py=/usr/bin/python3
json() { $py -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

if [ -n "${BUILT:-}" ]; then  # BUILT=folder of an earlier run: reuse its Release builds of augur and LoadGen
  ln -s "$BUILT/augur" "$work/augur" && ln -s "$BUILT/loadgen" "$work/loadgen"
else
  dotnet build src/Augur -c Release -o "$work/augur" -v q -nologo >/dev/null
  dotnet build bench/Serving/LoadGen -c Release -o "$work/loadgen" -v q -nologo >/dev/null
fi
$py bench/Serving/generate.py "$work/data.csv" 5000
$py -c "import json; print(json.dumps({'rows': [json.load(open('$work/data.row.json'))]}))" > "$work/body.json"
if [ -n "${MODEL:-}" ]; then  # reuse a bundle from an earlier run (same data: generate.py is seeded)
  mkdir -p "$work/model" && cp "$MODEL" "$work/model/model.augur"
else
  dotnet "$work/augur/augur.dll" train --data "$work/data.csv" --target target --out "$work/model" --budget 20s --seed 42 >/dev/null
fi
echo "bundle: $(stat -c %s "$work/model/model.augur") bytes"

port=$($py -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
base="http://127.0.0.1:$port"
start_server() {
  AUGUR_ADMIN_PASSWORD=bench-password Augur__SeedDemo=false DOTNET_gcServer=1 \
    dotnet "$work/augur/augur.dll" serve --urls "$base" --data "$work/data-dir" \
    --Security:EndpointKeyPredictPerMinute=2000000000 --Security:PredictPerMinute=100000 --Security:ApiPerMinute=100000 \
    --Augur:Serving:LogSampleRate=0.01 "$@" > "$work/server.log" 2>&1 &
  server=$!
  until curl -sf "$base/health" >/dev/null; do sleep 0.5; done
  curl -sf -c "$work/jar" -H 'Content-Type: application/json' -d '{"userName":"admin","password":"bench-password"}' "$base/api/v1/auth/login" >/dev/null
}
api() { curl -sf -b "$work/jar" "$@"; }
rss_mb() { echo $(( $(ps -o rss= -p "$server") / 1024 )); }
export BODY_FILE="$work/body.json"  # for post.lua
peer=; trap 'kill $server $peer 2>/dev/null || true' EXIT

start_server
project=$(api -H 'Content-Type: application/json' -d '{"name":"bench"}' "$base/api/v1/projects" | json "d['id']")
api -F "file=@$work/model/model.augur" "$base/api/v1/projects/$project/models/bench/versions" | json "'model: ' + d['trainer'] + ', ' + d['metric'] + ' ' + str(round(d['metricValue'], 4))"
api -H 'Content-Type: application/json' -d '{"name":"bench","model":"bench","version":"latest"}' "$base/api/v1/projects/$project/endpoints" >/dev/null
key=$(api -H 'Content-Type: application/json' -d '{"name":"wrk","endpoint":"bench"}' "$base/api/v1/projects/$project/endpoint-keys" | json "d['secret']")
url="$base/api/v1/projects/$project/endpoints/bench/predict"
curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d @"$work/body.json" "$url"; echo

if [ -z "${SKIP_SHORT:-}" ]; then  # SKIP_SHORT=1: no peer, no throughput or fixed-rate runs; straight to the long run
peer_port=$($py -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")
# gunicorn, 2 sync workers (one per core: the best of Debian's WSGI servers for CPU-bound work on this machine);
# each worker trains at boot (--preload would fork after OpenMP started, and the workers hang); one OpenMP thread
# per worker, as OpenMP's spinning threads fight each other on a shared 2-core machine.
OMP_NUM_THREADS=1 $py -m gunicorn -w 2 --timeout 300 -b "127.0.0.1:$peer_port" --chdir bench/Serving "peer:create('$work/data.csv')" > "$work/peer.log" 2>&1 &
peer=$!
until curl -sf --max-time 5 -H 'Content-Type: application/json' -d @"$work/body.json" "http://127.0.0.1:$peer_port/predict" >/dev/null; do sleep 0.5; done
curl -sf -H 'Content-Type: application/json' -d @"$work/body.json" "http://127.0.0.1:$peer_port/predict"; echo

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
KEY=$key wrk -t2 -c32 -d5s -s bench/Serving/post.lua "$url" >/dev/null   # warm-up
echo "== [load $(cut -d" " -f1-3 /proc/loadavg)] augur throughput (wrk -t2 -c32 -d30s)"; KEY=$key wrk -t2 -c32 -d30s -s bench/Serving/post.lua "$url" | grep JSON
echo "== [load $(cut -d" " -f1-3 /proc/loadavg)] peer throughput (wrk -t2 -c32 -d30s)"; KEY= wrk -t2 -c32 -d30s -s bench/Serving/post.lua "http://127.0.0.1:$peer_port/predict" | grep JSON
echo "== [load $(cut -d" " -f1-3 /proc/loadavg)] augur at 1,000 req/s for 30 s (open loop)"; dotnet "$work/loadgen/LoadGen.dll" "$url" "$work/body.json" 1000 30 "$key"
for rate in ${SWEEP_RATES:-}; do  # e.g. SWEEP_RATES="600 800": other fixed rates, to find where p99 stays under 5 ms
  echo "== [load $(cut -d" " -f1-3 /proc/loadavg)] augur at $rate req/s for 20 s (open loop)"; dotnet "$work/loadgen/LoadGen.dll" "$url" "$work/body.json" "$rate" 20 "$key"
done
# The peer's ceiling is ~130 req/s on 2 cores, so 1,000 req/s would only queue (and time out); it runs at 100 req/s.
echo "== [load $(cut -d" " -f1-3 /proc/loadavg)] peer at 100 req/s for 30 s (open loop)"; dotnet "$work/loadgen/LoadGen.dll" "http://127.0.0.1:$peer_port/predict" "$work/body.json" 100 30
kill $peer; peer=
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

echo "== [load $(cut -d" " -f1-3 /proc/loadavg)] 1,000,000 requests (wrk -t2 -c32 -d${million_seconds}s)"; KEY=$key wrk -t2 -c32 -d"${million_seconds}s" -s bench/Serving/post.lua "$url" | grep JSON
curl -sf -b "$work/jar" "$base/api/v1/projects/$project/endpoints/bench/stats"; echo

echo "== [load $(cut -d" " -f1-3 /proc/loadavg)] 100 resident models"
before=$(rss_mb)
for i in $(seq -w 1 100); do
  api -F "file=@$work/model/model.augur" "$base/api/v1/projects/$project/models/m$i/versions" >/dev/null
  api -H 'Content-Type: application/json' -d @"$work/body.json" "$base/api/v1/projects/$project/models/m$i/predict" >/dev/null
done
after=$(rss_mb)
echo "JSON {\"rss_before_mb\": $before, \"rss_after_mb\": $after, \"per_model_mb\": $(( (after - before) / 100 ))}"
curl -sf -b "$work/jar" "$base/api/v1/projects/$project/endpoints/bench/stats" | json "d['cache']"
kill $server; wait $server 2>/dev/null || true

echo "== [load $(cut -d" " -f1-3 /proc/loadavg)] first request after an LRU eviction (cache capped at 4 MB: two of these models, each counted at about 1.6 MB, so m002…m040 push m001 out)"
start_server --Augur:Serving:ModelCacheMegabytes=4
KEY=$key wrk -t2 -c8 -d5s -s bench/Serving/post.lua "$url" >/dev/null   # JIT and the endpoint warm
t() { api -o /dev/null -w '%{time_total}' -H 'Content-Type: application/json' -d @"$work/body.json" "$base/api/v1/projects/$project/models/$1/predict"; }
cold=$(t m001); warm=$(t m001)
for i in $(seq -w 2 40); do t "m0$i" >/dev/null; done
evicted=$(t m001); again=$(t m001)
echo "JSON {\"first_load_s\": $cold, \"warm_s\": $warm, \"after_eviction_s\": $evicted, \"warm_again_s\": $again}"
curl -sf -b "$work/jar" "$base/api/v1/projects/$project/endpoints/bench/stats" | json "d['cache']"
