"""Two-stage exploration: stage 1 = per-line model over the line/context features; stage 2 =
a model over stage-1 probabilities of the neighbourhood (context revision) plus a few stage-1
features. Nested grouped CV so that stage-1 inputs of stage 2 are always out of sample.

usage: stage2.py [--tag nodup] [--s1 lr|hgb] [--s2 lr|hgb]
"""
import argparse
import math
import pickle

import numpy as np

import data
import explore


def kadane(v):
    best, ba, bb, cur, ca = 0.0, -1, -1, 0.0, 0
    for i, x in enumerate(v):
        if cur <= 0:
            cur, ca = x, i
        else:
            cur += x
        if cur > best:
            best, ba, bb = cur, ca, i
    return ba, bb


def wmean(x, k):
    n = len(x)
    c = np.concatenate([[0.0], np.cumsum(x)])
    i = np.arange(n)
    a = np.maximum(0, i - k)
    b = np.minimum(n, i + k + 1)
    return (c[b] - c[a]) / (b - a)


S2_NAMES = ["p", "p_w1", "p_w3", "p_w7", "p_prev", "p_next", "pmax_prev3", "pmax_next3", "sandwich",
            "in_reg", "reg_dl", "reg_dw", "mass_before", "mass_after", "doc_mean_p", "doc_share_p50"]


def s2_features(p, words):
    """p, words: arrays over a document's non-blank lines."""
    n = len(p)
    out = np.zeros((n, len(S2_NAMES)))
    if n == 0:
        return out
    out[:, 0] = p
    out[:, 1] = wmean(p, 1)
    out[:, 2] = wmean(p, 3)
    out[:, 3] = wmean(p, 7)
    out[1:, 4] = p[:-1]
    out[:-1, 5] = p[1:]
    for j in range(n):
        a = p[max(0, j - 3):j]
        b = p[j + 1:j + 4]
        out[j, 6] = a.max() if len(a) else 0.0
        out[j, 7] = b.max() if len(b) else 0.0
    out[:, 8] = np.minimum(out[:, 6], out[:, 7])
    ra, rb = kadane(list(p - 0.5))
    cum = np.concatenate([[0], np.cumsum(words)])
    for j in range(n):
        if ra < 0:
            out[j, 9], out[j, 10], out[j, 11] = 0, math.log1p(n), math.log1p(cum[-1])
        elif j < ra:
            out[j, 10], out[j, 11] = math.log1p(ra - j), math.log1p(cum[ra] - cum[j + 1])
        elif j > rb:
            out[j, 10], out[j, 11] = math.log1p(j - rb), math.log1p(cum[j] - cum[rb + 1])
        else:
            out[j, 9] = 1
    mass = p * words
    tot = mass.sum() or 1.0
    cm = np.concatenate([[0], np.cumsum(mass)])
    out[:, 12] = cm[:-1] / tot
    out[:, 13] = (tot - cm[1:]) / tot
    out[:, 14] = p.mean()
    out[:, 15] = (p >= 0.5).mean()
    return out


def build_s2(docs, p, doc_of, extra_cols, X1):
    """Stage-2 matrix: S2 features per doc from p, plus selected stage-1 columns."""
    rows = []
    names = docs[0]["names"]
    lw = names.index("lw")
    for di in range(len(docs)):
        m = doc_of == di
        pd = p[m]
        words = np.expm1(X1[m][:, lw])
        f = s2_features(pd, words)
        rows.append(np.hstack([f, X1[m][:, extra_cols]]))
    return np.vstack(rows)


def run(docs, s1="lr", s2="lr", k=5, extra=("lw", "stop", "terminal", "bullet", "dup", "prose")):
    names = docs[0]["names"]
    X, y, doc_of, line_of, scored = explore.matrices(docs, names)
    folds = np.array(data.folds_by_domain(docs, k))
    fr = folds[doc_of]
    extra_cols = [names.index(e) for e in extra]
    p1_test = np.zeros(len(y))
    p2 = np.zeros(len(y))
    for f in range(k):
        # stage-1 predictions for fold f (test) and, nested, for every training fold g
        m = explore.make_model(s1).fit(X[(fr != f) & scored], y[(fr != f) & scored])
        p1_test[fr == f] = m.predict_proba(X[fr == f])[:, 1]
        p1_train = np.zeros(len(y))
        for g in range(k):
            if g == f:
                continue
            tr = (fr != f) & (fr != g) & scored
            mg = explore.make_model(s1).fit(X[tr], y[tr])
            p1_train[fr == g] = mg.predict_proba(X[fr == g])[:, 1]
        Z_train = build_s2(docs, p1_train, doc_of, extra_cols, X)
        Z_test = build_s2(docs, p1_test, doc_of, extra_cols, X)
        tr = (fr != f) & scored
        m2 = explore.make_model(s2).fit(Z_train[tr], y[tr])
        p2[fr == f] = m2.predict_proba(Z_test[fr == f])[:, 1]
        print("fold", f, "done", flush=True)
    return p1_test, p2, doc_of, line_of


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--tag", default="nodup")
    ap.add_argument("--s1", default="lr")
    ap.add_argument("--s2", default="lr")
    a = ap.parse_args()
    docs = data.load(a.tag)
    p1, p2, doc_of, line_of = run(docs, a.s1, a.s2)
    pickle.dump((p1, p2, doc_of, line_of), open(data.CACHE / f"s2-{a.tag}-{a.s1}-{a.s2}.pkl", "wb"))
    print("stage 1")
    explore.curve(docs, p1, doc_of, line_of)
    print("stage 2")
    explore.curve(docs, p2, doc_of, line_of, ts=(0.2, 0.25, 0.3, 0.35, 0.4, 0.5))
