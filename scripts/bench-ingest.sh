#!/usr/bin/env bash
# bench-ingest.sh [--repeat N] [--copies K] [PATH...]: the ingestion benchmark. In one Spark application on
# local[*], the rate at which text becomes one-hot training minibatches against a plain read of the same files,
# N times alternating (default 5), medians and their ratio as a table and as JSON. Without PATH, the corpus is K
# copies (default 40, about 48 MB) of the bundled Moby Dick in a temporary folder.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
repeat=5
copies=40
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    --copies) copies=$2; shift 2 ;;
    *) break ;;
  esac
done
paths=("$@")
if [ ${#paths[@]} -eq 0 ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  for i in $(seq 1 "$copies"); do cp "$root/datasets/src/main/resources/corpora/mobydick.txt" "$dir/moby-$i.txt"; done
  paths=("$dir")
fi
# shellcheck source=lib/build.sh
. "$here/lib/build.sh"
run_benchmark 4g IngestBenchmark 'local[*]' "$repeat" "${paths[@]}"
