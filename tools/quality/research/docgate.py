"""Document gate: is this a raw scraped page (apply the line classifier) or already clean text
(leave it to the phrase rules)? Trained on dev pages (1) vs the same pages' content lines
joined back (0), grouped CV by domain; combined with out-of-fold line predictions to report
accuracy on dev and the clean-prose safety together.
usage: docgate.py LINE_PREDICTIONS.pkl (from safety.py)
"""
import math
import pickle
import sys
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import data

warnings.filterwarnings("ignore")

DOC_NAMES = ["drop_share", "drop_ln", "marker_share", "sub_share", "max_marker_run", "out_region_share",
             "out_region_words", "headline_found", "copyright", "mean_p", "low_p_share", "prose_share",
             "lines_ln", "dup_share"]


def doc_features(d, p_by_line):
    names = d["names"]
    col = {n: names.index(n) for n in names}
    X = d["X"]
    n = max(1, len(X))
    L = max(1, len(d["lines"]))
    nd = sum(d["drop"])
    mk = [r[col["bullet"]] + r[col["numbered"]] + r[col["sub_bullet"]] > 0 for r in X]
    run = best = 0
    for m in mk:
        run = run + 1 if m else 0
        best = max(best, run)
    out = [r[col["in_region"]] < 0.5 for r in X]
    words = [math.expm1(r[col["lw"]]) for r in X]
    tw = sum(words) or 1
    ps = [p_by_line.get(i, 0.5) for i in d["idx"]]
    return [nd / L, math.log1p(nd), sum(mk) / n, sum(r[col["sub_bullet"]] for r in X) / n, math.log1p(best),
            sum(out) / n, sum(w for w, o in zip(words, out) if o) / tw,
            X[0][col["headline_found"]] if X else 0, 1.0 if any(r[col["copyright"]] for r in X) else 0.0,
            sum(ps) / n, sum(1 for q in ps if q < 0.2) / n, X[0][col["doc_prose_share"]] if X else 0,
            math.log1p(n), sum(r[col["dup_earlier"]] for r in X) / n]


if __name__ == "__main__":
    docs, pdocs = data.load("nodup"), data.load_prose()
    p, doc_of, line_of, pp, pdoc_of, pline_of = pickle.load(open(sys.argv[1], "rb"))
    P = [dict() for _ in docs]
    for q, di, i in zip(p, doc_of, line_of):
        P[di][i] = q
    PP = [dict() for _ in pdocs]
    for q, di, i in zip(pp, pdoc_of, pline_of):
        PP[di][i] = q
    F = np.array([doc_features(d, P[k]) for k, d in enumerate(docs)])
    PF = np.array([doc_features(d, PP[k]) for k, d in enumerate(pdocs)])
    folds = np.array(data.folds_by_domain(docs, 5))
    fold_by_id = {d["id"]: f for d, f in zip(docs, folds)}
    pfolds = np.array([fold_by_id[d["id"]] for d in pdocs])
    g = np.zeros(len(docs))
    pg = np.zeros(len(pdocs))
    for f in range(5):
        Xt = np.vstack([F[folds != f], PF[pfolds != f]])
        yt = np.concatenate([np.ones((folds != f).sum()), np.zeros((pfolds != f).sum())])
        m = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)).fit(Xt, yt)
        g[folds == f] = m.predict_proba(F[folds == f])[:, 1]
        pg[pfolds == f] = m.predict_proba(PF[pfolds == f])[:, 1]
    m = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)).fit(
        np.vstack([F, PF]), np.concatenate([np.ones(len(F)), np.zeros(len(PF))]))
    print("gate weights:", {n: round(w, 2) for n, w in zip(DOC_NAMES, m[-1].coef_[0])})
    pickle.dump((g, pg), open(data.CACHE / "gate.pkl", "wb"))
    for gt in (0.3, 0.5, 0.7, 0.9):
        print(f"gate {gt}: dev docs gated open {np.mean(g >= gt):.3f}, clean docs open {np.mean(pg >= gt):.3f}")
        for t in (0.2, 0.3, 0.4):
            kept = []
            for di, d in enumerate(docs):
                kept.append([(not d["drop"][i]) and (g[di] < gt or P[di].get(i, 1) >= t) for i in range(len(d["lines"]))])
            res = data.score(docs, kept)
            n = k = 0
            for di, d in enumerate(pdocs):
                for i in d["idx"]:
                    n += 1
                    k += (not d["drop"][i]) and (pg[di] < gt or PP[di].get(i, 1) >= t)
            print(f"   t={t} {data.short(res)} prose kept {k / n:.4f}")
