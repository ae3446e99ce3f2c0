#!/usr/bin/env bash
# The test command: bash infra/test.sh [extra dotnet test args, e.g. --filter X]
#
# Starts a throwaway RabbitMQ and PostgreSQL on 127.0.0.1, runs dotnet test on
# the solution against them, stops them, and ends with the line
# "N passed, N failed[, N skipped]" summed over the .trx files.
# GEOFENCE_TEST_SOLUTION overrides the solution (or a single project) to test.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$REPO_ROOT/infra/lib/rabbitmq.sh"
source "$REPO_ROOT/infra/lib/postgres.sh"
cd "$REPO_ROOT"

solution=${GEOFENCE_TEST_SOLUTION:-}
if [[ -z $solution ]]; then
    solution=Geofence.sln
    [[ ! -e $solution && -e Geofence.slnx ]] && solution=Geofence.slnx
fi
[[ -e $solution ]] || { gf_die "solution $solution not found in $REPO_ROOT"; exit 1; }

export DOTNET_NOLOGO=${DOTNET_NOLOGO:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=${DOTNET_CLI_TELEMETRY_OPTOUT:-1}

gf_install_prereqs

# One code style: the .editorconfig's rules at warning fail the build itself (EnforceCodeStyleInBuild);
# whitespace is checked here, in seconds and without a build. Counted as one test in the totals.
style_check="dotnet format whitespace --folder --verify-no-changes"
style_passed=1
style_output=$($style_check 2>&1) || style_passed=0

# One folder per run: each server's folder, and results/ for the .trx files.
# Removed on success; on failure the logs and results stay and are printed.
RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/geofence-test.XXXXXX")
chmod 755 "$RUN_DIR" # the service users must reach their own subfolders
RESULTS_DIR=$RUN_DIR/results
cleaned_up=

cleanup() {
    local status=${1:-$?}
    [[ -n $cleaned_up ]] && return 0
    cleaned_up=1
    local keep=
    if ((status != 0)); then keep='keep-logs'; fi
    rabbitmq_stop $keep || true
    pg_stop $keep || true
    if [[ -n $keep ]]; then
        gf_log "server logs and test results kept in $RUN_DIR"
        [[ -n ${GF_RMQ_LOG_DIR:-} ]] && gf_log "  RabbitMQ:   $GF_RMQ_LOG_DIR"
        [[ -n ${GF_PG_LOG_DIR:-} ]] && gf_log "  PostgreSQL: $GF_PG_LOG_DIR"
        gf_log "  .trx:       $RESULTS_DIR"
    else
        rm -rf "$RUN_DIR"
    fi
}
trap 'cleanup $?' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# RabbitMQ boots in the background while PostgreSQL starts.
rmq_t0=$SECONDS
rabbitmq_launch "$RUN_DIR"
pg_start "$RUN_DIR"
rabbitmq_wait_ready "${GF_RMQ_START_TIMEOUT:-120}"
gf_log "both servers up $((SECONDS - rmq_t0))s after launch"

export GEOFENCE_TEST_RABBITMQ_HOST=127.0.0.1
export GEOFENCE_TEST_RABBITMQ_PORT=$GF_RMQ_PORT
export GEOFENCE_TEST_RABBITMQ_MANAGEMENT_PORT=$GF_RMQ_MGMT_PORT
export GEOFENCE_TEST_RABBITMQ_USER=guest
export GEOFENCE_TEST_RABBITMQ_PASSWORD=guest
export GEOFENCE_TEST_POSTGRES=$GF_PG_CONNECTION
export GEOFENCE_GEO_DATA=${GEOFENCE_GEO_DATA:-$(realpath -m "$REPO_ROOT/../shared/geo-data")}
[[ -d $GEOFENCE_GEO_DATA ]] || gf_log "warning: GEOFENCE_GEO_DATA=$GEOFENCE_GEO_DATA does not exist"

dotnet_rc=0
e2e_project=tests/Geofence.EndToEnd.Tests/Geofence.EndToEnd.Tests.csproj
if [[ $solution == *.sln || $solution == *.slnx ]] && [[ -e $e2e_project ]]; then
    # Build once, then two lanes: the end-to-end project (the longest, mostly waiting on the service processes it starts)
    # in the background from the start, and every other test project one after the other beside it. Left to itself,
    # `dotnet test` on the solution often started the Host tests only after the end-to-end ones had finished.
    gf_log "dotnet build $solution -c Release"
    dotnet build "$solution" -c Release -nologo -v q </dev/null || dotnet_rc=$?
    if ((dotnet_rc == 0)); then
        # Known-vulnerable packages, direct and transitive, printed for a person to act on (README, "Vulnerable
        # packages"): a new advisory must not turn the run red by itself, and a slow or unreachable feed must not
        # hang it, hence the time limit and the ignored exit code.
        gf_log "dotnet list package --vulnerable --include-transitive"
        timeout 120 dotnet list "$solution" package --vulnerable --include-transitive </dev/null ||
            gf_log "warning: the vulnerable-packages check did not complete (exit $?); the run goes on"
        gf_log "dotnet test $e2e_project (in the background) $*"
        (
            rc=0
            dotnet test "$e2e_project" -c Release --no-build --logger "trx;LogFileName=$(basename "$e2e_project" .csproj).trx" --results-directory "$RESULTS_DIR" "$@" \
                </dev/null >"$RUN_DIR/end-to-end.log" 2>&1 || rc=$?
            echo "$rc" >"$RUN_DIR/end-to-end.rc"
        ) &
        e2e_pid=$!
        # The longest first, so that the lane beside the end-to-end tests ends as early as it can.
        mapfile -t other_projects < <(find tests -mindepth 2 -maxdepth 2 -name '*.Tests.csproj' ! -path "$e2e_project" |
            sort | awk '/Host.Tests/ { print 0, $0; next } /Browser.Tests/ { print 1, $0; next } { print 2, $0 }' |
            sort -s -k1,1n | cut -d' ' -f2-)
        for project in "${other_projects[@]}"; do
            gf_log "dotnet test $project $*"
            # Named after the project: the default name has a one-second timestamp, which two lanes can share.
            dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$(basename "$project" .csproj).trx" --results-directory "$RESULTS_DIR" "$@" </dev/null || dotnet_rc=$?
        done
        wait "$e2e_pid" || true
        gf_log "end-to-end tests ($e2e_project):"
        cat "$RUN_DIR/end-to-end.log" || true
        e2e_rc=$(cat "$RUN_DIR/end-to-end.rc" 2>/dev/null || echo 1)
        ((e2e_rc == 0)) || dotnet_rc=$e2e_rc
    fi
else
    gf_log "dotnet test $solution -c Release $*"
    dotnet test "$solution" -c Release --logger trx --results-directory "$RESULTS_DIR" "$@" </dev/null || dotnet_rc=$?
fi

# --- summary from the .trx files ---
mapfile -t trx_files < <(find "$RESULTS_DIR" -name '*.trx' 2>/dev/null | sort)
total=0 executed=0 passed=0 failed=0
if ((${#trx_files[@]} > 0)); then
    # error/timeout/aborted count as failed; total - executed are the skipped ones.
    read -r total executed passed failed < <(
        cat "${trx_files[@]}" | grep -o '<Counters [^>]*>' | awk '
            function attr(name,   m) {
                if (!match($0, " " name "=\"[0-9]+\"")) return 0
                m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0
            }
            { t += attr("total"); e += attr("executed"); p += attr("passed")
              f += attr("failed") + attr("error") + attr("timeout") + attr("aborted") }
            END { print t + 0, e + 0, p + 0, f + 0 }'
    )
fi
skipped=$((total - executed))
if ((style_passed)); then passed=$((passed + 1)); else failed=$((failed + 1)); fi

mapfile -t failed_names < <(
    cat "${trx_files[@]}" /dev/null | grep -o '<UnitTestResult [^>]*>' | grep 'outcome="Failed"' |
        sed -e 's/.* testName="\([^"]*\)".*/\1/' \
            -e 's/&quot;/"/g; s/&apos;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' | sort -u
)

if ((!style_passed)); then
    failed_names+=("code style: $style_check (\`dotnet format whitespace --folder\` fixes it)")
    printf '%s\n' "$style_output" | head -20
fi

status=0
reason=
if ((failed > 0)); then status=1
elif ((dotnet_rc != 0)); then status=1; reason="dotnet test exited with $dotnet_rc"; fi
if ((${#trx_files[@]} == 0)); then status=1; reason="no .trx file was produced"
elif ((executed == 0)); then status=1; reason="no test ran"; fi

# Stop the servers now, so that nothing is printed after the summary line.
cleanup $status

[[ -n $reason ]] && echo "error: $reason"
if ((${#failed_names[@]} > 0)); then
    echo "Failed tests:"
    printf '  %s\n' "${failed_names[@]}"
fi
if ((skipped > 0)); then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
exit $status
