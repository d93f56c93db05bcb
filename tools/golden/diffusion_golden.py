#!/usr/bin/env python3
"""Independent reference for the diffusion machinery of modalities/diffusion (dev.align4j.diffusion).

Written from the papers' formulas (DDPM, DDIM, Nichol & Dhariwal's cosine schedule, diffusers' timestep
spacings), not from the Java code. Covers: alphaBar of the three beta schedules; the timesteps of the
leading / trailing / linspace spacings; one DDIM step (mean, std, sample, x0) for epsilon- and
v-prediction at several eta, with the per-dimension-averaged Gaussian log-density of a given x_prev; one
DDPM ancestral step (posterior mean and std).
Writes modalities/diffusion/src/test/resources/golden/diffusion.json.
"""
import json
import math
import os

import numpy as np

T = 1000


def betas(kind, start=None, end=None):
    if kind == "linear":
        return np.linspace(start, end, T, dtype=np.float64)
    if kind == "scaled_linear":
        return np.linspace(start ** 0.5, end ** 0.5, T, dtype=np.float64) ** 2
    if kind == "squaredcos_cap_v2":
        f = lambda t: math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
        return np.array([min(1 - f((i + 1) / T) / f(i / T), 0.999) for i in range(T)])
    raise ValueError(kind)


SCHEDULES = {
    "linear": betas("linear", 1e-4, 0.02),
    "scaled_linear": betas("scaled_linear", 0.00085, 0.012),
    "squaredcos_cap_v2": betas("squaredcos_cap_v2"),
}
ALPHA_BAR = {k: np.cumprod(1 - b) for k, b in SCHEDULES.items()}
PROBE_T = [0, 1, 10, 99, 250, 500, 749, 900, 999]


def ab(kind, t):
    return 1.0 if t < 0 else float(ALPHA_BAR[kind][t])


def spacing(kind, n):
    if kind == "leading":
        return [int(v) for v in (np.arange(0, n) * (T // n)).round()[::-1]]
    if kind == "trailing":
        return [int(v) for v in (np.round(np.arange(T, 0, -T / n)) - 1)]
    if kind == "linspace":
        return [int(v) for v in np.linspace(0, T - 1, n).round()[::-1]]
    raise ValueError(kind)


rng = np.random.default_rng(5)
SHAPE = (2, 1, 2, 3)
XT = rng.normal(size=SHAPE)
OUT = rng.normal(size=SHAPE)
NOISE = rng.normal(size=SHAPE)
XPREV = rng.normal(size=SHAPE)


def eps_x0(pred, kind, xt, out, t):
    a = np.array([ab(kind, v) for v in t]).reshape(-1, 1, 1, 1)
    if pred == "epsilon":
        return out, (xt - np.sqrt(1 - a) * out) / np.sqrt(a)
    # v = sqrt(a) eps - sqrt(1 - a) x0  =>  x0 = sqrt(a) x - sqrt(1 - a) v, eps = sqrt(1 - a) x + sqrt(a) v
    return np.sqrt(1 - a) * xt + np.sqrt(a) * out, np.sqrt(a) * xt - np.sqrt(1 - a) * out


def ddim(pred, kind, t, prev, eta):
    eps, x0 = eps_x0(pred, kind, XT, OUT, t)
    rows = []
    for i in range(len(t)):
        at, ap = ab(kind, t[i]), ab(kind, prev[i])
        sigma = eta * math.sqrt((1 - ap) / (1 - at)) * math.sqrt(1 - at / ap)
        rows.append((at, ap, sigma))
    sig = np.array([r[2] for r in rows]).reshape(-1, 1, 1, 1)
    ap = np.array([r[1] for r in rows]).reshape(-1, 1, 1, 1)
    mean = np.sqrt(ap) * x0 + np.sqrt(1 - ap - sig ** 2) * eps
    sample = mean + sig * NOISE
    case = {"prediction": pred, "schedule": kind, "t": t, "prev": prev, "eta": eta,
            "mean": mean.ravel().tolist(), "std": sig.ravel().tolist(), "sample": sample.ravel().tolist(),
            "x0": x0.ravel().tolist()}
    if all(r[2] > 0 for r in rows):
        logp = -((XPREV - mean) ** 2) / (2 * sig ** 2) - np.log(sig) - 0.5 * math.log(2 * math.pi)
        case["logprob"] = logp.reshape(len(t), -1).mean(axis=1).tolist()
    return case


def ddpm(kind, t, prev):
    _, x0 = eps_x0("epsilon", kind, XT, OUT, t)
    cx0, cxt, std = [], [], []
    for i in range(len(t)):
        at, ap = ab(kind, t[i]), ab(kind, prev[i])
        alpha = at / ap
        beta = 1 - alpha
        cx0.append(math.sqrt(ap) * beta / (1 - at))
        cxt.append(math.sqrt(alpha) * (1 - ap) / (1 - at))
        std.append(math.sqrt((1 - ap) / (1 - at) * beta))
    r = lambda v: np.array(v).reshape(-1, 1, 1, 1)
    mean = r(cx0) * x0 + r(cxt) * XT
    return {"schedule": kind, "t": t, "prev": prev, "mean": mean.ravel().tolist(), "std": std,
            "sample": (mean + r(std) * NOISE).ravel().tolist()}


golden = {
    "shape": list(SHAPE),
    "xt": XT.ravel().tolist(), "output": OUT.ravel().tolist(), "noise": NOISE.ravel().tolist(),
    "x_prev": XPREV.ravel().tolist(),
    "alpha_bar": {k: {"t": PROBE_T, "values": [ab(k, t) for t in PROBE_T]} for k in SCHEDULES},
    "spacing": {k: {str(n): spacing(k, n) for n in (1, 7, 16, 20, 50)} for k in ("leading", "trailing", "linspace")},
    "ddim": [ddim(p, k, t, prev, eta)
             for p in ("epsilon", "v_prediction")
             for k, t, prev in (("linear", [999, 500], [949, 450]), ("scaled_linear", [49, 20], [-1, 0]),
                                ("squaredcos_cap_v2", [700, 30], [650, 10]))
             for eta in (0.0, 0.5, 1.0)],
    "ddpm": [ddpm(k, t, prev) for k, t, prev in (("linear", [999, 500], [949, 499]),
                                                   ("scaled_linear", [49, 20], [-1, 0]))],
}

out = os.path.join(os.path.dirname(__file__), "..", "..", "modalities", "diffusion", "src", "test", "resources",
                   "golden", "diffusion.json")
with open(out, "w") as f:
    json.dump(golden, f, indent=1, allow_nan=False)
print("wrote", os.path.normpath(out))
