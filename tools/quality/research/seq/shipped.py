"""Replay of the shipped stages (classifier, enclosed lines, stray stretches with the weak
evidence test of QUALITY.md section 14) on a seqdata.py pickle, over a threshold sweep.
usage: SEQ_PKL=/tmp/seq.pkl python3 shipped.py [t1,t2,...]"""
import sys
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parent.parent))
from seqsim import *  # noqa: E402,F401,F403


def stray_weak(doc, kept, gap=3, main_share=0.7, ratio=0.1, after_ratio=0.2, m0=-0.5):
    rows = doc["rows"]
    st = []
    run = 0
    title = None
    for k, (i, rem, w, p, _x) in enumerate(rows):
        if not kept[i]:
            run += 1
            continue
        if title is None:
            title = i
        z = None if (p is None or i == title) else logit(p)
        e = (z * w, w) if z is not None else (0.0, 0)
        if st and run < gap:
            s = st[-1]
            s[1] = k + 1
            s[2] += w
            s[3] += w if w >= PROSE else 0
            s[4] += e[0]
            s[5] += e[1]
        else:
            st.append([k, k + 1, w, w if w >= PROSE else 0, e[0], e[1]])
        run = 0
    if len(st) < 2:
        return kept
    total = sum(s[2] for s in st)
    mi = 0
    for j, s in enumerate(st):
        if s[2] > st[mi][2]:
            mi = j
    main = st[mi]
    dominant = main[2] >= main_share * total
    kept = kept[:]
    for j, s in enumerate(st):
        if j == mi:
            continue
        small = dominant and (s[2] < ratio * main[2] or (j > mi and s[3] < after_ratio * main[3]))
        weak = s[5] > 0 and s[4] / s[5] < m0
        if not small and not weak:
            continue
        for k in range(s[0], s[1]):
            i = rows[k][0]
            if i != title:
                kept[i] = False
    return kept


def shipped(doc, t=0.175, g=0.9, m=0.7):
    kept, applied = classify(doc, t, g, m)
    if applied:
        kept = stray_weak(doc, kept)
    return kept


if __name__ == "__main__":
    data = load()
    ts = [float(x) for x in (sys.argv[1] if len(sys.argv) > 1 else "0.15,0.175,0.2,0.225,0.25").split(",")]
    for t in ts:
        evaluate(data, lambda d: shipped(d, t), label=f"shipped t={t}")
