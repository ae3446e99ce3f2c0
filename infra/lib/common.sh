# shellcheck shell=bash
# Helpers shared by rabbitmq.sh and postgres.sh. Sourced, not run.

[[ -n ${_GF_COMMON_SOURCED:-} ]] && return 0
_GF_COMMON_SOURCED=1

gf_log() { printf '[infra] %s\n' "$*" >&2; }
gf_die() { printf '[infra] ERROR: %s\n' "$*" >&2; return 1; }

gf_is_root() { [[ $(id -u) -eq 0 ]]; }

# Sets the array GF_AS to the prefix that runs a command as the service user
# USER when we are root (Debian's RabbitMQ and PostgreSQL packages expect
# that, and postgres refuses to run as root); empty otherwise, so a
# developer's own account runs the servers.
gf_as_prefix() {
    if gf_is_root; then GF_AS=(runuser -u "$1" --); else GF_AS=(); fi
}

# Gives DIR to the service user (no-op when not root).
gf_own() {
    local user=$1 dir=$2
    if gf_is_root; then chown -R "$user:" "$dir"; fi
}

gf_pkg_installed() {
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

# Installs those of the Debian packages the throwaway servers need that are
# missing (only those: installing a present one would upgrade it).
gf_install_prereqs() {
    # chromium: Debian's, for the browser tests (Playwright drives it; `playwright install` is not used).
    local pkgs=(rabbitmq-server postgresql postgresql-15-postgis-3 curl chromium)
    local missing=() p
    for p in "${pkgs[@]}"; do gf_pkg_installed "$p" || missing+=("$p"); done
    ((${#missing[@]} == 0)) && return 0

    gf_log "installing missing packages: ${missing[*]}"
    local sudo=()
    if ! gf_is_root; then
        command -v sudo >/dev/null || { gf_die "not root and no sudo: install ${missing[*]} by hand"; return 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

# Ports of every TCP socket on the machine (any state), one per line.
_gf_used_ports() {
    local _sl local_addr _rest
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | while read -r _sl local_addr _rest; do
        [[ $local_addr == *:* ]] || continue # header line
        echo $((16#${local_addr##*:}))
    done
}

# gf_free_port VAR: sets VAR to a TCP port that nothing on the machine uses
# and that this shell has not handed out yet. Picks below the kernel's
# ephemeral range (32768+) so an outgoing connection cannot grab it between
# now and the server binding it.
GF_ALLOCATED_PORTS=${GF_ALLOCATED_PORTS:-}
gf_free_port() {
    local -n _gf_port_var=$1
    local used port _
    used=" $(_gf_used_ports | tr '\n' ' ') $GF_ALLOCATED_PORTS "
    for _ in $(seq 200); do
        port=$((20000 + RANDOM % 12000))
        if [[ $used != *" $port "* ]]; then
            GF_ALLOCATED_PORTS+=" $port"
            _gf_port_var=$port
            return 0
        fi
    done
    gf_die "no free TCP port found"
    return 1
}

gf_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True while PID exists and is not a zombie.
gf_pid_alive() {
    local pid=$1 stat
    [[ -n $pid && -r /proc/$pid/stat ]] || return 1
    read -r stat </proc/"$pid"/stat || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]]
}

# Prints the last lines of each existing file, to stderr.
gf_dump_tail() {
    local f
    for f in "$@"; do
        [[ -s $f ]] || continue
        printf '%s\n' "----- last 60 lines of $f -----" >&2
        tail -n 60 "$f" >&2
    done
}
