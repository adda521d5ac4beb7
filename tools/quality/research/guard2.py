import pickle, math, sys
import numpy as np
import data
docs, pdocs = data.load("nodup"), data.load_prose()
p, doc_of, line_of, pp, pdoc_of, pline_of = pickle.load(open(data.CACHE/'safety-lr-0.0.pkl', "rb"))
lw = docs[0]['names'].index('lw')
def maps(ds, p, doc_of, line_of):
    P = [dict() for _ in ds]
    for q, di, i in zip(p, doc_of, line_of): P[di][i] = q
    return P
P, PP = maps(docs, p, doc_of, line_of), maps(pdocs, pp, pdoc_of, pline_of)
def words(d):
    return {i: math.expm1(x[lw]) for i, x in zip(d['idx'], d['X'])}
W = [words(d) for d in docs]; PW = [words(d) for d in pdocs]
def share_removed(d, Pd, Wd, T):
    tot = rem = 0
    for i in d['idx']:
        if d['drop'][i]: continue
        tot += Wd[i]
        if Pd.get(i, 1) < T: rem += Wd[i]
    return rem / tot if tot else 0
for T in (0.3, 0.4):
    for X in (1.01, 0.9, 0.8, 0.7, 0.6):
        kept = []
        for di, d in enumerate(docs):
            ap = share_removed(d, P[di], W[di], T) <= X
            kept.append([(not d['drop'][i]) and (not ap or P[di].get(i, 1) >= T) for i in range(len(d['lines']))])
        res = data.score(docs, kept)
        n = k = 0
        for di, d in enumerate(pdocs):
            ap = share_removed(d, PP[di], PW[di], T) <= X
            for i in d['idx']:
                n += 1; k += (not d['drop'][i]) and (not ap or PP[di].get(i, 1) >= T)
        print(T, X, data.short(res), f"prose {k/n:.4f}")
