"""Gate trained on benefit: label 1 where applying the line classifier (threshold T) removes
more boilerplate lines than content lines, weight = |difference|; clean docs: label 0 with
weight = lines the classifier would remove. usage: docgate2.py PRED.pkl T [clean_weight]"""
import pickle, sys, warnings
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
import data
from docgate import doc_features, DOC_NAMES
warnings.filterwarnings("ignore")
docs, pdocs = data.load("nodup"), data.load_prose()
p, doc_of, line_of, pp, pdoc_of, pline_of = pickle.load(open(sys.argv[1], "rb"))
T = float(sys.argv[2]); CW = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
P = [dict() for _ in docs]
for q, di, i in zip(p, doc_of, line_of): P[di][i] = q
PP = [dict() for _ in pdocs]
for q, di, i in zip(pp, pdoc_of, pline_of): PP[di][i] = q
F = np.array([doc_features(d, P[k]) for k, d in enumerate(docs)])
PF = np.array([doc_features(d, PP[k]) for k, d in enumerate(pdocs)])
ben = []
for di, d in enumerate(docs):
    b = 0
    for i in d['idx']:
        if i in d['ignore'] or d['drop'][i] or P[di].get(i, 1) >= T: continue
        b += 1 if d['labels'][i] == 0 else -1
    ben.append(b)
pben = [-sum(1 for i in d['idx'] if not d['drop'][i] and PP[di].get(i, 1) < T) for di, d in enumerate(pdocs)]
ben, pben = np.array(ben, float), np.array(pben, float)
folds = np.array(data.folds_by_domain(docs, 5))
fid = {d["id"]: f for d, f in zip(docs, folds)}
pfolds = np.array([fid[d["id"]] for d in pdocs])
g = np.zeros(len(docs)); pg = np.zeros(len(pdocs))
def fit(mask, pmask):
    X = np.vstack([F[mask], PF[pmask]])
    b = np.concatenate([ben[mask], pben[pmask]])
    w = np.concatenate([np.abs(ben[mask]), CW * np.abs(pben[pmask])]) + 1e-3
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=3000)).fit(X, (b > 0).astype(int), logisticregression__sample_weight=w)
for f in range(5):
    m = fit(folds != f, pfolds != f)
    g[folds == f] = m.predict_proba(F[folds == f])[:, 1]
    pg[pfolds == f] = m.predict_proba(PF[pfolds == f])[:, 1]
m = fit(folds >= 0, pfolds >= 0)
print("weights", {n: round(float(w), 2) for n, w in zip(DOC_NAMES, m[-1].coef_[0])})
for gt in (0.3, 0.5, 0.7):
    kept = [[(not d["drop"][i]) and (g[di] < gt or P[di].get(i, 1) >= T) for i in range(len(d["lines"]))] for di, d in enumerate(docs)]
    res = data.score(docs, kept)
    n = k = 0
    for di, d in enumerate(pdocs):
        for i in d["idx"]:
            n += 1; k += (not d["drop"][i]) and (pg[di] < gt or PP[di].get(i, 1) >= T)
    print(f"gate {gt} T={T}: open dev {np.mean(g >= gt):.3f} clean {np.mean(pg >= gt):.3f}  {data.short(res)}  prose kept {k / n:.4f}")
