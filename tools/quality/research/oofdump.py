"""Save out-of-fold LR predictions for error analysis."""
import pickle, sys
import numpy as np
import data, explore
docs = data.load(sys.argv[1] if len(sys.argv) > 1 else "default")
names = docs[0]["names"]
p, doc_of, line_of = explore.oof(docs, names, "lr")
pickle.dump((p, doc_of, line_of), open(data.CACHE / "oof-lr.pkl", "wb"))
for t in (0.3,):
    res = data.score(docs, explore.kept_vectors(docs, p, doc_of, line_of, t))
    print(data.fmt(res))
