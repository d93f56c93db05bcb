#!/usr/bin/env bash
# Does resident memory stay flat over a long training run? Runs one align4j training job for --steps steps,
# logging every --every steps, and compares the resident memory the trainer logs (metrics.jsonl's rss_mib: the
# kernel's VmRSS, native libtorch memory included) at the first logged step with the last.
#
#   benchmarks/memory/rss-flat.sh [--steps 2000] [--every 100] [--out DIR] -- <align4j training arguments>
#
#   benchmarks/memory/rss-flat.sh -- train text --config examples/text-dpo.yaml
#   benchmarks/memory/rss-flat.sh -- train image --config examples/image-diffusion-dpo.yaml \
#       --set pairs.prompts=64 --set trainer.per_device_train_batch_size=8
#
# Prints every logged step's RSS and one verdict line: "flat" when the last is at most 5% above the first; "flat
# after warm-up" when it rose more but the second half of the run added at most 2%; else "grows". Writes DIR/rss.tsv (step, rss_mib) and keeps the run in DIR/run. Load does not change the figures,
# only how long it takes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STEPS=2000 EVERY=100 OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --steps) STEPS="$2"; shift 2 ;;
    --every) EVERY="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "rss-flat: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "rss-flat: give the align4j training arguments after --" >&2; exit 2; }
OUT="${OUT:-$ROOT/runs/rss-flat-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
"$ROOT/bin/align4j" "$@" --output "$OUT/run" --set "trainer.max_steps=$STEPS" --set "trainer.logging_steps=$EVERY" \
  --set "trainer.save_steps=$STEPS" --set "trainer.eval_steps=$STEPS" > "$OUT/run.log" 2>&1 \
  || { echo "rss-flat: the run failed, see $OUT/run.log" >&2; tail -3 "$OUT/run.log" >&2; exit 1; }
python3 - "$OUT/run/metrics.jsonl" "$OUT/rss.tsv" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rows = [(r["step"], r["rss_mib"]) for r in rows if "rss_mib" in r]
if len(rows) < 2:
    sys.exit("rss-flat: fewer than two logged steps with rss_mib in " + sys.argv[1])
with open(sys.argv[2], "w") as f:
    f.write("step\trss_mib\n")
    for s, m in rows:
        f.write(f"{s}\t{m}\n")
        print(f"step {s:6d}  rss {m:8.1f} MiB")
(s0, m0), (s1, m1) = rows[0], rows[-1]
sh, mh = next((s, m) for s, m in rows if s >= s1 / 2)  # the second half of the run: a leak keeps climbing there
peak = max(m for _, m in rows)
late = m1 - mh
verdict = "flat" if m1 - m0 <= 0.05 * m0 else "flat after warm-up" if late <= 0.02 * mh else "grows"
print(f"rss-flat: {verdict}: step {s0} -> {s1}: {m0:.1f} -> {m1:.1f} MiB ({m1 - m0:+.1f} MiB, {100 * (m1 - m0) / m0:+.1f}%); "
      f"second half, step {sh} -> {s1}: {late:+.1f} MiB ({100 * late / mh:+.1f}%); highest logged {peak:.1f} MiB")
PY
