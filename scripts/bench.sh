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
#   - with M > 0 (default 3), validation bits per character after M minutes of `train` with each engine;
#   - scale (--scale-minutes S, default 3; 0 skips): S minutes of a default `train` on Moby Dick (1.2 MB) and on
#     about 1 GB of text (copies of it), one after the other: time to the first round, fit and effective tokens/s
#     (tokens seen over training time, planning and evaluations included) and their ratio;
#   - epoch cost (--plan-gb "0.1 1 4"; "" skips): on copies of Moby Dick of about those sizes, the time to cut the
#     corpus and, for two epochs, to plan, to sort every bucket and to build a round's minibatches (PlanBenchmark,
#     no training): the overhead of an epoch per GB, which stays flat when epochs cost linear time; and the bytes
#     of one minibatch;
#   - inputs (--inputs-minibatches N, default 20; 0 skips): the same network fitting the same minibatches built
#     one-hot and as token ids, alternating, on Moby Dick and on Debian's fortunes-zh (Chinese, about 6,000
#     symbols; installed here when missing and possible): time per minibatch and bytes of each (InputBenchmark);
#   - model sizes (--sizes "2x512 3x512 2x1024"; "" skips; --size-rounds R timed rounds, default 2, after one warm-up):
#     the Spark engine on local[2] (and with --cluster also on a two-worker standalone cluster, local-cluster.sh)
#     for each LAYERSxUNITS LSTM: tokens/s, the model's FLOP/s as a share of the machine's sgemm rate, and the share
#     of a parameter-averaging round the workers spend outside fit (with DL4J's breakdown of a round in the JSON).
# Large corpora are built once under $BENCH_DATA (default /tmp/spark-lstm-bench-data) and kept.
# Prints medians and ratios as a table and writes everything as JSON to DIR/bench.json.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
repeat=3 rounds=6 warmup=2 budget=3 out="" scale=3 plan_gb="0.1 1 4" inputs=20 sizes="2x512 3x512 2x1024"
size_rounds=2 cluster=no
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --budget-minutes) budget=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --scale-minutes) scale=$2; shift 2 ;;
    --plan-gb) plan_gb=$2; shift 2 ;;
    --inputs-minibatches) inputs=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --size-rounds) size_rounds=$2; shift 2 ;;
    --cluster) cluster=yes; shift ;;
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

bench_java() { # [-Dkey=value...] CLASS [arguments...]: one of the bench module's classes, in a JVM of its own
  local options=()
  while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do options+=("$1"); shift; done
  java -Xmx6g "${java17_opens[@]}" "${options[@]}" -cp "$bench_jar:$jar:$lib/*" "org.sparklstm.bench.$1" "${@:2}"
}

measure() { # engine omp-threads [key=value...]
  local engine=$1 threads=$2
  shift 2
  local args=("$engine")
  [ "$engine" = sgemm ] || args+=('local[2]' "$warmup" "$rounds" "$corpus" "${overrides[@]}" "$@")
  OMP_NUM_THREADS=$threads bench_java TrainBenchmark "${args[@]}" 2>"$out/last-$engine.log" | tail -n 1 >> "$results" \
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

data=${BENCH_DATA:-/tmp/spark-lstm-bench-data}
corpus_of_gb() { # GB: a folder of copies of Moby Dick, about GB gigabytes, in files of 100 copies (116 MB)
  local dir="$data/moby-$1gb" size copies
  size=$(stat -c %s "$corpus")
  copies=$(python3 -c "import sys; print(max(1, round(float(sys.argv[1]) * 1e9 / int(sys.argv[2]))))" "$1" "$size")
  if [ ! -f "$dir/.complete" ]; then
    echo "bench.sh: writing $copies copies of Moby Dick to $dir..." >&2
    rm -rf "$dir" && mkdir -p "$dir"
    for ((i = 0; i < copies; i++)); do cat "$corpus" >> "$dir/moby-$((i / 100)).txt"; done
    touch "$dir/.complete"
  fi
  echo "$dir"
}

scale_json="$out/scale.jsonl"
: > "$scale_json"
if [ "$scale" != 0 ]; then
  # both runs train the same network: the budget recipe would size each for its corpus
  size=(--hidden-size 128)
  for o in "${overrides[@]}"; do [[ "$o" == hidden-size=* ]] && size=(); done
  for which in small large; do
    c=$corpus; [ "$which" = large ] && c=$(corpus_of_gb 1)
    echo "bench.sh: scale: $scale minutes of train on the $which corpus" >&2
    "$here/spark-lstm" train --corpus "$c" --master 'local[2]' --max-minutes "$scale" --output "$out/scale-$which" \
      "${size[@]}" "${overrides[@]/#/--}" > "$out/scale-$which.log" 2>&1 \
      || { echo "bench.sh: the $which scale run failed; see $out/scale-$which.log" >&2; exit 1; }
    python3 - "$which" "$c" "$out/scale-$which" "$out/scale-$which.log" >> "$scale_json" <<'PY'
import json, os, re, sys
which, corpus, run, log = sys.argv[1:]
records = [json.loads(l) for l in open(os.path.join(run, "metrics.jsonl")) if l.strip()]
last = records[-1]
first = float(re.search(r"First round trained ([0-9.]+) s", open(log).read()).group(1))
size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(corpus) for f in fs) \
    if os.path.isdir(corpus) else os.path.getsize(corpus)
print(json.dumps({"corpus": which, "bytes": size, "first_round_seconds": first,
                  "fit_tokens_per_second": last["tokens_per_second"], "tokens_seen": last["tokens_seen"],
                  "training_seconds": last["elapsed_seconds"],
                  "effective_tokens_per_second": last["tokens_seen"] / last["elapsed_seconds"],
                  "evaluation_share": sum(r["evaluation_seconds"] for r in records) / last["elapsed_seconds"]}))
PY
  done
fi

plan_json="$out/plan.jsonl"
: > "$plan_json"
for gb in $plan_gb; do
  c=$(corpus_of_gb "$gb")
  echo "bench.sh: epoch cost on $gb GB" >&2
  bench_java PlanBenchmark 'local[2]' 20 "$c" "${overrides[@]}" 2>"$out/last-plan.log" | tail -n 1 >> "$plan_json" \
    || { echo "bench.sh: the epoch-cost measurement failed; see $out/last-plan.log" >&2; exit 1; }
done

inputs_json="$out/inputs.jsonl"
: > "$inputs_json"
if [ "$inputs" != 0 ]; then
  fortunes=/usr/share/games/fortunes
  if [ ! -f "$fortunes/tang300" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bench.sh: installing Debian's fortunes-zh for the token-id comparison..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q fortunes-zh >"$out/apt-zh.log" 2>&1 || true
  fi
  zh="$data/fortunes-zh"
  if [ ! -f "$zh/.complete" ] && [ -f "$fortunes/tang300" ]; then
    mkdir -p "$zh" && cp "$fortunes/chinese" "$fortunes/song100" "$fortunes/tang300" "$zh/" && touch "$zh/.complete"
  fi
  for c in "$corpus" "$zh"; do
    if [ ! -e "$c" ]; then
      echo "bench.sh: Debian's fortunes-zh is not installed (see $out/apt-zh.log): inputs on Moby Dick only" >&2
      continue
    fi
    echo "bench.sh: one-hot against token-id inputs on $c" >&2
    bench_java InputBenchmark 'local[2]' "$inputs" "$c" "${overrides[@]}" 2>"$out/last-inputs.log" | tail -n 1 >> "$inputs_json" \
      || { echo "bench.sh: the input measurement failed; see $out/last-inputs.log" >&2; exit 1; }
  done
fi

sizes_json="$out/sizes.jsonl"
: > "$sizes_json"
size_run() { # master label LAYERSxUNITS [java options...]
  local master=$1 label=$2 layers=${3%x*} units=${3#*x}
  shift 3
  echo "bench.sh: ${layers}x$units LSTM on $label" >&2
  OMP_NUM_THREADS=2 bench_java TrainBenchmark sgemm >> "$sizes_json"
  OMP_NUM_THREADS=1 bench_java "$@" TrainBenchmark spark "$master" 1 "$size_rounds" "$corpus" "${overrides[@]}" \
    "layers=$layers" "hidden-size=$units" 2>"$out/last-size.log" \
    | tail -n 1 | python3 -c 'import json, sys; r = json.loads(sys.stdin.read()); r["cluster"] = sys.argv[1]; print(json.dumps(r))' "$label" >> "$sizes_json" \
    || { echo "bench.sh: the ${layers}x$units measurement on $label failed; see $out/last-size.log" >&2; exit 1; }
}
if [ -n "$sizes" ]; then
  for size in $sizes; do size_run 'local[2]' 'local[2]' "$size"; done
  if [ "$cluster" = yes ]; then
    url=$("$here/local-cluster.sh" start | tail -n 1)
    trap '"$here/local-cluster.sh" stop >/dev/null 2>&1 || true' EXIT
    for size in $sizes; do
      size_run "$url" 'standalone, 2 workers' "$size" "-Dspark.jars=$app_jar,$bench_jar" \
        "-Dspark.executorEnv.OMP_NUM_THREADS=1" "-Dspark.executor.memory=2g" \
        "-Dspark.executor.extraJavaOptions=$time_source"
    done
    "$here/local-cluster.sh" stop >&2
    trap - EXIT
  fi
fi

python3 - "$results" "$budget_json" "$out/bench.json" "$torch_note" "$scale_json" "$plan_json" "$inputs_json" \
  "$sizes_json" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
budget = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
torch_note = sys.argv[4]
def key(r):
    if r["engine"] == "pytorch":
        return "pytorch"
    kernel = ", %s kernel" % r["lstm_kernel"] if r.get("model") == "lstm" else ""
    return "%s%s (OMP_NUM_THREADS=%s)" % (r["engine"], kernel, r["omp_num_threads"])
summary = {"measurements": rows, "budget_runs": budget, "pytorch_note": torch_note, "engines": {}}
if rows:
    groups = {}
    for r in rows:
        groups.setdefault(key(r), []).append(r)
    med = lambda rs, f: statistics.median(r[f] for r in rs)
    sgemm = med(groups.pop("sgemm (OMP_NUM_THREADS=2)"), "sgemm_gflops")
    singles = {n: med(rs, "tokens_per_second") for n, rs in groups.items() if n.startswith("single")}
    best_single = max(singles, key=singles.get)
    single = singles[best_single]
    summary.update(machine_sgemm_gflops=sgemm, single_baseline=best_single)
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
scale = [json.loads(l) for l in open(sys.argv[5]) if l.strip()]
if len(scale) == 2:
    small, large = scale
    print("Scale: default train for the same minutes on %.1f MB and on %.0f MB of text:" % (small["bytes"] / 1e6,
          large["bytes"] / 1e6))
    print("%-8s %16s %14s %16s %18s" % ("corpus", "first round (s)", "fit tokens/s", "effective tok/s",
                                         "evaluation share"))
    for r in scale:
        print("%-8s %16.1f %14.0f %16.0f %17.1f%%" % (r["corpus"], r["first_round_seconds"],
              r["fit_tokens_per_second"], r["effective_tokens_per_second"], 100 * r["evaluation_share"]))
    ratio = large["effective_tokens_per_second"] / small["effective_tokens_per_second"]
    print("effective tokens/s on the large corpus: %.2fx the small one's" % ratio)
    summary["scale"] = {"runs": scale, "effective_ratio_large_to_small": ratio}
plans = [json.loads(l) for l in open(sys.argv[6]) if l.strip()]
if plans:
    print("Epoch cost without training (PlanBenchmark, local[2]):")
    print("%-8s %10s %9s %12s %12s %13s %15s %14s" % ("GB", "rounds", "cut (s)", "plan (s)", "buckets (s)",
          "round (ms)", "epoch overhead", "per GB (s)"))
    for p in plans:
        gb = p["corpus_bytes"] / 1e9
        for e in ("epoch_0", "epoch_1"):
            x = p[e]
            print("%-8.2f %10d %9.1f %12.1f %12.1f %13.1f %14.0fs %14.1f" % (gb, x["rounds"], p["cut_seconds"],
                  x["first_round_seconds"], x["last_round_seconds"], 1000 * x["round_seconds_median"],
                  x["epoch_overhead_seconds"], x["epoch_overhead_seconds"] / gb))
    if "minibatch_bytes_one_hot" in plans[0]:
        p = plans[0]
        print("one default minibatch (features, labels, masks): %d bytes with token ids, %d one-hot (%.1fx)"
              % (p["minibatch_bytes"], p["minibatch_bytes_one_hot"], p["minibatch_bytes_one_hot"] / p["minibatch_bytes"]))
    summary["epoch_cost"] = plans
inputs = [json.loads(l) for l in open(sys.argv[7]) if l.strip()]
if inputs:
    print("One-hot against token-id inputs (InputBenchmark: the same network, the same minibatches, alternating):")
    print("%-40s %6s %16s %15s %8s %13s %13s %8s" % ("corpus", "vocab", "one-hot bytes", "token-id bytes", "ratio",
          "one-hot (ms)", "token-id (ms)", "speedup"))
    for r in inputs:
        r["bytes_ratio"] = r["one_hot_bytes"] / r["token_id_bytes"]
        r["speedup"] = r["one_hot_fit_ms"] / r["token_id_fit_ms"]
        print("%-40s %6d %16d %15d %7.0fx %13.1f %13.1f %7.2fx" % (r["corpus"][-40:], r["vocabulary"],
              r["one_hot_bytes"], r["token_id_bytes"], r["bytes_ratio"], r["one_hot_fit_ms"], r["token_id_fit_ms"],
              r["speedup"]))
    summary["inputs"] = inputs
sizes = [json.loads(l) for l in open(sys.argv[8]) if l.strip()]
if sizes:
    machine = statistics.median(r["sgemm_gflops"] for r in sizes if r["engine"] == "sgemm")
    sizes = [r for r in sizes if r["engine"] != "sgemm"]
    print("Model sizes (engine spark, OMP_NUM_THREADS=1 per worker; machine sgemm %.1f GFLOP/s, 2 threads, the median"
          " of one measurement before each run):" % machine)
    print("%-22s %6s %11s %10s %14s %9s %10s %12s" % ("cluster", "model", "parameters", "tokens/s", "model GFLOP/s",
          "of sgemm", "round (s)", "outside fit"))
    for r in sizes:
        r["fraction_of_sgemm"] = r["model_gflops"] / machine
        print("%-22s %6s %11d %10.0f %14.2f %8.1f%% %10.2f %11.1f%%" % (r["cluster"], "%dx%d" % (r["layers"],
              r["hidden_size"]), r["parameters"], r["tokens_per_second"], r["model_gflops"],
              100 * r["fraction_of_sgemm"], r["round_seconds_median"], 100 * (1 - r["worker_fit_share_of_round"])))
    summary["model_sizes"] = {"machine_sgemm_gflops": machine, "runs": sizes}
json.dump(summary, open(sys.argv[3], "w"), indent=2)
print("Written: " + sys.argv[3])
PY
