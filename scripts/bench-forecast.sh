#!/usr/bin/env bash
# bench-forecast.sh [--seeds 1,2,3]: the README's forecast table. On R's EuStockMarkets (daily closes, log returns,
# horizon 10) and monthly sunspots (levels, horizon 12, an origin every 3 months), each series' end held out
# (split-by end, 0.1): the Markov chain once (it is counted, not sampled), the LSTM at its defaults once per seed
# (sunspots: --epochs 200, early stopping ends it), then forecast, whose run also fits both baselines. Prints each
# run, then per series and method the median over the runs of the MAE over the random walk's, the coverage of the
# 80% intervals and the held-out bits per step.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
seeds=1,2,3
[ "${1:-}" = "--seeds" ] && { seeds=$2; shift 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$root/datasets/src/test/resources/series
cli() { "$here/spark-lstm" "$@" > "$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }; }
eu=(--format series --corpus "$data/eustockmarkets.csv" --time-column time --split-by end --validation-fraction 0.1
  --sequence-length 50 --sample-length 0)
sun=(--format series --corpus "$data/sunspot-month.csv" --series-transform levels --time-column month --split-by end
  --validation-fraction 0.1 --sample-length 0)
one() { # name, forecast options, train options...
  local name=$1 fc=$2
  shift 2
  cli train "$@" --output "$work/$name"
  # shellcheck disable=SC2086
  cli forecast --checkpoint "$work/$name" --corpus "${corpus:?}" $fc
  echo "$name $(python3 -c '
import json, sys
f = json.load(open(sys.argv[1] + "/report/forecast.json"))
bits = min(json.loads(l)["val_bits_per_token"] for l in open(sys.argv[1] + "/metrics.jsonl"))
print(" ".join("%s=%.3f/%.2f/%.4f" % (k, v["mae_over_random_walk"], v["coverage"],
      bits if k == f["model"] else float("nan")) for k, v in f["overall"].items()))' "$work/$name")" | tee -a "$work/runs"
}
corpus=$data/eustockmarkets.csv one eu-markov "--horizon 10" --model markov --order 3 "${eu[@]}"
corpus=$data/sunspot-month.csv one sun-markov "--horizon 12 --stride 3" --model markov --order 5 "${sun[@]}"
for seed in ${seeds//,/ }; do
  corpus=$data/eustockmarkets.csv one "eu-lstm-$seed" "--horizon 10" --seed "$seed" "${eu[@]}"
  corpus=$data/sunspot-month.csv one "sun-lstm-$seed" "--horizon 12 --stride 3" --seed "$seed" --epochs 200 "${sun[@]}"
done
python3 - "$work/runs" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, *figures = line.split()
    series = name.split("-")[0]
    for f in figures:
        method, values = f.split("=")
        rows.setdefault((series, method), []).append([float(v) for v in values.split("/")])
print("\n%-4s %-12s %5s %12s %10s %12s" % ("", "method", "runs", "MAE / RW", "coverage", "bits/step"))
for (series, method), runs in rows.items():
    med = [statistics.median(r[i] for r in runs) for i in range(3)]
    print("%-4s %-12s %5d %12.3f %10.2f %12s" % (series, method, len(runs), med[0], med[1],
          "" if med[2] != med[2] else "%.4f" % med[2]))
PY
