import pickle, sys
import numpy as np
import data, explore
from collections import Counter
docs = data.load('nodup')
names = docs[0]['names']
p, doc_of, line_of = explore.oof(docs, names, 'lr')
pickle.dump((p, doc_of, line_of), open(data.CACHE / 'oof-lr-nodup.pkl', 'wb'))
P = {(d, i): pp for pp, d, i in zip(p, doc_of, line_of)}
t = 0.3
c = Counter()
for di, d in enumerate(docs):
    L = len(d['lines'])
    cont = [i for i in range(L) if d['labels'][i] == 1 and i not in d['ignore']]
    a, b = (cont[0], cont[-1]) if cont else (L, -1)
    for i in range(L):
        if i in d['ignore']: continue
        kept = (not d['drop'][i]) and P.get((di, i), 1) >= t
        lab = d['labels'][i]
        zone = 'in' if a <= i <= b else ('before' if i < a else 'after')
        if lab == 0 and kept: c[('FP', zone, d['page_type'])] += 1
        if lab == 1 and not kept: c[('FN', zone, d['page_type'])] += 1
        if lab == 0: c[('B', zone, d['page_type'])] += 1
for kind in ('FP', 'FN', 'B'):
    tot = Counter()
    for (k, z, pt), v in c.items():
        if k == kind: tot[z] += v
    print(kind, dict(tot))
for pt in sorted(set(d['page_type'] for d in docs)):
    print(pt, {f"{k}-{z}": c[(k, z, pt)] for k in ('FP', 'FN') for z in ('before', 'in', 'after')})
