import sys, math
import numpy as np
exec(open(str(__import__('pathlib').Path(__file__).resolve().parent / 'hsmm.py')).read().split("if __name__=='__main__':")[0])
def feats(doc, P):
    rows=doc['rows']
    nr=[k for k,r in enumerate(rows) if not r[1]]
    z=np.array([logit(rows[k][3]) for k in nr]) if nr else np.zeros(0)
    w=np.array([rows[k][2] for k in nr],dtype=float)
    n=len(nr)
    F=[]
    strong=(z>0)&(w>=15)
    sm=np.where(z>0, w, 0.0)
    cs=np.cumsum(sm); tot=cs[-1] if n else 0
    cstrong=np.cumsum(strong)
    ns=cstrong[-1] if n else 0
    # nearest strong index before/after
    last=-10**9; before=np.zeros(n)
    for j in range(n):
        before[j]=j-last if last>-10**8 else 1000
        if strong[j]: last=j
    nxt=10**9; after=np.zeros(n)
    for j in range(n-1,-1,-1):
        after[j]=nxt-j if nxt<10**8 else 1000
        if strong[j]: nxt=j
    pad=np.concatenate([np.full(10,-3.0),z,np.full(10,-3.0)])
    c=np.concatenate([[0],np.cumsum(pad)])
    def win(j,a,b):  # mean of pad indices j+10+a .. j+10+b inclusive, excluding self
        lo=j+10+a; hi=j+10+b+1
        s=c[hi]-c[lo]; cnt=hi-lo
        if a<=0<=b: s-=pad[j+10]; cnt-=1
        return s/cnt
    for j,k in enumerate(nr):
        pp=P[k]
        F.append([z[j], np.log1p(w[j]), pad[j+9], pad[j+11], win(j,-2,2), win(j,-5,5), win(j,-10,10),
                  win(j,-5,-1), win(j,1,5),
                  (cs[j]-sm[j])/tot if tot else 0.5, np.log1p(ns-cstrong[j]), np.log1p(cstrong[j]-strong[j]),
                  np.log1p(min(before[j],1000)), np.log1p(min(after[j],1000)),
                  pp[0], pp[5], pp[3]+pp[4], j/max(1,n-1)])
    return nr, np.array(F)
NAMES=['z','lw','zp','zn','w2','w5','w10','wb5','wa5','massb','ls_after','ls_before','d_before','d_after','Ppre','Ppost','Pgap','pos']
X={}; Y={}; IDX={}
for doc in data['pages']+data['clean']:
    if doc['gate']<0.9 or not doc['rows']: continue
    P=posts6(doc,1.0,getmodel(doc['fold'],1.0,1.0))
    nr,F=feats(doc,P)
    key=(doc['id'], doc in data['clean'])
    IDX[key]=nr; X[key]=F
print('features done', len(X), flush=True)
def train_lr(Xs, ys, l2=1.0, iters=30):
    mu=Xs.mean(0); sd=Xs.std(0)+1e-9
    Z=(Xs-mu)/sd; Z=np.hstack([Z,np.ones((len(Z),1))])
    wv=np.zeros(Z.shape[1])
    for it in range(iters):
        p=1/(1+np.exp(-Z@wv))
        g=Z.T@(p-ys)+l2*np.r_[wv[:-1],0]
        H=(Z*(p*(1-p))[:,None]).T@Z+l2*np.eye(Z.shape[1])
        wv-=np.linalg.solve(H,g)
    return mu,sd,wv
def pred(m, F):
    mu,sd,wv=m
    Z=(F-mu)/sd
    return 1/(1+np.exp(-(Z@wv[:-1]+wv[-1])))
pagedocs={d['id']:d for d in data['pages']}
models2={}
for f in range(5):
    Xs=[];ys=[]
    for d in data['pages']:
        key=(d['id'],False)
        if d['fold']==f or key not in X: continue
        ig=set(d['ignore'])
        for j,k in enumerate(IDX[key]):
            i=d['rows'][k][0]
            if i in ig: continue
            Xs.append(X[key][j]); ys.append(d['labels'][i])
    models2[f]=train_lr(np.array(Xs),np.array(ys,dtype=float))
print('trained', flush=True)
print(dict(zip(NAMES+['b'],np.round(models2[0][2],3))))
P2={}
for key in X:
    d=pagedocs[key[0]]
    P2[key]=pred(models2[d['fold']],X[key])
def dec2(doc,t,mixw=1.0,use_stray=True):
    key=(doc['id'], doc in data['clean'] if False else None)
    return None
def classify2(doc, t, is_clean):
    key=(doc['id'],is_clean)
    if key not in P2: return classify(doc,t,0.9,0.7)
    rows=[list(r) for r in doc['rows']]
    for j,k in enumerate(IDX[key]): rows[k][3]=float(P2[key][j])
    d2=dict(doc); d2['rows']=[tuple(r) for r in rows]
    return classify(d2,t,0.9,0.7)
def run(t, use_stray=True):
    def f(doc):
        is_clean = doc['id'] in CLEANIDS and doc is CLEANMAP.get(doc['id'])
        kept,applied=classify2(doc,t,is_clean)
        if applied and use_stray: kept=stray(doc,kept)
        return kept
    return f
CLEANMAP={d['id']:d for d in data['clean']}; CLEANIDS=set(CLEANMAP)
for t in (0.2,0.225,0.25):
    evaluate(data, lambda d: baseline(d,t), label=f'base t={t}')
for t in (0.15,0.2,0.25,0.3,0.35):
    evaluate(data, run(t), label=f'stage2 t={t}')
    evaluate(data, run(t,False), label=f'stage2 nostray t={t}')
