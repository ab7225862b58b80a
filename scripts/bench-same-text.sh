#!/usr/bin/env bash
# bench-same-text.sh [--iterations N] [--seeds 1,2] [SOURCE.txt] [-- TRAIN-OPTION...]: the same text trains to the
# same bits per character from text files, JSON Lines and Parquet. The book (default the bundled Moby Dick) is cut
# into chapters, its last eighth held out as text files; the rest is written as chapter files, as JSON Lines rows and
# as Parquet rows (by Spark), trained N iterations (default 1500) with each seed on local[2], and every model is
# scored by evaluate on the held-out chapters. Prints each run, the medians, and the spread between seeds.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
iterations=1500
seeds=1,2
while [ $# -gt 0 ]; do
  case "$1" in
    --iterations) iterations=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
source_text=$root/datasets/src/main/resources/corpora/mobydick.txt
if [ $# -gt 0 ] && [ "$1" != "--" ] && [ "${1#--}" = "$1" ]; then source_text=$1; shift; fi
[ "${1:-}" = "--" ] && shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib/build.sh
. "$here/lib/build.sh"
run_benchmark 8g SameTextBenchmark 'local[2]' "$iterations" "$seeds" "$source_text" "$work" "$@"
