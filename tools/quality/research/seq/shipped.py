"""Replay of the shipped stages (classifier, enclosed lines, stray stretches with the weak
evidence test of QUALITY.md section 14) on a seqdata.py pickle, over a threshold sweep.
usage: SEQ_PKL=/tmp/seq.pkl python3 shipped.py [t1,t2,...]"""
import sys
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parent.parent))
from seqsim import *  # noqa: E402,F401,F403


def stray_weak(doc, kept, gap=3, main_share=0.7, ratio=0.1, after_ratio=0.2, m0=-0.5):
    """The stray stage with the weak-evidence test of section 14."""
    return stray_stretches(doc, kept, gap, main_share, ratio, after_ratio, m0=m0)


def shipped(doc, t=0.175, g=0.9, m=0.7):
    kept, applied = classify(doc, t, g, m)
    if applied:
        kept = stray_weak(doc, kept)
    return kept


if __name__ == "__main__":
    data = load()
    ts = [float(x) for x in (sys.argv[1] if len(sys.argv) > 1 else "0.15,0.175,0.2,0.225,0.25").split(",")]
    for t in ts:
        evaluate(data, lambda d: shipped(d, t), label=f"shipped t={t}")
