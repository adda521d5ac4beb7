import pickle, math, warnings
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
import data
from docgate import doc_features, DOC_NAMES
from guard2 import share_removed, P, PP, W, PW, docs, pdocs
warnings.filterwarnings("ignore")
cols = [DOC_NAMES.index(n) for n in ('drop_share','drop_ln','sub_share','headline_found','copyright','dup_share','lines_ln','max_marker_run','marker_share')]
F = np.array([doc_features(d, P[k]) for k, d in enumerate(docs)])[:, cols]
PF = np.array([doc_features(d, PP[k]) for k, d in enumerate(pdocs)])[:, cols]
folds = np.array(data.folds_by_domain(docs, 5))
fid = {d["id"]: f for d, f in zip(docs, folds)}
pfolds = np.array([fid[d["id"]] for d in pdocs])
g = np.zeros(len(docs)); pg = np.zeros(len(pdocs))
for f in range(5):
    m = make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000)).fit(np.vstack([F[folds != f], PF[pfolds != f]]), np.concatenate([np.ones((folds != f).sum()), np.zeros((pfolds != f).sum())]))
    g[folds == f] = m.predict_proba(F[folds == f])[:, 1]; pg[pfolds == f] = m.predict_proba(PF[pfolds == f])[:, 1]
for T in (0.2, 0.3, 0.4):
  for gt in (0.5, 0.7, 0.9):
    for X in (1.01, 0.8):
        kept = []
        for di, d in enumerate(docs):
            ap = g[di] >= gt and share_removed(d, P[di], W[di], T) <= X
            kept.append([(not d['drop'][i]) and (not ap or P[di].get(i, 1) >= T) for i in range(len(d['lines']))])
        res = data.score(docs, kept)
        n = k = 0
        for di, d in enumerate(pdocs):
            ap = pg[di] >= gt and share_removed(d, PP[di], PW[di], T) <= X
            for i in d['idx']:
                n += 1; k += (not d['drop'][i]) and (not ap or PP[di].get(i, 1) >= T)
        print(T, gt, X, data.short(res), f"prose {k/n:.4f}", flush=True)
