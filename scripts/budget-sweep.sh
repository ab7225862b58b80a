#!/usr/bin/env bash
# budget-sweep.sh [--minutes M | --iterations I] [--repeat N] [--corpus PATH] [--out DIR] KEY=V1,V2,... [key=value...]:
# what a fixed budget buys with each value of one training setting. Trains the model (the default 2 x 128
# LSTM unless key=value options change it) for M minutes (default 4), or for I iterations (a budget of work,
# not of time, so that the machine's speed does not move the result: for settings that cost no speed), with
# each value of KEY, on spark local[2] with one OpenMP thread per worker, N times (default 1) in alternating
# order, repetition r with seed 41+r (unless a seed is given or swept), and prints, per value, the median
# validation bits per token at the end of the budget with its range, tokens/s and tokens seen; DIR/sweep.json
# has every run. Example: ./scripts/budget-sweep.sh --iterations 2000 --repeat 3 warmup-iterations=0,200
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
minutes=4 iterations="" repeat=1 out=""
corpus="$root/datasets/src/main/resources/corpora/mobydick.txt"
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *=*) break ;;
    *) echo "budget-sweep.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "budget-sweep.sh: give the setting to sweep, e.g. batch-size=16,64" >&2; exit 2; }
key=${1%%=*}
IFS=, read -r -a values <<< "${1#*=}"
shift
# the default 2 x 128 unless the size is swept or given: the budget recipe would size each run anew
options=()
[ "$key" = hidden-size ] || options=(--hidden-size 128)
seeded=no
[ "$key" = seed ] && seeded=yes
for kv in "$@"; do
  [ "${kv%%=*}" = hidden-size ] && options=()
  [ "${kv%%=*}" = seed ] && seeded=yes
done
for kv in "$@"; do options+=("--${kv%%=*}" "${kv#*=}"); done
if [ -n "$iterations" ]; then budget=(--max-iterations "$iterations"); label="$iterations iterations"
else budget=(--max-minutes "$minutes"); label="$minutes minutes"; fi
out=${out:-$root/runs/sweep-$key-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
# build once here, not inside a timed run
"$here/spark-lstm" --help >/dev/null
runs="$out/runs.jsonl"
: > "$runs"
for i in $(seq 1 "$repeat"); do
  for value in "${values[@]}"; do
    echo "budget-sweep.sh: repetition $i of $repeat, $key=$value, $label" >&2
    run="$out/$key-$value-$i"
    seed=()
    [ "$seeded" = yes ] || seed=(--seed $((41 + i)))
    OMP_NUM_THREADS=1 SPARK_LSTM_NO_BUILD=1 "$here/spark-lstm" train --corpus "$corpus" --master 'local[2]' \
      "${budget[@]}" --output "$run" --sample-length 0 "--$key" "$value" "${options[@]}" "${seed[@]}" \
      >"$run.log" 2>&1 || { echo "budget-sweep.sh: the run failed; see $run.log" >&2; exit 1; }
    printf '{"value":"%s","repetition":%d,"metrics":%s}\n' "$value" "$i" "$(tail -n 1 "$run/metrics.jsonl")" >> "$runs"
  done
done

python3 - "$runs" "$out/sweep.json" "$key" "$label" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
key, label = sys.argv[3], sys.argv[4]
values = list(dict.fromkeys(r["value"] for r in runs))
summary = {"key": key, "budget": label, "runs": runs, "values": {}}
print("a budget of %s on local[2]; medians of %d run(s) per value" % (label, len(runs) // len(values)))
print("%-16s %18s %18s %12s %14s" % (key, "val bits/token", "range", "tokens/s", "tokens seen"))
for v in values:
    ms = [r["metrics"] for r in runs if r["value"] == v]
    med = lambda f: statistics.median(m[f] for m in ms)
    losses = [m["val_bits_per_token"] for m in ms]
    s = {"val_bits_per_token": med("val_bits_per_token"), "min": min(losses), "max": max(losses),
         "tokens_per_second": med("tokens_per_second"), "tokens_seen": med("tokens_seen")}
    summary["values"][v] = s
    print("%-16s %18.4f %8.4f..%-8.4f %12.0f %14.0f" % (v, s["val_bits_per_token"], s["min"], s["max"],
                                                    s["tokens_per_second"], s["tokens_seen"]))
json.dump(summary, open(sys.argv[2], "w"), indent=2)
print("Written: " + sys.argv[2])
PY
