"""Does a learned vocabulary (bag of words of the line) help, out of sample?
Vocabulary = word cores seen in >= MIN_DOMAINS training domains; binary presence features,
appended to the (standardised, optionally binned) dense features. usage: bow.py [min_domains] [C]
"""
import sys
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import KBinsDiscretizer, StandardScaler

import data
import explore
import features

warnings.filterwarnings("ignore")


def line_words(d):
    out = []
    for i in d["idx"]:
        s = features.line_stats(d["lines"][i])
        out.append(set(w for w in s.words_core if w))
    return out


def run(docs, min_domains=10, C=0.3, binned=True, k=5, first_word=False):
    names = docs[0]["names"]
    X, y, doc_of, line_of, scored = explore.matrices(docs, names)
    words = []
    for d in docs:
        words.extend(line_words(d))
    folds = np.array(data.folds_by_domain(docs, k))
    fr = folds[doc_of]
    p = np.zeros(len(y))
    vocab_sizes = []
    for f in range(k):
        tr_docs = [di for di in range(len(docs)) if folds[di] != f]
        dom = {}
        for di in tr_docs:
            d = docs[di]
            seen = set()
            for ws in words_by_doc[di]:
                seen |= ws
            for w in seen:
                dom.setdefault(w, set()).add(d["domain"])
        vocab = {w: j for j, w in enumerate(sorted(w for w, s in dom.items() if len(s) >= min_domains))}
        vocab_sizes.append(len(vocab))
        rows, cols = [], []
        for r, ws in enumerate(words):
            for w in ws:
                j = vocab.get(w)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
        B = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(words), len(vocab)))
        tr = (fr != f) & scored
        sc = StandardScaler().fit(X[tr])
        parts = [sp.csr_matrix(sc.transform(X))]
        if binned:
            kb = KBinsDiscretizer(n_bins=8, encode="onehot", strategy="quantile", subsample=None).fit(X[tr])
            parts.append(kb.transform(X))
        parts.append(B)
        Z = sp.hstack(parts).tocsr()
        m = LogisticRegression(C=C, max_iter=3000).fit(Z[tr], y[tr])
        te = fr == f
        p[te] = m.predict_proba(Z[te])[:, 1]
    print("vocab sizes", vocab_sizes)
    return p, doc_of, line_of


if __name__ == "__main__":
    md = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    C = float(sys.argv[2]) if len(sys.argv) > 2 else 0.3
    docs = data.load("nodup")
    words_by_doc = [line_words(d) for d in docs]
    p, doc_of, line_of = run(docs, md, C)
    import pickle
    pickle.dump((p, doc_of, line_of), open(data.CACHE / f"oof-bow-{md}.pkl", "wb"))
    explore.curve(docs, p, doc_of, line_of)
