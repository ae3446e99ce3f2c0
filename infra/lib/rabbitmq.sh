# shellcheck shell=bash
# Throwaway RabbitMQ node on 127.0.0.1. Sourced, not run.
#
#   rabbitmq_start [PARENT_DIR]      = rabbitmq_launch + rabbitmq_wait_ready
#   rabbitmq_launch [PARENT_DIR]     starts the node in the background, returns at once
#   rabbitmq_wait_ready [TIMEOUT_S]  waits until AMQP and the management API answer
#   rabbitmq_stop [keep-logs]        stops the node and removes its folder
#                                    (keep-logs: all but its log/ folder)
#   rabbitmqctl_local ARGS...        rabbitmqctl against this node
#
# After rabbitmq_launch: GF_RMQ_PORT (AMQP), GF_RMQ_MGMT_PORT, GF_RMQ_DIST_PORT,
# GF_RMQ_NODE, GF_RMQ_DIR, GF_RMQ_LOG_DIR. Our variables are prefixed GF_RMQ_
# because RabbitMQ's scripts read every RABBITMQ_* variable they inherit.

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

GF_RMQ_BIN=${GF_RMQ_BIN:-/usr/lib/rabbitmq/bin}
GF_RMQ_USER=${GF_RMQ_USER:-rabbitmq}
GF_RMQ_DIR=
GF_RMQ_PID=
GF_RMQ_STARTED_EPMD=

# Sets the array GF_RMQ_CMD to the prefix that runs a RabbitMQ script as the
# service user in a clean environment that the node and rabbitmqctl share:
# same node name, same config and the same HOME, hence the same Erlang cookie
# (our own, in the temp folder, rather than ~rabbitmq/.erlang.cookie, which a
# system node may use). /etc/rabbitmq/rabbitmq-env.conf is replaced by an
# empty file.
_rmq_cmd() {
    local d=$GF_RMQ_DIR
    gf_as_prefix "$GF_RMQ_USER"
    GF_RMQ_CMD=("${GF_AS[@]}" env -i \
        "HOME=$d" \
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
        "LANG=C.UTF-8" \
        "RABBITMQ_NODENAME=$GF_RMQ_NODE" \
        "RABBITMQ_CONF_ENV_FILE=$d/rabbitmq-env.conf" \
        "RABBITMQ_CONFIG_FILE=$d/rabbitmq.conf" \
        "RABBITMQ_ADVANCED_CONFIG_FILE=$d/advanced.config" \
        "RABBITMQ_ENABLED_PLUGINS_FILE=$d/enabled_plugins" \
        "RABBITMQ_MNESIA_BASE=$d/mnesia" \
        "RABBITMQ_LOG_BASE=$d/log" \
        "RABBITMQ_PID_FILE=$d/rabbitmq.pid" \
        "RABBITMQ_DIST_PORT=$GF_RMQ_DIST_PORT" \
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}" \
        "ERL_EPMD_ADDRESS=127.0.0.1")
}

rabbitmqctl_local() {
    _rmq_cmd
    (cd "$GF_RMQ_DIR" && "${GF_RMQ_CMD[@]}" "$GF_RMQ_BIN/rabbitmqctl" -n "$GF_RMQ_NODE" "$@")
}

rabbitmq_launch() {
    local parent=${1:-${TMPDIR:-/tmp}}
    [[ -x $GF_RMQ_BIN/rabbitmq-server ]] ||
        { gf_die "$GF_RMQ_BIN/rabbitmq-server not found (apt-get install rabbitmq-server)"; return 1; }

    GF_RMQ_DIR=$(mktemp -d "$parent/rabbitmq.XXXXXX")
    GF_RMQ_LOG_DIR=$GF_RMQ_DIR/log
    GF_RMQ_NODE="geofence-$$-${GF_RMQ_DIR##*.}@localhost"
    gf_free_port GF_RMQ_PORT
    gf_free_port GF_RMQ_MGMT_PORT
    gf_free_port GF_RMQ_DIST_PORT

    mkdir -p "$GF_RMQ_DIR/mnesia" "$GF_RMQ_LOG_DIR"
    : >"$GF_RMQ_DIR/rabbitmq-env.conf"
    echo '[].' >"$GF_RMQ_DIR/advanced.config"
    echo '[rabbitmq_management,rabbitmq_consistent_hash_exchange].' >"$GF_RMQ_DIR/enabled_plugins"
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$GF_RMQ_DIR/.erlang.cookie"
    chmod 400 "$GF_RMQ_DIR/.erlang.cookie"
    cat >"$GF_RMQ_DIR/rabbitmq.conf" <<CONF
listeners.tcp.local = 127.0.0.1:$GF_RMQ_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $GF_RMQ_MGMT_PORT

# guest/guest, administrator, allowed from loopback only: what the tests use.
default_user = guest
default_pass = guest
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
loopback_users.guest = true

# Queue stats in the management API refresh every second instead of every 5.
collect_statistics_interval = 1000
CONF
    gf_own "$GF_RMQ_USER" "$GF_RMQ_DIR"
    chmod 755 "$GF_RMQ_DIR" "$GF_RMQ_LOG_DIR"

    if epmd -names >/dev/null 2>&1; then GF_RMQ_STARTED_EPMD=; else GF_RMQ_STARTED_EPMD=1; fi

    gf_log "starting RabbitMQ node $GF_RMQ_NODE (amqp $GF_RMQ_PORT, management $GF_RMQ_MGMT_PORT, dist $GF_RMQ_DIST_PORT) in $GF_RMQ_DIR"
    # setsid: own session, so a Ctrl-C on the terminal does not reach the
    # node; the caller's trap stops it. $! is then the session leader.
    _rmq_cmd
    (cd "$GF_RMQ_DIR" && exec setsid "${GF_RMQ_CMD[@]}" "$GF_RMQ_BIN/rabbitmq-server") </dev/null >"$GF_RMQ_LOG_DIR/stdout.log" 2>&1 &
    GF_RMQ_PID=$!
}

_rmq_fail() {
    gf_die "$1 (logs in $GF_RMQ_LOG_DIR)"
    gf_dump_tail "$GF_RMQ_LOG_DIR/stdout.log" # the node logs to stdout too
    return 1
}

rabbitmq_wait_ready() {
    local timeout=${1:-${GF_RMQ_START_TIMEOUT:-120}} start=$SECONDS overview
    while :; do
        gf_pid_alive "$GF_RMQ_PID" || { _rmq_fail "RabbitMQ exited during start-up"; return 1; }
        if gf_port_open "$GF_RMQ_PORT" &&
            overview=$(curl -fsS -m 5 -u guest:guest "http://127.0.0.1:$GF_RMQ_MGMT_PORT/api/overview" 2>/dev/null); then
            break
        fi
        ((SECONDS - start < timeout)) || { _rmq_fail "RabbitMQ not ready after ${timeout}s"; return 1; }
        sleep 0.5
    done
    [[ $overview == *'"x-consistent-hash"'* ]] ||
        { _rmq_fail "RabbitMQ is up but has no x-consistent-hash exchange type"; return 1; }
    gf_log "RabbitMQ ready after $((SECONDS - start))s"
}

rabbitmq_start() {
    rabbitmq_launch "$@" && rabbitmq_wait_ready
}

rabbitmq_stop() {
    local keep_logs=${1:-} erl_pid='' _
    [[ -n $GF_RMQ_DIR && -d $GF_RMQ_DIR ]] || return 0
    if [[ -r $GF_RMQ_DIR/rabbitmq.pid ]]; then read -r erl_pid <"$GF_RMQ_DIR/rabbitmq.pid" || true; fi
    # Guard against the pid file outliving the VM and its pid being reused.
    [[ $(tr '\0' ' ' 2>/dev/null </proc/"$erl_pid"/cmdline) == *beam* ]] || erl_pid=

    # SIGTERM to the Erlang VM is the same graceful stop as `rabbitmqctl stop`
    # without the ~3s the CLI takes to boot. The VM still needs ~6s to exit.
    if gf_pid_alive "$erl_pid"; then kill -TERM "$erl_pid" 2>/dev/null || true
    elif gf_pid_alive "$GF_RMQ_PID"; then kill -TERM -- "-$GF_RMQ_PID" 2>/dev/null || true
    fi
    for _ in $(seq 60); do
        gf_pid_alive "$GF_RMQ_PID" || gf_pid_alive "$erl_pid" || break
        sleep 0.25
    done
    kill -KILL -- "-$GF_RMQ_PID" 2>/dev/null || true
    if [[ -n $erl_pid ]]; then kill -KILL "$erl_pid" 2>/dev/null || true; fi
    wait "$GF_RMQ_PID" 2>/dev/null || true

    # epmd outlives every node: stop it if we brought it up and no node is left.
    if [[ -n $GF_RMQ_STARTED_EPMD ]] && ! epmd -names 2>/dev/null | grep -q '^name '; then
        epmd -kill >/dev/null 2>&1 || true
    fi

    if [[ $keep_logs == keep-logs ]]; then
        find "$GF_RMQ_DIR" -mindepth 1 -maxdepth 1 ! -name log -exec rm -rf {} +
    else
        rm -rf "$GF_RMQ_DIR"
    fi
    GF_RMQ_DIR=
    GF_RMQ_PID=
}
