"""A full-size PickScore stand-in for timing: random weights, PickScore's architecture and call signature.

PickScore_v1 is fine-tuned from OpenCLIP's CLIP-ViT-H-14 (laion2B): image tower ViT-H/14 (224 px, patch 14, 32
layers, width 1280, 16 heads, MLP 5120), text tower 24 layers, width 1024, 16 heads, context 77, vocabulary
49,408, both projected to 1,024. No export of the real weights can be had here (docs/rewards.md), so the model
term of docs/spark.md's Pick-a-Pic arithmetic is timed on this graph: the same shapes and operations, so the
same FLOPs (about 167 GFLOPs per image for the image tower) and the same cost in ONNX Runtime. Its scores mean
nothing. One graph with both towers and the logit scale, the registry's `two_tower` joint-graph convention
(models/pickscore/manifest.json): input_ids, attention_mask, pixel_values -> text_embeds, image_embeds,
logit_scale. 986,109,441 parameters: 3.9 GB of external data files beside model.onnx.

    /usr/bin/python3 benchmarks/spark/make-vit-h14-standin.py OUT_MODELS_DIR
writes OUT_MODELS_DIR/pickscore-h14/ (model.onnx, its weight files, manifest.json, tokenizer.json); 5 min here.
"""
import json
import math
import os
import shutil
import sys

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Attention(nn.Module):
    """Multi-head self-attention written out (no fused fast path, so it exports as plain ONNX ops)."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(width, 3 * width)
        self.out = nn.Linear(width, width)

    def forward(self, x, bias):
        b, n, w = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        a = (q @ k.transpose(-1, -2)) / math.sqrt(w // self.heads)
        if bias is not None:
            a = a + bias
        return self.out((a.softmax(-1) @ v).transpose(1, 2).reshape(b, n, w))


class Block(nn.Module):
    """A pre-norm transformer block with a GELU MLP of ratio 4 (OpenCLIP's ViT-H-14 uses GELU)."""

    def __init__(self, width, heads):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.attn = Attention(width, heads)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x, bias=None):
        x = x + self.attn(self.ln1(x), bias)
        return x + self.mlp(self.ln2(x))


class ClipH14(nn.Module):
    def __init__(self):
        super().__init__()
        vw, tw, dim = 1280, 1024, 1024
        self.patch = nn.Conv2d(3, vw, kernel_size=14, stride=14, bias=False)
        self.cls = nn.Parameter(torch.randn(vw) * 0.02)
        self.vpos = nn.Parameter(torch.randn(257, vw) * 0.02)
        self.vpre, self.vpost = nn.LayerNorm(vw), nn.LayerNorm(vw)
        self.vblocks = nn.ModuleList(Block(vw, 16) for _ in range(32))
        self.vproj = nn.Linear(vw, dim, bias=False)
        self.tok = nn.Embedding(49408, tw)
        self.tpos = nn.Parameter(torch.randn(77, tw) * 0.01)
        self.tblocks = nn.ModuleList(Block(tw, 16) for _ in range(24))
        self.tfinal = nn.LayerNorm(tw)
        self.tproj = nn.Linear(tw, dim, bias=False)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(100.0)))

    def forward(self, input_ids, attention_mask, pixel_values):
        x = self.patch(pixel_values).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], 1, -1), x], dim=1) + self.vpos
        x = self.vpre(x)
        for blk in self.vblocks:
            x = blk(x)
        image = self.vproj(self.vpost(x[:, 0]))

        n = input_ids.shape[1]
        t = self.tok(input_ids) + self.tpos[:n]
        causal = torch.full((n, n), float("-inf")).triu(1)
        padding = (1.0 - attention_mask[:, None, None, :].float()) * -1e9
        bias = causal + padding
        for blk in self.tblocks:
            t = blk(t, bias)
        t = self.tfinal(t)
        # pooled at the end-of-text token: the last attended position
        last = attention_mask.sum(-1) - 1
        text = self.tproj(t[torch.arange(t.shape[0]), last])
        return (text / text.norm(dim=-1, keepdim=True), image / image.norm(dim=-1, keepdim=True),
                self.logit_scale)


def main(out_models):
    torch.manual_seed(0)
    model = ClipH14().eval()
    params = sum(p.numel() for p in model.parameters())
    target = os.path.join(out_models, "pickscore-h14")
    os.makedirs(target, exist_ok=True)
    ids = torch.ones(1, 77, dtype=torch.long)
    mask = torch.ones(1, 77, dtype=torch.long)
    pix = torch.zeros(2, 3, 224, 224)
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask, pix), os.path.join(target, "model.onnx"),
                          input_names=["input_ids", "attention_mask", "pixel_values"],
                          output_names=["text_embeds", "image_embeds", "logit_scale"],
                          dynamic_axes={"input_ids": {0: "texts", 1: "tokens"},
                                        "attention_mask": {0: "texts", 1: "tokens"},
                                        "pixel_values": {0: "images"},
                                        "text_embeds": {0: "texts"}, "image_embeds": {0: "images"}},
                          opset_version=14)
    with open(os.path.join(ROOT, "models", "pickscore", "manifest.json")) as f:
        manifest = json.load(f)
    manifest["name"] = "pickscore-h14"
    manifest["description"] = ("Full-size PickScore stand-in for timing (ViT-H/14 + 24-layer text tower, random "
                               "weights, %d parameters); scores mean nothing" % params)
    with open(os.path.join(target, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    shutil.copy(os.path.join(ROOT, "models", "pickscore", "tokenizer.json"), target)
    print("wrote %s: %d parameters" % (target, params))


if __name__ == "__main__":
    main(sys.argv[1])
