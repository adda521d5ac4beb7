import pickle, sys, math
import numpy as np
import data, stage2
docs = data.load('nodup')
p1, p2, doc_of, line_of = pickle.load(open(data.CACHE / 's2-nodup-lr-lr.pkl', 'rb'))
names = docs[0]['names']; lw = names.index('lw')
def region_keep(p, theta, t_in, t_out, weight):
    kept = [[not x for x in d['drop']] for d in docs]
    for di, d in enumerate(docs):
        m = doc_of == di
        pd = p[m]; li = line_of[m]
        w = np.array([d['X'][j][lw] for j in range(len(d['idx']))])
        v = (pd - theta) * (w if weight else 1)
        ra, rb = stage2.kadane(list(v))
        for j, (pp, i) in enumerate(zip(pd, li)):
            inside = ra <= j <= rb
            if pp < (t_in if inside else t_out):
                kept[di][i] = False
    return data.score(docs, kept)
for weight in (0, 1):
    for theta in (0.3, 0.4, 0.5):
        for t_in, t_out in ((0.0, 1.01), (0.1, 0.6), (0.15, 0.5), (0.2, 0.5), (0.2, 0.7)):
            print(weight, theta, t_in, t_out, data.short(region_keep(p1, theta, t_in, t_out, weight)), flush=True)
