#!/usr/bin/env bash
# Starts the throwaway RabbitMQ and PostgreSQL that infra/test.sh uses, prints
# the environment the tests read, and keeps both running until Ctrl-C, so that
# `dotnet test` can be run again and again (from a shell or an editor).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$REPO_ROOT/infra/lib/rabbitmq.sh"
source "$REPO_ROOT/infra/lib/postgres.sh"

gf_install_prereqs

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/geofence-servers.XXXXXX")
chmod 755 "$RUN_DIR"
cleanup() {
    trap - EXIT INT TERM
    gf_log "stopping servers"
    rabbitmq_stop || true
    pg_stop || true
    rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rabbitmq_launch "$RUN_DIR"
pg_start "$RUN_DIR"
rabbitmq_wait_ready

geo_data=${GEOFENCE_GEO_DATA:-$(realpath -m "$REPO_ROOT/../shared/geo-data")}
cat >"$RUN_DIR/env.sh" <<ENV
export GEOFENCE_TEST_RABBITMQ_HOST=127.0.0.1
export GEOFENCE_TEST_RABBITMQ_PORT=$GF_RMQ_PORT
export GEOFENCE_TEST_RABBITMQ_MANAGEMENT_PORT=$GF_RMQ_MGMT_PORT
export GEOFENCE_TEST_RABBITMQ_USER=guest
export GEOFENCE_TEST_RABBITMQ_PASSWORD=guest
export GEOFENCE_TEST_POSTGRES='$GF_PG_CONNECTION'
export GEOFENCE_GEO_DATA='$geo_data'
ENV

cat "$RUN_DIR/env.sh"
echo
echo "# or: source $RUN_DIR/env.sh"
echo "# management UI: http://127.0.0.1:$GF_RMQ_MGMT_PORT (guest/guest)"
echo "# psql: psql -h 127.0.0.1 -p $GF_PG_PORT -U postgres"
echo "# logs: $GF_RMQ_LOG_DIR  $GF_PG_LOG_DIR"
echo "# Ctrl-C stops both servers and removes their folders."

# wait on a background sleep, so the INT/TERM traps run at once.
while gf_pid_alive "$GF_RMQ_PID"; do
    sleep 5 &
    wait $! || true
done
gf_die "RabbitMQ exited on its own (see $GF_RMQ_LOG_DIR)"
exit 1
