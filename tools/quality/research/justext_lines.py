"""A pure rule-based, jusText-style line classifier for comparison with the learned model.

Each non-blank line is a "block". Initial class: bad if a phrase/structure rule removed it
or it carries copyright/URL marks; short if it has < length_low chars; good if stopword
density >= stop_high and chars >= length_high; near-good if density >= stop_low; else bad.
Context revision (jusText's algorithm): a short line takes "good" when its nearest non-short,
non-near-good neighbours on both sides are good, "bad" when both are bad, and otherwise good
only if a near-good line is its direct non-short neighbour; a near-good line becomes bad
only when both neighbours (ignoring near-good) are bad. Document edges count as bad.

Parameters are chosen by grouped CV (on the training folds, scored on the held-out fold), so
the reported figure is out of sample like the learned model's. usage: justext_lines.py
"""
import itertools

import data
import features

GRID = {
    "length_low": (30, 50, 70),
    "length_high": (80, 150, 200),
    "stop_low": (0.15, 0.22, 0.30),
    "stop_high": (0.25, 0.32),
}


def classify(doc, stats, lang_sw, P):
    n = len(stats)
    cls = []
    for j, (i, s) in enumerate(zip(doc["idx"], stats)):
        chars = s.n_chars
        if doc["drop"][i] or s.copyright or s.url:
            c = "bad"
        elif chars < P["length_low"]:
            c = "short"
        elif s.stop >= P["stop_high"] and chars >= P["length_high"]:
            c = "good"
        elif s.stop >= P["stop_low"]:
            c = "near"
        else:
            c = "bad"
        cls.append(c)

    def neighbour(j, step, ignore_near):
        k = j + step
        while 0 <= k < n:
            if cls[k] == "short" or (ignore_near and cls[k] == "near"):
                k += step
                continue
            return cls[k]
        return "bad"

    new = list(cls)
    for j in range(n):
        if cls[j] != "short":
            continue
        a, b = neighbour(j, -1, True), neighbour(j, 1, True)
        if a == "good" and b == "good":
            new[j] = "good"
        elif a == "bad" and b == "bad":
            new[j] = "bad"
        else:
            a2, b2 = neighbour(j, -1, False), neighbour(j, 1, False)
            new[j] = "good" if "near" in (a2, b2) else "bad"
    final = list(new)
    for j in range(n):
        if cls[j] != "near":
            continue
        a, b = neighbour(j, -1, True), neighbour(j, 1, True)
        final[j] = "bad" if (a == "bad" and b == "bad") else "good"
    return final


def prepare(docs):
    sw = features.load_stopwords()
    out = []
    for d in docs:
        stats = [features.line_stats(d["lines"][i]) for i in d["idx"]]
        lang = features.detect_language(stats, sw)
        lsw = sw[lang] if lang else frozenset()
        for s in stats:
            s.stop = sum(1 for w in s.words_core if w in lsw) / s.n_words if s.n_words else 0.0
        out.append(stats)
    return out


def kept_for(docs, stats, P, which):
    kept = []
    for di in which:
        d = docs[di]
        k = [not x for x in d["drop"]]
        for i, c in zip(d["idx"], classify(d, stats[di], None, P)):
            if c != "good":
                k[i] = False
        kept.append(k)
    return kept


if __name__ == "__main__":
    docs = data.load("nodup")
    stats = prepare(docs)
    folds = data.folds_by_domain(docs, 5)
    combos = [dict(zip(GRID, v)) for v in itertools.product(*GRID.values())]
    # in-sample table (for the write-up) and grouped-CV choice
    scores = []
    for P in combos:
        res = data.score(docs, kept_for(docs, stats, P, range(len(docs))))
        scores.append((res["all"][2], P, res))
    scores.sort(key=lambda x: -x[0])
    for f1, P, res in scores[:5]:
        print("in-sample", P, data.short(res))
    all_kept = [None] * len(docs)
    for f in range(5):
        tr = [i for i in range(len(docs)) if folds[i] != f]
        te = [i for i in range(len(docs)) if folds[i] == f]
        sub = [docs[i] for i in tr]
        best = max(combos, key=lambda P: data.score(sub, kept_for(docs, stats, P, tr))["all"][2])
        print("fold", f, "chose", best)
        for i, k in zip(te, kept_for(docs, stats, best, te)):
            all_kept[i] = k
    res = data.score(docs, all_kept)
    print("grouped CV:", data.fmt(res))
