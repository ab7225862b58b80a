#!/usr/bin/env bash
# train-local.sh [train options]: train on the bundled default corpus (Moby Dick) with local Spark on every
# core. Any train option can be added or overridden, e.g. --max-minutes 8 --output /tmp/run.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
exec "$here/spark-lstm" train --corpus "$root/datasets/src/main/resources/corpora/mobydick.txt" \
  --master 'local[*]' "$@"
