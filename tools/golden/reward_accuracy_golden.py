#!/usr/bin/env python3
"""Independent reference for the Pick-a-Pic reward-accuracy protocol (methods.md section 4).

label tie: label_0 == 0.5; prediction tie: |p1 - p0| <= threshold with p = softmax(score_0, score_1);
a prediction equal to the label scores 1 (tie == tie included), a tie on one side only 0.5, a miss 0.
The threshold is the first of 0, 0.1, ..., 1 with the best accuracy on the validation rows.
Writes rewards/src/test/resources/golden/reward_accuracy.json.
"""
import json
import os

import numpy as np

rng = np.random.default_rng(11)
THRESHOLDS = [round(0.1 * i, 1) for i in range(11)]


def rows(n):
    s0 = rng.normal(size=n) * 2
    s1 = rng.normal(size=n) * 2
    labels = rng.choice([0.0, 1.0, 0.5], size=n, p=[0.4, 0.4, 0.2])
    # a scorer better than chance: the preferred image tends to score higher, ties tend to score alike
    s0[labels == 1.0] += 1.5
    s1[labels == 0.0] += 1.5
    ties = labels == 0.5
    s1[ties] = s0[ties] + rng.normal(size=ties.sum()) * 0.3
    return [(float(a), float(b), float(l)) for a, b, l in zip(s0, s1, labels)]


def p0(a, b):
    return 1.0 / (1.0 + np.exp(b - a))


def tie_aware(data, t):
    total = 0.0
    for a, b, label in data:
        p = p0(a, b)
        pred = 0.5 if abs((1 - p) - p) <= t else (1.0 if p > 0.5 else 0.0)
        if pred == label:
            total += 1
        elif pred == 0.5 or label == 0.5:
            total += 0.5
    return total / len(data)


def plain(data):
    untied = [(a, b, l) for a, b, l in data if l in (0.0, 1.0)]
    right = sum(1 for a, b, l in untied if (a > b if l == 1.0 else b > a))
    return right / len(untied)


def main():
    val, test = rows(200), rows(300)
    per_t = [tie_aware(val, t) for t in THRESHOLDS]
    best = THRESHOLDS[int(np.argmax(per_t))]  # argmax takes the first maximum
    out = {"generator": "tools/golden/reward_accuracy_golden.py", "validation": val, "test": test,
           "validation_accuracy_by_threshold": per_t, "threshold": best,
           "test_tie_aware": tie_aware(test, best), "test_untied": plain(test)}
    path = os.path.join(os.path.dirname(__file__), "..", "..", "rewards", "src", "test", "resources", "golden",
                        "reward_accuracy.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", os.path.normpath(path), "threshold", best)


if __name__ == "__main__":
    main()
