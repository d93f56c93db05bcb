#!/usr/bin/env python3
"""One Diffusion-DPO training step of align4j's shapes UNet, in plain PyTorch.

Reads what `align4j bench dpo-step --export DIR` writes (DIR/index.json + DIR/tensors.bin: every parameter of
the UNet and of the caption encoder as float32 little-endian, the batch, the noise schedule and a reference
computation), rebuilds the same networks module for module as ordinary torch.nn modules, checks that they
compute what align4j computed (caption embeddings, the UNet's output, the loss, the gradient norm and one
parameter's gradient, on the exported fixed draw) and stops if not; then times the training step:

  per step: torch.manual_seed; the captions through the frozen caption encoder (no_grad); one timestep and
  noise per pair, shared by winner and loser; x_t; the frozen reference's forward pass (no_grad); the
  policy's forward and backward pass over the 2B images; the diffusion_dpo loss (official form,
  -logsigmoid(-0.5 beta [(e_w - e_l) - (e_w_ref - e_l_ref)])) and its six metrics read back with .item();
  clip_grad_norm_; torch.optim.AdamW; zero_grad.

and prints the median step time. Needs only torch (Debian's python3-torch 1.13 works).

  python3 diffusion_dpo_peer.py --export DIR [--steps 10] [--warmup 2] [--threads 1] [--json FILE]
"""
import argparse
import copy
import json
import math
import os
import platform
import re
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------------------------------------------------
# The networks, module for module as align4j's dev.align4j.image.unet (same child order, so the parameters
# line up with DJL's names in order: own parameters first, then children in registration order).

class Attention(nn.Module):
    """Multi-head attention of x [B, N, C] over context [B, L, D], no mask; q, k, v without bias."""

    def __init__(self, dim, context_dim, heads):
        super().__init__()
        self.dim, self.heads = dim, heads
        self.q = nn.Linear(dim, dim, bias=False)
        self.k = nn.Linear(context_dim, dim, bias=False)
        self.v = nn.Linear(context_dim, dim, bias=False)
        self.o = nn.Linear(dim, dim)

    def _split(self, x):
        b, n, _ = x.shape
        return x.reshape(b, n, self.heads, self.dim // self.heads).transpose(1, 2)

    def forward(self, x, context):
        b, n, _ = x.shape
        q, k, v = self._split(self.q(x)), self._split(self.k(context)), self._split(self.v(context))
        scale = 1.0 / math.sqrt(self.dim / self.heads)
        scores = (q * scale) @ k.transpose(-1, -2)
        mixed = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, self.dim)
        return self.o(mixed)


class ResBlock(nn.Module):
    """GroupNorm, SiLU, 3x3 conv; + the timestep embedding per channel; GroupNorm, SiLU, 3x3 conv; + skip."""

    def __init__(self, cin, cout, time_dim, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(min(groups, cin), cin, eps=1e-5)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.time = nn.Linear(time_dim, cout)
        self.norm2 = nn.GroupNorm(min(groups, cout), cout, eps=1e-5)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.time(temb)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return (x if self.skip is None else self.skip(x)) + h


class SpatialTransformer(nn.Module):
    """Pixels to tokens; self-attention, cross-attention to the caption, GELU MLP (pre-LN, residual); back."""

    def __init__(self, channels, context_dim, heads, groups):
        super().__init__()
        self.norm = nn.GroupNorm(min(groups, channels), channels, eps=1e-5)
        self.ln1 = nn.LayerNorm(channels)
        self.attn1 = Attention(channels, channels, heads)
        self.ln2 = nn.LayerNorm(channels)
        self.attn2 = Attention(channels, context_dim, heads)
        self.ln3 = nn.LayerNorm(channels)
        self.mlp_in = nn.Linear(channels, 2 * channels)
        self.mlp_out = nn.Linear(2 * channels, channels)

    def forward(self, x, context):
        b, c, hh, ww = x.shape
        h = self.norm(x).reshape(b, c, hh * ww).transpose(1, 2)
        n1 = self.ln1(h)
        h = h + self.attn1(n1, n1)
        h = h + self.attn2(self.ln2(h), context)
        h = h + self.mlp_out(F.gelu(self.mlp_in(self.ln3(h))))
        return x + h.transpose(1, 2).reshape(b, c, hh, ww)


class UNet(nn.Module):
    """align4j's UNet (dev.align4j.image.unet.UNet): timestep MLP + pooled caption, ResBlock per level with a
    stride-2 conv down, cross-attention at the lowest level, middle, ResBlocks over [up, skip], 2x nearest up."""

    def __init__(self, cfg):
        super().__init__()
        ch = cfg["block_out_channels"]
        td, g, cd, heads = cfg["time_embed_dim"], cfg["norm_num_groups"], cfg["cross_attention_dim"], cfg["attention_heads"]
        self.levels = len(ch)
        self.time_features = ch[0]
        lowest = ch[-1]
        self.time_in = nn.Linear(ch[0], td)
        self.time_out = nn.Linear(td, td)
        self.caption_in = nn.Linear(cd, td)
        self.conv_in = nn.Conv2d(cfg["in_channels"], ch[0], 3, padding=1)
        width = ch[0]
        for i in range(self.levels):  # registered interleaved, as the Java constructor adds them
            setattr(self, f"down{i}", ResBlock(width, ch[i], td, g))
            width = ch[i]
            if i < self.levels - 1:
                setattr(self, f"downsample{i}", nn.Conv2d(width, width, 3, stride=2, padding=1))
        self.down_attn = SpatialTransformer(lowest, cd, heads, g)
        self.mid1 = ResBlock(lowest, lowest, td, g)
        self.mid_attn = SpatialTransformer(lowest, cd, heads, g)
        self.mid2 = ResBlock(lowest, lowest, td, g)
        width = lowest
        for i in reversed(range(self.levels)):
            setattr(self, f"up{i}", ResBlock(width + ch[i], ch[i], td, g))
            width = ch[i]
        self.up_attn = SpatialTransformer(lowest, cd, heads, g)
        self.norm_out = nn.GroupNorm(min(g, ch[0]), ch[0], eps=1e-5)
        self.conv_out = nn.Conv2d(ch[0], cfg["in_channels"], 3, padding=1)
        half = self.time_features // 2
        freqs = torch.tensor([math.exp(-math.log(10000) * i / half) for i in range(half)], dtype=torch.float32)
        self.register_buffer("freqs", freqs[None, :], persistent=False)

    def sinusoidal(self, t):
        args = t.to(torch.float32)[:, None] * self.freqs
        return torch.cat([args.cos(), args.sin()], dim=1)

    def forward(self, x, t, context):
        temb = self.time_out(F.silu(self.time_in(self.sinusoidal(t))))
        temb = F.silu(temb + self.caption_in(context.mean(1)))
        h = self.conv_in(x)
        skips = []
        for i in range(self.levels):
            h = getattr(self, f"down{i}")(h, temb)
            if i == self.levels - 1:
                h = self.down_attn(h, context)
            skips.append(h)
            if i < self.levels - 1:
                h = getattr(self, f"downsample{i}")(h)
        h = self.mid2(self.mid_attn(self.mid1(h, temb), context), temb)
        for j, i in enumerate(reversed(range(self.levels))):
            h = getattr(self, f"up{i}")(torch.cat([h, skips.pop()], dim=1), temb)
            if j == 0:
                h = self.up_attn(h, context)
            if j < self.levels - 1:
                h = F.interpolate(h, scale_factor=2, mode="nearest")
        return self.conv_out(F.silu(self.norm_out(h)))


class EncoderLayer(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, dim, heads)
        self.ln2 = nn.LayerNorm(dim)
        self.mlp_in = nn.Linear(dim, 2 * dim)
        self.mlp_out = nn.Linear(2 * dim, dim)

    def forward(self, h):
        n = self.ln1(h)
        h = h + self.attn(n, n)
        return h + self.mlp_out(F.gelu(self.mlp_in(self.ln2(h))))


class CaptionEncoder(nn.Module):
    """align4j's WordCaptionEncoder: token + position embeddings, pre-LN transformer layers, final LayerNorm."""

    def __init__(self, cfg):
        super().__init__()
        d = cfg["hidden_size"]
        self.tok_emb = nn.Parameter(torch.empty(len(cfg["vocabulary"]) + 2, d))
        self.pos_emb = nn.Parameter(torch.empty(cfg["max_length"], d))
        self.layers = nn.ModuleList([EncoderLayer(d, cfg["num_heads"]) for _ in range(cfg["num_layers"])])
        self.ln_f = nn.LayerNorm(d)

    def forward(self, tokens):
        h = F.embedding(tokens, self.tok_emb) + self.pos_emb
        for layer in self.layers:
            h = layer(h)
        return self.ln_f(h)


# ---------------------------------------------------------------------------------------------------------
# The export

KIND = {"weight": ("weight",), "bias": ("bias",), "gamma": ("weight",), "beta": ("bias",)}


class Export:
    def __init__(self, directory):
        self.dir = directory
        with open(os.path.join(directory, "index.json")) as f:
            self.index = json.load(f)
        if self.index.get("format") != "align4j-diffusion-dpo-peer" or self.index.get("version") != 1:
            sys.exit(f"diffusion_dpo_peer.py: {directory}/index.json is not an align4j-diffusion-dpo-peer v1 export")
        with open(os.path.join(directory, self.index["tensors"]), "rb") as f:
            self.blob = bytearray(f.read())
        if len(self.blob) != self.index["tensors_bytes"]:
            sys.exit(f"diffusion_dpo_peer.py: {self.index['tensors']} has {len(self.blob)} bytes, the index says "
                     f"{self.index['tensors_bytes']}")
        if sys.byteorder != "little":
            sys.exit("diffusion_dpo_peer.py: the export is little-endian; this machine is not")

    def array(self, entry):
        n = math.prod(entry["shape"])
        t = torch.frombuffer(self.blob, dtype=torch.float32, count=n, offset=entry["offset"])
        return t.reshape(entry["shape"]).clone()

    def load(self, module, key):
        """Copies the exported parameters into module in order, checking shapes and kinds against DJL's names."""
        saved = self.index[key]["params"]
        mine = list(module.named_parameters())
        if len(saved) != len(mine):
            sys.exit(f"diffusion_dpo_peer.py: {key}: {len(saved)} exported parameters, the torch module has {len(mine)}")
        with torch.no_grad():
            for entry, (name, p) in zip(saved, mine):
                djl = entry["name"]
                kind = djl.rsplit("_", 1)[-1]
                ok_kind = name.endswith(KIND[kind]) if kind in KIND else name.endswith(djl)
                if list(p.shape) != entry["shape"] or not ok_kind:
                    sys.exit(f"diffusion_dpo_peer.py: {key}: {djl} {entry['shape']} does not line up with torch's "
                             f"{name} {list(p.shape)}")
                p.copy_(self.array(entry))


def relative(a, b):
    return (a - b).abs().max().item() / max(b.abs().max().item(), 1e-12)


# ---------------------------------------------------------------------------------------------------------
# The step

class Step:
    def __init__(self, export, foreach=None):
        ix = export.index
        s = ix["settings"]
        self.batch = s["batch_size"]
        self.beta = s["beta"]
        self.max_grad_norm = s["max_grad_norm"]
        self.seed = s["seed"]
        self.t_range = (s["min_timestep"], s["max_timestep"])
        if s["beta_convention"] != "official" or s["loss"] != "diffusion_dpo":
            sys.exit("diffusion_dpo_peer.py: only diffusion_dpo in the official convention")
        if s["prediction_type"] not in ("epsilon", "v_prediction"):
            sys.exit("diffusion_dpo_peer.py: unknown prediction type " + s["prediction_type"])
        self.v_prediction = s["prediction_type"] == "v_prediction"
        self.encoder = CaptionEncoder(ix["caption_encoder"]["config"])
        export.load(self.encoder, "caption_encoder")
        self.encoder.requires_grad_(False).eval()
        self.policy = UNet(ix["unet"]["config"])
        export.load(self.policy, "unet")
        self.reference = copy.deepcopy(self.policy).requires_grad_(False).eval()
        abar = torch.tensor(ix["schedule"]["alphas_cumprod"], dtype=torch.float64)
        # per-timestep coefficients computed in double and rounded to float32, as align4j's NoiseSchedule does
        self.sqrt_abar = abar.sqrt().to(torch.float32)
        self.sqrt_one_minus = (1 - abar).sqrt().to(torch.float32)
        self.tokens = torch.tensor(ix["batch"]["tokens"], dtype=torch.int64)
        self.x0 = export.array(ix["batch"]["x0"])
        params = list(self.policy.parameters())
        decay = [p for p in params if p.dim() > 1]
        no_decay = [p for p in params if p.dim() <= 1]
        self.params = params
        self.optimizer = torch.optim.AdamW(
            [{"params": decay, "weight_decay": s["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}],
            lr=s["learning_rate"], betas=(s["adam_beta1"], s["adam_beta2"]), eps=s["adam_epsilon"],
            **({} if foreach is None else {"foreach": foreach}))

    def context(self):
        with torch.no_grad():
            ctx = self.encoder(self.tokens)
        return torch.cat([ctx, ctx], 0), ctx

    def loss(self, t2, eps2, ctx2):
        """The Diffusion-DPO loss and its metrics for timesteps t2 [2B] and noise eps2 [2B, C, H, W]."""
        b = self.batch
        a = self.sqrt_abar[t2].view(-1, 1, 1, 1)
        s = self.sqrt_one_minus[t2].view(-1, 1, 1, 1)
        xt = self.x0 * a + eps2 * s
        # the regression target: eps, or the velocity v = sqrt(abar) eps - sqrt(1 - abar) x0
        target = eps2 * a - self.x0 * s if self.v_prediction else eps2
        with torch.no_grad():  # the reference first, as align4j
            ref = (self.reference(xt, t2, ctx2) - target).square().mean((1, 2, 3))
        prediction = self.policy(xt, t2, ctx2)
        err = (prediction - target).square().mean((1, 2, 3))
        pc, pr, rc, rr = -err[:b], -err[b:], -ref[:b], -ref[b:]
        margin = (pc - pr) - (rc - rr)
        loss = -F.logsigmoid(0.5 * self.beta * margin).mean()
        with torch.no_grad():
            chosen, rejected = self.beta * (pc - rc), self.beta * (pr - rr)
            metrics = {"rewards/chosen": chosen.mean(), "rewards/rejected": rejected.mean(),
                       "rewards/margins": (chosen - rejected).mean(),
                       "rewards/accuracies": (chosen > rejected).float().mean(),
                       "logps/chosen": pc.mean(), "logps/rejected": pr.mean()}
        return loss, metrics, prediction, err

    def train_step(self, k):
        torch.manual_seed(self.seed * 31 + k)
        ctx2, _ = self.context()
        t = torch.randint(self.t_range[0], self.t_range[1] + 1, (self.batch,))
        eps = torch.randn(self.batch, *self.x0.shape[1:])
        loss, metrics, _, _ = self.loss(torch.cat([t, t]), torch.cat([eps, eps]), ctx2)
        loss.backward()
        value = loss.item()
        for m in metrics.values():
            m.item()
        if self.max_grad_norm > 0:
            torch.nn.utils.clip_grad_norm_(self.params, self.max_grad_norm)
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        return value

    def check(self, export, tolerance):
        """Compares with align4j's computation on the exported draw; returns the differences, or exits."""
        c = export.index["check"]
        ctx2, ctx = self.context()
        t2 = torch.tensor(c["timesteps"], dtype=torch.int64)
        eps2 = export.array(c["noise"])
        loss, _, prediction, err = self.loss(t2, eps2, ctx2)
        loss.backward()
        norm = math.sqrt(sum(p.grad.double().square().sum().item() for p in self.params))
        sample = dict(self.policy.named_parameters())["conv_out.bias"].grad
        found = {
            "context": relative(ctx, export.array(c["context"])),
            "unet_output": relative(prediction.detach(), export.array(c["unet_output"])),
            "policy_errors": relative(err.detach(), torch.tensor(c["policy_errors"])),
            "loss": abs(loss.item() - c["loss"]) / max(abs(c["loss"]), 1e-12),
            "grad_norm": abs(norm - c["grad_norm"]) / max(c["grad_norm"], 1e-12),
            "grad_sample": relative(sample, export.array(c["grad_sample"])),
        }
        worst = None
        for (name, p), theirs in zip(self.policy.named_parameters(), c.get("grad_square_sums", [])):
            mine = p.grad.double().square().sum().item()
            d = abs(mine - theirs) / max(theirs, 1e-12)
            if os.environ.get("PEER_DEBUG"):  # every parameter's squared gradient norm, both sides
                print(f"{name:40s} peer {mine:12.4f} align4j {theirs:12.4f} rel {d:.2e}", file=sys.stderr)
            if worst is None or d > worst[1]:
                worst = (name, d)
        if worst is not None:
            found["grad_of " + worst[0]] = worst[1]
        self.optimizer.zero_grad(set_to_none=True)
        # the gradient goes through beta 5000 x a difference of errors: looser than the forward pass
        limits = {k: (tolerance if k in ("context", "unet_output", "policy_errors", "loss") else 100 * tolerance)
                  for k in found}
        bad = {k: v for k, v in found.items() if not v <= limits[k]}
        if bad:
            sys.exit("diffusion_dpo_peer.py: PyTorch differs from align4j (largest relative difference): "
                     + ", ".join(f"{k} {v:.2e} (limit {limits[k]:.0e})" for k, v in bad.items()))
        return found


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def blas():
    """The BLAS this process runs: the build's BLAS_INFO and the BLAS libraries actually mapped (a "generic"
    build loads whatever libblas.so.3 resolves to: Debian's alternative, or LD_LIBRARY_PATH's)."""
    found = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    info = found.group(1) if found else "unknown"
    libs = []
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path)
                if ("blas" in name or "mkl" in name) and path not in libs:
                    libs.append(path)
    except OSError:
        pass
    return info + (" (" + ", ".join(os.path.basename(os.path.realpath(x)) for x in libs) + ")" if libs else "")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--export", required=True, help="the directory `align4j bench dpo-step --export` wrote")
    ap.add_argument("--steps", type=int, default=10, help="timed steps (default 10)")
    ap.add_argument("--warmup", type=int, default=2, help="untimed steps first (default 2)")
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads (default 1, as align4j's run)")
    ap.add_argument("--interop-threads", type=int, default=1, help="torch inter-op threads (default 1)")
    ap.add_argument("--tolerance", type=float, default=1e-5,
                    help="relative difference allowed by the check (default 1e-5; 100x for the gradients)")
    ap.add_argument("--foreach", choices=["default", "on", "off"], default="default",
                    help="torch.optim.AdamW's foreach implementation (default: torch's choice)")
    ap.add_argument("--json", help="also write the timing as JSON")
    ap.add_argument("--profile", help="torch.profiler over the timed steps, as a Chrome trace (inflates the times)")
    a = ap.parse_args()
    if a.steps < 1 or a.warmup < 1:
        sys.exit("diffusion_dpo_peer.py: --steps and --warmup must be >= 1")
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.interop_threads)
    export = Export(a.export)
    step = Step(export, foreach={"default": None, "on": True, "off": False}[a.foreach])
    found = step.check(export, a.tolerance)
    b = step.batch
    print(f"Diffusion-DPO step, PyTorch {torch.__version__}: {b} pairs ({2 * b} images "
          f"{step.x0.shape[-1]}px), {a.warmup} warm-up + {a.steps} timed steps, torch threads "
          f"{torch.get_num_threads()}, interop {torch.get_num_interop_threads()}")
    print(f"BLAS: {blas()}")
    print("check against align4j (largest relative difference): "
          + ", ".join(f"{k} {v:.1e}" for k, v in found.items()))
    losses, times = [], []
    profiler = None
    last = time.perf_counter()
    for k in range(a.warmup + a.steps):
        if a.profile and k == a.warmup:
            profiler = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU])
            profiler.__enter__()
        losses.append(step.train_step(k))
        now = time.perf_counter()
        if k >= a.warmup:
            times.append((now - last) * 1000)
        last = now
    if profiler is not None:
        profiler.__exit__(None, None, None)
        profiler.export_chrome_trace(a.profile)
        print(f"wrote {a.profile} (profiled: the times include the profiler's overhead)")
    median = statistics.median(times)
    print(f"median {median:.1f} ms/step ({1000 / median:.2f} steps/s), min {min(times):.1f}, max {max(times):.1f}; "
          f"loss {losses[0]:.4f} -> {losses[-1]:.4f}")
    if a.json:
        doc = {"side": "pytorch", "torch": torch.__version__, "blas": blas(),
               "machine": {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version()},
               "threads": torch.get_num_threads(), "interop_threads": torch.get_num_interop_threads(),
               "batch_size": b, "warmup": a.warmup, "steps": a.steps, "median_ms": median,
               "steps_per_s": 1000 / median, "min_ms": min(times), "max_ms": max(times), "step_ms": times,
               "losses": losses, "check": found}
        with open(a.json, "w") as f:
            json.dump(doc, f, indent=2)
        print(f"wrote {a.json}")


if __name__ == "__main__":
    main()
