#!/usr/bin/env bash
# bench.sh [--repeat N] [--rounds T] [--warmup W] [--budget-minutes M] [--out DIR] [key=value...]:
# the training benchmark. On the same model (the default 2 x 128 LSTM unless key=value options change it) and the
# same minibatches of the bundled Moby Dick, in one run, N times alternating, each measurement in a fresh JVM:
#   - tokens/s of --engine spark on local[2] and of --engine single, each with OMP_NUM_THREADS=1 and =2, and for an
#     LSTM also with DL4J's own LSTM loop (lstm-kernel=dl4j, OMP_NUM_THREADS=1) beside the default fused kernel;
#   - the model's training FLOP/s against the machine's sgemm FLOP/s (ND4J, 2048 x 2048 floats, both cores);
#   - PyTorch's CPU LSTM on the same shapes, as the Java measurement reports them (Debian's python3-torch with
#     libopenblas0-pthread, installed here when missing and possible; otherwise the script says why not);
#   - time per parameter-averaging round, and the share of it that is not the workers' training;
#   - with M > 0 (default 3), validation bits per character after M minutes of `train` with each engine.
# Prints medians and ratios as a table and writes everything as JSON to DIR/bench.json.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
repeat=3 rounds=6 warmup=2 budget=3 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --budget-minutes) budget=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *=*) break ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
overrides=("$@")
out=${out:-$root/runs/bench-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
corpus="$root/datasets/src/main/resources/corpora/mobydick.txt"
lib="$root/spark-job/target/lib"
# shellcheck source=lib/build.sh
. "$here/lib/build.sh"
ensure_built
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
results="$out/measurements.jsonl"
: > "$results"

is_lstm=yes
for kv in "${overrides[@]}"; do
  case "$kv" in model=*) [ "$kv" = model=lstm ] || is_lstm=no ;; esac
done

measure() { # engine omp-threads [key=value...]
  local engine=$1 threads=$2
  shift 2
  local args=("$engine")
  [ "$engine" = sgemm ] || args+=('local[2]' "$warmup" "$rounds" "$corpus" "${overrides[@]}" "$@")
  OMP_NUM_THREADS=$threads java -Xmx6g "${java17_opens[@]}" -cp "$bench_jar:$jar:$lib/*" org.sparklstm.bench.TrainBenchmark \
    "${args[@]}" 2>"$out/last-$engine.log" | tail -n 1 >> "$results" \
    || { echo "bench.sh: the $engine measurement failed; see $out/last-$engine.log" >&2; exit 1; }
}

torch_python=/usr/bin/python3
torch_note=""
if ! "$torch_python" -c 'import torch' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench.sh: installing Debian's python3-torch and libopenblas0-pthread for the PyTorch comparison..." >&2
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch libopenblas0-pthread >"$out/apt.log" 2>&1; then
      torch_note="apt-get install python3-torch libopenblas0-pthread failed (see $out/apt.log)"
    fi
  else
    torch_note="python3-torch is not installed and this user cannot install Debian packages (needs root and apt-get)"
  fi
fi

for i in $(seq 1 "$repeat"); do
  echo "bench.sh: repetition $i of $repeat" >&2
  measure sgemm 2
  measure spark 1
  measure single 1
  measure spark 2
  measure single 2
  if [ "$is_lstm" = yes ]; then
    measure spark 1 lstm-kernel=dl4j
    measure single 1 lstm-kernel=dl4j
  fi
  if [ -z "$torch_note" ]; then
    # the shapes (vocabulary, layers, units, batch, window) as the Java measurements report them
    read -r -a shapes <<< "$(python3 -c 'import json, sys
r = next(json.loads(l) for l in open(sys.argv[1]) if "vocabulary" in l)
print("--vocab %(vocabulary)d --layers %(layers)d --hidden %(hidden_size)d --batch %(batch_size)d --seq %(sequence_length)d" % r)' "$results")"
    "$torch_python" "$here/reference/torch_lstm_bench.py" "${shapes[@]}" --threads 2 >> "$results" \
      2>"$out/last-torch.log" || torch_note="the PyTorch run failed (see $out/last-torch.log)"
  fi
done

budget_json="$out/budget/runs.jsonl"
if [ "$budget" != 0 ]; then
  "$here/budget-sweep.sh" --minutes "$budget" --corpus "$corpus" --out "$out/budget" engine=spark,single \
    "${overrides[@]}" >&2
else
  mkdir -p "$out/budget" && : > "$budget_json"
fi

python3 - "$results" "$budget_json" "$out/bench.json" "$torch_note" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
budget = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
torch_note = sys.argv[4]
def key(r):
    if r["engine"] == "pytorch":
        return "pytorch"
    kernel = ", %s kernel" % r["lstm_kernel"] if r.get("model") == "lstm" else ""
    return "%s%s (OMP_NUM_THREADS=%s)" % (r["engine"], kernel, r["omp_num_threads"])
groups = {}
for r in rows:
    groups.setdefault(key(r), []).append(r)
med = lambda rs, f: statistics.median(r[f] for r in rs)
sgemm = med(groups.pop("sgemm (OMP_NUM_THREADS=2)"), "sgemm_gflops")
singles = {n: med(rs, "tokens_per_second") for n, rs in groups.items() if n.startswith("single")}
best_single = max(singles, key=singles.get)
single = singles[best_single]
summary = {"measurements": rows, "budget_runs": budget, "pytorch_note": torch_note, "engines": {},
           "machine_sgemm_gflops": sgemm, "single_baseline": best_single}
print("Machine sgemm (ND4J, 2048 x 2048 floats, 2 threads): %.1f GFLOP/s. Ratios are to the faster single-JVM "
      "setting, %s." % (sgemm, best_single))
print("%-42s %12s %10s %14s %10s %10s" % ("engine", "tokens/s", "vs single", "model GFLOP/s", "of sgemm",
      "round (s)"))
for name, rs in groups.items():
    tps = med(rs, "tokens_per_second")
    e = {"runs": len(rs), "tokens_per_second": tps, "ratio_to_single": tps / single}
    flops = next(r["training_flops_per_token"] for r in rows if "training_flops_per_token" in r)
    e["model_gflops"] = tps * flops / 1e9
    e["fraction_of_sgemm"] = e["model_gflops"] / sgemm
    if name != "pytorch":
        e.update(round_seconds=med(rs, "round_seconds_median"), minibatches_per_round=rs[0]["minibatches_per_round"])
    summary["engines"][name] = e
    print("%-42s %12.0f %9.2fx %14.2f %9.1f%% %10s" % (name, tps, tps / single, e["model_gflops"],
          100 * e["fraction_of_sgemm"], "%.2f" % e["round_seconds"] if "round_seconds" in e else "-"))
s = summary["engines"]
for name in [n for n in s if n.startswith("spark")]:
    share = statistics.median(r.get("worker_fit_share_of_round", float("nan")) for r in groups[name])
    s[name]["worker_fit_share_of_round"] = share
    print("%s: a parameter-averaging round (%d minibatches on 2 workers) takes %.2f s; the workers spend %.0f%% "
          "of it in fit, the rest is averaging, broadcasting, scheduling and building minibatches"
          % (name, s[name]["minibatches_per_round"], s[name]["round_seconds"], 100 * share))
for engine in ("spark", "single"):
    fused, loop = ("%s, %s kernel (OMP_NUM_THREADS=1)" % (engine, k) for k in ("fused", "dl4j"))
    if fused in s and loop in s:
        ratio = s[fused]["tokens_per_second"] / s[loop]["tokens_per_second"]
        summary.setdefault("fused_kernel_speedup", {})[engine] = ratio
        print("%s: the fused LSTM kernel trains %.2fx as fast as DL4J's own LSTM loop" % (engine, ratio))
if torch_note:
    print("PyTorch left out: " + torch_note)
for b in budget:
    m = b["metrics"]
    print("%s engine: %.4f validation bits/char after %.1f minutes (%d iterations, %d tokens)" % (
        b["value"], m["val_bits_per_token"], m["elapsed_seconds"] / 60, m["iteration"], m["tokens_seen"]))
json.dump(summary, open(sys.argv[3], "w"), indent=2)
print("Written: " + sys.argv[3])
PY
