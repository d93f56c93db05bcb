#!/usr/bin/env python3
"""Independent float64 reference for the engine's optimizer pieces (AdamW, LR schedules, clipping).

Writes core/src/test/resources/golden/optim.json. AdamW follows torch.optim.AdamW: decoupled weight
decay (skipped for 1-D tensors, as Hugging Face's Trainer does), bias-corrected moments. Schedules
follow transformers.get_scheduler: linear warm-up from 0, then constant / linear to 0 / half cosine.
Clipping follows torch.nn.utils.clip_grad_norm_ (scale max_norm / (norm + 1e-6) when norm > max_norm).
"""
import json
import math
import os

import numpy as np

rng = np.random.default_rng(7)


def schedule(kind, peak, warmup, total, step):
    if step < warmup:
        return peak * step / max(1, warmup)
    progress = (step - warmup) / max(1, total - warmup)
    if kind in ("constant", "constant_with_warmup"):
        return peak
    if kind == "linear":
        return peak * max(0.0, 1 - progress)
    if kind == "cosine":
        return peak * max(0.0, 0.5 * (1 + math.cos(math.pi * progress)))
    raise ValueError(kind)


def clip(grads, max_norm):
    norm = math.sqrt(sum(float(np.sum(g * g)) for g in grads))
    if max_norm > 0 and norm > max_norm:
        grads = [g * (max_norm / (norm + 1e-6)) for g in grads]
    return grads, norm


def adamw(params, grads_per_step, lrs, b1, b2, eps, wd, max_norm):
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    params = [p.copy() for p in params]
    norms = []
    for t, (grads, lr) in enumerate(zip(grads_per_step, lrs), start=1):
        grads, norm = clip(grads, max_norm)
        norms.append(norm)
        for i, (p, g) in enumerate(zip(params, grads)):
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            if wd > 0 and p.ndim > 1:
                p *= 1 - lr * wd
            p -= lr * (m[i] / (1 - b1 ** t)) / (np.sqrt(v[i] / (1 - b2 ** t)) + eps)
    return params, norms


def main():
    out = {"generator": "tools/golden/optim_golden.py", "schedules": [], "adamw": []}
    for kind in ("constant", "linear", "cosine"):
        for warmup in (0, 3):
            total = 10
            out["schedules"].append({"type": kind, "peak": 0.01, "warmup": warmup, "total": total,
                                     "lr": [schedule(kind, 0.01, warmup, total, s) for s in range(total)]})
    shapes = [(3, 2), (4,)]
    params = [rng.normal(size=s) for s in shapes]
    steps = 5
    grads = [[rng.normal(size=s) for s in shapes] for _ in range(steps)]
    for wd, max_norm in ((0.0, 0.0), (0.1, 1.0)):
        lrs = [schedule("linear", 0.05, 2, steps, s) for s in range(steps)]
        final, norms = adamw(params, grads, lrs, 0.9, 0.999, 1e-8, wd, max_norm)
        out["adamw"].append({
            "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": wd, "max_grad_norm": max_norm,
            "lrs": lrs, "shapes": [list(s) for s in shapes],
            "params": [p.ravel().tolist() for p in params],
            "grads": [[g.ravel().tolist() for g in gs] for gs in grads],
            "expected": [p.ravel().tolist() for p in final], "grad_norms": norms})
    path = os.path.join(os.path.dirname(__file__), "..", "..", "core", "src", "test", "resources", "golden", "optim.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
