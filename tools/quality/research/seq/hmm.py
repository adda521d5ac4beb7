import sys, math
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parent.parent))
from seqsim import *
from collections import Counter, defaultdict
data = load()
T=0.225
pages=data['pages']
# states: 0 pre, 1 body-content, 2 body-boiler, 3 post
LAB=[0,1,0,0]
def gold_states(doc):
    labs=doc['labels']; ig=set(doc['ignore'])
    rows=doc['rows']
    c=[k for k,r in enumerate(rows) if labs[r[0]]==1 and r[0] not in ig]
    if not c: return None
    st=[]
    for k,r in enumerate(rows):
        if k<c[0]: st.append(0)
        elif k>c[-1]: st.append(3)
        else: st.append(1 if labs[r[0]]==1 else 2)  # ignored inside -> boiler
    return st
def estimate(train):
    tc=Counter(); sc0=Counter(); rem=Counter(); n1=n=0
    for doc in train:
        st=gold_states(doc)
        if st is None: continue
        sc0[st[0]]+=1
        for a,b in zip(st,st[1:]): tc[a,b]+=1
        for s,r in zip(st,doc['rows']):
            if r[1]: rem[LAB[s]]+=1
            else:
                n+=1; n1+=LAB[s]
    A=[[0.0]*4 for _ in range(4)]
    for a in range(4):
        tot=sum(tc[a,b] for b in range(4))
        for b in range(4):
            A[a][b]=tc[a,b]/tot if tot else 0
    start=[sc0[s]/sum(sc0.values()) for s in range(4)]
    return A,start,n1/n, rem[1]/(rem[0]+rem[1])
models={}
for f in range(5):
    models[f]=estimate([d for d in pages if d['fold']!=f])
print(models[0])
def posteriors(doc, alpha, model):
    A,start,pi1,prem=model
    rows=doc['rows']
    E=[]
    for i,rem,w,p,x in rows:
        q=prem if rem else p
        q=min(max(q,1e-4),1-1e-4)
        e1=(q/pi1)**alpha; e0=((1-q)/(1-pi1))**alpha
        E.append([e0,e1,e0,e0])
    n=len(rows)
    fw=[];c=[]
    prev=[start[s]*E[0][s] for s in range(4)]
    z=sum(prev); prev=[v/z for v in prev]; fw.append(prev); c.append(z)
    for k in range(1,n):
        cur=[sum(prev[a]*A[a][b] for a in range(4))*E[k][b] for b in range(4)]
        z=sum(cur) or 1e-300; cur=[v/z for v in cur]; fw.append(cur); c.append(z); prev=cur
    bw=[None]*n; bw[n-1]=[1.0]*4
    for k in range(n-2,-1,-1):
        nb=bw[k+1]
        cur=[sum(A[a][b]*E[k+1][b]*nb[b] for b in range(4)) for a in range(4)]
        z=sum(cur) or 1e-300; bw[k]=[v/z for v in cur]
    post=[]
    for k in range(n):
        v=[fw[k][s]*bw[k][s] for s in range(4)]; z=sum(v) or 1e-300
        post.append(v[1]/z)
    return post
def dec(doc, alpha, tau, use_stray=False, mix=None):
    kept,applied=classify(doc,T,0.9,0.7)
    if not applied or not doc['rows']: return kept
    post=posteriors(doc,alpha,models[doc['fold']])
    kept=[True]*len(doc['lines'])
    title=True
    for k,(i,rem,w,p,x) in enumerate(doc['rows']):
        if rem: kept[i]=False; continue
        if title: title=False; continue
        if post[k]<tau: kept[i]=False
    if use_stray: kept=stray(doc,kept)
    return kept
evaluate(data, lambda d: baseline(d,T), label='base')
for alpha in (0.5,0.75,1.0):
    for tau in (0.2,0.3,0.4):
        evaluate(data, lambda d: dec(d,alpha,tau), label=f'hmm a={alpha} tau={tau}')
