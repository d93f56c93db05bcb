#!/usr/bin/env python3
"""Side-by-side summary of two libtorch Chrome traces of the same steps: `align4j bench dpo-step --profile A`
and `diffusion_dpo_peer.py --profile B` (the same --steps). Per step: the traced span, the time inside
libtorch ops (top-level op events), the rest (the caller: Java + JNI, or Python), the number of op calls, and
the ops with the most self time (time in an op minus the ops it called).

  python3 profile_summary.py ALIGN4J.json PYTORCH.json --steps 3 [--top 15]
"""
import argparse
import collections
import json


def load(path):
    with open(path) as f:
        doc = json.load(f)
    events = doc["traceEvents"] if isinstance(doc, dict) else doc
    return [e for e in events if e.get("ph") == "X" and "dur" in e and str(e.get("name", "")).startswith("aten::")]


def summarize(events):
    by_tid = collections.defaultdict(list)
    for e in events:
        by_tid[e.get("tid")].append((float(e["ts"]), float(e["dur"]), e["name"]))
    self_time = collections.Counter()
    top_level = 0.0
    calls = 0
    start, end = float("inf"), 0.0
    for evs in by_tid.values():
        evs.sort(key=lambda x: (x[0], -x[1]))
        stack = []  # [end, name, child time]
        for ts, dur, name in evs:
            while stack and ts >= stack[-1][0] - 1e-9:
                e_end, e_name, e_child, e_dur = stack.pop()
                self_time[e_name] += e_dur - e_child
            if stack:
                stack[-1][2] += dur
            else:
                top_level += dur
                calls += 1
            stack.append([ts + dur, name, 0.0, dur])
            start, end = min(start, ts), max(end, ts + dur)
        while stack:
            e_end, e_name, e_child, e_dur = stack.pop()
            self_time[e_name] += e_dur - e_child
    return {"span": end - start, "ops": top_level, "calls": calls, "self": self_time}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("align4j")
    ap.add_argument("pytorch")
    ap.add_argument("--steps", type=int, required=True, help="steps each trace covers")
    ap.add_argument("--top", type=int, default=15)
    a = ap.parse_args()
    s = {"align4j": summarize(load(a.align4j)), "PyTorch": summarize(load(a.pytorch))}
    n = a.steps
    ms = lambda us: us / 1000 / n
    print(f"per step (ms, profiled), {n} steps | align4j | PyTorch")
    print("|---|---|---|")
    print(f"| traced span | {ms(s['align4j']['span']):.1f} | {ms(s['PyTorch']['span']):.1f} |")
    print(f"| inside libtorch ops (top level) | {ms(s['align4j']['ops']):.1f} | {ms(s['PyTorch']['ops']):.1f} |")
    print(f"| outside ops (caller: Java+JNI / Python) | {ms(s['align4j']['span'] - s['align4j']['ops']):.1f} | "
          f"{ms(s['PyTorch']['span'] - s['PyTorch']['ops']):.1f} |")
    print(f"| top-level op calls | {s['align4j']['calls'] / n:.0f} | {s['PyTorch']['calls'] / n:.0f} |")
    print()
    names = collections.Counter()
    for side in s.values():
        names.update(side["self"])
    print("| op (self time, ms/step) | align4j | PyTorch |")
    print("|---|---|---|")
    for name, _ in names.most_common(a.top):
        print(f"| {name} | {ms(s['align4j']['self'][name]):.1f} | {ms(s['PyTorch']['self'][name]):.1f} |")


if __name__ == "__main__":
    main()
