#!/bin/bash
# The lab: real Debian hosts on one machine, without Docker.
#
#   lab.sh base              build the cached Debian base (once; later calls return at once)
#   lab.sh up N WORKDIR      clean leftovers, bring up hosts h1..hN, write WORKDIR/inventory.yml;
#                            prints "NAME ADDRESS" per host on stdout (progress goes to stderr)
#   lab.sh add WORKDIR NAME...  bring up hosts with these names beside the running lab's (or a new
#                            lab in WORKDIR); prints "workdir DIR", then "NAME ADDRESS" per host
#   lab.sh remove NAME...    stop these hosts; the last one gone takes the bridge with it
#   lab.sh down              stop every lab host, unmount, delete namespaces, veths and the bridge
#   lab.sh kill-sessions HN  kill the SSH sessions of host HN (its sshd keeps listening)
#
# Each host: an overlay filesystem on the base, its own network namespace on a private bridge,
# PID, mount and UTS namespaces, and sshd on port 22. The hosts have no route out: apt inside them
# installs from a package cache filled when the base was built. Needs root.
#
# Environment: RUNBOOK_LAB_CACHE (default /var/cache/runbook-lab) holds the base.
set -euo pipefail

CACHE=${RUNBOOK_LAB_CACHE:-/var/cache/runbook-lab}
BASE=$CACHE/bookworm
# Bump when the recipe of the base changes, so an old cached base is rebuilt.
BASE_STAMP="runbook-lab-base 2"
STATE=/run/runbook-lab
BRIDGE=rblab0
NET=10.231.0
PREFIX=rblab-
# Packages the lab hosts can install offline (their .debs are cached in the base).
CACHED_PACKAGES="apache2 mariadb-server varnish postfix chrony rsync sudo perl libapache2-mod-perl2 php-cli libapache2-mod-php nftables"
# Packages installed in the base itself.
BASE_PACKAGES="openssh-server,sudo,rsync,python3,dumb-init,iproute2,procps"

log() { echo "lab: $*" >&2; }
die() { echo "lab: $*" >&2; exit 1; }

need_root() { [ "$(id -u)" = 0 ] || die "the lab needs root (it creates namespaces, mounts and a bridge)"; }

need_tools() {
    local missing="" t
    for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing="$missing $t"; done
    [ -z "$missing" ] || die "missing tools:$missing (apt-get install debootstrap iproute2 util-linux procps)"
}

# Prints "URI SUITE" for every Debian bookworm suite in the machine's own apt sources
# (deb822 .sources files and one-line .list files), so no mirror is written into the code.
apt_sources() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'BEGIN { RS=""; FS="\n" }
             { types=""; uris=""; suites=""
               for (i = 1; i <= NF; i++) {
                 if ($i ~ /^Types:/)  { sub(/^Types:[ \t]*/, "", $i);  types=$i }
                 if ($i ~ /^URIs:/)   { sub(/^URIs:[ \t]*/, "", $i);   uris=$i }
                 if ($i ~ /^Suites:/) { sub(/^Suites:[ \t]*/, "", $i); suites=$i }
                 if ($i ~ /^Enabled:[ \t]*no/) { types="" }
               }
               if (types !~ /(^| )deb( |$)/) next
               nu = split(uris, u, /[ \t]+/); ns = split(suites, s, /[ \t]+/)
               for (a = 1; a <= nu; a++) for (b = 1; b <= ns; b++) print u[a], s[b] }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        # "deb [options] URI SUITE COMPONENTS..."
        sed -n 's/^[ \t]*deb[ \t]\+\(\[[^]]*\][ \t]\+\)\?\([^ \t]\+\)[ \t]\+\([^ \t]\+\).*/\2 \3/p' "$f"
    done
}

debian_sources() { apt_sources | awk '$2 ~ /^bookworm(-updates|-security|\/updates)?$/' | sort -u; }

mirror() {
    local m
    m=$(debian_sources | awk '$2 == "bookworm" { print $1; exit }')
    [ -n "$m" ] || die "no Debian bookworm mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d"
    echo "$m"
}

cmd_base() {
    need_root
    need_tools debootstrap chroot flock
    mkdir -p "$CACHE"
    exec 8>"$CACHE/.lock"
    flock 8
    if [ "$(cat "$BASE/etc/runbook-lab-base" 2>/dev/null)" = "$BASE_STAMP" ]; then return 0; fi
    local mirror tmp="$CACHE/bookworm.tmp"
    mirror=$(mirror)
    log "building the Debian base in $BASE from $mirror (once; a few minutes)"
    rm -rf "$tmp" "$BASE"
    debootstrap --variant=minbase --include="$BASE_PACKAGES" bookworm "$tmp" "$mirror" >"$CACHE/debootstrap.log" 2>&1 \
        || die "debootstrap failed; see $CACHE/debootstrap.log"
    debian_sources | awk '{ print "deb", $1, $2, "main" }' >"$tmp/etc/apt/sources.list"
    cp /etc/resolv.conf "$tmp/etc/resolv.conf"
    # Fill the download cache so lab hosts install these packages with no route out.
    chroot "$tmp" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
        "apt-get update -q && apt-get install -y -q --download-only $CACHED_PACKAGES" >"$CACHE/apt.log" 2>&1 \
        || die "filling the apt cache failed; see $CACHE/apt.log"
    # Keep the fetched .debs: apt's docker-clean style hooks would delete them after each install.
    rm -f "$tmp/etc/apt/apt.conf.d/docker-clean"
    echo 'APT::Keep-Downloaded-Packages "true";' >"$tmp/etc/apt/apt.conf.d/90runbook-lab"
    : >"$tmp/etc/resolv.conf"
    # A non-root user for become tests; root may become it without a password (sudo's default).
    chroot "$tmp" useradd --create-home --shell /bin/bash --groups sudo deploy
    rm -f "$tmp"/etc/ssh/ssh_host_*
    cat >"$tmp/etc/ssh/sshd_config.d/runbook-lab.conf" <<'EOF'
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
UseDNS no
MaxSessions 100
MaxStartups 100:30:200
EOF
    echo "$BASE_STAMP" >"$tmp/etc/runbook-lab-base"
    mv "$tmp" "$BASE"
    log "base ready"
}

# Process ids inside the lab's network namespaces (every lab process lives in one).
lab_namespaces() { ip netns list 2>/dev/null | awk -v p="$PREFIX" 'index($1, p) == 1 { print $1 }'; }

cmd_down() {
    need_root
    local ns pids m workdir
    for ns in $(lab_namespaces); do
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    done
    for ns in $(lab_namespaces); do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            [ -n "$(ip netns pids "$ns" 2>/dev/null)" ] || break
            sleep 0.1
        done
        ip netns del "$ns" 2>/dev/null || true
    done
    # Deleting a namespace deletes its end of each veth pair, and so the pair; this is for leftovers.
    for m in $(ip -o link show 2>/dev/null | awk -F': ' -v p="$PREFIX" 'index($2, p) == 1 { sub(/@.*/, "", $2); print $2 }'); do
        ip link del "$m" 2>/dev/null || true
    done
    ip link del "$BRIDGE" 2>/dev/null || true
    if [ -f "$STATE/workdir" ]; then
        workdir=$(cat "$STATE/workdir")
        # Deepest mounts first.
        for m in $(awk -v w="$workdir/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r); do
            umount "$m" 2>/dev/null || umount -l "$m" || true
        done
        rm -f "$STATE/workdir"
    fi
}

host_pid_file() { echo "$STATE/$1.pid"; }

# start_host INDEX NAME WORKDIR: the address is NET.(INDEX+10); the veth is named by the index (an
# interface name has at most 15 characters), the namespace by the name.
start_host() {
    local i=$1 name=$2 workdir=$3 ns="${PREFIX}$2" dir="$3/hosts/$2"
    local root="$dir/root"
    echo "$i" >"$STATE/$name.index"
    mkdir -p "$dir/upper" "$dir/work" "$root"
    mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$dir/upper,workdir=$dir/work" "$root"
    echo "$name" >"$root/etc/hostname"
    # a lab host is thrown away after use: dpkg need not sync every file it unpacks
    echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/runbook-lab"
    printf '127.0.0.1 localhost\n%s.%s %s\n' "$NET" "$((i + 10))" "$name" >"$root/etc/hosts"
    chroot "$root" ssh-keygen -q -t ed25519 -N '' -C "$name" -f /etc/ssh/ssh_host_ed25519_key
    local u home
    for u in root deploy; do
        home=$(chroot "$root" sh -c "getent passwd $u | cut -d: -f6")
        mkdir -p "$root$home/.ssh"
        cp "$workdir/id_ed25519.pub" "$root$home/.ssh/authorized_keys"
        chroot "$root" sh -c "chown -R $u: '$home/.ssh' && chmod 700 '$home/.ssh' && chmod 600 '$home/.ssh/authorized_keys'"
    done
    ip netns add "$ns"
    ip link add "${PREFIX}v$i" type veth peer name eth0 netns "$ns"
    ip link set "${PREFIX}v$i" master "$BRIDGE" up
    ip netns exec "$ns" ip addr add "$NET.$((i + 10))/24" dev eth0
    ip netns exec "$ns" ip link set eth0 up
    ip netns exec "$ns" ip link set lo up
    # dumb-init is PID 1 so that daemons started by init scripts are reaped when they exit.
    ip netns exec "$ns" unshare --mount --pid --uts --fork --kill-child --mount-proc="$root/proc" \
        sh -c "hostname $name
               mount -t tmpfs -o mode=755 tmpfs '$root/run'
               mkdir -p '$root/run/sshd' '$root/run/lock'
               mount -t tmpfs -o mode=1777 tmpfs '$root/dev/shm' 2>/dev/null || true
               exec chroot '$root' /usr/bin/dumb-init /usr/sbin/sshd -D -e" \
        </dev/null >"$dir/sshd.log" 2>&1 8>&- 9>&- &
    echo $! >"$(host_pid_file "$name")"
    # an address used by a host removed earlier had another key
    forget_address "$workdir" "$NET.$((i + 10))"
    echo "$NET.$((i + 10)) $(cut -d' ' -f1,2 "$root/etc/ssh/ssh_host_ed25519_key.pub")" >>"$workdir/known_hosts"
}

forget_address() {
    local known=$1/known_hosts
    [ -f "$known" ] || return 0
    awk -v a="$2" '$1 != a' "$known" >"$known.tmp" && mv "$known.tmp" "$known"
}

wait_for_ssh() {
    local i=$1 name=$2 tries
    for tries in $(seq 100); do
        if (exec 3<>"/dev/tcp/$NET.$((i + 10))/22") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    die "host $name did not start sshd; see its sshd.log"
}

# A new lab: its key pair and the bridge, in WORKDIR.
new_lab() {
    local workdir=$1
    echo "$workdir" >"$STATE/workdir"
    rm -rf "$workdir/hosts" "$workdir/known_hosts" "$workdir/id_ed25519" "$workdir/id_ed25519.pub" "$workdir/inventory.yml"
    key_pair "$workdir"
    : >"$workdir/known_hosts"
    ip link add "$BRIDGE" type bridge
    ip addr add "$NET.1/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
}

valid_name() { [[ "$1" =~ ^[a-z][a-z0-9-]{0,30}$ ]] || die "'$1' cannot name a lab host (lower-case letters, digits and '-', starting with a letter)"; }

free_index() {
    local i
    for i in $(seq 200); do
        grep -qx "$i" "$STATE"/*.index 2>/dev/null || { echo "$i"; return 0; }
    done
    die "the lab is full (200 hosts)"
}

cmd_add() {
    local workdir=${1:-} name i
    shift || true
    [ -n "$workdir" ] && [ $# -gt 0 ] || die "usage: lab.sh add WORKDIR NAME..."
    need_root
    need_tools ip unshare chroot mount umount flock
    for name in "$@"; do valid_name "$name"; done
    cmd_base
    mkdir -p "$STATE"
    exec 9>"$STATE/lock"
    flock 9
    if [ -f "$STATE/workdir" ] && ip link show "$BRIDGE" >/dev/null 2>&1; then
        workdir=$(cat "$STATE/workdir")
    else
        cmd_down
        rm -f "$STATE"/*.pid "$STATE"/*.index
        mkdir -p "$workdir"
        workdir=$(cd "$workdir" && pwd)
        new_lab "$workdir"
    fi
    for name in "$@"; do
        [ ! -f "$STATE/$name.index" ] || die "a lab host named $name is already up"
    done
    local started=""
    for name in "$@"; do
        i=$(free_index)
        start_host "$i" "$name" "$workdir"
        started="$started $i:$name"
    done
    local entry
    for entry in $started; do wait_for_ssh "${entry%%:*}" "${entry#*:}"; done
    echo "workdir $workdir"
    for entry in $started; do echo "${entry#*:} $NET.$((${entry%%:*} + 10))"; done
}

cmd_remove() {
    [ $# -gt 0 ] || die "usage: lab.sh remove NAME..."
    need_root
    mkdir -p "$STATE"
    exec 9>"$STATE/lock"
    flock 9
    local name ns pids workdir i m
    workdir=$(cat "$STATE/workdir" 2>/dev/null || true)
    for name in "$@"; do
        [ -f "$STATE/$name.index" ] || continue
        i=$(cat "$STATE/$name.index")
        ns="${PREFIX}$name"
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
        for _ in $(seq 20); do
            [ -n "$(ip netns pids "$ns" 2>/dev/null)" ] || break
            sleep 0.1
        done
        ip netns del "$ns" 2>/dev/null || true
        ip link del "${PREFIX}v$i" 2>/dev/null || true
        if [ -n "$workdir" ]; then
            for m in $(awk -v w="$workdir/hosts/$name/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r); do
                umount "$m" 2>/dev/null || umount -l "$m" || true
            done
            rm -rf "${workdir:?}/hosts/$name"
            forget_address "$workdir" "$NET.$((i + 10))"
        fi
        rm -f "$STATE/$name.index" "$STATE/$name.pid"
    done
    if ! ls "$STATE"/*.index >/dev/null 2>&1; then
        cmd_down
    fi
}

cmd_up() {
    local n=${1:-} workdir=${2:-}
    [[ "$n" =~ ^[1-9][0-9]*$ ]] && [ "$n" -le 200 ] || die "usage: lab.sh up N WORKDIR (N from 1 to 200)"
    [ -n "$workdir" ] || die "usage: lab.sh up N WORKDIR"
    need_root
    need_tools ip unshare chroot mount umount flock
    cmd_base
    mkdir -p "$STATE"
    exec 9>"$STATE/lock"
    flock 9
    cmd_down
    rm -f "$STATE"/*.pid "$STATE"/*.index
    mkdir -p "$workdir"
    workdir=$(cd "$workdir" && pwd)
    new_lab "$workdir"
    local i
    for i in $(seq "$n"); do start_host "$i" "h$i" "$workdir"; done
    for i in $(seq "$n"); do wait_for_ssh "$i" "h$i"; done
    write_inventory "$n" "$workdir"
    log "$n hosts up; inventory: $workdir/inventory.yml"
    for i in $(seq "$n"); do echo "h$i $NET.$((i + 10))"; done
}

# The test key is made by the base's own ssh-keygen, so the controller needs no OpenSSH.
key_pair() {
    local workdir=$1 tmp
    tmp=$(mktemp -d "$BASE/tmp/key.XXXXXX")
    chroot "$BASE" ssh-keygen -q -t ed25519 -N '' -C runbook-lab -f "/tmp/$(basename "$tmp")/id_ed25519"
    mv "$tmp/id_ed25519" "$tmp/id_ed25519.pub" "$workdir/"
    rmdir "$tmp"
    chmod 600 "$workdir/id_ed25519"
}

write_inventory() {
    local n=$1 workdir=$2 i
    {
        echo "# Written by the lab; the hosts live until 'lab down'."
        echo "all:"
        echo "  vars:"
        echo "    ansible_user: root"
        echo "    ansible_ssh_private_key_file: $workdir/id_ed25519"
        echo "    ansible_ssh_common_args: '-o UserKnownHostsFile=$workdir/known_hosts'"
        echo "  hosts:"
        for i in $(seq "$n"); do
            echo "    h$i:"
            echo "      ansible_host: $NET.$((i + 10))"
        done
    } >"$workdir/inventory.yml"
}

children() { { ps -o pid= --ppid "$1" || true; } | awk '{ print $1 }'; }

cmd_kill_sessions() {
    local name=${1:-} pidfile unshare_pid init_pid listener sessions
    [ -n "$name" ] || die "usage: lab.sh kill-sessions HOST"
    pidfile=$(host_pid_file "$name")
    [ -f "$pidfile" ] || die "no lab host named $name is running"
    unshare_pid=$(cat "$pidfile")
    # unshare -> dumb-init (PID 1 inside) -> sshd listener -> one process per session.
    init_pid=$(children "$unshare_pid" | head -n1)
    [ -n "$init_pid" ] || die "host $name is not running"
    # Daemons started on the host are children of dumb-init too, and after PIDs wrap around one
    # may sort before sshd: pick the listener by name.
    listener=$({ ps -o pid=,comm= --ppid "$init_pid" || true; } | awk '$2 == "sshd" { print $1; exit }')
    [ -n "$listener" ] || die "host $name has no sshd"
    sessions=$(children "$listener")
    # a test that kills nothing would pass without testing anything
    [ -n "$sessions" ] || die "host $name has no SSH session to kill"
    kill -KILL $sessions
}

case "${1:-}" in
    base) cmd_base ;;
    up) shift; cmd_up "$@" ;;
    add) shift; cmd_add "$@" ;;
    remove) shift; cmd_remove "$@" ;;
    down) need_root; mkdir -p "$STATE"; exec 9>"$STATE/lock"; flock 9; cmd_down; rm -f "$STATE"/*.pid "$STATE"/*.index ;;
    kill-sessions) shift; cmd_kill_sessions "$@" ;;
    *) die "usage: lab.sh base | up N WORKDIR | add WORKDIR NAME... | remove NAME... | down | kill-sessions HOST" ;;
esac
