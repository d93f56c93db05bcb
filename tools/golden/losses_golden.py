#!/usr/bin/env python3
"""Independent numpy reference for align4j-losses (docs/losses.md is the contract).

Writes core/src/test/resources/golden/losses.json. Everything is float64; the
random inputs come from a fixed seed, so the output is deterministic.

Run from anywhere:  python3 tools/golden/losses_golden.py
"""
import json
import math
import os

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_PATH = os.path.join(ROOT, "core", "src", "test", "resources", "golden", "losses.json")
GENERATOR = "tools/golden/losses_golden.py"

# ---------------------------------------------------------------------------
# Stable elementary functions
# ---------------------------------------------------------------------------


def ls(x):
    """log-sigmoid, -log(1 + exp(-x)), exact for any finite x."""
    return -np.logaddexp(0.0, -np.asarray(x, dtype=np.float64))


def sig(x):
    """sigmoid without overflow."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def log1mexp(a):
    """log(1 - exp(a)) for a < 0."""
    a = np.asarray(a, dtype=np.float64)
    return np.where(a > -math.log(2.0), np.log(-np.expm1(a)), np.log1p(-np.exp(a)))


def log_softmax(v):
    v = np.asarray(v, dtype=np.float64)
    m = np.max(v)
    return v - (m + np.log(np.sum(np.exp(v - m))))


# ---------------------------------------------------------------------------
# Defaults (docs/losses.md tables)
# ---------------------------------------------------------------------------

GLOBAL_DEFAULTS = {
    "f_divergence_type": "reverse_kl",
    "f_alpha_divergence_coef": 0.5,
    "use_weighting": False,
    "ld_alpha": None,
    "ld_alpha_reference": True,
    "rpo_alpha": None,
}

DEFAULTS = {
    "sigmoid": {"beta": 0.1, "label_smoothing": 0.0},
    "cdpo": {"beta": 0.1, "label_smoothing": 0.1},
    "hinge": {"beta": 0.1},
    "ipo": {"beta": 0.1, "ipo_normalize_length": True},
    "exo_pair": {"beta": 0.1, "label_smoothing": 1e-3},
    "nca_pair": {"beta": 0.1},
    "robust": {"beta": 0.1, "label_smoothing": 0.0},
    "bco_pair": {"beta": 0.1},
    "sppo_hard": {"beta": 0.1},
    "aot": {"beta": 0.1, "label_smoothing": 0.0},
    "aot_unpaired": {"beta": 0.1, "label_smoothing": 0.0},
    "apo_zero": {"beta": 0.1},
    "apo_down": {"beta": 0.1},
    "discopop": {"beta": 0.1, "discopop_tau": 0.05},
    "sigmoid_norm": {"beta": 0.1},
    # sft / diffusion_sft / diffusion_dro have no beta in the doc; the golden cases always pass
    # beta explicitly (it only enters the reward metrics).
    "sft": {"beta": 0.1},
    "dpop": {"beta": 0.1, "dpop_lambda": 50.0},
    "simpo": {"beta": 2.0, "simpo_gamma": 1.0, "label_smoothing": 0.0},
    "cpo": {"beta": 0.1, "cpo_alpha": 1.0},
    "orpo": {"beta": 0.1},
    "tpo": {"beta": 0.01, "tpo_alpha": 1.0},
    "sppo": {"beta": 0.001},
    "modpo": {"beta": 0.1, "modpo_weights": [0.5, 0.5]},
    "tdpo1": {"beta": 0.1},
    "tdpo2": {"beta": 0.1, "tdpo_alpha": 0.5},
    "mask_dpo": {"beta": 0.1},
    "sparsepo": {"beta": 0.1},
    "rrpo": {"beta": 0.1, "rrpo_alpha": 0.01},
    "kto": {"beta": 0.1, "desirable_weight": 1.0, "undesirable_weight": 1.0},
    "bco": {"beta": 0.1},
    "diffusion_kto": {"beta": 1000.0},
    "lipo_lambda": {"beta": 0.1},
    "rank_dpo": {"beta": 5000.0},
    "infonca": {"beta": 0.1, "alpha": 1.0},
    "nca": {"beta": 0.1, "alpha": 1.0},
    "diffusion_dpo": {"beta": 5000.0, "beta_convention": "official", "rpo_alpha": 0.0, "label_smoothing": 0.0},
    "diffusion_sft": {"beta": 0.1},
    "mapo": {"beta": 0.1, "mapo_k": 0.5, "mapo_timesteps": 1000.0},
    "spo": {"beta": 10.0, "clip_range": 0.1},
    "d3po": {"beta": 0.1, "clip_range": 0.1},
    "dspo": {"beta": 5000.0, "dspo_weight": 1.0},
    "diffusion_dro": {"beta": 0.1, "dro_margin": 0.0},
    "levels_dpo": {"beta": 0.1, "label_smoothing": 0.0},
    "dense_dpo": {"beta": 500.0},
    "mdpo": {"beta": 0.1, "mdpo_conditional_weight": 1.0, "mdpo_anchor_weight": 1.0, "mdpo_anchor": 0.0},
    "rlhf_v": {"beta": 0.5, "rlhfv_gamma": 5.0},
}

LISTWISE = ("lipo_lambda", "rank_dpo", "infonca", "nca")
# metrics: Rc = b*ac (SimPO, ORPO), Rc = b*pc (reference-free), otherwise Rc = b*cl
AVG_REWARD = {"simpo", "orpo"}
REF_FREE = {"cpo", "tpo", "mapo"}


def merged_params(name, params):
    p = dict(GLOBAL_DEFAULTS)
    p.update(DEFAULTS[name])
    p.update(params)
    return p


# ---------------------------------------------------------------------------
# Paired inputs
# ---------------------------------------------------------------------------


def tok_arr(tok, key, default):
    n = len(tok["policy"])
    if key in tok:
        return np.asarray(tok[key], dtype=np.float64)
    return np.full(n, default, dtype=np.float64)


def ld_sum(lp, n, alpha):
    """LD-DPO: sum_{t<=n} lp_t + alpha * sum_{t>n} lp_t."""
    return float(np.sum(lp[:n]) + alpha * np.sum(lp[n:]))


def paired_terms(examples, p):
    """Arrays of the paired inputs, with LD-DPO applied when ld_alpha is set."""
    def col(key, default=0.0):
        return np.array([float(ex.get(key, default)) for ex in examples], dtype=np.float64)

    T = {
        "pc": col("policy_chosen"),
        "pr": col("policy_rejected"),
        "rc": col("ref_chosen"),
        "rr": col("ref_rejected"),
        "lw": np.maximum(1.0, col("chosen_len", 1.0)),
        "ll": np.maximum(1.0, col("rejected_len", 1.0)),
        "weight": col("weight", 1.0),
        "examples": examples,
    }
    if p.get("ld_alpha") is not None:
        a = float(p["ld_alpha"])
        for i, ex in enumerate(examples):
            ct, rt = ex["chosen_tokens"], ex["rejected_tokens"]
            n = min(len(ct["policy"]), len(rt["policy"]))
            T["pc"][i] = ld_sum(tok_arr(ct, "policy", 0.0), n, a)
            T["pr"][i] = ld_sum(tok_arr(rt, "policy", 0.0), n, a)
            if p["ld_alpha_reference"]:
                T["rc"][i] = ld_sum(tok_arr(ct, "ref", 0.0), n, a)
                T["rr"][i] = ld_sum(tok_arr(rt, "ref", 0.0), n, a)
    T["cl"] = T["pc"] - T["rc"]
    T["rl"] = T["pr"] - T["rr"]
    T["D"] = T["cl"] - T["rl"]
    T["ac"] = T["pc"] / T["lw"]
    T["ar"] = T["pr"] / T["ll"]
    return T


def fdiv(x, p):
    kind = p["f_divergence_type"]
    if kind == "reverse_kl":
        return x
    if kind == "forward_kl":
        return -np.exp(np.minimum(-x, 80.0))
    if kind == "js_divergence":
        return ls(x)
    if kind == "alpha_divergence":
        a = float(p["f_alpha_divergence_coef"])
        return np.exp(np.minimum((a - 1.0) * x, 80.0)) / (a - 1.0)
    raise ValueError(kind)


def scores(T, p):
    sc = fdiv(T["cl"], p)
    sr = fdiv(T["rl"], p)
    return sc, sr, sc - sr


def smoothed(z, e):
    return -(1.0 - e) * ls(z) - e * ls(-z)


# ---------------------------------------------------------------------------
# Paired language-model losses: per-example value l_i (before weights)
# ---------------------------------------------------------------------------


def loss_sigmoid(T, p):
    _, _, Ds = scores(T, p)
    return smoothed(p["beta"] * Ds, p["label_smoothing"])


def loss_cdpo(T, p):
    return loss_sigmoid(T, p)


def loss_hinge(T, p):
    _, _, Ds = scores(T, p)
    return np.maximum(0.0, 1.0 - p["beta"] * Ds)


def loss_ipo(T, p):
    sc, sr, _ = scores(T, p)
    half = 1.0 / (2.0 * p["beta"])
    if p["ipo_normalize_length"]:
        return (sc / T["lw"] - sr / T["ll"] - half) ** 2
    return (sc - sr - half) ** 2


def loss_exo_pair(T, p):
    _, _, Ds = scores(T, p)
    z = p["beta"] * Ds
    e = p["label_smoothing"]
    return sig(z) * (ls(z) - math.log(1.0 - e)) + sig(-z) * (ls(-z) - math.log(e))


def loss_nca_pair(T, p):
    sc, sr, _ = scores(T, p)
    b = p["beta"]
    return -ls(b * sc) - 0.5 * ls(-b * sc) - 0.5 * ls(-b * sr)


def loss_robust(T, p):
    _, _, Ds = scores(T, p)
    z = p["beta"] * Ds
    e = p["label_smoothing"]
    return (-(1.0 - e) * ls(z) + e * ls(-z)) / (1.0 - 2.0 * e)


def loss_bco_pair(T, p):
    sc, sr, _ = scores(T, p)
    b = p["beta"]
    return -ls(b * sc) - ls(-b * sr)


def loss_sppo_hard(T, p):
    sc, sr, _ = scores(T, p)
    half = 1.0 / (2.0 * p["beta"])
    return (sc - half) ** 2 + (sr + half) ** 2


def loss_aot(T, p):
    u = np.sort(T["pc"] - T["pr"]) - np.sort(T["rc"] - T["rr"])
    return smoothed(p["beta"] * u, p["label_smoothing"])


def loss_aot_unpaired(T, p):
    u = np.sort(T["cl"]) - np.sort(T["rl"])
    return smoothed(p["beta"] * u, p["label_smoothing"])


def loss_apo_zero(T, p):
    b = p["beta"]
    # 1 - s(b cl) + s(b rl), with 1 - s(x) = s(-x)
    return sig(-b * T["cl"]) + sig(b * T["rl"])


def loss_apo_down(T, p):
    _, _, Ds = scores(T, p)
    b = p["beta"]
    # s(b cl) + 1 - s(b Ds)
    return sig(b * T["cl"]) + sig(-b * Ds)


def loss_discopop(T, p):
    _, _, Ds = scores(T, p)
    z = p["beta"] * Ds
    tau = p["discopop_tau"]
    return sig(-z / tau) * (-ls(z)) + np.exp(ls(z / tau) - z)


def loss_sigmoid_norm(T, p):
    sc, sr, _ = scores(T, p)
    return -ls(p["beta"] * (sc / T["lw"] - sr / T["ll"]))


def loss_sft(T, p):
    return -T["pc"] / T["lw"]


def loss_dpop(T, p):
    cl, rl = T["cl"], T["rl"]
    return -ls(p["beta"] * (cl - rl - p["dpop_lambda"] * np.maximum(0.0, -cl)))


def loss_simpo(T, p):
    x = p["beta"] * (T["ac"] - T["ar"]) - p["simpo_gamma"]
    return smoothed(x, p["label_smoothing"])


def loss_cpo(T, p):
    return -ls(p["beta"] * (T["pc"] - T["pr"])) + p["cpo_alpha"] * (-T["pc"] / T["lw"])


def loss_orpo(T, p):
    ac = np.minimum(T["ac"], -1e-6)
    ar = np.minimum(T["ar"], -1e-6)
    lo = (ac - ar) - (log1mexp(ac) - log1mexp(ar))
    return -ac - p["beta"] * ls(lo)


def loss_tpo(T, p):
    ex = T["examples"]
    gold = np.array([float(e["policy_gold"]) for e in ex])
    glen = np.maximum(1.0, np.array([float(e.get("gold_len", 1)) for e in ex]))
    return -ls(p["beta"] * (T["pc"] - T["pr"])) + p["tpo_alpha"] * (-gold / glen)


def loss_sppo(T, p):
    ex = T["examples"]
    pw = np.array([float(e["chosen_score"]) for e in ex])
    pl = np.array([float(e["rejected_score"]) for e in ex])
    b = p["beta"]
    return 0.5 * ((T["cl"] - (pw - 0.5) / b) ** 2 + (T["rl"] - (pl - 0.5) / b) ** 2)


def loss_modpo(T, p):
    w = np.asarray(p["modpo_weights"], dtype=np.float64)
    b = p["beta"]
    out = []
    for i, e in enumerate(T["examples"]):
        mc = np.asarray(e.get("chosen_margins", []), dtype=np.float64)
        mr = np.asarray(e.get("rejected_margins", []), dtype=np.float64)
        r_w = (b * T["cl"][i] - np.dot(w[1:], mc)) / w[0]
        r_l = (b * T["rl"][i] - np.dot(w[1:], mr)) / w[0]
        out.append(-ls(r_w - r_l))
    return np.array(out, dtype=np.float64)


# ---------------------------------------------------------------------------
# Per-token losses (read only the token arrays)
# ---------------------------------------------------------------------------


def token_sums(tok):
    d = tok_arr(tok, "policy", 0.0) - tok_arr(tok, "ref", 0.0)
    kl = tok_arr(tok, "kl", 0.0)
    m = tok_arr(tok, "weight", 1.0)
    return {"S": np.sum(d), "KL": np.sum(kl), "mS": np.sum(m * d), "mKL": np.sum(m * kl)}


def per_token(T, fn):
    out = []
    for e in T["examples"]:
        out.append(fn(token_sums(e["chosen_tokens"]), token_sums(e["rejected_tokens"])))
    return np.array(out, dtype=np.float64)


def loss_tdpo1(T, p):
    b = p["beta"]
    return per_token(T, lambda w, l: -ls(b * ((w["S"] - l["S"]) + w["KL"] - l["KL"])))


def loss_tdpo2(T, p):
    b, a = p["beta"], p["tdpo_alpha"]
    return per_token(T, lambda w, l: -ls(b * ((w["S"] - l["S"]) + a * (w["KL"] - l["KL"]))))


def loss_mask_dpo(T, p):
    b = p["beta"]
    return per_token(T, lambda w, l: -ls(b * (w["mS"] - l["mS"])))


def loss_sparsepo(T, p):
    b = p["beta"]
    return per_token(T, lambda w, l: -ls(b * ((w["mS"] - l["mS"]) + w["mKL"] - l["mKL"])))


def loss_rrpo(T, p):
    b, a = p["beta"], p["rrpo_alpha"]
    return per_token(T, lambda w, l: -ls(b * (w["mS"] - l["mS"])) + a * w["KL"])


# ---------------------------------------------------------------------------
# Diffusion losses (terms are negative denoising errors)
# ---------------------------------------------------------------------------


def loss_diffusion_dpo(T, p):
    b = p["beta"]
    sft = p["rpo_alpha"] * -T["pc"]  # RPO: the winner's denoising error
    e = p["label_smoothing"]  # cDPO
    if p["beta_convention"] == "official":
        return smoothed(0.5 * b * T["D"], e) + sft
    if p["beta_convention"] == "diffusers":
        return smoothed(b * T["D"], e) + sft
    raise ValueError(p["beta_convention"])


def loss_diffusion_sft(T, p):
    return -T["pc"]


def mapo_f(e, k):
    x = np.maximum(k * e, 1e-6)
    # x / (exp(x) - 1) == x exp(-x) / (1 - exp(-x)), no overflow for large x
    return x * np.exp(-x) / (-np.expm1(-x))


def loss_mapo(T, p):
    ew, el = -T["pc"], -T["pr"]
    k, steps = p["mapo_k"], p["mapo_timesteps"]
    return ew - p["beta"] * ls(steps * (mapo_f(ew, k) - mapo_f(el, k)))


def clipped_ratio_loss(T, p):
    c = p["clip_range"]
    lo, hi = math.log(1.0 - c), math.log(1.0 + c)
    lw = np.clip(T["cl"], lo, hi)
    lr = np.clip(T["rl"], lo, hi)
    return -ls(p["beta"] * (lw - lr))


def loss_spo(T, p):
    return clipped_ratio_loss(T, p)


def loss_d3po(T, p):
    return clipped_ratio_loss(T, p)


def loss_dspo(T, p):
    z = 0.5 * p["beta"] * T["D"]
    c = p["dspo_weight"] * sig(-z)  # dspo_weight * (1 - s(z))
    out = []
    for i, e in enumerate(T["examples"]):
        dn = e["denoising"]
        pol = np.asarray(dn["policy"], dtype=np.float64)
        ref = np.asarray(dn["ref"], dtype=np.float64)
        tgt = np.asarray(dn["target"], dtype=np.float64)
        out.append(np.mean(((pol - tgt) - c[i] * (pol - ref)) ** 2))
    return np.array(out, dtype=np.float64)


def loss_diffusion_dro(T, p):
    return np.maximum(0.0, (T["rl"] - T["cl"]) + p["dro_margin"])


# ---------------------------------------------------------------------------
# Paired losses over structured terms (alternative condition, corrected tokens)
# ---------------------------------------------------------------------------


def loss_mdpo(T, p):
    """mDPO: DPO + conditional term (y_w under the corrupted condition as the loser) + anchor."""
    b = p["beta"]
    ex = T["examples"]
    alt = np.array([float(e["policy_chosen_alt"]) - float(e["ref_chosen_alt"]) for e in ex], dtype=np.float64)
    dpo = -ls(b * T["D"])
    conditional = -ls(b * (T["cl"] - alt))
    anchor = -ls(b * T["cl"] - p["mdpo_anchor"])
    return dpo + p["mdpo_conditional_weight"] * conditional + p["mdpo_anchor_weight"] * anchor


def rlhfv_log_ratio(tok, gamma):
    """RLHF-V: sum_t v_t (policy_t - ref_t) / sum_t v_t, v_t = 1 + (gamma - 1) c_t."""
    d = tok_arr(tok, "policy", 0.0) - tok_arr(tok, "ref", 0.0)
    v = 1.0 + (gamma - 1.0) * tok_arr(tok, "corrected", 0.0)
    return float(np.sum(v * d) / np.sum(v))


def loss_rlhf_v(T, p):
    b, g = p["beta"], p["rlhfv_gamma"]
    out = []
    for e in T["examples"]:
        u = rlhfv_log_ratio(e["chosen_tokens"], g) - rlhfv_log_ratio(e["rejected_tokens"], g)
        out.append(-ls(b * u))
    return np.array(out, dtype=np.float64)


PAIRED = {
    name[len("loss_"):]: fn for name, fn in globals().items() if name.startswith("loss_")
}


# ---------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------


def paired_metrics(Rc, Rr, pc, pr):
    return {
        "rewards/chosen": float(np.mean(Rc)),
        "rewards/rejected": float(np.mean(Rr)),
        "rewards/margins": float(np.mean(Rc - Rr)),
        "rewards/accuracies": float(np.mean((Rc > Rr).astype(np.float64))),
        "logps/chosen": float(np.mean(pc)),
        "logps/rejected": float(np.mean(pr)),
    }


def paired_loss_metrics(name, T, p):
    b = p["beta"]
    if name in AVG_REWARD:
        Rc, Rr = b * T["ac"], b * T["ar"]
    elif name in REF_FREE:
        Rc, Rr = b * T["pc"], b * T["pr"]
    else:
        Rc, Rr = b * T["cl"], b * T["rl"]
    return paired_metrics(Rc, Rr, T["pc"], T["pr"])


# ---------------------------------------------------------------------------
# WPO weight
# ---------------------------------------------------------------------------


def wpo_completion_weight(tok):
    pol = tok_arr(tok, "policy", 0.0)
    lsm = tok_arr(tok, "log_sq_mass", 0.0)
    m = tok_arr(tok, "weight", 1.0)
    return math.exp(float(np.sum(m * (pol - lsm)) / np.sum(m)))


def wpo_weights(examples):
    return np.array(
        [wpo_completion_weight(e["chosen_tokens"]) * wpo_completion_weight(e["rejected_tokens"])
         for e in examples],
        dtype=np.float64,
    )


# ---------------------------------------------------------------------------
# Batch evaluation
# ---------------------------------------------------------------------------


def eval_paired(name, params, examples):
    """Returns (per_example, metrics) for one paired loss (modifiers included)."""
    p = merged_params(name, params)
    T = paired_terms(examples, p)
    l = PAIRED[name](T, p)
    if p["rpo_alpha"] is not None:
        l = l + p["rpo_alpha"] * (-T["pc"] / T["lw"])
    w = T["weight"].copy()
    if p["use_weighting"]:
        w = w * wpo_weights(examples)
    return w * l, paired_loss_metrics(name, T, p)


def split_unpaired(examples):
    """Completions (policy, ref, desirable, weight) in line order, chosen before rejected."""
    comps = []
    for e in examples:
        w = float(e.get("weight", 1.0))
        if "label" in e:
            comps.append((float(e["policy_chosen"]), float(e["ref_chosen"]), bool(e["label"]), w))
        else:
            comps.append((float(e["policy_chosen"]), float(e["ref_chosen"]), True, w))
            comps.append((float(e["policy_rejected"]), float(e["ref_rejected"]), False, w))
    pol = np.array([c[0] for c in comps], dtype=np.float64)
    ref = np.array([c[1] for c in comps], dtype=np.float64)
    lab = np.array([c[2] for c in comps], dtype=bool)
    wts = np.array([c[3] for c in comps], dtype=np.float64)
    return pol, ref, lab, wts


def unpaired_group_metrics(b, pol, ref, lab):
    m = {}
    r = b * (pol - ref)
    if np.any(lab):
        m["rewards/chosen"] = float(np.mean(r[lab]))
        m["logps/chosen"] = float(np.mean(pol[lab]))
    if np.any(~lab):
        m["rewards/rejected"] = float(np.mean(r[~lab]))
        m["logps/rejected"] = float(np.mean(pol[~lab]))
    if np.any(lab) and np.any(~lab):
        m["rewards/margins"] = m["rewards/chosen"] - m["rewards/rejected"]
    return m


def eval_kto(p, examples, diffusion):
    pol, ref, lab, wts = split_unpaired(examples)
    r = pol - ref
    b = p["beta"]
    has_kl = (not diffusion) and any("policy_kl" in e for e in examples)
    if has_kl:
        kl = [float(e["policy_kl"]) - float(e["ref_kl"]) for e in examples]
        z = max(0.0, float(np.mean(kl)))
    else:
        z = max(0.0, float(np.mean(r)))
    lD = 1.0 if diffusion else p["desirable_weight"]
    lU = 1.0 if diffusion else p["undesirable_weight"]
    des = lD * sig(-b * (r - z))  # lD (1 - s(b (r - z)))
    und = lU * sig(-b * (z - r))  # lU (1 - s(b (z - r)))
    l = np.where(lab, des, und)
    m = unpaired_group_metrics(b, pol, ref, lab)
    m["kl"] = z
    return wts * l, m


def eval_bco(p, examples, state):
    pol, ref, lab, wts = split_unpaired(examples)
    b = p["beta"]
    R = b * (pol - ref)
    state["n"] += 1
    state["delta"] += (float(np.mean(R)) - state["delta"]) / state["n"]
    delta = state["delta"]
    l = np.where(lab, -ls(R - delta), -ls(-(R - delta)))
    m = unpaired_group_metrics(b, pol, ref, lab)
    m["delta"] = delta
    return wts * l, m


def listwise_one(name, p, pol, ref, psi):
    s = p["beta"] * (pol - ref)
    if name in ("lipo_lambda", "rank_dpo"):
        K = len(s)
        order = np.argsort(-s, kind="stable")
        t = np.empty(K, dtype=np.float64)
        t[order] = np.arange(1, K + 1, dtype=np.float64)
        G = 2.0 ** psi - 1.0
        inv = 1.0 / np.log1p(t)
        total = 0.0
        for i in range(K):
            for j in range(K):
                if psi[i] > psi[j]:
                    wij = abs(G[i] - G[j]) * abs(inv[i] - inv[j])
                    total += wij * (-float(ls(s[i] - s[j])))
        return total
    pr = np.exp(log_softmax(psi / p["alpha"]))
    if name == "infonca":
        return float(-np.sum(pr * log_softmax(s)))
    if name == "nca":
        return float(-np.sum(pr * ls(s)) - np.mean(ls(-s)))
    raise ValueError(name)


def eval_listwise(name, p, examples):
    per, Rc, Rr, pc, pr, wts = [], [], [], [], [], []
    for e in examples:
        pol = np.asarray(e["policy"], dtype=np.float64)
        ref = np.asarray(e["ref"], dtype=np.float64)
        psi = np.asarray(e["scores"], dtype=np.float64)
        per.append(listwise_one(name, p, pol, ref, psi))
        c, r = int(np.argmax(psi)), int(np.argmin(psi))  # first index on ties
        Rc.append(p["beta"] * (pol[c] - ref[c]))
        Rr.append(p["beta"] * (pol[r] - ref[r]))
        pc.append(pol[c])
        pr.append(pol[r])
        wts.append(float(e.get("weight", 1.0)))
    m = paired_metrics(np.array(Rc), np.array(Rr), np.array(pc), np.array(pr))
    return np.array(wts) * np.array(per), m


def eval_levels(p, examples):
    """levels_dpo: sum_k w_k DPO(level k); metrics per level as <metric>/<k> and their weighted mean."""
    names = list(examples[0]["levels"].keys())
    weights = [float(examples[0]["levels"][k]["weight"]) for k in names]
    total_w = sum(weights)
    per = np.zeros(len(examples), dtype=np.float64)
    top, by_level = {}, {}
    for k, w in zip(names, weights):
        level = [e["levels"][k] for e in examples]
        T = paired_terms(level, p)
        per = per + w * smoothed(p["beta"] * T["D"], p["label_smoothing"])
        m = paired_metrics(p["beta"] * T["cl"], p["beta"] * T["rl"], T["pc"], T["pr"])
        for key, v in m.items():
            by_level[key + "/" + k] = v
            top[key] = top.get(key, 0.0) + v * (w / total_w)
    top.update(by_level)
    wts = np.array([float(e.get("weight", 1.0)) for e in examples], dtype=np.float64)
    return wts * per, top


def eval_segments(p, examples):
    """dense_dpo: -ls(Rc - Rr), Rc = b sum_f l_f (pc_f - rc_f), Rr = b sum_f l_f (pr_f - rr_f)."""
    b = p["beta"]
    Rc, Rr, pc, pr, wts = [], [], [], [], []
    for e in examples:
        s = {k: np.asarray(v, dtype=np.float64) for k, v in e["segments"].items()}
        lab = s["labels"]
        Rc.append(b * float(np.sum(lab * (s["policy_chosen"] - s["ref_chosen"]))))
        Rr.append(b * float(np.sum(lab * (s["policy_rejected"] - s["ref_rejected"]))))
        pc.append(float(np.sum(s["policy_chosen"])))
        pr.append(float(np.sum(s["policy_rejected"])))
        wts.append(float(e.get("weight", 1.0)))
    Rc, Rr = np.array(Rc), np.array(Rr)
    per = -ls(Rc - Rr)
    return np.array(wts) * per, paired_metrics(Rc, Rr, np.array(pc), np.array(pr))


class LossObject:
    """One loss (or combination) fed batches in order; holds BCO's running mean."""

    def __init__(self, loss_type, params, loss_weights=None):
        self.names = loss_type if isinstance(loss_type, list) else [loss_type]
        self.params = params
        self.weights = loss_weights if loss_weights is not None else [1.0] * len(self.names)
        self.bco_state = {"n": 0, "delta": 0.0}

    def component(self, name, examples):
        p = merged_params(name, self.params)
        if name in ("kto", "diffusion_kto"):
            return eval_kto(p, examples, diffusion=(name == "diffusion_kto"))
        if name == "bco":
            return eval_bco(p, examples, self.bco_state)
        if name in LISTWISE:
            return eval_listwise(name, p, examples)
        if name == "levels_dpo":
            return eval_levels(p, examples)
        if name == "dense_dpo":
            return eval_segments(p, examples)
        return eval_paired(name, self.params, examples)

    def batch(self, examples):
        total, metrics = None, None
        for name, lw in zip(self.names, self.weights):
            per, m = self.component(name, examples)
            total = lw * per if total is None else total + lw * per
            if metrics is None:
                metrics = m
        return {"loss": float(np.mean(total)), "per_example": [float(v) for v in total],
                "metrics": metrics}


# ---------------------------------------------------------------------------
# Input generators
# ---------------------------------------------------------------------------

rng = np.random.default_rng(20240607)


def r4(x):
    return float(round(float(x), 4))


def r6(x):
    return float(round(float(x), 6))


def lm_example():
    lw, ll = int(rng.integers(3, 61)), int(rng.integers(3, 61))
    pc = -min(200.0, max(5.0, lw * rng.uniform(0.3, 2.5)))
    pr = -min(200.0, max(5.0, ll * rng.uniform(0.3, 2.5)))
    rc = min(-1.0, pc + rng.normal(0.0, 3.0))
    rr = min(-1.0, pr + rng.normal(0.0, 3.0))
    return {"policy_chosen": r4(pc), "policy_rejected": r4(pr), "ref_chosen": r4(rc),
            "ref_rejected": r4(rr), "chosen_len": lw, "rejected_len": ll}


def lm_batch(n):
    return [lm_example() for _ in range(n)]


def drop_ref(ex):
    return {k: v for k, v in ex.items() if k not in ("ref_chosen", "ref_rejected")}


def tokens(T, with_kl=False, weight=None, with_lsm=False):
    pol = np.log(rng.uniform(0.02, 0.999, T))
    ref = np.minimum(pol + rng.normal(0.0, 0.3, T), -1e-4)
    tok = {"policy": [r4(v) for v in pol], "ref": [r4(v) for v in ref]}
    if with_kl:
        tok["kl"] = [r4(v) for v in rng.uniform(0.0, 0.3, T)]
    if weight == "mask":
        tok["weight"] = [float(v) for v in (rng.uniform(size=T) < 0.6)]
    elif weight == "soft":
        tok["weight"] = [r4(v) for v in rng.uniform(0.0, 1.0, T)]
    if with_lsm:
        p = np.exp(np.array(tok["policy"]))
        tok["log_sq_mass"] = [r4(v) for v in np.log(p ** 2 + rng.uniform(0.05, 1.0, T) * (1 - p ** 2))]
    return tok


def with_token_sums(ex):
    """Set the scalar terms and lengths to the token sums / counts."""
    ct, rt = ex["chosen_tokens"], ex["rejected_tokens"]
    ex["policy_chosen"] = r6(np.sum(ct["policy"]))
    ex["ref_chosen"] = r6(np.sum(ct["ref"]))
    ex["policy_rejected"] = r6(np.sum(rt["policy"]))
    ex["ref_rejected"] = r6(np.sum(rt["ref"]))
    ex["chosen_len"] = len(ct["policy"])
    ex["rejected_len"] = len(rt["policy"])
    return ex


def token_example(with_kl=False, weight=None, with_lsm=False, tw=None, tl=None):
    tw = tw if tw is not None else int(rng.integers(3, 13))
    tl = tl if tl is not None else int(rng.integers(3, 13))
    ex = {"chosen_tokens": tokens(tw, with_kl, weight, with_lsm),
          "rejected_tokens": tokens(tl, with_kl, weight, with_lsm)}
    return with_token_sums(ex)


def diff_example():
    erw, erl = rng.uniform(0.05, 0.95, 2)
    ew = max(0.02, min(1.0, erw + rng.uniform(-0.05, 0.05)))
    el = max(0.02, min(1.0, erl + rng.uniform(-0.05, 0.05)))
    return {"policy_chosen": r6(-ew), "policy_rejected": r6(-el), "ref_chosen": r6(-erw),
            "ref_rejected": r6(-erl)}


def spo_example():
    pc, pr = rng.uniform(-2.0, 0.5, 2)
    cl, rl = rng.uniform(-0.2, 0.2, 2)
    return {"policy_chosen": r6(pc), "policy_rejected": r6(pr), "ref_chosen": r6(pc - cl),
            "ref_rejected": r6(pr - rl)}


def dspo_example(dim=8):
    tgt = rng.normal(0.0, 1.0, dim)
    ref = tgt + rng.normal(0.0, 0.4, dim)
    pol = ref + rng.normal(0.0, 0.08, dim)
    tgt, ref, pol = [np.round(v, 4) for v in (tgt, ref, pol)]
    erl = rng.uniform(0.05, 0.95)
    el = max(0.02, erl + rng.uniform(-0.05, 0.05))
    return {"policy_chosen": r6(-np.mean((pol - tgt) ** 2)), "ref_chosen": r6(-np.mean((ref - tgt) ** 2)),
            "policy_rejected": r6(-el), "ref_rejected": r6(-erl),
            "denoising": {"policy": [float(v) for v in pol], "ref": [float(v) for v in ref],
                          "target": [float(v) for v in tgt]}}


def listwise_example(K, diffusion=False, tied=False):
    if diffusion:
        ref = -rng.uniform(0.05, 0.95, K)
        pol = ref + rng.uniform(-0.05, 0.05, K)
        pol, ref = np.round(pol, 6), np.round(ref, 6)
    else:
        pol = -rng.uniform(5.0, 150.0, K)
        ref = pol + rng.normal(0.0, 3.0, K)
        pol, ref = np.round(pol, 4), np.round(ref, 4)
    if tied:
        sc = rng.integers(0, 3, K).astype(np.float64)
    else:
        sc = np.round(rng.uniform(0.0, 5.0, K), 2)
    return {"policy": [float(v) for v in pol], "ref": [float(v) for v in ref],
            "scores": [float(v) for v in sc]}


def unpaired_example(label, diffusion=False, kl=False):
    if diffusion:
        d = diff_example()
    else:
        d = lm_example()
    ex = {"policy_chosen": d["policy_chosen"], "ref_chosen": d["ref_chosen"], "label": label}
    if kl:
        ex["policy_kl"] = r4(-rng.uniform(20.0, 150.0))
        ex["ref_kl"] = r4(ex["policy_kl"] + rng.normal(-1.5, 2.0))
    return ex


# ---------------------------------------------------------------------------
# Edge batches
# ---------------------------------------------------------------------------


def edge_lm():
    """Log-ratio gaps of +-1e4, D = 0 exactly, lengths 0 (clamped to 1)."""
    return [
        {"policy_chosen": -10.0, "ref_chosen": -10010.0, "policy_rejected": -20.0, "ref_rejected": -20.0,
         "chosen_len": 0, "rejected_len": 0},
        {"policy_chosen": -10010.0, "ref_chosen": -10.0, "policy_rejected": -30.0, "ref_rejected": -31.0,
         "chosen_len": 0, "rejected_len": 5},
        {"policy_chosen": -8.0, "ref_chosen": -8.0, "policy_rejected": -5.0, "ref_rejected": -10005.0,
         "chosen_len": 12, "rejected_len": 0},
        {"policy_chosen": -50.0, "ref_chosen": -40.0, "policy_rejected": -10005.0, "ref_rejected": -5.0,
         "chosen_len": 7, "rejected_len": 9},
        {"policy_chosen": -12.0, "ref_chosen": -10.0, "policy_rejected": -22.0, "ref_rejected": -20.0,
         "chosen_len": 4, "rejected_len": 6},
        {"policy_chosen": -3.0, "ref_chosen": -10003.0, "policy_rejected": -10003.0, "ref_rejected": -3.0,
         "chosen_len": 0, "rejected_len": 0},
    ]


def edge_ref_free():
    """pc - pr = +-1e4 (reference-free losses)."""
    return [
        {"policy_chosen": -5.0, "policy_rejected": -10005.0, "chosen_len": 0, "rejected_len": 0},
        {"policy_chosen": -10005.0, "policy_rejected": -5.0, "chosen_len": 0, "rejected_len": 3},
        {"policy_chosen": -7.0, "policy_rejected": -7.0, "chosen_len": 2, "rejected_len": 2},
    ]


def edge_avg():
    """SimPO / ORPO: avg log-probs -1e4 vs -1e-3, and -1e-9 on the rejected side (ORPO clamp)."""
    return [
        {"policy_chosen": -10000.0, "policy_rejected": -0.001, "chosen_len": 1, "rejected_len": 0},
        {"policy_chosen": -0.001, "policy_rejected": -10000.0, "chosen_len": 0, "rejected_len": 1},
        {"policy_chosen": -0.5, "policy_rejected": -1e-9, "chosen_len": 1, "rejected_len": 1},
        {"policy_chosen": -30.0, "policy_rejected": -30.0, "chosen_len": 10, "rejected_len": 10},
    ]


def edge_diffusion():
    """Negative errors with D = +-1e4 (errors far outside the usual range)."""
    return [
        {"policy_chosen": -0.1, "ref_chosen": -10000.1, "policy_rejected": -0.3, "ref_rejected": -0.3},
        {"policy_chosen": -10000.1, "ref_chosen": -0.1, "policy_rejected": -0.3, "ref_rejected": -0.3},
        {"policy_chosen": -0.2, "ref_chosen": -0.2, "policy_rejected": -10000.2, "ref_rejected": -0.2},
        {"policy_chosen": -0.25, "ref_chosen": -0.25, "policy_rejected": -0.4, "ref_rejected": -0.4},
    ]


def edge_mapo():
    """Errors must be >= 0: huge (1e4) and tiny (1e-8, below the 1e-6 clamp of k e)."""
    return [
        {"policy_chosen": -1e-8, "policy_rejected": -10000.0},
        {"policy_chosen": -10000.0, "policy_rejected": -1e-8},
        {"policy_chosen": -1e-8, "policy_rejected": -2e-8},
        {"policy_chosen": -10000.0, "policy_rejected": -20000.0},
        {"policy_chosen": 0.0, "policy_rejected": -0.5},
    ]


def edge_tokens(with_kl, weight):
    """Extreme values in one token: d_t = +-1e4 and (with kl) kl_t = 1e4."""
    exs = []
    for sign in (+1, -1):
        ex = {"chosen_tokens": tokens(4, with_kl, weight), "rejected_tokens": tokens(3, with_kl, weight)}
        if sign > 0:
            ex["chosen_tokens"]["policy"][1] = -0.001
            ex["chosen_tokens"]["ref"][1] = -10000.001
        else:
            ex["rejected_tokens"]["policy"][0] = -0.5
            ex["rejected_tokens"]["ref"][0] = -10000.5
            ex["chosen_tokens"]["policy"][2] = -10000.25
            ex["chosen_tokens"]["ref"][2] = -0.25
        if with_kl:
            (ex["rejected_tokens"] if sign > 0 else ex["chosen_tokens"])["kl"][0] = 10000.0
        if weight is not None:
            ex["chosen_tokens"]["weight"][1] = 1.0
            ex["chosen_tokens"]["weight"][2] = 1.0
            ex["rejected_tokens"]["weight"][0] = 1.0
        exs.append(with_token_sums(ex))
    return exs


def edge_spo():
    return [
        {"policy_chosen": 0.3, "ref_chosen": -9999.7, "policy_rejected": -1.0, "ref_rejected": -1.0},
        {"policy_chosen": -10000.5, "ref_chosen": -0.5, "policy_rejected": -0.2, "ref_rejected": -0.25},
        {"policy_chosen": -1.0, "ref_chosen": -1.05, "policy_rejected": -0.4, "ref_rejected": -10000.4},
        {"policy_chosen": -0.7, "ref_chosen": -0.7, "policy_rejected": -0.9, "ref_rejected": -0.9},
    ]


def edge_unpaired(kl=False):
    exs = [
        {"policy_chosen": -5.0, "ref_chosen": -10005.0, "label": True},
        {"policy_chosen": -10005.0, "ref_chosen": -5.0, "label": False},
        {"policy_chosen": -10005.0, "ref_chosen": -5.0, "label": True},
        {"policy_chosen": -5.0, "ref_chosen": -10005.0, "label": False},
        {"policy_chosen": -20.0, "ref_chosen": -21.0, "label": True},
    ]
    if kl:
        kls = [(-10.0, -10010.0), (-30.0, -31.0), (-40.0, -41.0), (-10010.0, -10.0), (-12.0, -13.0)]
        for e, (a, b) in zip(exs, kls):
            e["policy_kl"], e["ref_kl"] = a, b
    return exs


def edge_listwise():
    return [
        {"policy": [-5.0, -10005.0, -20.0], "ref": [-10005.0, -5.0, -20.0], "scores": [3.0, 1.0, 2.0]},
        {"policy": [-10005.0, -5.0], "ref": [-5.0, -10005.0], "scores": [2.0, 1.0]},
        {"policy": [-7.0, -8.0, -9.0, -10.0], "ref": [-7.0, -8.0, -9.0, -10.0], "scores": [1.0, 1.0, 1.0, 1.0]},
    ]


def edge_lm_extra(name):
    """Loss-specific extra fields for the generic LM edge batch."""
    exs = edge_lm()
    if name == "sppo":
        for i, e in enumerate(exs):
            e["chosen_score"], e["rejected_score"] = [(1.0, 0.0), (0.0, 1.0), (0.5, 0.5)][i % 3]
    if name == "modpo":
        for i, e in enumerate(exs):
            e["chosen_margins"] = [[10000.0], [-10000.0], [0.0]][i % 3]
            e["rejected_margins"] = [[0.0], [10000.0], [-1.5]][i % 3]
    return exs


# ---------------------------------------------------------------------------
# Random batches per loss family
# ---------------------------------------------------------------------------


TOKEN_SPEC = {
    "tdpo1": dict(with_kl=True),
    "tdpo2": dict(with_kl=True),
    "mask_dpo": dict(weight="mask"),
    "sparsepo": dict(with_kl=True, weight="soft"),
    "rrpo": dict(with_kl=True, weight="mask"),
}
DIFFUSION_PAIRED = {"diffusion_dpo", "diffusion_sft", "mapo", "diffusion_dro"}


def random_batch(name, n, params=None):
    params = params or {}
    if name in TOKEN_SPEC:
        return [token_example(**TOKEN_SPEC[name]) for _ in range(n)]
    if name in DIFFUSION_PAIRED:
        exs = [diff_example() for _ in range(n)]
        return [drop_ref(e) for e in exs] if name == "mapo" else exs
    if name in ("spo", "d3po"):
        return [spo_example() for _ in range(n)]
    if name == "dspo":
        return [dspo_example() for _ in range(n)]
    if name in ("kto", "bco"):
        return [unpaired_example(bool(rng.uniform() < 0.5)) for _ in range(n)]
    if name == "diffusion_kto":
        return [unpaired_example(bool(rng.uniform() < 0.5), diffusion=True) for _ in range(n)]
    if name in LISTWISE:
        return [listwise_example(int(rng.integers(2, 6)), diffusion=(name == "rank_dpo")) for _ in range(n)]
    exs = lm_batch(n)
    if name in ("simpo", "orpo", "cpo"):
        exs = [drop_ref(e) for e in exs]
    if name == "tpo":
        exs = [drop_ref(e) for e in exs]
        for e in exs:
            gl = int(rng.integers(3, 61))
            e["policy_gold"] = r4(-gl * rng.uniform(0.2, 1.5))
            e["gold_len"] = gl
    if name == "sppo":
        for e in exs:
            e["chosen_score"] = r4(rng.uniform(0.3, 1.0))
            e["rejected_score"] = r4(rng.uniform(0.0, 0.7))
    if name == "modpo":
        k = len(params.get("modpo_weights", DEFAULTS["modpo"]["modpo_weights"])) - 1
        for e in exs:
            e["chosen_margins"] = [r4(v) for v in rng.normal(0.5, 1.0, k)]
            e["rejected_margins"] = [r4(v) for v in rng.normal(-0.5, 1.0, k)]
    return exs


def edge_batch(name):
    if name in TOKEN_SPEC:
        return edge_tokens(TOKEN_SPEC[name].get("with_kl", False), TOKEN_SPEC[name].get("weight"))
    if name == "mapo":
        return edge_mapo()
    if name in DIFFUSION_PAIRED:
        return edge_diffusion()
    if name in ("spo", "d3po"):
        return edge_spo()
    if name == "dspo":
        exs = edge_diffusion()
        for e in exs:
            e["denoising"] = dspo_example()["denoising"]
        return exs
    if name in ("kto", "bco", "diffusion_kto"):
        return edge_unpaired()
    if name in LISTWISE:
        return edge_listwise()
    if name in ("simpo", "orpo"):
        return edge_avg()
    if name in ("cpo",):
        return edge_ref_free()
    if name == "tpo":
        exs = edge_ref_free()
        golds = [(-10000.0, 0), (-5.0, 3), (-0.5, 1)]
        for e, (g, gl) in zip(exs, golds):
            e["policy_gold"], e["gold_len"] = g, gl
        return exs
    return edge_lm_extra(name)


PARAMS_VARIANT = {
    "sigmoid": {"beta": 0.25, "label_smoothing": 0.2},
    "cdpo": {"beta": 0.3, "label_smoothing": 0.25},
    "hinge": {"beta": 0.5},
    "ipo": {"beta": 0.5},
    "exo_pair": {"beta": 0.2, "label_smoothing": 0.01},
    "nca_pair": {"beta": 0.3},
    "robust": {"beta": 0.2, "label_smoothing": 0.2},
    "bco_pair": {"beta": 0.3},
    "sppo_hard": {"beta": 0.5},
    "aot": {"beta": 0.2, "label_smoothing": 0.1},
    "aot_unpaired": {"beta": 0.2, "label_smoothing": 0.1},
    "apo_zero": {"beta": 0.3},
    "apo_down": {"beta": 0.3},
    "discopop": {"beta": 0.05, "discopop_tau": 0.1},
    "sigmoid_norm": {"beta": 2.0},
    "sft": {"beta": 0.5},
    "dpop": {"beta": 0.2, "dpop_lambda": 10.0},
    "simpo": {"beta": 2.5, "simpo_gamma": 1.25, "label_smoothing": 0.1},
    "cpo": {"beta": 0.2, "cpo_alpha": 0.5},
    "orpo": {"beta": 0.25},
    "tpo": {"beta": 0.05, "tpo_alpha": 0.5},
    "sppo": {"beta": 0.002},
    "modpo": {"beta": 0.2, "modpo_weights": [0.6, 0.3, 0.1]},
    "tdpo1": {"beta": 0.3},
    "tdpo2": {"beta": 0.2, "tdpo_alpha": 0.3},
    "mask_dpo": {"beta": 0.4},
    "sparsepo": {"beta": 0.3},
    "rrpo": {"beta": 0.5, "rrpo_alpha": 0.05},
    "kto": {"beta": 0.2, "desirable_weight": 1.33, "undesirable_weight": 0.8},
    "bco": {"beta": 0.3},
    "diffusion_kto": {"beta": 500.0},
    "lipo_lambda": {"beta": 0.5},
    "rank_dpo": {"beta": 2000.0},
    "infonca": {"beta": 0.2, "alpha": 0.5},
    "nca": {"beta": 0.2, "alpha": 2.0},
    "diffusion_dpo": {"beta": 2000.0},
    "diffusion_sft": {"beta": 1.0},
    "mapo": {"beta": 0.2, "mapo_k": 1.0, "mapo_timesteps": 500},
    "spo": {"beta": 5.0, "clip_range": 0.2},
    "d3po": {"beta": 1.0, "clip_range": 0.05},
    "dspo": {"beta": 2000.0, "dspo_weight": 0.5},
    "diffusion_dro": {"beta": 0.1, "dro_margin": 0.05},
}

ALL_LOSSES = [
    "sigmoid", "cdpo", "hinge", "ipo", "exo_pair", "nca_pair", "robust", "bco_pair", "sppo_hard", "aot",
    "aot_unpaired", "apo_zero", "apo_down", "discopop", "sigmoid_norm", "sft", "dpop", "simpo", "cpo", "orpo",
    "tpo", "sppo", "modpo", "tdpo1", "tdpo2", "mask_dpo", "sparsepo", "rrpo", "kto", "bco", "diffusion_kto",
    "lipo_lambda", "rank_dpo", "infonca", "nca", "diffusion_dpo", "diffusion_sft", "mapo", "spo", "d3po",
    "dspo", "diffusion_dro",
]
# losses over keyed (structured) terms: their cases come last, from their own random stream
STRUCTURED_LOSSES = ["levels_dpo", "dense_dpo", "mdpo", "rlhf_v"]
# losses whose doc entry has no beta: the cases pass beta explicitly (metrics only)
EXPLICIT_BETA = {"sft": 0.1, "diffusion_sft": 0.1, "diffusion_dro": 0.1}


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

CASES = []


def to_float32(x):
    """Every number of an example structure rounded to float32 (booleans kept)."""
    if isinstance(x, bool):
        return x
    if isinstance(x, (int, float)):
        return float(np.float32(x))
    if isinstance(x, list):
        return [to_float32(v) for v in x]
    if isinstance(x, dict):
        return {k: to_float32(v) for k, v in x.items()}
    return x


def add_case(name, loss_type, params, batches, loss_weights=None):
    obj = LossObject(loss_type, params, loss_weights)
    case = {"name": name, "loss_type": loss_type}
    if loss_weights is not None:
        case["loss_weights"] = loss_weights
    case["params"] = params
    # float32 reference: the same float64 math on inputs rounded to float32, which is what a float32
    # caller actually hands the loss (rounding the inputs is not the loss's error).
    obj32 = LossObject(loss_type, params, loss_weights)
    case["batches"] = [{"examples": exs, "expected": obj.batch(exs),
                        "expected_float32": obj32.batch(to_float32(exs))} for exs in batches]
    CASES.append(case)


def base_params(name):
    return {"beta": EXPLICIT_BETA[name]} if name in EXPLICIT_BETA else {}


def build_cases():
    for name in ALL_LOSSES:
        bp = base_params(name)
        if name == "bco":
            add_case("bco/basic", name, bp, [random_batch(name, 5), random_batch(name, 4), random_batch(name, 6)])
        else:
            add_case(name + "/basic", name, bp, [random_batch(name, 5)])
        pp = dict(bp)
        pp.update(PARAMS_VARIANT[name])
        add_case(name + "/params", name, pp, [random_batch(name, 5, pp)])
        add_case(name + "/single", name, bp, [random_batch(name, 1)])
        add_case(name + "/edge", name, bp, [edge_batch(name)])

    # f-divergences on sigmoid (random batch + edge batch)
    for fname, extra in [("forward_kl", {}), ("js_divergence", {}),
                         ("alpha_divergence", {"f_alpha_divergence_coef": 0.5}),
                         ("alpha_divergence", {"f_alpha_divergence_coef": 2.0})]:
        params = {"f_divergence_type": fname}
        params.update(extra)
        suffix = fname + ("_%g" % extra["f_alpha_divergence_coef"] if extra else "")
        add_case("sigmoid/f_" + suffix, "sigmoid", params, [lm_batch(5), edge_lm()])
    # f-divergence on a few other Ds / sc,sr losses
    add_case("ipo/f_js_divergence", "ipo", {"f_divergence_type": "js_divergence"}, [lm_batch(5)])
    add_case("bco_pair/f_alpha_divergence_2", "bco_pair",
             {"f_divergence_type": "alpha_divergence", "f_alpha_divergence_coef": 2.0}, [lm_batch(5), edge_lm()])

    add_case("ipo/unnormalized", "ipo", {"ipo_normalize_length": False}, [lm_batch(5), edge_lm()])

    # Diffusion-DPO: diffusers beta 2500 == official beta 5000
    b = [diff_example() for _ in range(5)]
    add_case("diffusion_dpo/diffusers_2500", "diffusion_dpo",
             {"beta_convention": "diffusers", "beta": 2500.0}, [b, edge_diffusion()])
    add_case("diffusion_dpo/official_5000_same_batch", "diffusion_dpo", {"beta": 5000.0},
             [b, edge_diffusion()])

    # DSPO with small D, so that c = dspo_weight (1 - s(0.5 b D)) is away from 0 and 1
    small = []
    for _ in range(5):
        e = dspo_example()
        cl = e["policy_chosen"] - e["ref_chosen"]
        e["policy_rejected"] = r6(e["ref_rejected"] + cl - rng.uniform(-1e-3, 1e-3))
        small.append(e)
    add_case("dspo/small_gap", "dspo", {}, [small])

    # WPO on sigmoid (second batch has 0/1 token masks and example weights)
    b1 = [token_example(with_lsm=True) for _ in range(5)]
    b2 = [token_example(weight="mask", with_lsm=True) for _ in range(4)]
    for e in b2:
        for side in ("chosen_tokens", "rejected_tokens"):
            e[side]["weight"][0] = 1.0  # at least one unmasked token
        e["weight"] = r4(rng.uniform(0.2, 2.0))
    add_case("sigmoid/wpo", "sigmoid", {"use_weighting": True}, [b1, b2])

    # LD-DPO on sigmoid
    ld = [token_example(tw=int(rng.integers(2, 12)), tl=int(rng.integers(2, 12))) for _ in range(5)]
    ld[0] = token_example(tw=3, tl=9)
    ld[1] = token_example(tw=10, tl=4)
    ld[2] = token_example(tw=6, tl=6)
    add_case("sigmoid/ld_alpha_ref", "sigmoid", {"ld_alpha": 0.5, "ld_alpha_reference": True}, [ld])
    add_case("sigmoid/ld_alpha_policy_only", "sigmoid", {"ld_alpha": 0.5, "ld_alpha_reference": False}, [ld])

    # RPO
    add_case("sigmoid/rpo_alpha", "sigmoid", {"rpo_alpha": 1.0}, [lm_batch(5), edge_lm()])

    # Combinations
    add_case("combo/sigmoid_sft", ["sigmoid", "sft"], {}, [lm_batch(5), edge_lm()], loss_weights=[1.0, 0.5])
    add_case("combo/mpo", ["sigmoid", "bco_pair", "sft"], {}, [lm_batch(5), edge_lm()],
             loss_weights=[0.8, 0.2, 1.0])
    add_case("combo/sigmoid_hinge_default_weights", ["sigmoid", "hinge"], {}, [lm_batch(4)])

    # per-example weight
    wb = lm_batch(5)
    for e, w in zip(wb, [0.5, 2.0, 1.0, 0.0, 1.7]):
        e["weight"] = w
    add_case("sigmoid/example_weight", "sigmoid", {}, [wb])

    # KTO with / without mismatched KL terms, and paired lines without label
    add_case("kto/with_kl", "kto", {}, [[unpaired_example(bool(i % 2 == 0), kl=True) for i in range(6)],
                                         edge_unpaired(kl=True)])
    add_case("kto/without_kl", "kto", {}, [[unpaired_example(bool(i % 3 != 0)) for i in range(6)]])
    add_case("kto/only_desirable", "kto", {}, [[unpaired_example(True) for _ in range(3)]])
    add_case("kto/only_undesirable", "kto", {}, [[unpaired_example(False) for _ in range(3)]])
    add_case("kto/split_paired", "kto", {}, [lm_batch(4)])
    add_case("bco/split_paired", "bco", {}, [lm_batch(3), lm_batch(2)])
    add_case("diffusion_kto/split_paired", "diffusion_kto", {}, [[diff_example() for _ in range(3)]])
    add_case("diffusion_dpo/rpo_1000", "diffusion_dpo", {"rpo_alpha": 1000.0},
             [[diff_example() for _ in range(4)], edge_diffusion()])

    # Listwise: ragged batch and tied scores
    for name in LISTWISE:
        diff = name == "rank_dpo"
        ragged = [listwise_example(K, diffusion=diff) for K in (2, 5, 3, 4)]
        tied = [listwise_example(K, diffusion=diff, tied=True) for K in (4, 3, 5)]
        tied.append({**listwise_example(3, diffusion=diff), "scores": [2.0, 2.0, 2.0]})
        add_case(name + "/ragged", name, {}, [ragged])
        add_case(name + "/tied", name, {}, [tied])

    # cDPO on denoising errors: margins on both sides of the optimum log((1 - e) / e)
    add_case("diffusion_dpo/cdpo_0.1", "diffusion_dpo", {"label_smoothing": 0.1, "beta": 2000.0},
             [[diff_example() for _ in range(4)], edge_diffusion()])


# ---------------------------------------------------------------------------
# Structured terms (levels, segments, alternative condition, corrected tokens)
# ---------------------------------------------------------------------------

STRUCTURED_SEED = 20261206
# Level weights are dyadic so that float32 holds them exactly (the Java side reads them as doubles).
VIDEO_LEVELS = (("video", 0.75), ("clip", 0.625), ("frame", 0.375))
PHYS_LEVELS = (("instance", 1.0), ("state", 0.5), ("motion", 0.5), ("semantic", 0.25))


def level_terms(diffusion):
    e = diff_example() if diffusion else lm_example()
    return {k: e[k] for k in ("policy_chosen", "policy_rejected", "ref_chosen", "ref_rejected")}


def levels_example(levels=VIDEO_LEVELS, diffusion=False):
    return {"levels": {name: {"weight": w, **level_terms(diffusion)} for name, w in levels}}


def edge_levels():
    """One level with gaps of +-1e4 next to an ordinary one."""
    exs = []
    for e in edge_lm()[:4]:
        pair = {k: e[k] for k in ("policy_chosen", "policy_rejected", "ref_chosen", "ref_rejected")}
        exs.append({"levels": {"video": {"weight": 0.75, **pair}, "frame": {"weight": 0.25, **level_terms(False)}}})
    return exs


def segments_example(F=None, tie_fraction=0.25):
    F = F if F is not None else int(rng.integers(2, 7))
    ref_c, ref_r = -rng.uniform(0.05, 0.95, F), -rng.uniform(0.05, 0.95, F)
    pol_c = ref_c + rng.uniform(-0.004, 0.004, F)
    pol_r = ref_r + rng.uniform(-0.004, 0.004, F)
    labels = np.where(rng.uniform(size=F) < 0.5, 1.0, -1.0)
    labels[rng.uniform(size=F) < tie_fraction] = 0.0
    return {"segments": {"policy_chosen": [r6(v) for v in pol_c], "policy_rejected": [r6(v) for v in pol_r],
                         "ref_chosen": [r6(v) for v in ref_c], "ref_rejected": [r6(v) for v in ref_r],
                         "labels": [float(v) for v in labels]}}


def edge_segments():
    """Segment gaps of +-1e4, an all-tie example (loss log 2) and a single segment."""
    big = {"policy_chosen": [-0.1, -10000.1, -0.2], "policy_rejected": [-0.3, -0.3, -10000.3],
           "ref_chosen": [-10000.1, -0.1, -0.2], "ref_rejected": [-0.3, -0.3, -0.3], "labels": [1.0, -1.0, 1.0]}
    tie = {"policy_chosen": [-0.5, -0.4], "policy_rejected": [-0.2, -0.6], "ref_chosen": [-0.45, -0.4],
           "ref_rejected": [-0.25, -0.6], "labels": [0.0, 0.0]}
    one = {"policy_chosen": [-0.25], "policy_rejected": [-0.5], "ref_chosen": [-0.26], "ref_rejected": [-0.49],
           "labels": [-1.0]}
    return [{"segments": big}, {"segments": tie}, {"segments": one}]


def with_alternative(ex):
    """mDPO: the chosen response under a corrupted condition is less likely under the policy."""
    ex["policy_chosen_alt"] = r4(ex["policy_chosen"] - abs(rng.normal(2.0, 3.0)))
    ex["ref_chosen_alt"] = r4(ex["ref_chosen"] - abs(rng.normal(2.0, 3.0)))
    return ex


def edge_mdpo():
    exs = edge_lm()
    alts = [(-10.0, -10010.0), (-10.0, -10.0), (-10008.0, -8.0), (-50.0, -40.0), (-12.0, -10.0), (-3.0, -3.0)]
    for e, (a, b) in zip(exs, alts):
        e["policy_chosen_alt"], e["ref_chosen_alt"] = a, b
    return exs


def with_corrected(ex, rejected=True):
    """RLHF-V marks: about a third of the tokens corrected (chosen) or hallucinated (rejected)."""
    sides = ("chosen_tokens", "rejected_tokens") if rejected else ("chosen_tokens",)
    for side in sides:
        n = len(ex[side]["policy"])
        ex[side]["corrected"] = [float(v) for v in (rng.uniform(size=n) < 0.35)]
    return ex


def build_structured_cases():
    """Cases of the losses over keyed terms, on their own random stream (the cases above stay unchanged)."""
    global rng
    rng = np.random.default_rng(STRUCTURED_SEED)
    random = {
        "levels_dpo": lambda n: [levels_example() for _ in range(n)],
        "dense_dpo": lambda n: [segments_example() for _ in range(n)],
        "mdpo": lambda n: [with_alternative(e) for e in lm_batch(n)],
        "rlhf_v": lambda n: [with_corrected(token_example()) for _ in range(n)],
    }
    edges = {
        "levels_dpo": edge_levels,
        "dense_dpo": edge_segments,
        "mdpo": edge_mdpo,
        "rlhf_v": lambda: [with_corrected(e) for e in edge_tokens(False, None)],
    }
    variants = {
        "levels_dpo": {"beta": 0.25, "label_smoothing": 0.1},
        "dense_dpo": {"beta": 200.0},
        "mdpo": {"beta": 0.2, "mdpo_conditional_weight": 0.5, "mdpo_anchor_weight": 2.0, "mdpo_anchor": 0.5},
        "rlhf_v": {"beta": 0.1, "rlhfv_gamma": 2.0},
    }
    for name in STRUCTURED_LOSSES:
        add_case(name + "/basic", name, {}, [random[name](5)])
        add_case(name + "/params", name, variants[name], [random[name](5)])
        add_case(name + "/single", name, {}, [random[name](1)])
        add_case(name + "/edge", name, {}, [edges[name]()])
    add_case("levels_dpo/physhpo_diffusion", "levels_dpo", {"beta": 2500.0},
             [[levels_example(PHYS_LEVELS, diffusion=True) for _ in range(4)]])
    weighted = [levels_example() for _ in range(4)]
    for e, w in zip(weighted, [0.5, 2.0, 0.0, 1.25]):
        e["weight"] = w
    add_case("levels_dpo/example_weight", "levels_dpo", {}, [weighted])
    add_case("dense_dpo/ragged", "dense_dpo", {}, [[segments_example(F) for F in (1, 5, 3, 8)]])
    add_case("dense_dpo/no_ties", "dense_dpo", {"beta": 1000.0},
             [[segments_example(4, tie_fraction=0.0) for _ in range(4)]])
    add_case("mdpo/rpo_alpha", "mdpo", {"rpo_alpha": 1.0}, [[with_alternative(e) for e in lm_batch(4)]])
    add_case("rlhf_v/chosen_marks_only", "rlhf_v", {},
             [[with_corrected(token_example(), rejected=False) for _ in range(4)]])
    add_case("rlhf_v/gamma_1_is_mean_dpo", "rlhf_v", {"rlhfv_gamma": 1.0},
             [[with_corrected(token_example()) for _ in range(4)]])


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def check_finite(obj, path="root"):
    if isinstance(obj, float):
        if not math.isfinite(obj):
            raise ValueError("non-finite value at " + path)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            check_finite(v, path + "." + str(k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            check_finite(v, "%s[%d]" % (path, i))


def main():
    with np.errstate(all="raise", under="ignore"):
        build_cases()
        build_structured_cases()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    doc = {"generator": GENERATOR, "cases": CASES}
    check_finite(doc)
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    text = json.dumps(doc, allow_nan=False, separators=(",", ":"))
    with open(OUT_PATH, "w") as f:
        f.write(text)
        f.write("\n")
    print("wrote %s: %d cases, %d bytes" % (OUT_PATH, len(CASES), len(text) + 1))


if __name__ == "__main__":
    main()
