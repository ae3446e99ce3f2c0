# shellcheck shell=bash
# Throwaway PostgreSQL server on 127.0.0.1. Sourced, not run.
#
#   pg_start [PARENT_DIR]   initdb + start, returns once pg_isready answers
#   pg_stop [keep-logs]     stops the server and removes its folder
#                           (keep-logs: all but its log/ folder)
#
# After pg_start: GF_PG_PORT, GF_PG_DIR, GF_PG_LOG_DIR, GF_PG_BIN,
# GF_PG_CONNECTION (Npgsql connection string for the superuser postgres,
# password postgres; auth is trust, so the password is accepted but not needed).

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

GF_PG_USER=${GF_PG_USER:-postgres}
GF_PG_DIR=

# Prefers 15, the major postgresql-15-postgis-3 is built for, then the newest.
_pg_find_bin() {
    local d
    for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr); do
        if [[ -x $d/initdb && -x $d/pg_ctl ]]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

pg_start() {
    local parent=${1:-${TMPDIR:-/tmp}} start=$SECONDS
    GF_PG_BIN=${GF_PG_BIN:-$(_pg_find_bin)} ||
        { gf_die "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)"; return 1; }

    GF_PG_DIR=$(mktemp -d "$parent/postgres.XXXXXX")
    GF_PG_LOG_DIR=$GF_PG_DIR/log
    gf_free_port GF_PG_PORT
    mkdir -p "$GF_PG_DIR/sock" "$GF_PG_LOG_DIR"
    echo postgres >"$GF_PG_DIR/pwfile"
    gf_own "$GF_PG_USER" "$GF_PG_DIR"
    chmod 755 "$GF_PG_DIR" "$GF_PG_LOG_DIR"
    gf_as_prefix "$GF_PG_USER"

    gf_log "starting PostgreSQL $("$GF_PG_BIN/postgres" --version | awk '{print $3}') on port $GF_PG_PORT in $GF_PG_DIR"
    # cd: the service user may not be allowed into the caller's folder.
    if ! (cd "$GF_PG_DIR" && "${GF_AS[@]}" "$GF_PG_BIN/initdb" -D "$GF_PG_DIR/data" -U postgres \
        --pwfile="$GF_PG_DIR/pwfile" --auth=trust -E UTF8 --no-locale --no-sync --no-instructions \
        >"$GF_PG_LOG_DIR/initdb.log" 2>&1); then
        gf_die "initdb failed (logs in $GF_PG_LOG_DIR)"
        gf_dump_tail "$GF_PG_LOG_DIR/initdb.log"
        return 1
    fi

    # Throwaway data: durability off for speed.
    cat >>"$GF_PG_DIR/data/postgresql.conf" <<CONF

# --- geofence throwaway test server ---
listen_addresses = '127.0.0.1'
port = $GF_PG_PORT
unix_socket_directories = '$GF_PG_DIR/sock'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

    if ! (cd "$GF_PG_DIR" && "${GF_AS[@]}" "$GF_PG_BIN/pg_ctl" -D "$GF_PG_DIR/data" -l "$GF_PG_LOG_DIR/postgres.log" \
        -w -t "${GF_PG_START_TIMEOUT:-60}" start >"$GF_PG_LOG_DIR/pg_ctl.log" 2>&1 </dev/null); then
        gf_die "PostgreSQL did not start (logs in $GF_PG_LOG_DIR)"
        gf_dump_tail "$GF_PG_LOG_DIR/pg_ctl.log" "$GF_PG_LOG_DIR/postgres.log"
        return 1
    fi
    if ! "$GF_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$GF_PG_PORT" -U postgres -t 30; then
        gf_die "PostgreSQL started but pg_isready gets no answer (logs in $GF_PG_LOG_DIR)"
        gf_dump_tail "$GF_PG_LOG_DIR/postgres.log"
        return 1
    fi
    GF_PG_CONNECTION="Host=127.0.0.1;Port=$GF_PG_PORT;Username=postgres;Password=postgres"
    gf_log "PostgreSQL ready after $((SECONDS - start))s"
}

pg_stop() {
    local keep_logs=${1:-}
    [[ -n $GF_PG_DIR && -d $GF_PG_DIR ]] || return 0
    if [[ -f $GF_PG_DIR/data/postmaster.pid ]]; then
        gf_as_prefix "$GF_PG_USER"
        if ! (cd "$GF_PG_DIR" && "${GF_AS[@]}" "$GF_PG_BIN/pg_ctl" -D "$GF_PG_DIR/data" -m fast -w -t 30 stop \
            >>"$GF_PG_LOG_DIR/pg_ctl.log" 2>&1 </dev/null); then
            local pid
            read -r pid <"$GF_PG_DIR/data/postmaster.pid" || true
            if [[ -n ${pid:-} ]]; then kill -QUIT "$pid" 2>/dev/null || true; fi
        fi
    fi
    if [[ $keep_logs == keep-logs ]]; then
        find "$GF_PG_DIR" -mindepth 1 -maxdepth 1 ! -name log -exec rm -rf {} +
    else
        rm -rf "$GF_PG_DIR"
    fi
    GF_PG_DIR=
}
