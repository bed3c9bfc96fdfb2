#!/usr/bin/env bash
# Benchmark: the database pipe of a move, mysql_copy from h1 to h2, against the physical floor
# `ssh h1 mysqldump ... | ssh h2 mysql` with the same dump options, between the same two lab hosts,
# interleaved round by round. Each round drops the copy on h2 first, so both copy everything.
#
#   bench/pipe.sh [MB] [ROUNDS]      defaults: 200 MB of rows, 3 rounds (needs root: lab hosts)
set -euo pipefail
mb=${1:-200}
rounds=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/runbook-bench.XXXXXX")
[ "$(id -u)" = 0 ] || { echo "bench: the pipe bench needs lab hosts (root)" >&2; exit 1; }
trap '"$root/runbook" lab down >/dev/null 2>&1; rm -rf "$work"' EXIT

"$root/runbook" --version >/dev/null   # builds the jar once, outside the measurements
"$root/runbook" lab up 2 --dir "$work/lab" > "$work/lab.out" 2>"$work/lab.err" \
  || { cat "$work/lab.err" >&2; echo "bench: the lab did not come up" >&2; exit 1; }
inventory=$work/lab/inventory.yml
address() { awk -v h="$1:" '$1 == h {getline; while ($1 != "ansible_host:") getline; print $2; exit}' "$inventory"; }
ssh_to() {
  local host=$1; shift
  ssh -o BatchMode=yes -o UserKnownHostsFile="$work/lab/known_hosts" -i "$work/lab/id_ed25519" "root@$host" "$@"
}

# MariaDB on both hosts (the lab's offline apt cache), and MB of rows on h1: 1 KiB each.
cat > "$work/setup.yml" <<YML
- hosts: all
  gather_facts: false
  tasks:
    - shell: "DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server >/dev/null; service mariadb start >/dev/null"
- hosts: h1
  gather_facts: false
  tasks:
    - shell: "mysql -e 'DROP DATABASE IF EXISTS benchdb; CREATE DATABASE benchdb; CREATE TABLE benchdb.r (id INT PRIMARY KEY, s VARCHAR(1000)); INSERT INTO benchdb.r SELECT seq, REPEAT(MD5(seq), 31) FROM benchdb.seq_1_to_$((mb * 1024))'"
YML
"$root/runbook" apply "$inventory" "$work/setup.yml" > "$work/setup.log" 2>&1 \
  || { cat "$work/setup.log" >&2; echo "bench: the setup failed" >&2; exit 1; }
h1=$(address h1); h2=$(address h2)
[ -n "$h1" ] && [ -n "$h2" ] || { cat "$inventory" >&2; echo "bench: no addresses in the lab's inventory" >&2; exit 1; }

cat > "$work/copy.yml" <<'YML'
- hosts: h2
  gather_facts: false
  tasks:
    - mysql_copy: {from: h1, name: benchdb}
      register: copied
    - debug: {msg: "bytes={{ copied.bytes | default(0) }}"}
YML
# The options mysql_copy gives mysqldump for one database on a local server.
options="--opt --complete-insert --quote-names --add-drop-database --databases benchdb --quick"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
reset() { ssh_to "$h2" "mysql -e 'DROP DATABASE IF EXISTS benchdb'"; }
# run TOOL: prints the wall time in ms; fails loudly when the tool does.
run() {
  local start end
  reset
  start=$(now)
  if [ "$1" = runbook ]; then
    "$root/runbook" apply "$inventory" "$work/copy.yml" > "$work/last.log" 2>&1
  else
    ssh_to "$h1" "mysqldump $options" | ssh_to "$h2" mysql
  fi || { cat "$work/last.log" 2>/dev/null >&2; echo "bench: $1 failed" >&2; exit 1; }
  end=$(now)
  echo $(( (end - start) / 1000000 ))
}

bytes=$(ssh_to "$h1" "mysqldump $options | wc -c")
echo "pipe: ${mb} MB of rows, a dump of $bytes bytes, h1 -> h2 (lab), rounds=$rounds"
for r in $(seq 1 "$rounds"); do
  run runbook >> "$work/runbook.ms"
  grep -q "bytes=$bytes" "$work/last.log" || { cat "$work/last.log" >&2; echo "bench: mysql_copy did not send the whole dump" >&2; exit 1; }
  [ "$(ssh_to "$h2" "mysql -N -e 'SELECT COUNT(*) FROM benchdb.r'")" = $((mb * 1024)) ] || { echo "bench: the copy lacks rows" >&2; exit 1; }
  run ssh >> "$work/ssh.ms"
done
# A no-op run: everything matches, so only the checksums of both sides are read.
"$root/runbook" apply "$inventory" "$work/copy.yml" > /dev/null 2>&1 || true
start=$(now)
"$root/runbook" apply "$inventory" "$work/copy.yml" > "$work/last.log" 2>&1 \
  || { cat "$work/last.log" >&2; echo "bench: the no-op copy failed" >&2; exit 1; }
noop=$(( ($(now) - start) / 1000000 ))
grep -q "changed=0" "$work/last.log" || { cat "$work/last.log" >&2; echo "bench: the second copy was not a no-op" >&2; exit 1; }
echo
printf '%-36s %12s %10s\n' way "median (ms)" "MB/s"
for way in runbook ssh; do
  ms=$(median < "$work/$way.ms")
  label=$([ "$way" = runbook ] && echo "mysql_copy (runbook apply)" || echo "ssh h1 mysqldump | ssh h2 mysql")
  printf '%-36s %12s %10s\n' "$label" "$ms" "$(awk -v b="$bytes" -v m="$ms" 'BEGIN {printf "%.1f", b / 1048576 / (m / 1000)}')"
done
awk -v r="$(median < "$work/runbook.ms")" -v s="$(median < "$work/ssh.ms")" 'BEGIN {printf "\nmysql_copy takes %.2fx the time of the plain ssh pipe (JVM start and both checksums included)\n", r / s}'
echo "no-op mysql_copy (checksums of both sides): $noop ms"
