"""The classifier on documents the gate is unsure about (QUALITY.md section 16): a document
whose gate probability lies in [FLOOR, 0.9) is classified at a strict threshold T2 instead of
being left alone; the others as shipped (threshold 0.175, stray stretches after end markers).
First-pass replay: the binary also restores clean text on gated documents and reruns the
classifier to a fixed point, so its clean-text losses are larger (see section 16).

usage: SEQ_PKL=/tmp/seq.pkl RULES_RAW=raw.jsonl RULES_CLEAN=clean.jsonl python3 gateband.py
  (RULES_*: as for endstray.py)"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from endstray import *  # noqa: E402,F401,F403


def decide(d, floor, t2, t=0.175):
    if d["gate"] >= 0.9:
        kept, applied = classify(d, t, 0.9, 0.7)
    else:
        kept, applied = classify(d, t2, floor, 0.7)
    if applied:
        kept = stray_end(d, kept, d["marks"], 0.0)
    return kept


if __name__ == "__main__":
    raw, clean = ends_of(os.environ["RULES_RAW"]), ends_of(os.environ["RULES_CLEAN"])
    data = load()
    for d in data["pages"]:
        d["marks"] = raw.get(d["id"], set())
    for d in data["clean"]:
        d["marks"] = clean.get(d["id"], set())
    n = sum(len(d["lines"]) for d in data["clean"])
    base = evaluate(data, lambda d: decide(d, 0.9, 0.175), label="shipped")
    for floor in (0.5, 0.7, 0.8):
        for t2 in (0.02, 0.05, 0.1):
            r = evaluate(data, lambda d: decide(d, floor, t2), label=f"floor {floor} t2 {t2}")
            print(f"{'':40} clean lines lost beyond shipped: {round((base['clean'] - r['clean']) * n)}")
