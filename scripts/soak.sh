#!/usr/bin/env bash
# The fault-injection soak of scheduled retraining (SoakIT): N retrain calls on a real store on 127.0.0.1 while
# files arrive, with SIGKILLs, two calls started together, injected storage faults, clocks 10 min off and runs in their own pid namespace; it
# checks the invariants after every call and prints a table (and target/soak-<store>.json in spark-job).
#   scripts/soak.sh --cycles 200 --store file      # also: hdfs (a MiniDFSCluster), s3 (s3proxy)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cycles=20; store=file; seed=20261201
while [ $# -gt 0 ]; do
  case "$1" in
    --cycles) cycles=$2; shift 2 ;;
    --store) store=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n 2,5p "$0"; exit 0 ;;
    *) echo "soak.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$store" in file|hdfs|s3) ;; *) echo "soak.sh: --store is file, hdfs or s3" >&2; exit 2 ;; esac
cd "$root"
exec mvn -B -q verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SoakIT \
  -Dsoak.stores="$store" -Dsoak.cycles="$cycles" -Dsoak.seed="$seed"
