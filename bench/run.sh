#!/usr/bin/env bash
# Benchmark: N hosts x M tasks (file, copy, template, lineinfile, link), a first run and no-op runs,
# through runbook and, when installed, through ansible-playbook and pyinfra on the same inventory,
# interleaved with the floor: one hand-written shell script per host doing the no-op run's checks,
# piped through one kept ssh connection per host (`ssh HOST sh -s < script`, all hosts at once).
# Hosts are lab hosts when root, else sshd processes of the current user on loopback addresses.
#
#   bench/run.sh [HOSTS] [TASKS] [ROUNDS]      defaults: 4 15 5
#   BENCH_WORKLOAD=system bench/run.sh [HOSTS] 0 [ROUNDS]   facts, 10 packages, 3 services, 10 files
#                                              (lab hosts only; TASKS is ignored)
set -euo pipefail
hosts=${1:-4}
tasks=${2:-15}
rounds=${3:-5}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/runbook-bench.XXXXXX")
sshd=$(command -v sshd || echo /usr/sbin/sshd)
pids=()
[ "$(id -u)" != 0 ] || mkdir -p /run/sshd   # sshd started by root wants its privilege separation directory
cleanup() { for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
if [ -n "${BENCH_SETUP_ONLY:-}" ]; then cleanup() { :; }; fi   # leave hosts up to profile by hand
trap cleanup EXIT

"$root/runbook" --version >/dev/null   # builds the jar once, outside the measurements

# Hosts: lab hosts (real Debian hosts, clean shells) when root, else one sshd of this user per
# loopback address. BENCH_HOSTS=loopback forces the latter. Loopback sshd's start this user's login
# shell for every command, so its rc files (pyenv, nvm, ...) are paid on every task, by both tools.
mode=${BENCH_HOSTS:-$([ "$(id -u)" = 0 ] && echo lab || echo loopback)}
workload=${BENCH_WORKLOAD:-files}
[ "$workload" = files ] || [ "$mode" = lab ] || { echo "bench: the $workload workload needs lab hosts (root)" >&2; exit 1; }
if [ "$mode" = lab ]; then
  "$root/runbook" lab up "$hosts" --dir "$work/lab" > "$work/lab.out" 2>"$work/lab.err" \
    || { cat "$work/lab.err" >&2; echo "bench: the lab did not come up; try BENCH_HOSTS=loopback" >&2; exit 1; }
  [ -n "${BENCH_SETUP_ONLY:-}" ] || trap '"$root/runbook" lab down >/dev/null 2>&1; cleanup' EXIT
  cp "$work/lab/inventory.yml" "$work/inventory.yml"
  cp "$work/lab/known_hosts" "$work/known_hosts"
  awk '/^h[0-9]+ [0-9.]+$/ {print $1, $2, 22}' "$work/lab.out" > "$work/hosts"
  user=root key=$work/lab/id_ed25519
else
  port=$((22000 + RANDOM % 20000))
  [ -x "$sshd" ] || { echo "bench: sshd not found; install openssh-server" >&2; exit 1; }
  ssh-keygen -q -t ed25519 -N '' -f "$work/id_ed25519"
  mkdir -p "$work/ssh"
  cp "$work/id_ed25519.pub" "$work/ssh/authorized_keys"
  chmod 700 "$work/ssh"; chmod 600 "$work/ssh/authorized_keys"
  : > "$work/known_hosts"
  : > "$work/hosts"
  user=$(id -un) key=$work/id_ed25519
  {
    echo "all:"
    echo "  hosts:"
    for i in $(seq 1 "$hosts"); do
      addr=127.0.0.$((10 + i))
      ssh-keygen -q -t ed25519 -N '' -f "$work/host$i"
      cat > "$work/sshd$i.conf" <<CONF
ListenAddress $addr:$port
HostKey $work/host$i
AuthorizedKeysFile $work/ssh/authorized_keys
PidFile $work/sshd$i.pid
StrictModes no
UsePAM no
PasswordAuthentication no
MaxSessions 100
MaxStartups 100
CONF
      "$sshd" -D -e -f "$work/sshd$i.conf" 2>"$work/sshd$i.log" &
      pids+=($!)
      echo "[$addr]:$port $(cut -d' ' -f1,2 "$work/host$i.pub")" >> "$work/known_hosts"
      echo "h$i $addr $port" >> "$work/hosts"
      echo "    h$i: {ansible_host: $addr}"
    done
    echo "  vars:"
    echo "    ansible_port: $port"
    echo "    ansible_user: $(id -un)"
    echo "    ansible_ssh_private_key_file: $work/id_ed25519"
    echo "    ansible_ssh_common_args: -o UserKnownHostsFile=$work/known_hosts"
  } > "$work/inventory.yml"
  for i in $(seq 1 "$hosts"); do
    for _ in $(seq 50); do ssh-keyscan -p "$port" 127.0.0.$((10 + i)) >/dev/null 2>&1 && break; sleep 0.1; done
  done
fi

# The playbook: M tasks cycling through five modules, each host writing below its own directory.
mkdir -p "$work/templates" "$work/files"
printf 'server {{ inventory_hostname }}\nport {{ 8000 + 1 }}\n' > "$work/templates/site.conf.j2"
printf 'static file\n' > "$work/files/static.txt"
if [ "$workload" = system ]; then
  # The system workload: facts read by a template, 10 packages of the lab's base, the 3 services
  # the setup below starts, and 10 file tasks. Services are started once here (from the lab's
  # offline apt cache), so that every measured run, the first one included, has them running.
  tasks=15
  printf '{{ ansible_distribution }} {{ ansible_memtotal_mb }}\n' > "$work/templates/facts.j2"
  # Ansible's apt module needs python3-apt on the host, which the lab's offline cache lacks: the
  # controller downloads it (same Debian release) and the setup installs it from a copy.
  mkdir -p "$work/files/debs"
  if command -v ansible-playbook >/dev/null; then
    (cd "$work/files/debs" && apt-get download python3-apt python-apt-common distro-info-data >/dev/null 2>&1) \
      || { echo "bench: could not download python3-apt for Ansible's apt module" >&2; exit 1; }
  fi
  cat > "$work/setup.yml" <<'YML'
- hosts: all
  gather_facts: false
  tasks:
    - copy: {src: debs/, dest: /tmp/bench-debs/}
    - shell: "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends apache2 mariadb-server >/dev/null && if ls /tmp/bench-debs/*.deb >/dev/null 2>&1; then dpkg -i /tmp/bench-debs/*.deb >/dev/null; fi; service apache2 start; service mariadb start"
YML
  "$root/runbook" apply "$work/inventory.yml" "$work/setup.yml" > "$work/setup.log" 2>&1 \
    || { cat "$work/setup.log" >&2; echo "bench: the system setup failed" >&2; exit 1; }
  {
    echo "- hosts: all"
    echo "  gather_facts: true"
    echo "  vars: {base: \"/srv/bench-{{ target }}\"}"
    echo "  tasks:"
    echo "    - file: {path: \"{{ base }}\", state: directory, mode: \"0755\"}"
    echo "    - template: {src: facts.j2, dest: \"{{ base }}/facts.txt\", mode: \"0644\"}"
    echo "    - apt: {name: [openssh-server, sudo, rsync, python3, procps, iproute2, dumb-init, coreutils, bash, findutils], state: present}"
    for s in ssh apache2 mariadb; do echo "    - service: {name: $s, state: started}"; done
    for t in $(seq 1 9); do echo "    - file: {path: \"{{ base }}/d$t\", state: directory, mode: \"0750\"}"; done
  } > "$work/bench.yml"
  # The floor's checks, run as `sh -s BASE HOST` on every host: exits 1 at the first drift.
  {
    echo 'b=$1; d() { echo "drift: $1"; exit 1; }'
    echo 'mode() { [ "$(stat -c %a "$1" 2>/dev/null)" = "$2" ] || d "$1"; }; dir() { [ -d "$1" ] || d "$1"; mode "$@"; }'
    echo 'os=$(. /etc/os-release && echo "${NAME%% *}"); mem=$(awk '"'"'/^MemTotal/ {print int($2 / 1024)}'"'"' /proc/meminfo)'
    echo 'dir "$b" 755'
    echo 'printf '"'"'%s %s\n'"'"' "$os" "$mem" | cmp -s - "$b/facts.txt" || d facts; mode "$b/facts.txt" 644'
    echo 'dpkg-query -W -f '"'"'${Status}\n'"'"' openssh-server sudo rsync python3 procps iproute2 dumb-init coreutils bash findutils | grep -vqx "install ok installed" && d packages'
    for s in ssh apache2 mariadb; do echo "service $s status >/dev/null 2>&1 || d $s"; done
    for t in $(seq 1 9); do echo "dir \"\$b/d$t\" 750"; done
    echo 'exit 0'
  } > "$work/floor.sh"
else
  # The playbook and the floor's checks for it (run as `sh -s BASE HOST`, exits 1 at the first drift).
  echo 'b=$1 h=$2; d() { echo "drift: $1"; exit 1; }' > "$work/floor.sh"
  echo 'mode() { [ "$(stat -c %a "$1" 2>/dev/null)" = "$2" ] || d "$1"; }; dir() { [ -d "$1" ] || d "$1"; mode "$@"; }' >> "$work/floor.sh"
  echo 'same() { cmp -s - "$1" || d "$1"; mode "$1" 644; }; dir "$b" 755' >> "$work/floor.sh"
  {
    echo "- hosts: all"
    echo "  gather_facts: false"
    echo "  vars: {base: \"$work/out/{{ target }}/{{ inventory_hostname }}\"}"
    echo "  tasks:"
    echo "    - file: {path: \"{{ base }}\", state: directory, mode: \"0755\"}"
    for t in $(seq 2 "$tasks"); do
      case $((t % 5)) in
        0) echo "    - file: {path: \"{{ base }}/d$t\", state: directory, mode: \"0750\"}"
           echo "dir \"\$b/d$t\" 750" >&3 ;;
        1) echo "    - copy: {src: static.txt, dest: \"{{ base }}/c$t.txt\", mode: \"0644\"}"
           echo "printf 'static file\\n' | same \"\$b/c$t.txt\"" >&3 ;;
        2) echo "    - template: {src: site.conf.j2, dest: \"{{ base }}/t$t.conf\", mode: \"0644\"}"
           echo "printf 'server %s\\nport 8001\\n' \"\$h\" | same \"\$b/t$t.conf\"" >&3 ;;
        3) echo "    - lineinfile: {path: \"{{ base }}/l.conf\", line: \"key$t = value$t\", create: true}"
           echo "grep -qxF 'key$t = value$t' \"\$b/l.conf\" || d line$t" >&3 ;;
        4) echo "    - file: {src: \"{{ base }}/l.conf\", dest: \"{{ base }}/link$t\", state: link, force: true}"
           echo "[ \"\$(readlink \"\$b/link$t\")\" = \"\$b/l.conf\" ] || d link$t" >&3 ;;
      esac
    done
  } > "$work/bench.yml" 3>> "$work/floor.sh"
  echo 'exit 0' >> "$work/floor.sh"
fi
cat > "$work/ansible.cfg" <<CFG
[defaults]
forks = $hosts
host_key_checking = True
gathering = explicit
interpreter_python = auto_silent
[ssh_connection]
pipelining = True
ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=$work/known_hosts -o IdentitiesOnly=yes
control_path_dir = $work/cp
CFG

# pyinfra: the files workload as a deploy over the same hosts (its own inventory format).
if [ "$workload" = files ]; then
  {
    echo "hosts = ["
    while read -r name addr p; do
      # strict host key checking as Ansible's host_key_checking: pyinfra's default would ask
      echo "  ('$name', {'ssh_hostname': '$addr', 'ssh_port': $p, 'ssh_user': '$user', 'ssh_key': '$key', 'ssh_known_hosts_file': '$work/known_hosts', 'ssh_strict_host_key_checking': 'yes'}),"
    done < "$work/hosts"
    echo "]"
  } > "$work/pyinfra_inventory.py"
  {
    echo "import os"
    echo "from pyinfra import host"
    echo "from pyinfra.operations import files"
    echo "base = '$work/out/' + os.environ['BENCH_TARGET'] + '/' + host.name"
    echo "files.directory(path=base, mode='755')"
    for t in $(seq 2 "$tasks"); do
      case $((t % 5)) in
        0) echo "files.directory(path=base + '/d$t', mode='750')" ;;
        1) echo "files.put(src='$work/files/static.txt', dest=base + '/c$t.txt', mode='644')" ;;
        2) echo "files.template(src='$work/templates/site.conf.j2', dest=base + '/t$t.conf', mode='644', inventory_hostname=host.name)" ;;
        3) echo "files.line(path=base + '/l.conf', line='key$t = value$t', present=True)" ;;
        4) echo "files.link(path=base + '/link$t', target=base + '/l.conf', force=True)" ;;
      esac
    done
  } > "$work/pyinfra_deploy.py"
fi

if [ -n "${BENCH_SETUP_ONLY:-}" ]; then echo "$work"; exit 0; fi
# The launcher writes its class-data archive after the first apply of a jar: not in the measurements.
"$root/runbook" apply "$work/inventory.yml" "$work/bench.yml" -e target=warmup > "$work/warmup.log" 2>&1 \
  || { cat "$work/warmup.log" >&2; echo "bench: runbook failed" >&2; exit 1; }
# The files workload's floor checks the warm-up's tree: it is there whichever tools BENCH_TOOLS picks.
[ "$workload" = files ] || floor_base=/srv/bench-runbook
mkdir -p "$work/cp"
# floor: the checks' script through one ssh connection per host, all hosts at once. The connection
# is kept between runs (ControlPersist), as the tools keep theirs.
floor() {
  local name addr p job jobs=() failed=0
  while read -r name addr p; do
    ssh -o BatchMode=yes -o ControlMaster=auto -o ControlPath="$work/cp/floor-%C" -o ControlPersist=60s \
      -o UserKnownHostsFile="$work/known_hosts" -o IdentitiesOnly=yes -i "$key" -p "$p" "$user@$addr" \
      sh -s -- "${floor_base:-$work/out/warmup/$name}" "$name" < "$work/floor.sh" > "$work/floor-$name.log" 2>&1 &
    jobs+=($!)
  done < "$work/hosts"
  for job in "${jobs[@]}"; do wait "$job" || failed=1; done
  [ "$failed" = 0 ] || { cat "$work"/floor-*.log >&2; return 1; }
}
now() { date +%s%N; }
# run TOOL TARGET: prints the wall time in ms; fails loudly when the tool does.
run() {
  local tool=$1 target=$2 start end
  start=$(now)
  case $tool in
    runbook) "$root/runbook" apply "$work/inventory.yml" "$work/bench.yml" -e "target=$target" ${RUNBOOK_ARGS:-} > "$work/last.log" 2>&1 ;;
    runbook-cold) RUNBOOK_WARM=0 "$root/runbook" apply "$work/inventory.yml" "$work/bench.yml" -e "target=runbook" ${RUNBOOK_ARGS:-} \
      > "$work/last.log" 2>&1 ;;
    runbook-forks*) "$root/runbook" apply "$work/inventory.yml" "$work/bench.yml" -e "target=runbook" --forks "${tool#runbook-forks}" \
      > "$work/last.log" 2>&1 ;;
    ansible) ANSIBLE_CONFIG="$work/ansible.cfg" ansible-playbook -i "$work/inventory.yml" "$work/bench.yml" \
      -e "target=$target" > "$work/last.log" 2>&1 ;;
    pyinfra) BENCH_TARGET=$target pyinfra ${pyinfra_yes:-} --parallel "$hosts" "$work/pyinfra_inventory.py" "$work/pyinfra_deploy.py" > "$work/last.log" 2>&1 ;;
    floor) floor > "$work/last.log" 2>&1 ;;
  esac || { cat "$work/last.log" >&2; echo "bench: $tool failed" >&2; exit 1; }
  end=$(now)
  echo $(( (end - start) / 1000000 ))
}
# changed TOOL: the changes the last run reported (the floor only checks: it fails on drift instead).
changed() {
  case $1 in
    runbook*|ansible) awk -F'changed=' '/ : ok=/ {split($2, a, " "); s += a[1]} END {print s + 0}' "$work/last.log" ;;
    # pyinfra's results end with a line per host: "[h1]   Changed: 15   No change: 0   Errors: 0"
    pyinfra) awk -F'Changed: ' '/^ *\[.*\] +Changed: [0-9]/ {split($2, a, " "); s += a[1]} END {print s + 0}' "$work/last.log" ;;
    *) echo 0 ;;
  esac
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

# BENCH_TOOLS picks some of them (at 200 hosts Ansible takes minutes per run); runbook-forksN is
# runbook's no-op run with --forks N, beside the default one; runbook-cold is runbook's no-op run
# with RUNBOOK_WARM=0: each run in a JVM of its own, with no warm controller (connections still kept).
tools=()
for tool in ${BENCH_TOOLS:-runbook runbook-cold ansible pyinfra floor}; do
  case $tool in
    ansible) command -v ansible-playbook >/dev/null || { echo "ansible: skipped, ansible-playbook is not installed"; continue; } ;;
    pyinfra) command -v pyinfra >/dev/null || { echo "pyinfra: skipped, it is not installed"; continue; }
             [ "$workload" = files ] || { echo "pyinfra: skipped, the bench has the files workload only for it"; continue; }
             # 3.x asks before it changes anything unless -y; 2.x has no prompt and no -y
             pyinfra_yes=$(pyinfra --help | grep -- '--yes' >/dev/null && echo -y || true) ;;
  esac
  tools+=("$tool")
done
echo "workload=$workload hosts=$hosts ($mode) tasks=$tasks rounds=$rounds tools=${tools[*]} ${RUNBOOK_ARGS:+runbook args: $RUNBOOK_ARGS}"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
floor > /dev/null 2>&1 || true   # opens the floor's kept connections: not in the measurements
for tool in "${tools[@]}"; do
  case $tool in floor|runbook-forks*|runbook-cold) continue ;; esac
  first=$(run "$tool" "$tool")
  echo "$tool first run: ${first} ms, changed=$(changed "$tool")"
  echo "$first" > "$work/$tool.first"
done
for r in $(seq 1 "$rounds"); do
  for tool in "${tools[@]}"; do
    ms=$(run "$tool" "$tool")
    c=$(changed "$tool")
    [ "$c" = 0 ] || { cat "$work/last.log" >&2; echo "bench: $tool no-op run changed $c" >&2; exit 1; }
    echo "$ms" >> "$work/$tool.noop"
  done
done
echo "load after: $(uptime | sed 's/.*load average/load average/')"
echo
printf '%-16s %12s %14s %22s\n' tool "first (ms)" "no-op (ms)" "no-op per task/host"
for tool in "${tools[@]}"; do
  med=$(median < "$work/$tool.noop")
  per=$(awk -v m="$med" -v n=$((hosts * tasks)) 'BEGIN {printf "%.2f ms", m / n}')
  printf '%-16s %12s %14s %22s\n' "$tool" "$(cat "$work/$tool.first" 2>/dev/null || echo -)" "$med" "$per"
done
echo
# The ratios and the sampled run below are runbook's: without it, only its warm-up's controller to stop.
if [ ! -s "$work/runbook.noop" ]; then
  controller=$(pgrep -f "runbook.cli.WarmController .* $work/inventory.yml" | head -n 1 || true)
  [ -z "$controller" ] || kill "$controller" 2>/dev/null || true
  exit 0
fi
runbook_med=$(median < "$work/runbook.noop")
for tool in "${tools[@]}"; do
  case $tool in
    runbook) ;;
    runbook-cold) awk -v c="$(median < "$work/$tool.noop")" -v r="$runbook_med" \
      'BEGIN {printf "no-op run with RUNBOOK_WARM=0 (a JVM of its own, no warm controller): %.2fx the time of the default run\n", c / r}'
      [ ! -s "$work/ansible.noop" ] || awk -v a="$(median < "$work/ansible.noop")" -v c="$(median < "$work/$tool.noop")" \
        'BEGIN {printf "no-op run with RUNBOOK_WARM=0: runbook is %.1fx faster than ansible\n", a / c}' ;;
    runbook-forks*) awk -v f="$(median < "$work/$tool.noop")" -v r="$runbook_med" -v n="${tool#runbook-forks}" \
      'BEGIN {printf "no-op run with --forks %d: %.2fx the time of the default run\n", n, f / r}' ;;
    floor) awk -v f="$(median < "$work/floor.noop")" -v r="$runbook_med" \
      'BEGIN {printf "no-op run: runbook takes %.1fx the floor (one shell script per host over one ssh connection)\n", r / f}' ;;
    *) awk -v a="$(median < "$work/$tool.noop")" -v r="$runbook_med" -v t="$tool" \
      'BEGIN {printf "no-op run: runbook is %.1fx faster than %s\n", a / r, t}' ;;
  esac
done
echo "(medians of $rounds rounds, JVM start included)"

# One more no-op run of runbook, sampled: its peak resident memory and its peak thread count. It
# runs in a JVM of its own (RUNBOOK_WARM=0), so that all its work is in the process sampled; the warm
# controller's own figures follow.
RUNBOOK_WARM=0 "$root/runbook" apply "$work/inventory.yml" "$work/bench.yml" -e target=runbook ${RUNBOOK_ARGS:-} > "$work/last.log" 2>&1 &
pid=$! threads=0 rss=0
while [ -r "/proc/$pid/status" ]; do
  t=$(awk '/^Threads:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  r=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  [ "${t:-0}" -le "$threads" ] || threads=$t
  [ "${r:-0}" -le "$rss" ] || rss=$r
  sleep 0.02
done
wait "$pid" || { cat "$work/last.log" >&2; echo "bench: runbook failed" >&2; exit 1; }
awk -v r="$rss" -v t="$threads" -v h="$hosts" \
  'BEGIN {printf "runbook no-op run: peak RSS %.0f MB (%.2f MB per host), peak threads %d\n", r / 1024, r / 1024 / h, t}'
controller=$(pgrep -f "runbook.cli.WarmController .* $work/inventory.yml" | head -n 1 || true)
if [ -n "$controller" ]; then
  awk '/^VmHWM:/ {r = $2} /^Threads:/ {t = $2} END {printf "warm controller: peak RSS %.0f MB, %d threads\n", r / 1024, t}' "/proc/$controller/status"
  kill "$controller" 2>/dev/null || true   # it belongs to this bench's inventory, which is about to go
fi
