#!/usr/bin/env bash
# retrain.sh --corpus DIR --output ROOT [train options]: one step of scheduled retraining, for cron or Airflow.
# Safe to rerun at any time. Each call does one of:
#   - resume the newest generation under ROOT if it did not finish (e.g. its --max-minutes ran out, or it died);
#   - train a new generation ROOT/gen-NNNNN on the corpus files no finished generation has seen (new, or changed
#     size or modification time), fine-tuning from the previous generation's newest checkpoint;
#   - nothing, if there is nothing new.
# Exit codes: 0 done (any of the three), 2 usage or configuration error, 3 a bad input file, 4 no usable
# checkpoint to fine-tune from, 5 storage error, 6 another retrain or train holds the lease (try next time),
# 1 internal error.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec "$here/spark-lstm" retrain "$@"
