"""Writes the TorchScript modules behind dev.align4j.core.nn.FusedOps (run with Debian's /usr/bin/python3,
python3-torch): each is one libtorch kernel where DJL's API composes several (issue 23: SiLU and GroupNorm
took ~5x PyTorch's time per training step as mul + sigmoid and batch norm + broadcast affine).

GroupNorm's group count travels in the input's shape, so one file serves every width: the caller passes
x viewed as [B, G, C/G, ...] and gets [B, C, ...] back (torch.group_norm over x.flatten(1, 2)).

  /usr/bin/python3 tools/fused-ops/make_fused_ops.py core/src/main/resources/dev/align4j/core/nn
"""
import sys

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


def main(out):
    for name, module in [("silu", Silu()), ("group_norm", GroupNorm()), ("group_norm_silu", GroupNormSilu())]:
        torch.jit.script(module).save(f"{out}/{name}.pt")
        print(f"{out}/{name}.pt")


if __name__ == "__main__":
    main(sys.argv[1])
