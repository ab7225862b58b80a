#!/usr/bin/env bash
# bench-output-head.sh [--seeds 1,2,3] [--heads softmax,gaussian,mdn3] [--epochs 200] [--patience 10] CSV TRANSFORM
# TIME-COLUMN [KEY=VALUE...]: a network's output head on numeric series, side by side in one JVM: the softmax over
# the bins every family trains, a Gaussian and a mixture of Gaussians over the standardised step, on the same
# recurrent layers, windows and held-out ends (split-by end, 0.1). Prints each run's held-out bits per bin (a
# density's mass over each bin) and one-step MAE over the random walk's at its best epoch, then the medians.
#   ./scripts/bench-output-head.sh datasets/src/test/resources/series/sunspot-month.csv levels month hidden-size=32
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
seeds=1,2,3
heads=softmax,gaussian,mdn3
epochs=200
patience=10
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=$2; shift 2 ;;
    --heads) heads=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --patience) patience=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -ge 3 ] || { sed -n 2,7p "$0" >&2; exit 2; }
csv=$1 transform=$2 time=$3
shift 3
# shellcheck source=lib/build.sh
. "$here/lib/build.sh"
run_benchmark 4g OutputHeadBenchmark "$csv" "$transform" "$time" "$seeds" "$heads" "$epochs" "$patience" "$@"
