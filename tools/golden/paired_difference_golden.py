#!/usr/bin/env python3
"""Independent reference for core/.../stats/PairedDifference.java: the mean of after - before, its 95%
Student-t interval (scipy.stats.t.ppf) and the paired t (scipy.stats.ttest_rel). Java must agree to 1e-9.
Run with a python that has scipy (the pyenv one here); writes core/src/test/resources/golden/paired_difference.json.
"""
import json
import os

import numpy as np
from scipy import stats

rng = np.random.default_rng(7)
cases = []
for n, shift, scale in [(2, 0.5, 1.0), (5, 0.1, 0.3), (12, -0.2, 1.0), (64, 0.05, 0.2), (256, 0.0, 0.1)]:
    before = rng.normal(0.6, 0.2, n)
    after = before + shift + scale * rng.normal(0.0, 1.0, n)
    d = after - before
    mean = d.mean()
    se = d.std(ddof=1) / np.sqrt(n)
    half = stats.t.ppf(0.975, n - 1) * se
    t = stats.ttest_rel(after, before).statistic
    cases.append({"before": before.tolist(), "after": after.tolist(), "mean": mean, "lower": mean - half,
                  "upper": mean + half, "t": float(t)})

out = os.path.join(os.path.dirname(__file__), "..", "..", "core", "src", "test", "resources", "golden",
                   "paired_difference.json")
with open(out, "w") as f:
    json.dump({"scipy": __import__("scipy").__version__, "cases": cases}, f, indent=1)
print("wrote", os.path.normpath(out), len(cases), "cases")
