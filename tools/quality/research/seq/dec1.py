import sys, math
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parent.parent))
from seqsim import *
data = load()
T=0.225
def oracle(doc):
    kept = baseline(doc, T)
    labs = doc['labels']; ig=set(doc['ignore'])
    c=[i for i,l in enumerate(labs) if l==1 and i not in ig]
    if not c: return kept
    return [k and c[0]<=i<=c[-1] for i,k in enumerate(kept)]
evaluate(data, lambda d: baseline(d,T), label='baseline')
evaluate(data, oracle, label='oracle span')

def spans_decode(doc, kept, c, wpow=0.0, skip_removed=True, T=T, cap=None):
    """best set of spans maximizing sum(s_k * w^wpow) - c per span, over rows not removed"""
    rows=[(k,r) for k,r in enumerate(doc['rows']) if not r[1]]
    if not rows: return None
    lt=logit(T)
    sc_=[]
    for k,(i,rem,w,p,x) in rows:
        s=logit(p)-lt
        if cap: s=max(-cap,min(cap,s))
        sc_.append(s*(max(w,1)**wpow))
    # DP: states out(0)/in(1)
    NEG=-1e18
    best=[0.0,NEG]; bp=[]
    for s in sc_:
        o=max(best[0],best[1]); ob=0 if best[0]>=best[1] else 1
        i_from_in=best[1]+s; i_from_out=best[0]-c+s
        if i_from_in>=i_from_out: iv,ib=i_from_in,1
        else: iv,ib=i_from_out,0
        bp.append((ob,ib)); best=[o,iv]
    st=0 if best[0]>=best[1] else 1
    states=[0]*len(sc_)
    for j in range(len(sc_)-1,-1,-1):
        states[j]=st; st=bp[j][st]
    return [(rows[j][1][0], states[j], sc_[j]) for j in range(len(rows))]

def decB(doc, c, wpow=0.0, delta=1e9, use_stray=True, cap=None):
    kept, applied = classify(doc, T, 0.9, 0.7)
    if not applied: return kept
    dec = spans_decode(doc, kept, c, wpow, cap=cap)
    if dec is None: return kept
    title=None
    for i,(k) in enumerate(kept):
        if k: title=i; break
    kept=kept[:]
    for i,st,s in dec:
        if st==0 and i!=title and s<delta:
            kept[i]=False
    if use_stray: kept=stray(doc,kept)
    return kept

for c in (2,5,10,20,40):
    for wp in (0.0,0.5,1.0):
        evaluate(data, lambda d: decB(d,c,wp), label=f'spans c={c} wpow={wp}')
