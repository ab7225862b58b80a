#!/usr/bin/env bash
# train-local.sh [train options]: train with local Spark on every core, on the bundled default corpus unless
# --corpus is given: Moby Dick, or with --format midi the bundled piano pieces; for 8 minutes unless --epochs,
# --max-minutes or --max-iterations is given (the budget recipe then chooses the network's size). Any train
# option can be added or overridden, e.g. --max-minutes 30 --output /tmp/run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
corpora="$(dirname "$here")/datasets/src/main/resources/corpora"
corpus=("--corpus" "$corpora/mobydick.txt")
budget=("--max-minutes" "8")
previous=""
for arg in "$@"; do
  case "$previous $arg" in
    *" --corpus"|*" --corpus="*) corpus=() ;;
  esac
  case "$arg" in
    --epochs|--epochs=*|--max-minutes|--max-minutes=*|--max-iterations|--max-iterations=*) budget=() ;;
  esac
  if [[ "$previous" == "--format" && "$arg" == "midi" || "$arg" == "--format=midi" ]] && [[ ${#corpus[@]} -gt 0 ]]; then
    corpus=("--corpus" "$corpora/piano")
  fi
  previous=$arg
done
exec "$here/spark-lstm" train "${corpus[@]}" "${budget[@]}" --master 'local[*]' "$@"
