"""Exploration with scikit-learn (not needed to retrain): out-of-fold predictions by domain
fold, threshold curves, model comparison. usage: explore.py MODEL [--drop f1,f2] [--only f1,f2]
"""
import argparse
import sys

import numpy as np

import data


def matrices(docs, names_keep):
    X, y, doc_of, line_of, train_mask = [], [], [], [], []
    names = docs[0]["names"]
    cols = [names.index(n) for n in names_keep]
    for di, d in enumerate(docs):
        for j, i in enumerate(d["idx"]):
            X.append([d["X"][j][c] for c in cols])
            lab = d["labels"][i]
            scored = i not in d["ignore"]
            y.append(lab if scored else -1)
            doc_of.append(di)
            line_of.append(i)
            train_mask.append(scored)
    return (np.array(X), np.array(y), np.array(doc_of), np.array(line_of), np.array(train_mask))


def make_model(kind):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    if kind == "lr":
        from sklearn.linear_model import LogisticRegression
        return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    if kind == "blr":
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_union
        from sklearn.preprocessing import KBinsDiscretizer
        return make_pipeline(make_union(StandardScaler(), KBinsDiscretizer(n_bins=8, encode="onehot", strategy="quantile", subsample=None)),
                             LogisticRegression(C=0.3, max_iter=3000))
    if kind == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier
        return HistGradientBoostingClassifier(max_iter=300, learning_rate=0.1, max_leaf_nodes=31)
    if kind == "tree":
        from sklearn.tree import DecisionTreeClassifier
        return DecisionTreeClassifier(max_depth=6, min_samples_leaf=50)
    raise SystemExit(kind)


def oof(docs, names_keep, kind, k=5, train_on_kept=False, weight=None):
    X, y, doc_of, line_of, scored = matrices(docs, names_keep)
    folds = np.array(data.folds_by_domain(docs, k))
    fold_row = folds[doc_of]
    kept_rule = np.array([not docs[d]["drop"][i] for d, i in zip(doc_of, line_of)])
    p = np.zeros(len(y))
    for f in range(k):
        tr = (fold_row != f) & scored
        if train_on_kept:
            tr &= kept_rule
        m = make_model(kind)
        m.fit(X[tr], y[tr])
        te = fold_row == f
        p[te] = m.predict_proba(X[te])[:, 1]
    return p, doc_of, line_of


def kept_vectors(docs, p, doc_of, line_of, t, use_rules=True):
    kept = [[(not d["drop"][i]) if use_rules else True for i in range(len(d["lines"]))] for d in docs]
    for pp, di, i in zip(p, doc_of, line_of):
        if pp < t:
            kept[di][i] = False
    return kept


def curve(docs, p, doc_of, line_of, ts=(0.2, 0.3, 0.4, 0.5, 0.6), use_rules=True):
    for t in ts:
        res = data.score(docs, kept_vectors(docs, p, doc_of, line_of, t, use_rules))
        print(f"  t={t:.2f} {data.short(res)}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("kind")
    ap.add_argument("--drop", default="")
    ap.add_argument("--only", default="")
    ap.add_argument("--kept", action="store_true", help="train only on lines the rules keep")
    ap.add_argument("--tag", default="default")
    a = ap.parse_args()
    docs = data.load(a.tag)
    names = docs[0]["names"]
    keep = [n for n in names if n not in a.drop.split(",")]
    if a.only:
        keep = a.only.split(",")
    p, doc_of, line_of = oof(docs, keep, a.kind, train_on_kept=a.kept)
    print(a.kind, "features:", len(keep), "drop:", a.drop)
    curve(docs, p, doc_of, line_of)
