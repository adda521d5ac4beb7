import pickle, sys
import numpy as np
import data, explore
docs = data.load('nodup'); pdocs = data.load_prose()
p, doc_of, line_of, pp, pdoc_of, pline_of = pickle.load(open(sys.argv[1], 'rb'))
names = docs[0]['names']; ir = names.index('in_region')
def inreg(ds, doc_of, line_of):
    out = []
    for di, i in zip(doc_of, line_of):
        d = ds[di]
        j = d['idx'].index(i) if False else None
        out.append(None)
    return out
def regflags(ds):
    m = {}
    for di, d in enumerate(ds):
        for j, i in enumerate(d['idx']):
            m[(di, i)] = d['X'][j][ir] > 0.5
    return m
R, PR = regflags(docs), regflags(pdocs)
def run(t_in, t_out):
    kept = [[not x for x in d['drop']] for d in docs]
    for q, di, i in zip(p, doc_of, line_of):
        if q < (t_in if R[(di, i)] else t_out): kept[di][i] = False
    res = data.score(docs, kept)
    n = k = 0
    for q, di, i in zip(pp, pdoc_of, pline_of):
        n += 1; k += (not pdocs[di]['drop'][i]) and q >= (t_in if PR[(di, i)] else t_out)
    return res, k / n
for t_in in (0.0, 0.02, 0.05, 0.1):
    for t_out in (0.2, 0.3, 0.5):
        res, s = run(t_in, t_out)
        print(t_in, t_out, data.short(res), f"prose {s:.4f}")
