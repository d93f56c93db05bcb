#!/usr/bin/env bash
# align4j vs PyTorch on the same reward-model scoring: the same images (written by align4j), the same model
# (its ONNX weights, run by ONNX Runtime in align4j and by eager PyTorch ops in scoring_peer.py), the same
# batches, back to back. Checks that both give the same scores, then prints images/s and the ratio
# align4j / PyTorch per batch size.
#
#   benchmarks/peers/run.sh [--reward pickscore] [--batch-size 1,16] [--count 256] [--size 64] [--repeats 5] [--warmup 2]
#
# Both sides use every core by default (ONNX Runtime's and torch's default thread pools).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${PYTHON:-/usr/bin/python3}"
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
if ! "$PY" -c 'import torch, PIL, numpy' 2>/dev/null; then
  echo "run.sh: the PyTorch side needs python3 with torch, Pillow and numpy: apt-get install python3-torch python3-pil python3-numpy" >&2
  exit 2
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/align4j-peers.XXXXXX")"
trap 'rm -rf "$work"' EXIT

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
