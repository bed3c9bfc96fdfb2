#!/usr/bin/env bash
# Runs one small playbook through ansible-playbook and through runbook, both on the local
# connection, twice each (and a check run first), then compares the files they leave and their
# changed counts. Needs ansible-core (apt-get install -y --no-install-recommends ansible-core).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/runbook-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
printf 'all:\n  hosts:\n    localhost:\n      ansible_connection: local\n      ansible_python_interpreter: %s\n' \
  "$(command -v python3)" > "$work/inventory.yml"
recap() { grep -E '^localhost +: ok=' | sed -E 's/ +/ /g; s/ $//'; }
for tool in ansible runbook; do
  for step in check apply apply; do
    flag=(); [ "$step" = check ] && flag=(--check)
    if [ "$tool" = ansible ]; then
      out=$(ansible-playbook -i "$work/inventory.yml" "$here/play.yml" -e "root=$work/$tool" "${flag[@]}" 2>&1 || true)
    else
      out=$("$root/runbook" apply "$work/inventory.yml" "$here/play.yml" -e "root=$work/$tool" "${flag[@]}" 2>&1 || true)
    fi
    printf '%-8s %-6s %s\n' "$tool" "$step" "$(echo "$out" | recap)"
    echo "$out" | grep -E '^fatal' | sed "s/^/         /" || true
  done
done
# Names, types, modes and sizes, then every file's content, with each tool's root written as ROOT.
snapshot() {
  (cd "$work/$1" && find . -printf '%p %M %s %l\n' | sort && find . -type f | sort | xargs cat) | sed "s#$work/$1#ROOT#g"
}
if diff <(snapshot ansible) <(snapshot runbook); then
  echo "same files, modes and contents"
else
  echo "the files differ"; exit 1
fi
