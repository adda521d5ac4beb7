"""show.py PKL DOC_ID [from] [to] [t]: a document's lines with label, rule drop, stage-2 p."""
import pickle, sys
import data
docs = data.load(sys.argv[3] if len(sys.argv) > 3 and not sys.argv[3].isdigit() else 'nodup')
r = pickle.load(open(sys.argv[1], 'rb'))
p, doc_of, line_of = r[-3], r[-2], r[-1]
ids = {d['id']: k for k, d in enumerate(docs)}
di = ids[sys.argv[2]]
d = docs[di]
P = {i: pp for pp, dd, i in zip(p, doc_of, line_of) if dd == di}
args = [int(a) for a in sys.argv[3:] if a.isdigit()]
a, b = (args + [0, 10**9])[:2]
t = 0.35
for i, line in enumerate(d['lines'][a:b], a):
    lab = 'I' if i in d['ignore'] else d['labels'][i]
    pp = P.get(i, -1)
    kept = (not d['drop'][i]) and pp >= t
    mark = 'FN' if lab == 1 and not kept else ('FP' if lab == 0 and kept else '  ')
    print(f"{i:4} {lab} {'D' if d['drop'][i] else ' '} {pp:.2f} {mark} {line[:120]}")
