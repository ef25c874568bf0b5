#!/usr/bin/env bash
# Runs every Augur test on a Debian machine that has only the .NET SDK.
#
# It installs PostgreSQL and Chromium from Debian when they are missing, starts a throwaway PostgreSQL
# cluster on a free 127.0.0.1 port (removed again on exit, also on failure or Ctrl-C), builds the solution
# once and runs each tests/*/*.Tests.csproj. A failed browser test gets one second try (as Playwright advises for
# CI); one that passes then is listed as flaky with what its first try said. Failed tests are named, with the start
# of their messages, just above the summary. The last line of output is always the summary,
# "N passed, N failed" plus ", N skipped" when something was skipped. It exits non-zero when a test failed,
# a project failed to build or run, or no test ran at all.
#
# Tests read: AUGUR_TEST_POSTGRES (Npgsql connection string of a superuser), AUGUR_TEST_CHROMIUM (the
# Chromium executable), AUGUR_TEST_ARTIFACTS (where screenshots go) and AUGUR_TEST_REQUIRE_ALL=1 (a test
# whose service is missing fails instead of skipping).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD
ARTIFACTS=$ROOT/test-artifacts
CONFIGURATION=Release
CHROMIUM=/usr/bin/chromium
# Per project: a hung test is killed after this (VSTest blame), and the whole run of a project after that.
HANG_TIMEOUT=${AUGUR_TEST_HANG_TIMEOUT:-5m}
PROJECT_TIMEOUT=12m

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*"; }
# Setup failures still end with a summary line, so whatever reads the last line sees a failed run.
die() { printf 'test.sh: %s\n' "$*" >&2; echo "0 passed, 0 failed"; exit 1; }

# --- Privileges ---------------------------------------------------------------------------------------
if [[ $(id -u) -eq 0 ]]; then
    AS_ROOT=()
elif command -v sudo >/dev/null 2>&1; then
    AS_ROOT=(sudo)
else
    AS_ROOT=(none)
fi

as_root() {
    if [[ ${AS_ROOT[0]:-} == none ]]; then
        die "need root to run: $* -- rerun as root, install sudo, or install the packages yourself"
    fi
    "${AS_ROOT[@]}" "$@"
}

# --- Debian packages ----------------------------------------------------------------------------------
find_pg_bindir() {
    local postgres
    # Newest installed major version wins; pg_config covers servers installed elsewhere.
    postgres=$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n $postgres ]]; then
        dirname "$postgres"
    elif command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/postgres" ]]; then
        pg_config --bindir
    fi
}

missing=()
[[ -n $(find_pg_bindir) ]] || missing+=(postgresql)
[[ -x $CHROMIUM ]] || missing+=(chromium)

if ((${#missing[@]} > 0)); then
    log "Installing missing Debian packages: ${missing[*]}"
    # Installing the postgresql package would start Debian's own "main" cluster on 5432; this run needs
    # only the binaries, so forbid service starts while apt runs (policy-rc.d exit 101 = "not allowed").
    policy_added=""
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
        policy_added=1
    fi
    install_status=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || install_status=$?
    if ((install_status == 0)); then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
            || install_status=$?
    fi
    [[ -z $policy_added ]] || as_root rm -f /usr/sbin/policy-rc.d
    ((install_status == 0)) || die "apt-get failed to install: ${missing[*]}"
fi

PG_BIN=$(find_pg_bindir)
[[ -n $PG_BIN ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin after installing"
[[ -x $CHROMIUM ]] || die "$CHROMIUM not found after installing chromium"

# --- Throwaway PostgreSQL cluster ---------------------------------------------------------------------
# initdb refuses to run as root, so as root the cluster belongs to the postgres OS user; otherwise to us.
if [[ $(id -u) -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/augur-test-pg.XXXXXX")
PG_DATA=$PG_TMP/data
PG_STARTED=""

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n $PG_STARTED ]]; then
        (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 30) >/dev/null 2>&1 || true
        # pg_ctl could not stop it (or was interrupted): end the postmaster by the pid it recorded.
        if [[ -f $PG_DATA/postmaster.pid ]]; then
            local pid
            pid=$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)
            [[ $pid =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -rf "$PG_TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[[ $(id -u) -ne 0 ]] || chown postgres: "$PG_TMP"

PG_PASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$PG_PASSWORD" >"$PG_TMP/pwfile"
[[ $(id -u) -ne 0 ]] || chown postgres: "$PG_TMP/pwfile"

log "Creating a PostgreSQL cluster in $PG_DATA ($PG_BIN)"
# Local socket connections trust the cluster's own OS user; TCP (127.0.0.1 only) needs the password.
(cd "$PG_TMP" && as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$PG_TMP/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1) \
    || { cat "$PG_TMP/initdb.log" >&2; die "initdb failed"; }
rm -f "$PG_TMP/pwfile"

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PG_PORT=""
for _ in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    port_is_free "$port" || continue
    # Durability is irrelevant for a throwaway cluster; skipping fsync makes CREATE DATABASE per test cheap.
    if (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" start -D "$PG_DATA" -w -t 60 -l "$PG_TMP/postgres.log" \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_TMP \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300") >/dev/null; then
        PG_STARTED=1
        PG_PORT=$port
        break
    fi
    PG_STARTED=1 # a failed start may still have left a postmaster behind; let cleanup look
    tail -n 5 "$PG_TMP/postgres.log" >&2 || true
done
[[ -n $PG_PORT ]] || die "could not start PostgreSQL on a free port (log above)"

ready=""
for _ in $(seq 1 60); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres; then ready=1; break; fi
    sleep 0.5
done
[[ -n $ready ]] || die "PostgreSQL on 127.0.0.1:$PG_PORT did not accept connections within 30 s"
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$PG_PORT"

export AUGUR_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=postgres"
export AUGUR_TEST_CHROMIUM=$CHROMIUM
export AUGUR_TEST_ARTIFACTS=$ARTIFACTS
export AUGUR_TEST_REQUIRE_ALL=1

# --- Build once, then test each project ---------------------------------------------------------------
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS/trx" "$ARTIFACTS/logs"

shopt -s nullglob
projects=(tests/*/*.Tests.csproj)
((${#projects[@]} > 0)) || die "no test projects found under tests/"

# A test project that fails to compile must not run the assembly left over from an earlier build: delete
# each test assembly so that only a successful build puts it back (cheaply, from obj/).
for project in "${projects[@]}"; do
    rm -f "$(dirname "$project")/bin/$CONFIGURATION"/*/"$(basename "$project" .csproj).dll"
done

log "Building Augur.slnx ($CONFIGURATION)"
build_failed=""
# No build servers: they would outlive this script and keep CI's output pipe open.
dotnet build Augur.slnx -c "$CONFIGURATION" --disable-build-servers -tl:off -nologo -v minimal \
    || build_failed=1

total_passed=0 total_failed=0 total_skipped=0
broken_projects=()
results=()
failed_trx=()  # the TRX files that hold the run's failed tests
flaky=()       # "name: message" of browser tests that passed only on their second try

# Reads one attribute of the <Counters> element of a TRX file (0 when absent).
trx_counter() {
    local value
    value=$(grep -o '<Counters [^>]*' "$1" | head -n 1 | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]\+' || true)
    echo "${value:-0}"
}

# The failed tests of a TRX file, each with the first lines of its message; only those named after the file, when
# any are. CI keeps only the end of the output, so these are printed again just before the summary.
failed_tests() {
    local file=$1
    shift
    awk -v only="$(printf '%s\n' "$@")" '
        BEGIN { n = split(only, list, "\n"); for (i = 1; i <= n; i++) if (list[i] != "") wanted[list[i]] = 1 }
        /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
            match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11)
            want = length(wanted) == 0 || (name in wanted)
        }
        want && /<Message>/ { inmsg = 1; lines = 0; sub(/.*<Message>/, "") }
        inmsg {
            done = sub(/<\/Message>.*/, "")
            if (lines < 6) printf "%s%s\n", (lines == 0 ? "  " name ": " : "      "), $0
            lines++
            if (done) { inmsg = 0; want = 0 }
        }
    ' "$file"
}

# The fully qualified names of a TRX file's failed tests, one a line.
failed_test_names() {
    grep -o '<UnitTestResult [^>]*' "$1" | grep -E 'outcome="(Failed|Error|Timeout|Aborted)"' \
        | grep -o 'testName="[^"]*"' | sed 's/^testName="//; s/"$//'
}

for project in "${projects[@]}"; do
    name=$(basename "$project" .csproj)
    trx=$ARTIFACTS/trx/$name.trx
    output=$ARTIFACTS/logs/$name.log
    log "Testing $name"
    started=$SECONDS
    status=0
    # --foreground keeps dotnet in this terminal's process group so that Ctrl-C reaches it.
    timeout --foreground --kill-after=30s "$PROJECT_TIMEOUT" \
        dotnet test "$project" --no-build -c "$CONFIGURATION" -nologo \
        --logger "trx;LogFileName=$trx" --logger "console;verbosity=normal" \
        --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
        --results-directory "$ARTIFACTS/trx/$name" >"$output" 2>&1 || status=$?
    elapsed=$((SECONDS - started))

    passed=0 failed=0 skipped=0
    if [[ -f $trx ]]; then
        passed=$(trx_counter "$trx" passed)
        failed=$(( $(trx_counter "$trx" failed) + $(trx_counter "$trx" error) + $(trx_counter "$trx" timeout) + $(trx_counter "$trx" aborted) ))
        # VSTest leaves the notExecuted counter at 0 for skipped xunit tests; they only show as not executed.
        skipped=$(( $(trx_counter "$trx" total) - $(trx_counter "$trx" executed) ))
        ((skipped >= 0)) || skipped=0
    fi
    # A browser test drives a real Chromium against a server that trains models on the same 2 cores: a wait long
    # enough on a quiet machine can still run out on a loaded one. As Playwright's recommended CI setting does, a
    # failed browser test gets one more try. It is then reported by name as flaky, and a second failure fails the run.
    note=""
    # Only failed tests of a run that ran them all are tried again: one that hung, crashed or timed out (an exit status
    # other than 1, or tests left unexecuted) is not.
    if [[ $name == Augur.Browser.Tests && -f $trx ]] && ((status == 1 && failed > 0 && failed <= 3 && skipped == 0)); then
        mapfile -t retry < <(failed_test_names "$trx")
        filter=$(printf 'FullyQualifiedName=%s|' "${retry[@]}")
        retry_trx=$ARTIFACTS/trx/$name.second-try.trx
        log "Trying the ${#retry[@]} failed browser test(s) once more"
        retry_status=0
        timeout --foreground --kill-after=30s "$PROJECT_TIMEOUT" \
            dotnet test "$project" --no-build -c "$CONFIGURATION" -nologo --filter "${filter%|}" \
            --logger "trx;LogFileName=$retry_trx" --logger "console;verbosity=normal" \
            --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
            --results-directory "$ARTIFACTS/trx/$name.second-try" >"$ARTIFACTS/logs/$name.second-try.log" 2>&1 || retry_status=$?
        retry_passed=0 retry_failed=0
        if [[ -f $retry_trx ]]; then
            retry_passed=$(trx_counter "$retry_trx" passed)
            retry_failed=$(( $(trx_counter "$retry_trx" failed) + $(trx_counter "$retry_trx" error) + $(trx_counter "$retry_trx" timeout) + $(trx_counter "$retry_trx" aborted) ))
        fi
        # Counted again only when the second try ran each of them exactly once.
        if ((${#retry[@]} == failed && retry_passed + retry_failed == failed && retry_passed > 0)); then
            mapfile -t again < <(failed_test_names "$retry_trx")
            mapfile -t passed_now < <(printf '%s\n' "${retry[@]}" | grep -vxF -f <(printf '%s\n' "${again[@]}" "") || true)
            mapfile -t -O "${#flaky[@]}" flaky < <(failed_tests "$trx" "${passed_now[@]}")
            passed=$((passed + retry_passed)) failed=$retry_failed
            note=" ($retry_passed passed on a second try)"
            if ((failed == 0)); then
                status=0
            else
                trx=$retry_trx # the second try's messages are the ones reported
            fi
        fi
        elapsed=$((SECONDS - started))
    fi
    ((failed == 0)) || failed_trx+=("$trx")
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    total_skipped=$((total_skipped + skipped))

    verdict=PASS
    if ((status != 0)) && ((failed == 0)); then
        verdict=BROKEN # the run itself failed: not built, crashed, hung or timed out
        broken_projects+=("$name")
    elif ((failed > 0)); then
        verdict=FAIL
    fi
    if [[ $verdict != PASS ]]; then
        echo "--- last lines of $output ---"
        tail -n 150 "$output"
        echo "---"
    fi
    line=$(printf '%-7s %-24s %4d passed, %d failed, %d skipped (%ds)%s' \
        "$verdict" "$name" "$passed" "$failed" "$skipped" "$elapsed" "$note")
    [[ -f $trx ]] || line+=" [no TRX; exit $status]"
    echo "$line"
    results+=("$line")
done

echo
echo "Results per project:"
printf '  %s\n' "${results[@]}"
exit_status=0
if [[ -n $build_failed ]]; then
    echo "The build failed (see its output above)."
    exit_status=1
fi
if ((${#broken_projects[@]} > 0)); then
    echo "Projects that failed to run: ${broken_projects[*]} (logs in test-artifacts/logs)"
    exit_status=1
fi
if ((total_failed > 0)); then
    exit_status=1
fi
if ((total_passed + total_failed == 0)); then
    echo "No test ran at all."
    exit_status=1
fi

if ((${#flaky[@]} > 0)); then
    echo
    echo "Passed only on a second try (flaky; what the first try said):"
    printf '%s\n' "${flaky[@]}"
fi
if ((${#failed_trx[@]} > 0)); then
    echo
    echo "Failed tests (first lines of each message; the rest is in test-artifacts/logs):"
    for trx in "${failed_trx[@]}"; do failed_tests "$trx"; done
fi

summary="$total_passed passed, $total_failed failed"
((total_skipped == 0)) || summary+=", $total_skipped skipped"
echo "$summary"
exit "$exit_status"
