#!/usr/bin/env bash
# Benchmark: N hosts x M tasks (file, copy, template, lineinfile, link), a first run and no-op runs,
# through runbook and, when ansible-playbook is installed, through Ansible on the same inventory,
# interleaved. Hosts are sshd processes of the current user on loopback addresses: no root needed.
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
else
  port=$((22000 + RANDOM % 20000))
  [ -x "$sshd" ] || { echo "bench: sshd not found; install openssh-server" >&2; exit 1; }
  ssh-keygen -q -t ed25519 -N '' -f "$work/id_ed25519"
  mkdir -p "$work/ssh"
  cp "$work/id_ed25519.pub" "$work/ssh/authorized_keys"
  chmod 700 "$work/ssh"; chmod 600 "$work/ssh/authorized_keys"
  : > "$work/known_hosts"
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
else
{
  echo "- hosts: all"
  echo "  gather_facts: false"
  echo "  vars: {base: \"$work/out/{{ target }}/{{ inventory_hostname }}\"}"
  echo "  tasks:"
  echo "    - file: {path: \"{{ base }}\", state: directory, mode: \"0755\"}"
  for t in $(seq 2 "$tasks"); do
    case $((t % 5)) in
      0) echo "    - file: {path: \"{{ base }}/d$t\", state: directory, mode: \"0750\"}" ;;
      1) echo "    - copy: {src: static.txt, dest: \"{{ base }}/c$t.txt\", mode: \"0644\"}" ;;
      2) echo "    - template: {src: site.conf.j2, dest: \"{{ base }}/t$t.conf\", mode: \"0644\"}" ;;
      3) echo "    - lineinfile: {path: \"{{ base }}/l.conf\", line: \"key$t = value$t\", create: true}" ;;
      4) echo "    - file: {src: \"{{ base }}/l.conf\", dest: \"{{ base }}/link$t\", state: link, force: true}" ;;
    esac
  done
} > "$work/bench.yml"
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

if [ -n "${BENCH_SETUP_ONLY:-}" ]; then echo "$work"; exit 0; fi
# The launcher writes its class-data archive after the first apply of a jar: not in the measurements.
"$root/runbook" apply "$work/inventory.yml" "$work/bench.yml" -e target=warmup > "$work/warmup.log" 2>&1 \
  || { cat "$work/warmup.log" >&2; echo "bench: runbook failed" >&2; exit 1; }
now() { date +%s%N; }
# run TOOL TARGET: prints the wall time in ms; fails loudly when the tool does.
run() {
  local tool=$1 target=$2 start end
  start=$(now)
  if [ "$tool" = runbook ]; then
    "$root/runbook" apply "$work/inventory.yml" "$work/bench.yml" -e "target=$target" > "$work/last.log" 2>&1
  else
    ANSIBLE_CONFIG="$work/ansible.cfg" ansible-playbook -i "$work/inventory.yml" "$work/bench.yml" \
      -e "target=$target" > "$work/last.log" 2>&1
  fi || { cat "$work/last.log" >&2; echo "bench: $tool failed" >&2; exit 1; }
  end=$(now)
  echo $(( (end - start) / 1000000 ))
}
changed() { awk -F'changed=' '/ : ok=/ {split($2, a, " "); s += a[1]} END {print s + 0}' "$work/last.log"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

tools=(runbook)
command -v ansible-playbook >/dev/null && tools+=(ansible)
echo "workload=$workload hosts=$hosts ($mode) tasks=$tasks rounds=$rounds tools=${tools[*]}"
for tool in "${tools[@]}"; do
  first=$(run "$tool" "$tool")
  echo "$tool first run: ${first} ms, changed=$(changed)"
  echo "$first" > "$work/$tool.first"
done
for r in $(seq 1 "$rounds"); do
  for tool in "${tools[@]}"; do
    ms=$(run "$tool" "$tool")
    c=$(changed)
    [ "$c" = 0 ] || { cat "$work/last.log" >&2; echo "bench: $tool no-op run changed $c" >&2; exit 1; }
    echo "$ms" >> "$work/$tool.noop"
  done
done
echo
printf '%-8s %12s %14s %22s\n' tool "first (ms)" "no-op (ms)" "no-op per task/host"
for tool in "${tools[@]}"; do
  med=$(median < "$work/$tool.noop")
  per=$(awk -v m="$med" -v n=$((hosts * tasks)) 'BEGIN {printf "%.2f ms", m / n}')
  printf '%-8s %12s %14s %22s\n' "$tool" "$(cat "$work/$tool.first")" "$med" "$per"
done
if [ ${#tools[@]} -eq 2 ]; then
  awk -v a="$(median < "$work/ansible.noop")" -v r="$(median < "$work/runbook.noop")" \
    'BEGIN {printf "\nno-op run: runbook is %.1fx faster than ansible-playbook (medians of %d rounds, JVM start included)\n", a / r, '"$rounds"'}'
fi
