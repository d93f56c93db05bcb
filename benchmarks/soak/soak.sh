#!/usr/bin/env bash
# Soak test for native crashes: runs one align4j training job back to back, optionally beside a busy process
# and optionally stopping each run with SIGTERM mid-training and resuming it, and counts crashes.
#
#   benchmarks/soak/soak.sh [--runs N] [--busy] [--sigterm] [--out DIR] -- <align4j arguments>
#
#   benchmarks/soak/soak.sh --runs 20 -- demo --set trainer.max_steps=20
#   benchmarks/soak/soak.sh --runs 10 --busy --sigterm -- train image --config examples/image-diffusion-dpo.yaml \
#       --set pairs.prompts=64 --set trainer.max_steps=30
#
# Each run writes to DIR/run-<i> (--output is added). The first run's on-policy pairs (DIR/run-1/pairs) are
# copied into every later run, so later runs spend their time training rather than sampling. --busy keeps one
# core busy with a second process for the whole soak. --sigterm sends SIGTERM once the run has logged a
# training step, then expects exit 143 ("stopped by a signal") and resumes the run to its end with --resume.
# A crash is any exit other than 0 (or 143 after SIGTERM), any "fatal error" line, or any hs_err file.
# Prints one line per run and a summary; DIR/soak.tsv holds the same.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS=20 BUSY=0 SIGTERM=0 OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --busy) BUSY=1; shift ;;
    --sigterm) SIGTERM=1; shift ;;
    --out) OUT="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "soak: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "soak: give the align4j arguments after --" >&2; exit 2; }
OUT="${OUT:-$ROOT/runs/soak-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
export TMPDIR="$OUT/tmp"
mkdir -p "$TMPDIR"
"$ROOT/bin/align4j" --version >/dev/null || exit 1   # builds the jar once, outside the timings

busy_pid=""
if [ "$BUSY" = 1 ]; then
  sha256sum /dev/zero >/dev/null 2>&1 &   # one core busy until the soak ends
  busy_pid=$!
  trap 'kill "$busy_pid" 2>/dev/null' EXIT
fi

# A JVM error report: a file in TMPDIR, or a run directory's link to one (links dangle until a JVM crashes).
hs_err_found() {
  for f in "$1"/*hs_err* "$TMPDIR"/*hs_err*; do [ -e "$f" ] && return 0; done
  return 1
}

printf 'run\tseconds\texit\tresume_exit\tcrash\n' > "$OUT/soak.tsv"
crashes=0
for i in $(seq 1 "$RUNS"); do
  dir="$OUT/run-$i"
  mkdir -p "$dir"
  [ "$i" -gt 1 ] && [ -d "$OUT/run-1/pairs" ] && cp -r "$OUT/run-1/pairs" "$dir/pairs"
  start=$(date +%s)
  "$ROOT/bin/align4j" "$@" --output "$dir" >"$dir/console.log" 2>&1 &
  pid=$!
  if [ "$SIGTERM" = 1 ]; then
    while kill -0 "$pid" 2>/dev/null && ! grep -q '^step [0-9]' "$dir/console.log"; do sleep 1; done
    sleep $((RANDOM % 5))
    kill -TERM "$pid" 2>/dev/null
  fi
  wait "$pid"; code=$?
  resume_code="-"
  if [ "$SIGTERM" = 1 ] && [ "$code" = 143 ]; then
    "$ROOT/bin/align4j" "$@" --output "$dir" --resume "$dir" >"$dir/resume.log" 2>&1; resume_code=$?
  fi
  seconds=$(( $(date +%s) - start ))
  crash=no
  if grep -qs "fatal error" "$dir/console.log" "$dir/resume.log" \
      || hs_err_found "$dir" \
      || { [ "$code" != 0 ] && [ "$code" != 143 ]; } || { [ "$code" = 143 ] && [ "$SIGTERM" = 0 ]; } \
      || { [ "$resume_code" != "-" ] && [ "$resume_code" != 0 ]; }; then
    crash=yes; crashes=$((crashes + 1))
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$i" "$seconds" "$code" "$resume_code" "$crash" | tee -a "$OUT/soak.tsv"
done
echo "soak: $RUNS runs, $crashes failed; busy=$BUSY sigterm=$SIGTERM; $(nproc) cores, $(uptime | sed 's/.*load/load/'); \
$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') -> $OUT/soak.tsv"
[ "$crashes" = 0 ]
