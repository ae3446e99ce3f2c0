#!/usr/bin/env bash
# Benchmarks: bash infra/bench.sh BENCHMARK [args for the benchmark program]
#
#   lookups   Point lookups on the real 63-province set, 1,000,000 random points in
#             Vietnam's box: FenceSnapshot vs a brute-force Geometry.Covers loop vs
#             PostGIS ST_Covers (tests/Geofence.Fences.Benchmarks). Starts a throwaway
#             PostgreSQL with PostGIS. Extra args go to the program
#             (e.g. --quick, --per-point 2000, --cpu 1; --help lists them).
#
#   detector  Pings/s through the whole Detector (its own process) on RabbitMQ +
#             PostgreSQL, against the broker's own publish rate for the same messages
#             (tests/Geofence.Detector.Benchmarks). Starts a throwaway RabbitMQ and
#             PostgreSQL. Args: --subjects N (60000), --pings-per-subject N (10).
#
#   dispatcher  SMS commands/s through the whole Dispatcher (its own process) on RabbitMQ +
#             PostgreSQL to a zero-latency fake Twilio, against the broker + MassTransit to a
#             no-op consumer and direct HTTP sends with the same Twilio client, all in the
#             same run, with CPU per message by process (tests/Geofence.Dispatcher.Benchmarks).
#             Starts a throwaway RabbitMQ and PostgreSQL. Args: --messages N (5000),
#             --runs N (3), --warmup N (1000), --provider-latency MS (0), --env KEY=VALUE
#             for the Dispatcher (e.g. Dispatcher__ConcurrentMessageLimit=32); --help lists them.
#
#   campaign  Campaigns at scale (tests/Geofence.Campaigns.Benchmarks): a 1,000,000-person
#             audience uploaded as CSV through HTTP (rows/s, the Notifier's peak RSS), the
#             campaign's planning time (target < 60 s) and the Notifier's peak RSS (target
#             < 500 MB); then its sustained sends/s to a zero-latency fake SMS provider at
#             MaxPerSecond R, as a share of min(R x 0.8, the Dispatcher's own ceiling
#             measured in the same run), target >= 80 %. Starts a throwaway RabbitMQ and
#             PostgreSQL. Args: --people N (1000000), --rate R (250), --seconds S (30),
#             --env KEY=VALUE for every service; --help lists them.
#
# Prints a table of figures and ratios measured in the same run and writes it under
# BenchmarkDotNet.Artifacts/results/ (git-ignored). Not part of the test
# command (infra/test.sh, .ci/run): absolute figures depend on the machine and its
# load, so the benchmark reports ratios and MET / NOT MET, never fails on them.
#
# lookups and detector need the boundary files in $GEOFENCE_GEO_DATA (default
# ../shared/geo-data beside the repo; never copied into the repository).
#
# To add a benchmark: write bench_NAME (start the servers it needs with the
# infra/lib helpers; cleanup stops them all), add it to BENCHMARKS and to this header.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$REPO_ROOT/infra/lib/rabbitmq.sh"
source "$REPO_ROOT/infra/lib/postgres.sh"
cd "$REPO_ROOT"

export DOTNET_NOLOGO=${DOTNET_NOLOGO:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=${DOTNET_CLI_TELEMETRY_OPTOUT:-1}

BENCHMARKS=(lookups detector dispatcher campaign)

usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

# One folder per run for the servers' folders; removed on exit, kept (with the
# server logs) when the run failed.
RUN_DIR=
cleaned_up=
cleanup() {
    local status=${1:-$?}
    [[ -n $cleaned_up ]] && return 0
    cleaned_up=1
    local keep=
    if ((status != 0)); then keep='keep-logs'; fi
    rabbitmq_stop $keep || true
    pg_stop $keep || true
    [[ -n $RUN_DIR && -d $RUN_DIR ]] || return 0
    if [[ -n $keep ]]; then
        gf_log "server logs kept in $RUN_DIR"
    else
        rm -rf "$RUN_DIR"
    fi
}
trap 'cleanup $?' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

new_run_dir() {
    RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/geofence-bench.XXXXXX")
    chmod 755 "$RUN_DIR" # the service users must reach their own subfolders
}

geo_data_dir() {
    realpath -m "${GEOFENCE_GEO_DATA:-$REPO_ROOT/../shared/geo-data}"
}

# Point lookups: FenceSnapshot vs brute force vs PostGIS ST_Covers.
bench_lookups() {
    local geo_data arg
    for arg in "$@"; do
        if [[ $arg == -h || $arg == --help ]]; then
            dotnet run -c Release --project tests/Geofence.Fences.Benchmarks -- --help
            return
        fi
    done
    geo_data=$(geo_data_dir)
    [[ -f $geo_data/vn-provinces-63.geojson ]] ||
        { gf_die "$geo_data/vn-provinces-63.geojson not found: set GEOFENCE_GEO_DATA to the shared geo-data folder"; return 1; }

    new_run_dir
    pg_start "$RUN_DIR"
    "$GF_PG_BIN/psql" -h 127.0.0.1 -p "$GF_PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt \
        -c 'CREATE EXTENSION IF NOT EXISTS postgis' -c "SELECT 'PostGIS ' || postgis_lib_version() || ' enabled'" </dev/null >&2

    gf_log "dotnet run -c Release --project tests/Geofence.Fences.Benchmarks -- $*"
    GEOFENCE_GEO_DATA=$geo_data GEOFENCE_BENCH_POSTGRES=$GF_PG_CONNECTION \
        dotnet run -c Release --project tests/Geofence.Fences.Benchmarks -- "$@" </dev/null
}

# Pings through the Detector on RabbitMQ + PostgreSQL.
bench_detector() {
    local geo_data
    geo_data=$(geo_data_dir)
    [[ -f $geo_data/vn-provinces-34-2025.geojson ]] ||
        { gf_die "$geo_data/vn-provinces-34-2025.geojson not found: set GEOFENCE_GEO_DATA to the shared geo-data folder"; return 1; }

    new_run_dir
    rabbitmq_launch "$RUN_DIR"
    pg_start "$RUN_DIR"
    rabbitmq_wait_ready "${GF_RMQ_START_TIMEOUT:-120}"

    local args=("$@")
    ((${#args[@]} > 0)) || args=(--subjects 60000 --pings-per-subject 10)
    gf_log "dotnet run -c Release --project tests/Geofence.Detector.Benchmarks -- ${args[*]}"
    GEOFENCE_GEO_DATA=$geo_data \
        GEOFENCE_TEST_RABBITMQ_HOST=127.0.0.1 GEOFENCE_TEST_RABBITMQ_PORT=$GF_RMQ_PORT \
        GEOFENCE_TEST_RABBITMQ_MANAGEMENT_PORT=$GF_RMQ_MGMT_PORT \
        GEOFENCE_TEST_RABBITMQ_USER=guest GEOFENCE_TEST_RABBITMQ_PASSWORD=guest \
        GEOFENCE_TEST_POSTGRES=$GF_PG_CONNECTION \
        dotnet run -c Release --project tests/Geofence.Detector.Benchmarks -- "${args[@]}" </dev/null
}

# SMS commands through the Dispatcher on RabbitMQ + PostgreSQL to a fake Twilio.
bench_dispatcher() {
    local arg
    for arg in "$@"; do
        if [[ $arg == -h || $arg == --help ]]; then
            dotnet run -c Release --project tests/Geofence.Dispatcher.Benchmarks -- --help
            return
        fi
    done
    new_run_dir
    rabbitmq_launch "$RUN_DIR"
    pg_start "$RUN_DIR"
    rabbitmq_wait_ready "${GF_RMQ_START_TIMEOUT:-120}"

    gf_log "dotnet run -c Release --project tests/Geofence.Dispatcher.Benchmarks -- $*"
    GEOFENCE_TEST_RABBITMQ_HOST=127.0.0.1 GEOFENCE_TEST_RABBITMQ_PORT=$GF_RMQ_PORT \
        GEOFENCE_TEST_RABBITMQ_MANAGEMENT_PORT=$GF_RMQ_MGMT_PORT \
        GEOFENCE_TEST_RABBITMQ_USER=guest GEOFENCE_TEST_RABBITMQ_PASSWORD=guest \
        GEOFENCE_TEST_POSTGRES=$GF_PG_CONNECTION GEOFENCE_BENCH_RUN_DIR=$RUN_DIR \
        dotnet run -c Release --project tests/Geofence.Dispatcher.Benchmarks -- "$@" </dev/null
}

# Campaigns: upload, planning and sending rate through Admin, Notifier and Dispatcher on RabbitMQ + PostgreSQL.
bench_campaign() {
    local arg
    for arg in "$@"; do
        if [[ $arg == -h || $arg == --help ]]; then
            dotnet run -c Release --project tests/Geofence.Campaigns.Benchmarks -- --help
            return
        fi
    done
    new_run_dir
    rabbitmq_launch "$RUN_DIR"
    pg_start "$RUN_DIR"
    rabbitmq_wait_ready "${GF_RMQ_START_TIMEOUT:-120}"

    gf_log "dotnet run -c Release --project tests/Geofence.Campaigns.Benchmarks -- $*"
    GEOFENCE_TEST_RABBITMQ_HOST=127.0.0.1 GEOFENCE_TEST_RABBITMQ_PORT=$GF_RMQ_PORT \
        GEOFENCE_TEST_RABBITMQ_MANAGEMENT_PORT=$GF_RMQ_MGMT_PORT \
        GEOFENCE_TEST_RABBITMQ_USER=guest GEOFENCE_TEST_RABBITMQ_PASSWORD=guest \
        GEOFENCE_TEST_POSTGRES=$GF_PG_CONNECTION GEOFENCE_BENCH_RUN_DIR=$RUN_DIR \
        dotnet run -c Release --project tests/Geofence.Campaigns.Benchmarks -- "$@" </dev/null
}

benchmark=${1:-}
case $benchmark in
-h | --help)
    usage
    exit 0
    ;;
'')
    usage >&2
    exit 2
    ;;
esac
shift
if [[ " ${BENCHMARKS[*]} " != *" $benchmark "* ]]; then
    gf_die "unknown benchmark '$benchmark' (known: ${BENCHMARKS[*]})" || true
    exit 2
fi

gf_install_prereqs
"bench_$benchmark" "$@"
