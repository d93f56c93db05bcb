#!/usr/bin/env python3
"""Independent reference for the paired bootstrap (benchmarks/.../stats/Bootstrap.java).

Replays the same resampling indices: SplitMix64 seeded with `seed`, index = next value (unsigned) mod n,
resample r takes draws r*n .. r*n + n - 1. Each resample's statistic is the mean of the per-example values
(win/tie/loss outcomes 1/0.5/0, or differences a - b); the interval is numpy's percentile (linear method)
at (1 - level)/2 and (1 + level)/2 of the resampled means. Java must agree to 1e-12.
Writes benchmarks/src/test/resources/golden/bootstrap.json.
"""
import json
import os

import numpy as np

MASK = (1 << 64) - 1


def splitmix64(seed):
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def bootstrap_mean(values, resamples, level, seed):
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    stream = splitmix64(seed)
    idx = np.array([next(stream) % n for _ in range(resamples * n)], dtype=np.int64).reshape(resamples, n)
    means = np.array([sum(float(v) for v in values[row]) / n for row in idx])  # sequential sums, as in Java
    tail = (1 - level) / 2
    lo, hi = np.percentile(means, [100 * tail, 100 * (1 - tail)])
    return {"estimate": float(sum(float(v) for v in values) / n), "lower": float(lo), "upper": float(hi),
            "mean_of_resamples": float(means.mean()), "sd_of_resamples": float(means.std())}


def outcome(a, b):
    return 1.0 if a > b else (0.5 if a == b else 0.0)


def main():
    rng = np.random.default_rng(23)
    cases = []
    # win rates: a slightly better system A, some exact ties (rounded scores)
    for n, seed, level, resamples in [(40, 1, 0.95, 500), (123, 42, 0.9, 300), (7, -5, 0.95, 1000)]:
        a = np.round(rng.normal(0.3, 1.0, n), 1)
        b = np.round(rng.normal(0.0, 1.0, n), 1)
        outcomes = [outcome(x, y) for x, y in zip(a, b)]
        cases.append({"kind": "win_rate", "a": a.tolist(), "b": b.tolist(), "seed": seed, "level": level,
                      "resamples": resamples, **bootstrap_mean(outcomes, resamples, level, seed)})
    for n, seed, level, resamples in [(60, 3, 0.95, 400), (200, 2 ** 63 - 1, 0.99, 200)]:
        a = rng.normal(1.0, 2.0, n)
        b = a - rng.normal(0.25, 0.5, n)
        d = [x - y for x, y in zip(a.tolist(), b.tolist())]
        cases.append({"kind": "mean_difference", "a": a.tolist(), "b": b.tolist(), "seed": seed, "level": level,
                      "resamples": resamples, **bootstrap_mean(d, resamples, level, seed)})
    first = splitmix64(1234567)
    out = {"generator": "tools/golden/bootstrap_golden.py", "splitmix64_seed_1234567": [str(next(first)) for _ in range(5)],
           "cases": cases}
    path = os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks", "src", "test", "resources", "golden",
                        "bootstrap.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
