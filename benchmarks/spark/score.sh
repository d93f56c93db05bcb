#!/usr/bin/env bash
# Spark scoring beside the single-machine command, on the same Pick-a-Pic parquet (docs/spark.md, "Measured").
# Writes a shapes-world dataset of N pairs (and a 100-pair one for the fixed costs), then runs each command R
# times in turn, sequentially, and prints: repeat, command, wall seconds, CPU %, 1-minute load average.
# Run it with nothing else on the machine.
#   benchmarks/spark/score.sh [--pairs 4000] [--small 100] [--size 256] [--reward pickscore] [--repeats 3]
#       [--models-dir DIR] [--commands "single local1 local2"] [--work DIR]
# The model term (docs/spark.md): make-vit-h14-standin.py DIR, then
#   score.sh --reward pickscore-h14 --models-dir DIR --pairs 24 --small 2 --repeats 2 --commands "single local2"
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
pairs=4000 small=100 size=256 reward=pickscore repeats=3 work=$(mktemp -d) models=() commands="single local1 local2"
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) pairs=$2; shift 2 ;; --size) size=$2; shift 2 ;; --reward) reward=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;; --work) work=$2; shift 2 ;; --small) small=$2; shift 2 ;;
    --models-dir) models=(--models-dir "$(cd "$2" && pwd)"); shift 2 ;; --commands) commands=$2; shift 2 ;;
    *) echo "score.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
a="$root/bin/align4j"
cd "$work"
[ -f big/train.parquet ] || "$a" data shapes --out big --pairs "$pairs" --size "$size" > /dev/null
[ -f small/train.parquet ] || "$a" data shapes --out small --pairs "$small" --size "$size" > /dev/null
echo "# $pairs pairs of ${size}px JPEGs, reward $reward, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
for r in $(seq "$repeats"); do
  for data in big small; do
    for what in $commands; do
      rm -rf o.parquet o.*.parquet o.jsonl
      case $what in
        single) cmd=("$a" score --reward "$reward" "${models[@]}" --data "$data/train.parquet" --out o.jsonl) ;;
        local1) cmd=("$a" spark score --master 'local[1]' --reward "$reward" "${models[@]}" --data "$data/train.parquet" --out o.parquet --partitions 8) ;;
        local2) cmd=("$a" spark score --master 'local[2]' --reward "$reward" "${models[@]}" --data "$data/train.parquet" --out o.parquet --partitions 8) ;;
      esac
      /usr/bin/time -o t.txt -f "%e %P" "${cmd[@]}" > /dev/null 2>&1
      echo "$r $data-$what $(cat t.txt) $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
