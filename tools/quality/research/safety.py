"""Out-of-sample accuracy AND clean-prose safety of a one-stage model, optionally trained with
clean-prose augmentation (the training folds' content-only documents added, all lines 1).
usage: safety.py KIND [--augment W]   (W: weight of augmented rows, 0 = none)
"""
import argparse
import warnings

import numpy as np

import data
import explore

warnings.filterwarnings("ignore")


def prose_share(pdocs, p, doc_of, line_of, t):
    n = kept = 0
    for pp, di, i in zip(p, doc_of, line_of):
        d = pdocs[di]
        n += 1
        kept += (not d["drop"][i]) and pp >= t
    # lines without features (blank) and rule drops
    return kept / max(1, n)


def run(kind, augment, docs, pdocs, k=5, names=None):
    names = names or docs[0]["names"]
    X, y, doc_of, line_of, scored = explore.matrices(docs, names)
    PX, py, pdoc_of, pline_of, _ = explore.matrices(pdocs, names)
    folds = np.array(data.folds_by_domain(docs, k))
    fold_by_id = {d["id"]: f for d, f in zip(docs, folds)}
    pfolds = np.array([fold_by_id[d["id"]] for d in pdocs])
    fr, pfr = folds[doc_of], pfolds[pdoc_of]
    p = np.zeros(len(y))
    pp = np.zeros(len(py))
    for f in range(k):
        tr = (fr != f) & scored
        Xt, yt = X[tr], y[tr]
        w = np.ones(len(yt))
        if augment > 0:
            ptr = pfr != f
            Xt = np.vstack([Xt, PX[ptr]])
            yt = np.concatenate([yt, py[ptr]])
            w = np.concatenate([w, np.full(ptr.sum(), augment)])
        m = explore.make_model(kind)
        last = m.steps[-1][0] if hasattr(m, "steps") else None
        if last:
            m.fit(Xt, yt, **{f"{last}__sample_weight": w})
        else:
            m.fit(Xt, yt, sample_weight=w)
        p[fr == f] = m.predict_proba(X[fr == f])[:, 1]
        pp[pfr == f] = m.predict_proba(PX[pfr == f])[:, 1]
    return p, doc_of, line_of, pp, pdoc_of, pline_of


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("kind")
    ap.add_argument("--augment", type=float, default=0.0)
    a = ap.parse_args()
    docs = data.load("nodup")
    pdocs = data.load_prose()
    p, doc_of, line_of, pp, pdoc_of, pline_of = run(a.kind, a.augment, docs, pdocs)
    import pickle
    pickle.dump((p, doc_of, line_of, pp, pdoc_of, pline_of), open(data.CACHE / f"safety-{a.kind}-{a.augment}.pkl", "wb"))
    print(a.kind, "augment", a.augment)
    for t in (0.1, 0.2, 0.3, 0.4, 0.5):
        res = data.score(docs, explore.kept_vectors(docs, p, doc_of, line_of, t))
        print(f"  t={t:.2f} {data.short(res)}  prose kept {prose_share(pdocs, pp, pdoc_of, pline_of, t):.4f}")
