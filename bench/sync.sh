#!/usr/bin/env bash
# Benchmark: synchronize host to host (relayed through the controller) against the physical floor,
# plain `rsync -a` over ssh from one lab host straight to the other, in the same run: a first sync
# of FILES files (SIZE_MB in all) and no-op re-syncs. Needs root (lab hosts); brings up its own
# two-host lab and takes it down at the end.
#
#   bench/sync.sh [FILES] [SIZE_MB] [ROUNDS]      defaults: 5000 100 5
set -euo pipefail
files=${1:-5000}
size_mb=${2:-100}
rounds=${3:-5}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/runbook-bench-sync.XXXXXX")
[ "$(id -u)" = 0 ] || { echo "bench: the lab needs root" >&2; exit 1; }
trap '"$root/runbook" lab down >/dev/null 2>&1; rm -rf "$work"' EXIT

"$root/runbook" --version >/dev/null   # builds the jar once, outside the measurements
"$root/runbook" lab up 2 --dir "$work/lab" > "$work/lab.out" 2>"$work/lab.err" \
  || { cat "$work/lab.err" >&2; echo "bench: the lab did not come up" >&2; exit 1; }
inventory=$work/lab/inventory.yml
h2=$(awk '$1 == "h2" {print $2}' "$work/lab.out")
on() { ssh -i "$work/lab/id_ed25519" -o UserKnownHostsFile="$work/lab/known_hosts" -o BatchMode=yes "root@$1" "$2"; }
h1=$(awk '$1 == "h1" {print $2}' "$work/lab.out")

# The tree on h1: FILES files of random bytes in directories of 50, cut by split (a process per
# directory, not two per file: on a loaded machine the forks alone took many minutes).
per_file=$((size_mb * 1024 * 1024 / files))
on "$h1" "mkdir -p /srv/bench/src && cd /srv/bench/src && i=0; while [ \$i -lt $files ]; do n=\$(( $files - i < 50 ? $files - i : 50 ));
  mkdir -p d\$((i / 50)) && head -c \$((n * $per_file)) /dev/urandom | (cd d\$((i / 50)) && split -a 2 -d -b $per_file - f); i=\$((i + 50)); done;
  du -sm /srv/bench/src; find /srv/bench/src -type f | wc -l"
# The floor needs what synchronize does without: a key on h1 that h2 accepts, and h2's host key.
on "$h1" "mkdir -p /root/.ssh && cat > /root/.ssh/bench_key && chmod 600 /root/.ssh/bench_key" < "$work/lab/id_ed25519"
on "$h1" "cat > /root/.ssh/bench_known_hosts" < "$work/lab/known_hosts"
on "$h2" "mkdir -p /srv/bench"   # rsync makes only the last directory of dest
floor="rsync -a -e 'ssh -i /root/.ssh/bench_key -o UserKnownHostsFile=/root/.ssh/bench_known_hosts' /srv/bench/src/ $h2:/srv/bench/floor"

cat > "$work/sync.yml" <<'EOF'
- hosts: h2
  gather_facts: false
  tasks:
    - synchronize: {src: /srv/bench/src/, dest: /srv/bench/copy, compress: false}
      delegate_to: h1
EOF
# The first apply of a new jar also writes the class-data archive, seconds not to be counted: a
# check run (without keeping its connections) writes it before the measurements.
"$root/runbook" apply --check --persist 0 "$inventory" "$work/sync.yml" > "$work/warm.log" 2>&1 \
  || { cat "$work/warm.log" >&2; echo "bench: the warm-up check run failed" >&2; exit 1; }
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
# floor: the time rsync itself takes on h1, measured there (the controller's ssh login to h1 is not counted)
floor() { on "$h1" "s=\$(date +%s%N); $floor && e=\$(date +%s%N) && echo \$(( (e - s) / 1000000 ))" || { echo "bench: the floor's rsync failed" >&2; exit 1; }; }
runbook() {
  local start end
  start=$(now)
  "$root/runbook" apply "$inventory" "$work/sync.yml" > "$work/last.log" 2>&1 || { cat "$work/last.log" >&2; echo "bench: runbook failed" >&2; exit 1; }
  end=$(now)
  grep -q "changed=$1 " "$work/last.log" || { cat "$work/last.log" >&2; echo "bench: expected changed=$1" >&2; exit 1; }
  ms "$start" "$end"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

echo "files=$files size=${size_mb} MB rounds=$rounds (lab hosts h1 -> h2)"
first_floor=$(floor)
first_runbook=$(runbook 1)
for _ in $(seq "$rounds"); do
  floor >> "$work/floor.noop"
  runbook 0 >> "$work/runbook.noop"
done
on "$h2" "[ \$(find /srv/bench/copy -type f | wc -l) = $files ]" || { echo "bench: the copy is incomplete" >&2; exit 1; }
printf '\n%-40s %12s %12s\n' "" "first (ms)" "no-op (ms)"
printf '%-40s %12s %12s\n' "rsync -a over ssh, h1 to h2 (floor)" "$first_floor" "$(median < "$work/floor.noop")"
printf '%-40s %12s %12s\n' "runbook synchronize, relayed" "$first_runbook" "$(median < "$work/runbook.noop")"
awk -v f="$(median < "$work/floor.noop")" -v r="$(median < "$work/runbook.noop")" \
  'BEGIN {printf "\nno-op re-sync: %.2fx the floor (medians of '"$rounds"' rounds; runbook timed from the shell, JVM start included)\n", r / f}'
