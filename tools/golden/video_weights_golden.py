#!/usr/bin/env python3
"""Independent reference for VideoDPO's pair re-weighting (multimodal.md section 1.1).

pair score = p(winner) * p(loser), p = count / total of the score's bin in numpy.histogram(all scores, bins);
weight = (c / pair score) ** dupbeta, c = the largest pair score, or VideoDPO's fixed 0.72; dupbeta 0 gives 1.
Scores are rounded to two decimals so that some fall on bin edges and the maximum sits in the closed last bin.
Writes modalities/video/src/test/resources/golden/video_weights.json.
"""
import json
import os

import numpy as np

rng = np.random.default_rng(17)
BINS = [1, 5, 10]
DUPBETAS = [0.0, 0.5, 1.0, 2.0]


def bin_probability(scores, bins):
    counts, edges = np.histogram(scores, bins=bins)
    prob = counts / np.sum(counts)
    # each value's bin by numpy's own rule: histogram the single value on the same edges
    return lambda s: float(prob[np.argmax(np.histogram([s], bins=edges)[0])])


def case(winners, losers):
    out = {"winner": winners, "loser": losers, "by_bins": []}
    for bins in BINS:
        p = bin_probability(np.array(winners + losers), bins)
        pair = np.array([p(w) * p(l) for w, l in zip(winners, losers)])
        c = float(np.max(pair))
        out["by_bins"].append({
            "bins": bins,
            "pair_scores": pair.tolist(),
            "weights_max_c": {str(b): ((c / pair) ** b).tolist() for b in DUPBETAS},
            "weights_videodpo_c": {str(b): ((0.72 / pair) ** b).tolist() for b in DUPBETAS},
        })
    return out


def main():
    n = 40
    # OmniScore-like quality scores: winners tend to score higher than losers
    winners = np.round(rng.normal(3.2, 0.5, size=n), 2)
    losers = np.round(winners - np.abs(rng.normal(0.6, 0.4, size=n)), 2)
    cases = [case(winners.tolist(), losers.tolist()),
             case([2.0, 2.0, 2.0], [2.0, 2.0, 2.0]),          # all equal: numpy's range min-0.5 .. max+0.5
             case([1.0, 0.75, 0.5, 0.25], [0.0, 0.25, 0.5, 0.0])]  # values exactly on edges
    out = {"generator": "tools/golden/video_weights_golden.py", "cases": cases}
    path = os.path.join(os.path.dirname(__file__), "..", "..", "modalities", "video", "src", "test", "resources",
                        "golden", "video_weights.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
