#!/usr/bin/env bash
# align4j vs PyTorch, back to back on the same work, printing the ratio align4j / PyTorch.
#
#   benchmarks/peers/run.sh [scoring] [--reward pickscore] [--batch-size 1,16] [--count 256] [--size 64] [--repeats 5] [--warmup 2]
#   benchmarks/peers/run.sh dpo-step [--batch-size 16] [--steps 10] [--warmup 2] [--threads 1] [--model DIR] [--peer-lib DIR] [--profile]
#
# scoring (the default): the same reward-model scoring on the same images (written by align4j), the same model
# (its ONNX weights, run by ONNX Runtime in align4j and by eager PyTorch ops in scoring_peer.py), the same
# batches. Checks that both give the same scores, then prints images/s and the ratio per batch size. Both sides
# use every core: ONNX Runtime's and torch's default thread pools for the models, and a batch's images decoded
# and preprocessed in parallel (align4j: the common fork-join pool; the peer: one thread per core).
#
# dpo-step: one Diffusion-DPO training step of the shipped shapes UNet (models/shapes-unet), same weights
# (exported once by align4j), same batch, same loss and optimizer: `align4j bench dpo-step` through the trainer,
# then diffusion_dpo_peer.py in plain PyTorch after checking it computes what align4j computed. Prints the
# median ms/step, steps/s and the ratio of step times. Both sides run --threads intra-op threads (default 1)
# and one inter-op thread (and OPENBLAS_NUM_THREADS=--threads). --peer-lib DIR goes first on the peer's
# LD_LIBRARY_PATH only: e.g. OpenBLAS unpacked from Debian's libopenblas0-pthread .deb (see README.md), for a
# Debian torch whose libblas.so.3 is otherwise the reference BLAS. --profile: libtorch's profiler on both
# sides over the timed steps, then profile_summary.py's side-by-side table (the times include its overhead).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${PYTHON:-/usr/bin/python3}"

# Checks the PyTorch side's python modules ($1: the import line, $2: their names, $3: the apt packages), then
# makes $work, removed on exit.
prepare() {
  if ! "$PY" -c "$1" 2>/dev/null; then
    echo "run.sh: the PyTorch side needs python3 with $2: apt-get install $3" >&2
    exit 2
  fi
  work="$(mktemp -d "${TMPDIR:-/tmp}/align4j-peers.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
}

task=scoring
case "${1:-}" in
  scoring) shift ;;
  dpo-step) task=dpo-step; shift ;;
esac
if [ "$task" = dpo-step ]; then
  batch=16; steps=10; warmup=2; threads=1; model=(); peerlib=""; profile=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --batch-size) batch="$2"; shift 2 ;;
      --steps) steps="$2"; shift 2 ;;
      --warmup) warmup="$2"; shift 2 ;;
      --threads) threads="$2"; shift 2 ;;
      --model) model=(--model "$2"); shift 2 ;;
      --peer-lib) peerlib="$2"; shift 2 ;;
      --profile) profile=1; shift ;;
      *) echo "run.sh dpo-step: unknown option $1" >&2; exit 2 ;;
    esac
  done
  prepare 'import torch' torch python3-torch
  aprof=(); pprof=()
  if [ "$profile" = 1 ]; then aprof=(--profile "$work/align4j-trace.json"); pprof=(--profile "$work/pytorch-trace.json"); fi
  echo "== align4j (bin/align4j bench dpo-step), $threads thread(s)"
  ALIGN4J_JAVA_OPTS="-Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1 ${ALIGN4J_JAVA_OPTS:-}" \
    "$ROOT/bin/align4j" bench dpo-step "${model[@]}" --batch-size "$batch" --steps "$steps" --warmup "$warmup" \
    --export "$work/export" --json "$work/align4j.json" "${aprof[@]}"
  echo
  echo "== PyTorch $("$PY" -c 'import torch; print(torch.__version__)') (benchmarks/peers/diffusion_dpo_peer.py), $threads thread(s)"
  # Like for like: the peer's glibc gets align4j's malloc setting (bin/native-env), not its CPU fixes.
  GLIBC_TUNABLES="$(ALIGN4J_NATIVE_FIX=off; . "$ROOT/bin/native-env"; echo "$GLIBC_TUNABLES")" \
    OPENBLAS_NUM_THREADS="$threads" LD_LIBRARY_PATH="${peerlib:+$peerlib${LD_LIBRARY_PATH:+:}}${LD_LIBRARY_PATH:-}" \
    "$PY" "$ROOT/benchmarks/peers/diffusion_dpo_peer.py" --export "$work/export" --steps "$steps" --warmup "$warmup" \
    --threads "$threads" --interop-threads 1 --json "$work/pytorch.json" \
    "${pprof[@]}"
  echo
  "$PY" - "$work/align4j.json" "$work/pytorch.json" <<'PYEOF'
import json, os, sys
a = json.load(open(sys.argv[1]))
p = json.load(open(sys.argv[2]))
m = a["machine"]
load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
print(f"== Diffusion-DPO step, {a['batch_size']} pairs, median of {a['steps']} steps after {a['warmup']}; "
      f"{m['cpu']}, {m['cores']} cores, load average {load:.1f}")
print("| side | engine | threads | ms/step (median) | min-max | steps/s |")
print("|---|---|---|---|---|---|")
print(f"| align4j | {a['engine']} | {a['threads']} | {a['median_ms']:.0f} | "
      f"{a['min_ms']:.0f}-{a['max_ms']:.0f} | {a['steps_per_s']:.2f} |")
print(f"| PyTorch | torch {p['torch']} eager, BLAS {p['blas']} | {p['threads']} | {p['median_ms']:.0f} | "
      f"{p['min_ms']:.0f}-{p['max_ms']:.0f} | {p['steps_per_s']:.2f} |")
r = a["median_ms"] / p["median_ms"]
print(f"step time align4j / PyTorch = {r:.2f} ({'align4j faster' if r < 1 else 'PyTorch faster'}; "
      f"steps/s align4j / PyTorch = {1 / r:.2f})")
PYEOF
  if [ "$profile" = 1 ]; then
    echo
    echo "== where the time goes (profiled steps)"
    "$PY" "$ROOT/benchmarks/peers/profile_summary.py" "$work/align4j-trace.json" "$work/pytorch-trace.json" --steps "$steps"
  fi
  exit 0
fi
reward=pickscore; batch=1,16; count=256; size=64; repeats=5; warmup=2
while [ $# -gt 0 ]; do
  case "$1" in
    --reward) reward="$2"; shift 2 ;;
    --batch-size) batch="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
prepare 'import torch, PIL, numpy' "torch, Pillow and numpy" "python3-torch python3-pil python3-numpy"

echo "== align4j (bin/align4j bench throughput)"
"$ROOT/bin/align4j" bench throughput --reward "$reward" --batch-size "$batch" --count "$count" --size "$size" \
  --repeats "$repeats" --warmup "$warmup" --save-images "$work/images" --save-scores "$work/scores.tsv" \
  --json "$work/align4j.json"
echo
echo "== PyTorch $("$PY" -c 'import torch; print(torch.__version__)') (benchmarks/peers/scoring_peer.py)"
"$PY" "$ROOT/benchmarks/peers/scoring_peer.py" --models-dir "$ROOT/models" --reward "$reward" --images "$work/images" \
  --batch-size "$batch" --repeats "$repeats" --warmup "$warmup" --check-scores "$work/scores.tsv" --json "$work/pytorch.json"
echo
"$PY" - "$work/align4j.json" "$work/pytorch.json" <<'PYEOF'
import json, sys
a = {r["batch_size"]: r for r in json.load(open(sys.argv[1]))["rows"]}
p = {r["batch_size"]: r for r in json.load(open(sys.argv[2]))["rows"]}
m = json.load(open(sys.argv[1]))["machine"]
print(f"== scoring, images/s (median), {m['cpu']}, {m['cores']} cores")
print("| reward | batch | align4j | PyTorch | align4j / PyTorch |")
print("|---|---|---|---|---|")
for b in sorted(a):
    x, y = a[b]["samples_per_s"], p[b]["samples_per_s"]
    print(f"| {a[b]['method']} | {b} | {x:.1f} | {y:.1f} | {x / y:.2f} |")
PYEOF
