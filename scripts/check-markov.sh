#!/usr/bin/env bash
# check-markov.sh [--orders "3 4 5 6"] FILE: trains spark-lstm's Markov chain (--model markov) on FILE for each
# order and scores the same validation split with the independent interpolated Kneser-Ney implementation in
# reference/kn_reference.py (Python 3, standard library only). Prints a table and a JSON line per order with
# both bits per character and their relative difference.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
orders="3 4 5 6"
if [ "${1:-}" = "--orders" ]; then orders=$2; shift 2; fi
[ $# -eq 1 ] || { echo "usage: check-markov.sh [--orders \"3 4 5 6\"] FILE" >&2; exit 2; }
file=$1
[ -f "$file" ] || { echo "check-markov.sh: no such file: $file" >&2; exit 3; }
command -v python3 >/dev/null || { echo "check-markov.sh: python3 is needed for the reference" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-6s %14s %14s %10s\n' order spark-lstm reference difference
for n in $orders; do
  "$here/spark-lstm" train --model markov --order "$n" --corpus "$file" --output "$work/order-$n" \
    --master 'local[2]' --sample-length 0 >/dev/null 2>"$work/log-$n" || { cat "$work/log-$n" >&2; exit 1; }
  ours=$(tail -n 1 "$work/order-$n/metrics.jsonl")
  theirs=$(python3 "$here/reference/kn_reference.py" --order "$n" "$file")
  python3 - "$n" "$ours" "$theirs" <<'PY'
import json, sys
n, ours, theirs = int(sys.argv[1]), json.loads(sys.argv[2]), json.loads(sys.argv[3])
a, b = ours["val_bits_per_token"], theirs["bits_per_token"]
assert ours["val_tokens"] == theirs["scored_tokens"], (ours["val_tokens"], theirs["scored_tokens"])
print("%-6d %14.6f %14.6f %9.4f%%" % (n, a, b, 100 * (a - b) / b))
print(json.dumps({"order": n, "spark_lstm": a, "reference": b, "relative_difference": (a - b) / b,
                  "validation_tokens": theirs["scored_tokens"]}), file=sys.stderr)
PY
done
