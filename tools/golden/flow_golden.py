#!/usr/bin/env python3
"""Independent reference for flow matching and Flow-DPO in modalities/diffusion (dev.align4j.diffusion).

Written from the formulas (rectified flow, Liu et al. 2023; Flow-DPO as in VideoAlign and the official code
yifan123/flow_grpo scripts/train_sd3_dpo.py), not from the Java code:
  x_t = (1 - t) x0 + t eps,  v = eps - x0,  e = mean over non-batch axes of (v_theta - v)^2,
  L = -log sigmoid(-0.5 beta [(e_w - e_w^ref) - (e_l - e_l^ref)]),  beta = 100,
with t and eps shared by a pair's winner and loser. The network is an affine stand-in the Java test rebuilds:
  v_theta(x, s, c) = w x + u s / 1000 + mean(c)   (s = 1000 t, c the caption embeddings of the example).
Also: the times of an N-step Euler sampler with SD3's shift, and one guided Euler sample.
Writes modalities/diffusion/src/test/resources/golden/flow.json.
"""
import json
import os

import numpy as np

rng = np.random.default_rng(15)
BETA = 100.0
POLICY = (0.9, 0.3)
REFERENCE = (1.05, -0.2)


def net(params, x, s, c):
    w, u = params
    shape = (-1,) + (1,) * (x.ndim - 1)
    return w * x + u * (s / 1000.0).reshape(shape) + c.mean(axis=(1, 2)).reshape(shape)


def log_sigmoid(x):
    return -np.logaddexp(0.0, -x)


def case(sample_shape):
    b = 2
    winners = rng.uniform(-0.8, 0.8, size=(b,) + sample_shape)
    losers = rng.uniform(-0.8, 0.8, size=(b,) + sample_shape)
    captions = rng.normal(size=(b, 3, 4))
    times = rng.uniform(0.05, 0.95, size=b)
    noise = rng.normal(size=(b,) + sample_shape)
    x0 = np.concatenate([winners, losers])
    t2 = np.concatenate([times, times])
    eps2 = np.concatenate([noise, noise])
    c2 = np.concatenate([captions, captions])
    shape = (-1,) + (1,) * len(sample_shape)
    xt = (1 - t2).reshape(shape) * x0 + t2.reshape(shape) * eps2
    target = eps2 - x0
    axes = tuple(range(1, x0.ndim))
    e_pol = ((net(POLICY, xt, 1000 * t2, c2) - target) ** 2).mean(axis=axes)
    e_ref = ((net(REFERENCE, xt, 1000 * t2, c2) - target) ** 2).mean(axis=axes)
    inside = -0.5 * BETA * ((e_pol[:b] - e_ref[:b]) - (e_pol[b:] - e_ref[b:]))
    per_pair = -log_sigmoid(inside)
    return {
        "sample_shape": list(sample_shape),
        "winners": winners.ravel().tolist(), "losers": losers.ravel().tolist(),
        "captions": captions.ravel().tolist(), "times": times.tolist(), "noise": noise.ravel().tolist(),
        "xt": xt.ravel().tolist(), "target": target.ravel().tolist(),
        "policy_errors": e_pol.tolist(), "reference_errors": e_ref.tolist(),
        "per_pair_loss": per_pair.tolist(), "loss": float(per_pair.mean()),
    }


def sampler_times(steps, shift):
    t = np.linspace(1.0, 0.0, steps + 1)
    return (shift * t / (1 + (shift - 1) * t)).tolist()


def euler(sample_shape, steps, shift, scale):
    b = 2
    x = rng.normal(size=(b,) + sample_shape)
    cond = rng.normal(size=(b, 3, 4))
    uncond = rng.normal(size=(b, 3, 4))
    start = x.copy()
    times = sampler_times(steps, shift)
    for i in range(steps):
        s = np.full(b, 1000.0 * times[i])
        c = net(POLICY, x, s, cond)
        u = net(POLICY, x, s, uncond)
        x = x + (times[i + 1] - times[i]) * (u + scale * (c - u))
    return {"sample_shape": list(sample_shape), "steps": steps, "shift": shift, "guidance_scale": scale,
            "x1": start.ravel().tolist(), "conditional": cond.ravel().tolist(),
            "unconditional": uncond.ravel().tolist(), "x0": x.ravel().tolist()}


golden = {
    "beta": BETA, "policy": list(POLICY), "reference": list(REFERENCE),
    "pairs": [case((2, 5)), case((2, 3, 2, 2))],
    "sampler_times": [{"steps": n, "shift": s, "times": sampler_times(n, s)} for n, s in ((4, 1.0), (5, 3.0))],
    "euler": [euler((2, 5), 4, 1.0, 1.0), euler((2, 3, 2, 2), 3, 3.0, 2.5)],
}

out = os.path.join(os.path.dirname(__file__), "..", "..", "modalities", "diffusion", "src", "test", "resources",
                   "golden", "flow.json")
with open(out, "w") as f:
    json.dump(golden, f, indent=1, allow_nan=False)
print("wrote", os.path.normpath(out))
