import pickle, sys
import numpy as np
import data
docs = data.load('nodup')
p, doc_of, line_of = pickle.load(open(sys.argv[1], 'rb'))[-3:]
names = docs[0]['names']; k = names.index('doc_prose_share')
P = {(d, i): pp for pp, d, i in zip(p, doc_of, line_of)}
def kept(t, g):
    out = []
    for di, d in enumerate(docs):
        ps = d['X'][0][k] if d['X'] else 0
        out.append([(not d['drop'][i]) and (ps < g or P.get((di, i), 1) >= t) for i in range(len(d['lines']))])
    return out
for g in (0, 0.05, 0.1, 0.15, 0.2):
    for t in (0.2, 0.3, 0.4):
        print(g, t, data.short(data.score(docs, kept(t, g))))
