#!/usr/bin/env bash
# bench-formats.sh [--repeat N] [--megabytes M] [--forms text,jsonl,parquet] [--train ITERATIONS] [SOURCE.txt]: the formats benchmark. The same text as text files,
# as JSON Lines rows and as Parquet rows (a row per paragraph, written by Spark), about M megabytes of copies of
# SOURCE (default 1024 MB of the bundled Moby Dick), read by the training path in one Spark application on
# local[*]: read, decode and count the vocabulary, and read to token windows, after a warm-up round N times alternating (default 3).
# With --train, then trains the default model ITERATIONS iterations on each form (train, once each) and compares
# the training rate and the end-to-end rate (tokens trained over the command's wall time, reading included).
# Prints medians in code points per second and each format's ratio to the first (the text files), as a table and
# as JSON.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
repeat=3
megabytes=1024
forms=text,jsonl,parquet
train=0
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    --megabytes) megabytes=$2; shift 2 ;;
    --forms) forms=$2; shift 2 ;;
    --train) train=$2; shift 2 ;;
    *) break ;;
  esac
done
source_text=${1:-$root/datasets/src/main/resources/corpora/mobydick.txt}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib/build.sh
. "$here/lib/build.sh"
run_benchmark 6g FormatsBenchmark 'local[*]' "$repeat" "$megabytes" "$source_text" "$work" "$forms" "$train"
