#!/usr/bin/env bash
# Runs Augur's scaled-out topology as plain processes on this machine: a throwaway PostgreSQL, one web server
# that runs no jobs itself (--workers 0) and N workers (default 2) that Quartz's clustering shares the jobs
# among. Ctrl+C stops everything and deletes the database. Usage: scripts/cluster-demo.sh [WORKERS]
set -euo pipefail
cd "$(dirname "$0")/.."
workers=${1:-2}
port=${AUGUR_PORT:-5080}
pg_port=${AUGUR_PG_PORT:-55433}
work=$(mktemp -d /tmp/augur-cluster.XXXXXX)
pids=()

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x $bindir/initdb ]] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 1; }
as_pg=(); [[ $(id -u) -eq 0 ]] && { id postgres >/dev/null 2>&1 || useradd --system postgres; as_pg=(runuser -u postgres --); chown postgres "$work"; }

cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as_pg[@]}" "$bindir/initdb" -D "$work/pg" -U postgres --auth=trust >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1" start >/dev/null

dotnet build src/Augur -c Release --nologo -v quiet
augur=(dotnet src/Augur/bin/Release/net10.0/augur.dll)
export Database__Provider=PostgreSql
export Database__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=augur"
export AUGUR_DATA=$work/data

"${augur[@]}" serve --workers 0 --urls "http://localhost:$port" > "$work/server.log" 2>&1 & pids+=($!)
for _ in $(seq 1 120); do curl -sf "http://localhost:$port/health" >/dev/null && break; sleep 1; done
for i in $(seq 1 "$workers"); do
    "${augur[@]}" worker > "$work/worker$i.log" 2>&1 & pids+=($!)
done

grep -B1 -m1 "password:" "$work/server.log" || true
echo "Augur cluster: http://localhost:$port (1 server, $workers workers, PostgreSQL on 127.0.0.1:$pg_port)."
echo "Logs in $work. Kill a worker (kill -9 PID) to watch another one recover its job. Ctrl+C stops all."
echo "Worker PIDs: ${pids[*]:1}"
wait "${pids[0]}"
