#!/usr/bin/env python3
"""Simulator of the stages after the line classifier, on the first-pass out-of-sample
probabilities of seqdata.py (one pass only: the binary reruns the classifier on its output,
so absolute figures differ a little from scripts/eval-cv.sh; compare deltas)."""
import importlib.util
import math
import pickle
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent.parent
spec = importlib.util.spec_from_file_location("score", REPO.parent / "shared" / "eval" / "score.py")
sc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sc)

PROSE = 15


def load(path=None):
    """The pickle of seqdata.py ($SEQ_PKL, default /tmp/seq.pkl)."""
    import os
    path = path or os.environ.get("SEQ_PKL", "/tmp/seq.pkl")
    with open(path, "rb") as f:
        return pickle.load(f)


def logit(p):
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def classify(doc, t, g, m, spare=True):
    """Baseline classifier stage: returns (kept list, applied flag, doomed row set)."""
    n = len(doc["lines"])
    kept = [True] * n
    for i, rem, _w, _p, _x in doc["rows"]:
        if rem:
            kept[i] = False
    if doc["gate"] < g:
        return kept, False
    rows = doc["rows"]
    doomed = [False] * len(rows)
    title = True
    kw = dw = 0
    for k, (i, rem, w, p, _x) in enumerate(rows):
        if rem:
            continue
        kw += w
        if title:
            title = False
            continue
        if p < t:
            doomed[k] = True
    if spare:
        keeps = lambda k: not rows[k][1] and not doomed[k]
        prev = None
        orig = doomed[:]
        for k in range(1, len(rows) - 1):
            bk = (not rows[k - 1][1] and not orig[k - 1])
            if orig[k] and bk and (not rows[k + 1][1] and not orig[k + 1]):
                doomed[k] = False
    dw = sum(rows[k][2] for k in range(len(rows)) if doomed[k])
    if any(doomed) and dw > m * kw:
        return kept, False
    for k, (i, *_r) in enumerate(rows):
        if doomed[k]:
            kept[i] = False
    return kept, True


def stray_stretches(doc, kept, gap=3, main_share=0.7, ratio=0.1, after_ratio=0.2,
                    m0=None, marks=(), m1=None):
    """The stray-stretch stage: stretches of kept rows (parted by `gap` removed rows) apart
    from the main one go when the main one holds `main_share` of the words and they are
    small (under `ratio` of its words, or, after it, under `after_ratio` of its prose). With
    `m0`, a stretch also goes when its word-weighted mean log-odds is below `m0` (section
    14), or below `m1` when it lies after the main one with a row of `marks` (end markers,
    section 15) in between."""
    rows = doc["rows"]
    stretches = []  # [first_k, end_k, words, prose, evidence, judged words]
    run = 0
    title = None
    for k, (i, _rem, w, p, _x) in enumerate(rows):
        if not kept[i]:
            run += 1
            continue
        if title is None:
            title = i
        z = None if (m0 is None or p is None or i == title) else logit(p)
        e = (z * w, w) if z is not None else (0.0, 0)
        pr = w if w >= PROSE else 0
        if stretches and run < gap:
            s = stretches[-1]
            s[1] = k + 1
            s[2] += w
            s[3] += pr
            s[4] += e[0]
            s[5] += e[1]
        else:
            stretches.append([k, k + 1, w, pr, e[0], e[1]])
        run = 0
    if len(stretches) < 2:
        return kept
    total = sum(s[2] for s in stretches)
    mi = 0
    for j, s in enumerate(stretches):
        if s[2] > stretches[mi][2]:
            mi = j
    main = stretches[mi]
    dominant = main[2] >= main_share * total
    main_last = rows[main[1] - 1][0]
    kept = kept[:]
    for j, s in enumerate(stretches):
        if j == mi:
            continue
        small = dominant and (s[2] < ratio * main[2] or (j > mi and s[3] < after_ratio * main[3]))
        weak = False
        if m0 is not None and s[5] > 0:
            after_end = m1 is not None and j > mi and any(main_last < x < rows[s[0]][0] for x in marks)
            weak = s[4] / s[5] < (m1 if after_end else m0)
        if not small and not weak:
            continue
        for k in range(s[0], s[1]):
            i = rows[k][0]
            if i != title:
                kept[i] = False
    return kept


def stray(doc, kept, gap=3, main_share=0.7, ratio=0.1, after_ratio=0.2):
    """The stray-stretch stage of section 12: the size tests only."""
    return stray_stretches(doc, kept, gap, main_share, ratio, after_ratio)


def baseline(doc, t=0.225, g=0.9, m=0.7):
    kept, applied = classify(doc, t, g, m)
    if applied:
        kept = stray(doc, kept)
    return kept


def evaluate(data, decide, show=True, label=""):
    tot, groups = Counter(), {}
    for doc in data["pages"]:
        kept = decide(doc)
        c, _w = sc.line_counts(doc["lines"], doc["labels"], kept, set(doc["ignore"]))
        tot.update(c)
        groups.setdefault(doc["page_type"], Counter()).update(c)
    a = sc.prf(tot["tp"], tot["fp"], tot["fn"])
    art = sc.prf(groups["article"]["tp"], groups["article"]["fp"], groups["article"]["fn"])
    n = k = 0
    for doc in data["clean"]:
        kept = decide(doc)
        n += len(kept)
        k += sum(kept)
    res = dict(P=a[0], R=a[1], F1=a[2], art=art[2], clean=k / n,
               types={g: sc.prf(c["tp"], c["fp"], c["fn"])[2] for g, c in groups.items()})
    if show:
        print(f"{label:<40} P {a[0]:.3f} R {a[1]:.3f} F1 {a[2]:.4f} art {art[2]:.4f} clean {k / n:.4%}", flush=True)
    return res


if __name__ == "__main__":
    data = load()
    for t in (0.2, 0.225, 0.25):
        evaluate(data, lambda d: baseline(d, t), label=f"baseline t={t}")
        evaluate(data, lambda d: classify(d, t, 0.9, 0.7)[0], label=f"no stray t={t}")
