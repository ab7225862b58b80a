#!/usr/bin/env bash
# bench-score.sh [--lstm-megabytes M] [--iterations N] [--markov-megabytes G] [SOURCE.txt]: the scoring benchmark.
# On local[2], in one JVM: the default LSTM trained N iterations (default 300) on M MB (default 8) of copies of
# SOURCE (default the bundled Moby Dick), then score, evaluate and filter on the same corpus, and 16 samples drawn
# by sample --count against one by sample; and an order-5 Markov chain
# trained on G MB (default 1024), then score. Prints, per case, training's and scoring's tokens per second per core,
# their ratio, evaluate's rate, and the live heap (after garbage collection, at its peak) of train and of score, as
# a table and as JSON.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
lstm_mb=8
iterations=300
markov_mb=1024
while [ $# -gt 0 ]; do
  case "$1" in
    --lstm-megabytes) lstm_mb=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --markov-megabytes) markov_mb=$2; shift 2 ;;
    *) break ;;
  esac
done
source_text=${1:-$root/datasets/src/main/resources/corpora/mobydick.txt}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib/build.sh
. "$here/lib/build.sh"
run_benchmark 8g ScoreBenchmark 'local[2]' "$source_text" "$work" "$lstm_mb" "$iterations" "$markov_mb"
