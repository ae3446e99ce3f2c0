#!/usr/bin/env bash
# A RabbitMQ node and a PostgreSQL server of their own for the outage drills, which stop and start them while the
# shared test servers stay up for every other test. Run by the drill (tests/Geofence.EndToEnd.Tests/FailureDrills/),
# not by hand: prints KEY=VALUE lines and then `ready` on stdout, then reads one command a line from stdin and answers
# `ok COMMAND` or `failed COMMAND`:
#   stop-rabbitmq    rabbitmqctl stop_app: AMQP and management listeners closed, every connection dropped
#   start-rabbitmq   rabbitmqctl start_app, returns once AMQP and the management API answer
#   stop-postgres    pg_ctl stop -m fast (sessions ended, port closed)
#   start-postgres   pg_ctl start on the same folder and port
# The end of stdin (the drill is over, or its process died) stops both servers and removes their folders.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$REPO_ROOT/infra/lib/rabbitmq.sh"
source "$REPO_ROOT/infra/lib/postgres.sh"

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/geofence-drill-servers.XXXXXX")
chmod 755 "$RUN_DIR"
cleanup() {
    trap - EXIT INT TERM
    rabbitmq_stop || true
    pg_stop || true
    rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pg_ctl_local() {
    gf_as_prefix "$GF_PG_USER"
    (cd "$GF_PG_DIR" && "${GF_AS[@]}" "$GF_PG_BIN/pg_ctl" -D "$GF_PG_DIR/data" -l "$GF_PG_LOG_DIR/postgres.log" \
        -w -t 60 "$@" >>"$GF_PG_LOG_DIR/pg_ctl.log" 2>&1 </dev/null)
}

rabbitmq_launch "$RUN_DIR"
pg_start "$RUN_DIR"
rabbitmq_wait_ready

echo "RABBITMQ_PORT=$GF_RMQ_PORT"
echo "RABBITMQ_MANAGEMENT_PORT=$GF_RMQ_MGMT_PORT"
echo "POSTGRES=$GF_PG_CONNECTION"
echo ready

while read -r command; do
    case $command in
    # </dev/null: the CLI must not swallow the commands that follow.
    stop-rabbitmq) rabbitmqctl_local stop_app </dev/null >&2 ;;
    start-rabbitmq) rabbitmqctl_local start_app </dev/null >&2 && rabbitmq_wait_ready ;;
    stop-postgres) pg_ctl_local -m fast stop ;;
    start-postgres) pg_ctl_local start ;;
    *) false ;;
    esac && echo "ok $command" || echo "failed $command"
done
