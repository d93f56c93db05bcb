"""Writes the TorchScript modules behind dev.align4j.core.nn.FusedOps (run with Debian's /usr/bin/python3,
python3-torch): each is one libtorch kernel where DJL's API composes several (issue 23: SiLU and GroupNorm
took ~5x PyTorch's time per training step as mul + sigmoid and batch norm + broadcast affine).

GroupNorm's group count travels in the input's shape, so one file serves every width: the caller passes
x viewed as [B, G, C/G, ...] and gets [B, C, ...] back (torch.group_norm over x.flatten(1, 2)).

  /usr/bin/python3 tools/fused-ops/make_fused_ops.py core/src/main/resources/dev/align4j/core/nn
"""
import math
import sys
from typing import List

import torch


class Silu(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.silu(x)


class GroupNorm(torch.nn.Module):
    def forward(self, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return torch.group_norm(x.flatten(1, 2), x.size(1), weight, bias, 1e-5)


class GroupNormSilu(torch.nn.Module):
    def forward(self, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.silu(torch.group_norm(x.flatten(1, 2), x.size(1), weight, bias, 1e-5))


class AdamW(torch.nn.Module):
    """torch.optim.AdamW's update (foreach form) over lists of tensors, in place; hyper holds
    [lr, beta1, beta2, eps, weight_decay, bias_correction1, bias_correction2]; decay_mask (1 or 0 per param)
    says which params weight decay applies to."""

    def forward(self, params: List[torch.Tensor], grads: List[torch.Tensor], exp_avg: List[torch.Tensor],
                exp_avg_sq: List[torch.Tensor], decay_mask: torch.Tensor, hyper: torch.Tensor) -> torch.Tensor:
        h: List[float] = hyper.tolist()
        lr, beta1, beta2, eps, weight_decay, c1, c2 = h[0], h[1], h[2], h[3], h[4], h[5], h[6]
        if weight_decay > 0:
            mask: List[float] = decay_mask.tolist()
            for i in range(len(params)):
                if mask[i] > 0:
                    params[i].mul_(1 - lr * weight_decay)
        torch._foreach_mul_(exp_avg, beta1)
        torch._foreach_add_(exp_avg, grads, alpha=1 - beta1)
        torch._foreach_mul_(exp_avg_sq, beta2)
        torch._foreach_addcmul_(exp_avg_sq, grads, grads, value=1 - beta2)
        denom = torch._foreach_sqrt(exp_avg_sq)
        torch._foreach_div_(denom, math.sqrt(c2))
        torch._foreach_add_(denom, eps)
        if lr != 0:
            # denom * (c1 / lr) rather than value=-lr / c1: a huge lr (divergence) then gives inf parameters, which
            # the trainer's NaN guard reports, instead of an error converting the scalar to float32.
            torch._foreach_mul_(denom, c1 / lr)
            torch._foreach_addcdiv_(params, exp_avg, denom, value=-1.0)
        return hyper


def main(out):
    for name, module in [("silu", Silu()), ("group_norm", GroupNorm()), ("group_norm_silu", GroupNormSilu()),
                         ("adamw", AdamW())]:
        torch.jit.script(module).save(f"{out}/{name}.pt")
        print(f"{out}/{name}.pt")


if __name__ == "__main__":
    main(sys.argv[1])
