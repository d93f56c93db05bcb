#!/usr/bin/env python3
"""The PyTorch side of `bench throughput`'s scoring: the same reward model, the same images, the same work.

For each batch: decode the encoded images with Pillow (convert("RGB")), CLIP-preprocess them with Pillow +
numpy exactly as the reference pipelines do (HF CLIPImageProcessor's resize + centre crop, or HPSv2's
resize-longest + zero pad; float32 normalisation), tokenise the batch's distinct prompts with the model's
tokenizer.json (CLIP BPE, a small re-implementation for plain-ASCII prompts), run the model's ONNX graphs
as eager PyTorch ops under torch.inference_mode(), and apply the manifest's score formula.

The ONNX graphs are executed by a small interpreter: the protobuf is parsed here (no `onnx` package) and
each node maps to the torch op of the same meaning, weights taken from the graph's initializers. So both
sides use identical weights and compute the same function; --check-scores compares the scores with
align4j's (`bench throughput --save-scores`) and fails on a mismatch, which proves it.

Decoding and preprocessing run on --workers threads (default: one per core; Pillow's decoder and resampler
and numpy's arithmetic release the GIL), so on a batch this side uses every core as align4j does.

Needs Debian's python3-torch and python3-pil (apt-get install python3-torch python3-pil python3-numpy).
Supported: `two_tower` models (CLIP score, PickScore, HPSv2) whose graphs use the operators in OPS below.
"""
import argparse
import glob
import io
import json
import os
import re
import statistics
import struct
import sys
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
    from PIL import Image
except ImportError as e:  # pragma: no cover
    sys.exit(f"scoring_peer: {e.name} is missing: apt-get install python3-torch python3-pil python3-numpy")


# ---------------------------------------------------------------- protobuf wire format (ONNX subset)

def _varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, i
        shift += 7


def _fields(buf):
    """Yields (field number, wire type, value) of one message: ints for varints, bytes for the rest."""
    i, n = 0, len(buf)
    while i < n:
        key, i = _varint(buf, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            v, i = _varint(buf, i)
        elif wire == 1:
            v, i = buf[i:i + 8], i + 8
        elif wire == 2:
            ln, i = _varint(buf, i)
            v, i = buf[i:i + ln], i + ln
        elif wire == 5:
            v, i = buf[i:i + 4], i + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield field, wire, v


def _signed(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def _ints(wire, v):
    if wire == 0:
        return [_signed(v)]
    out, i = [], 0
    while i < len(v):
        x, i = _varint(v, i)
        out.append(_signed(x))
    return out


def _floats(wire, v):
    return list(struct.unpack(f"<{len(v) // 4}f", v))


DTYPES = {1: torch.float32, 6: torch.int32, 7: torch.int64, 9: torch.bool, 10: torch.float16, 11: torch.float64}
NP_DTYPES = {1: np.float32, 6: np.int32, 7: np.int64, 9: np.bool_, 10: np.float16, 11: np.float64}


def _tensor(buf):
    dims, dtype, name, raw, floats, ints32, ints64, doubles = [], 1, "", None, [], [], [], []
    for f, w, v in _fields(buf):
        if f == 1:
            dims += _ints(w, v)
        elif f == 2:
            dtype = v
        elif f == 4:
            floats += _floats(w, v) if w == 2 else list(struct.unpack("<f", v))
        elif f == 5:
            ints32 += _ints(w, v)
        elif f == 7:
            ints64 += _ints(w, v)
        elif f == 8:
            name = v.decode()
        elif f == 9:
            raw = bytes(v)
        elif f == 10:
            doubles += list(struct.unpack(f"<{len(v) // 8}d", v)) if w == 2 else list(struct.unpack("<d", v))
    if raw is not None:
        arr = np.frombuffer(raw, dtype=NP_DTYPES[dtype]).copy()
    elif dtype == 1:
        arr = np.array(floats, dtype=np.float32)
    elif dtype == 7:
        arr = np.array(ints64, dtype=np.int64)
    elif dtype == 11:
        arr = np.array(doubles, dtype=np.float64)
    else:
        arr = np.array(ints32, dtype=NP_DTYPES[dtype])
    return name, torch.from_numpy(arr.reshape(dims))


def _attribute(buf):
    name, value, ints, floats = "", None, [], []
    for f, w, v in _fields(buf):
        if f == 1:
            name = v.decode()
        elif f == 2:
            value = struct.unpack("<f", v)[0]
        elif f == 3:
            value = _signed(v)
        elif f == 4:
            value = bytes(v)
        elif f == 5:
            value = _tensor(v)[1]
        elif f == 7:
            floats += _floats(w, v) if w == 2 else list(struct.unpack("<f", v))
        elif f == 8:
            ints += _ints(w, v)
    if value is None:
        value = ints if ints else floats
    return name, value


class Graph:
    """An ONNX graph as a list of nodes over named tensors, run with eager PyTorch ops."""

    def __init__(self, path):
        with open(path, "rb") as fh:
            model = fh.read()
        graph = next(v for f, w, v in _fields(model) if f == 7)
        self.nodes, self.weights, self.inputs, self.outputs = [], {}, [], []
        for f, w, v in _fields(graph):
            if f == 1:
                node = {"inputs": [], "outputs": [], "op": "", "attrs": {}}
                for nf, nw, nv in _fields(v):
                    if nf == 1:
                        node["inputs"].append(nv.decode())
                    elif nf == 2:
                        node["outputs"].append(nv.decode())
                    elif nf == 4:
                        node["op"] = nv.decode()
                    elif nf == 5:
                        k, a = _attribute(nv)
                        node["attrs"][k] = a
                self.nodes.append(node)
            elif f == 5:
                name, t = _tensor(v)
                self.weights[name] = t
            elif f == 11:
                self.inputs.append(next(iv.decode() for ff, ww, iv in _fields(v) if ff == 1))
            elif f == 12:
                self.outputs.append(next(iv.decode() for ff, ww, iv in _fields(v) if ff == 1))
        self.inputs = [i for i in self.inputs if i not in self.weights]
        for n in self.nodes:
            if n["op"] not in OPS:
                raise SystemExit(f"scoring_peer: {path}: operator {n['op']} is not supported by this interpreter")

    def run(self, feeds):
        env = dict(self.weights)
        env.update(feeds)
        for n in self.nodes:
            args = [env[i] if i else None for i in n["inputs"]]
            out = OPS[n["op"]](args, n["attrs"])
            outs = out if isinstance(out, tuple) else (out,)
            for name, value in zip(n["outputs"], outs):
                env[name] = value
        return {o: env[o] for o in self.outputs}


def _axes(args, attrs, position=1):
    if len(args) > position and args[position] is not None:
        return [int(a) for a in args[position].tolist()]
    return attrs.get("axes")


def _reduce(fn):
    def op(args, attrs):
        x = args[0]
        axes = _axes(args, attrs)
        keep = bool(attrs.get("keepdims", 1))
        if not axes:
            return fn(x, dim=tuple(range(x.dim())), keepdim=keep)
        return fn(x, dim=tuple(axes), keepdim=keep)
    return op


def _gemm(args, attrs):
    a, b = args[0], args[1]
    if attrs.get("transA", 0):
        a = a.t()
    if attrs.get("transB", 0):
        b = b.t()
    y = attrs.get("alpha", 1.0) * (a @ b)
    if len(args) > 2 and args[2] is not None:
        y = y + attrs.get("beta", 1.0) * args[2]
    return y


def _pool(fn):
    def op(args, attrs):
        k = attrs["kernel_shape"]
        pads = attrs.get("pads", [0] * (2 * len(k)))
        if any(pads[:len(k)][i] != pads[len(k):][i] for i in range(len(k))):
            raise SystemExit("scoring_peer: asymmetric pooling pads are not supported")
        return fn(args[0], k, attrs.get("strides", k), pads[:len(k)])
    return op


def _conv(args, attrs):
    x, w = args[0], args[1]
    b = args[2] if len(args) > 2 else None
    nd = w.dim() - 2
    pads = attrs.get("pads", [0] * (2 * nd))
    conv = F.conv2d if nd == 2 else F.conv1d
    return conv(x, w, b, attrs.get("strides", [1] * nd), pads[:nd], attrs.get("dilations", [1] * nd), attrs.get("group", 1))


def _flatten(args, attrs):
    x = args[0]
    axis = attrs.get("axis", 1)
    return x.reshape(int(np.prod(x.shape[:axis])) if axis else 1, -1)


def _reshape(args, attrs):
    shape = [int(s) for s in args[1].tolist()]
    shape = [args[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return args[0].reshape(shape)


def _layer_norm(args, attrs):
    x, scale = args[0], args[1]
    bias = args[2] if len(args) > 2 else None
    axis = attrs.get("axis", -1) % x.dim()
    return F.layer_norm(x, x.shape[axis:], scale, bias, attrs.get("epsilon", 1e-5))


OPS = {
    "Add": lambda a, k: a[0] + a[1],
    "Sub": lambda a, k: a[0] - a[1],
    "Mul": lambda a, k: a[0] * a[1],
    "Div": lambda a, k: a[0] / a[1],
    "Pow": lambda a, k: torch.pow(a[0], a[1]),
    "Neg": lambda a, k: -a[0],
    "Abs": lambda a, k: a[0].abs(),
    "Exp": lambda a, k: a[0].exp(),
    "Log": lambda a, k: a[0].log(),
    "Sqrt": lambda a, k: a[0].sqrt(),
    "Tanh": lambda a, k: a[0].tanh(),
    "Relu": lambda a, k: a[0].relu(),
    "Sigmoid": lambda a, k: a[0].sigmoid(),
    "Erf": lambda a, k: torch.erf(a[0]),
    "Max": lambda a, k: torch.maximum(a[0], a[1]),
    "Min": lambda a, k: torch.minimum(a[0], a[1]),
    "Identity": lambda a, k: a[0],
    "Cast": lambda a, k: a[0].to(DTYPES[k["to"]]),
    "Gather": lambda a, k: torch.index_select(a[0], k.get("axis", 0), a[1].reshape(-1).long()).reshape(
        a[0].shape[:k.get("axis", 0) % a[0].dim()] + a[1].shape + a[0].shape[k.get("axis", 0) % a[0].dim() + 1:]),
    "Unsqueeze": lambda a, k: a[0].reshape(_unsqueezed(a[0].shape, _axes(a, k))),
    "Squeeze": lambda a, k: a[0].squeeze() if not _axes(a, k) else a[0].reshape(
        [d for i, d in enumerate(a[0].shape) if i not in [x % a[0].dim() for x in _axes(a, k)]]),
    "ReduceSum": _reduce(torch.sum),
    "ReduceMean": _reduce(torch.mean),
    "ReduceMax": _reduce(lambda x, dim, keepdim: torch.amax(x, dim=dim, keepdim=keepdim)),
    "Gemm": _gemm,
    "MatMul": lambda a, k: torch.matmul(a[0], a[1]),
    "AveragePool": _pool(lambda x, k, s, p: F.avg_pool2d(x, k, s, p, count_include_pad=False)),
    "MaxPool": _pool(lambda x, k, s, p: F.max_pool2d(x, k, s, p)),
    "GlobalAveragePool": lambda a, k: a[0].mean(dim=tuple(range(2, a[0].dim())), keepdim=True),
    "Conv": _conv,
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Transpose": lambda a, k: a[0].permute(k.get("perm", list(reversed(range(a[0].dim()))))),
    "Concat": lambda a, k: torch.cat(a, dim=k["axis"]),
    "Softmax": lambda a, k: torch.softmax(a[0], dim=k.get("axis", -1)),
    "LayerNormalization": _layer_norm,
    "Constant": lambda a, k: k["value"],
    "Shape": lambda a, k: torch.tensor(a[0].shape, dtype=torch.int64),
}


def _unsqueezed(shape, axes):
    out = list(shape)
    for ax in sorted(x % (len(shape) + len(axes)) for x in axes):
        out.insert(ax, 1)
    return out


# ---------------------------------------------------------------- tokenizer (CLIP BPE from tokenizer.json)

def _bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


class ClipBpe:
    """CLIP's BPE as its tokenizer.json states it: NFC, whitespace runs to one space, lowercase, CLIP's
    split pattern (letters as [^\\W\\d_], exact for ASCII), byte-level symbols, merges by rank with '</w>'
    ending each word, start and end tokens, truncation keeping the end token, padding with the pad token."""
    PATTERN = re.compile(r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d|(?:[^\s\w]|_)+")

    def __init__(self, path, max_length, pad_token):
        with open(path, encoding="utf-8") as fh:
            t = json.load(fh)
        m = t["model"]
        self.vocab = m["vocab"]
        merges = [tuple(x.split(" ")) if isinstance(x, str) else tuple(x) for x in m["merges"]]
        self.ranks = {p: i for i, p in enumerate(merges)}
        self.suffix = m.get("end_of_word_suffix") or ""
        self.unk = self.vocab.get(m.get("unk_token") or "", None)
        self.start = self.vocab["<|startoftext|>"]
        self.end = self.vocab["<|endoftext|>"]
        self.pad = self.vocab[pad_token]
        self.max_length = max_length
        self.byte_map = _bytes_to_unicode()
        self.cache = {}

    def _word(self, word):
        if word in self.cache:
            return self.cache[word]
        symbols = list(word)
        symbols[-1] += self.suffix
        while len(symbols) > 1:
            pairs = [(self.ranks.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(symbols, symbols[1:]))]
            rank, i = min(pairs)
            if rank == 1 << 30:
                break
            symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
        ids = [self.vocab.get(s, self.unk) for s in symbols]
        ids = [i for i in ids if i is not None]
        self.cache[word] = ids
        return ids

    def encode(self, prompts):
        rows = len(prompts)
        ids = torch.full((rows, self.max_length), self.pad, dtype=torch.int64)
        mask = torch.zeros((rows, self.max_length), dtype=torch.int64)
        for r, p in enumerate(prompts):
            text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", p)).lower()
            body = []
            for piece in self.PATTERN.findall(text):
                body += self._word("".join(self.byte_map[b] for b in piece.encode("utf-8")))
            seq = [self.start] + body[:self.max_length - 2] + [self.end]
            ids[r, :len(seq)] = torch.tensor(seq)
            mask[r, :len(seq)] = 1
        return ids, mask


# ---------------------------------------------------------------- preprocessing (Pillow + numpy)

class Preprocess:
    def __init__(self, spec):
        self.mode, self.size = spec["mode"], spec["size"]
        self.mean = np.array(spec["mean"], dtype=np.float32)
        self.std = np.array(spec["std"], dtype=np.float32)

    def __call__(self, data):
        im = Image.open(io.BytesIO(data)).convert("RGB")
        w, h = im.size
        s = self.size
        if self.mode == "hps_pad":
            if (w, h) != (s, s):
                scale = s / max(h, w)
                if scale != 1.0:
                    im = im.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.BICUBIC)
                canvas = Image.new("RGB", (s, s))
                canvas.paste(im, ((s - im.size[0]) // 2, (s - im.size[1]) // 2))
                im = canvas
        else:  # clip_center_crop: HF CLIPImageProcessor
            short, long_ = min(w, h), max(w, h)
            other = int(s * long_ / short)
            im = im.resize((s, other) if w <= h else (other, s), Image.BICUBIC)
            nw, nh = im.size
            top, left = (nh - s) // 2, (nw - s) // 2
            im = im.crop((left, top, left + s, top + s))
        x = np.asarray(im, dtype=np.uint8).astype(np.float32) / np.float32(255)
        return ((x - self.mean) / self.std).transpose(2, 0, 1)


# ---------------------------------------------------------------- the model

class TwoTower:
    def __init__(self, model_dir, workers=1):
        self.pool = ThreadPoolExecutor(workers) if workers > 1 else None
        with open(os.path.join(model_dir, "manifest.json")) as fh:
            m = json.load(fh)
        if m["kind"] != "two_tower":
            raise SystemExit(f"scoring_peer: {m['name']} is {m['kind']}; only two_tower models are supported")
        self.m = m
        files = {k: os.path.join(model_dir, v) for k, v in m["files"].items()}
        self.joint = Graph(files["model"]) if "model" in files else None
        self.text = None if self.joint else Graph(files["text_model"])
        self.vision = None if self.joint else Graph(files["vision_model"])
        text = m.get("text", {})
        self.tokenizer = ClipBpe(files["tokenizer"], text.get("max_length", 77), text.get("pad_token", "<|endoftext|>"))
        self.preprocess = Preprocess(m["preprocessing"])
        self.io = {**m["inputs"], **{"o_" + k: v for k, v in m["outputs"].items()}}

    def _text_feeds(self, graph, ids, mask):
        feeds = {self.io["input_ids"]: ids}
        if self.io.get("attention_mask") in graph.inputs:
            feeds[self.io["attention_mask"]] = mask
        return feeds

    def score(self, prompts, encoded):
        arrays = self.pool.map(self.preprocess, encoded) if self.pool and len(encoded) > 1 else map(self.preprocess, encoded)
        pixels = torch.from_numpy(np.stack(list(arrays)))
        distinct = list(dict.fromkeys(prompts))
        ids, mask = self.tokenizer.encode(distinct)
        if self.joint:
            out = self.joint.run({**self._text_feeds(self.joint, ids, mask), self.io["pixel_values"]: pixels})
        else:
            out = self.text.run(self._text_feeds(self.text, ids, mask))
            out.update(self.vision.run({self.io["pixel_values"]: pixels}))
        t = out[self.io["o_text_embeds"]].double()
        i = out[self.io["o_image_embeds"]].double()
        t = t / t.norm(dim=-1, keepdim=True)
        i = i / i.norm(dim=-1, keepdim=True)
        rows = torch.tensor([distinct.index(p) for p in prompts])
        cos = (t[rows] * i).sum(-1)
        s = self.m["score"]
        if s["formula"] == "clip_score":
            return torch.clamp(s.get("w", 100.0) * cos, min=0)
        if s["formula"] == "pickscore":
            scale = s.get("logit_scale")
            if scale is None:
                scale = float(out[self.io["o_logit_scale"]].reshape(-1)[0])
            return float(np.exp(scale)) * cos
        if s["formula"] == "cosine":
            return s.get("scale", 1.0) * cos
        raise SystemExit(f"scoring_peer: score formula {s['formula']} is not supported")


def score_all(model, images, prompts, batch):
    out = []
    for start in range(0, len(images), batch):
        out += model.score(prompts[start:start + batch], images[start:start + batch]).tolist()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models"))
    ap.add_argument("--reward", default="pickscore")
    ap.add_argument("--images", required=True, help="directory of images and prompts.txt (bench throughput --save-images)")
    ap.add_argument("--batch-size", default="1,16")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0, help="torch intra-op threads (0: torch's default)")
    ap.add_argument("--workers", type=int, default=os.cpu_count(),
                    help="threads decoding and preprocessing a batch's images (1: in the main thread)")
    ap.add_argument("--check-scores", help="align4j's --save-scores TSV: fail unless the scores agree")
    ap.add_argument("--tolerance", type=float, default=1e-3, help="largest score difference allowed (relative to 1 + |score|)")
    ap.add_argument("--json", help="write the rows here")
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    names = sorted(p for p in glob.glob(os.path.join(a.images, "*")) if re.search(r"\.(jpe?g|png|webp)$", p, re.I))
    if not names:
        raise SystemExit(f"scoring_peer: {a.images}: no images")
    images = [open(p, "rb").read() for p in names]
    with open(os.path.join(a.images, "prompts.txt"), encoding="utf-8") as fh:
        prompts = fh.read().split("\n")[:len(images)]
    model = TwoTower(os.path.join(a.models_dir, a.reward), a.workers)
    rows = []
    with torch.inference_mode():
        if a.check_scores:
            ref = {}
            with open(a.check_scores) as fh:
                for line in fh.read().splitlines()[1:]:
                    r, name, s = line.split("\t")
                    if r == a.reward:
                        ref[name] = float(s)
            mine = score_all(model, images, prompts, int(a.batch_size.split(",")[0]))
            worst = max(abs(mine[k] - ref[os.path.basename(n)]) / (1 + abs(ref[os.path.basename(n)]))
                        for k, n in enumerate(names))
            print(f"scores agree with align4j's: largest difference {worst:.2e} over {len(names)} images "
                  f"(tolerance {a.tolerance:g})")
            if worst > a.tolerance:
                raise SystemExit("scoring_peer: the scores differ from align4j's: not the same computation")
        for batch in [int(b) for b in a.batch_size.split(",")]:
            secs = []
            for r in range(a.warmup + a.repeats):
                t0 = time.perf_counter()
                score_all(model, images, prompts, batch)
                if r >= a.warmup:
                    secs.append(time.perf_counter() - t0)
            rates = sorted(len(images) / s for s in secs)
            rows.append({"task": "scoring", "modality": "image", "method": a.reward, "batch_size": batch,
                         "samples_per_s": statistics.median(rates), "samples_per_s_min": rates[0],
                         "samples_per_s_max": rates[-1], "repeats": a.repeats, "threads": torch.get_num_threads(),
                         "workers": a.workers, "torch": torch.__version__})
    print("| side | method | batch | images/s | min-max |\n|---|---|---|---|---|")
    for r in rows:
        print(f"| pytorch | {r['method']} | {r['batch_size']} | {r['samples_per_s']:.1f} | "
              f"{r['samples_per_s_min']:.1f}-{r['samples_per_s_max']:.1f} |")
    if a.json:
        tmp = a.json + ".tmp"
        with open(tmp, "w") as fh:
            json.dump({"rows": rows}, fh, indent=1)
        os.replace(tmp, a.json)


if __name__ == "__main__":
    main()
