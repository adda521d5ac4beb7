import sys
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parent.parent))
from seqsim import *
data=load()
def weak(doc, kept, gap, m0, sides=('after',), use_main_share=0.0):
    rows=doc['rows']
    st=[]; run=0; title=None
    for k,(i,rem,w,p,x) in enumerate(rows):
        if not kept[i]: run+=1; continue
        if title is None: title=i; continue
        if st and run<gap: st[-1].append(k)
        else: st.append([k])
        run=0
    if len(st)<2: return kept
    words=[sum(rows[k][2] for k in s) for s in st]
    mi=max(range(len(st)), key=lambda j: words[j])
    if words[mi] < use_main_share*sum(words): return kept
    kept=kept[:]
    for j,s in enumerate(st):
        if j==mi: continue
        side='after' if j>mi else 'before'
        if side not in sides: continue
        ws=[rows[k][2] for k in s]
        mz=sum(logit(rows[k][3])*rows[k][2] for k in s)/max(1,sum(ws))
        if mz<m0:
            for k in s: kept[rows[k][0]]=False
    return kept
def dec(doc,t,gap,m0,sides=('after',),order='after'):
    kept,applied=classify(doc,t,0.9,0.7)
    if not applied: return kept
    if order=='before': kept=weak(doc,kept,gap,m0,sides)
    kept=stray(doc,kept)
    if order=='after': kept=weak(doc,kept,gap,m0,sides)
    return kept
for t in (0.2,0.225,0.25,0.275): evaluate(data, lambda d: baseline(d,t), label=f'base t={t}')
for t in (0.175,0.2,0.225):
  for gap in (2,3):
    for m0 in (-0.5,0,0.5):
      evaluate(data, lambda d: dec(d,t,gap,m0), label=f't={t} gap={gap} m0={m0}')
      evaluate(data, lambda d: dec(d,t,gap,m0,('after','before')), label=f't={t} gap={gap} m0={m0} both')
