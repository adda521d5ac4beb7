import sys, math, json, re
import numpy as np
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parent.parent))
from seqsim import *
from collections import defaultdict
data=load()
for d in data["clean"]: d["_clean"]=True
names=data['names']; col={n:k for k,n in enumerate(names)}
rules=defaultdict(dict)
for l in open(__import__('os').environ.get('RULES_JSONL', 'rules.jsonl')):
    r=json.loads(l); rules[r['doc'].split('/')[-1][:-4]][r['line']-1]=r['rule']
price=re.compile(r'[$€£¥]\s?\d|\d\s?[$€£]|\b(USD|EUR|GBP)\b')
def docfeat(doc, clean=False):
    rows=doc['rows']; n=max(1,len(rows))
    rl={} if clean else rules[doc['id']]
    shop=sum(1 for i,*_ in rows if rl.get(i,'').split('.')[0] in ('ads',) or rl.get(i,'').startswith('meta.rating'))/n
    pr=sum(1 for i,*_ in rows if price.search(doc['lines'][i]))/n
    x0=rows[0][4] if rows else [0]*len(names)
    return [shop, pr, x0[col['doc_prose_share']], x0[col['region_share']], x0[col['doc_lines']]]
def rowfeat(doc, df):
    out=[]; idx=[]
    for k,(i,rem,w,p,x) in enumerate(doc['rows']):
        if rem: continue
        z=logit(p)
        base=[z, x[col['lw']], x[col['prose']], x[col['bullet']], x[col['short_run']], x[col['stop']], x[col['after_region']], x[col['before_region']]]
        f=base+df+[b*d for b in base for d in df]
        out.append(f); idx.append(k)
    return idx, out
X={};I={}
for kind in ('pages','clean'):
    for d in data[kind]:
        if d['gate']<0.9: continue
        df=docfeat(d, kind=='clean')
        I[(d['id'],kind)],F=rowfeat(d,df)
        X[(d['id'],kind)]=np.array(F) if F else np.zeros((0,8+5+40))
def train_lr(Xs, ys, l2=10.0, iters=25):
    mu=Xs.mean(0); sd=Xs.std(0)+1e-9
    Z=(Xs-mu)/sd; Z=np.hstack([Z,np.ones((len(Z),1))])
    wv=np.zeros(Z.shape[1])
    for it in range(iters):
        p=1/(1+np.exp(-Z@wv))
        g=Z.T@(p-ys)+l2*np.r_[wv[:-1],0]
        H=(Z*(p*(1-p))[:,None]).T@Z+l2*np.eye(Z.shape[1])
        wv-=np.linalg.solve(H,g)
    return mu,sd,wv
def pred(m,F):
    mu,sd,wv=m; return 1/(1+np.exp(-(((F-mu)/sd)@wv[:-1]+wv[-1])))
P2={}
for variant,cols in (('z only',[0]),('z+base',list(range(8))),('z+base+doc',list(range(13))),('all+inter',list(range(53)))):
    for f in range(5):
        Xs=[];ys=[]
        for d in data['pages']:
            key=(d['id'],'pages')
            if d['fold']==f or key not in X or len(X[key])==0: continue
            ig=set(d['ignore'])
            for j,k in enumerate(I[key]):
                i=d['rows'][k][0]
                if i in ig: continue
                Xs.append(X[key][j][cols]); ys.append(d['labels'][i])
        m=train_lr(np.array(Xs),np.array(ys,float))
        for kind in ('pages','clean'):
            for d in data[kind]:
                key=(d['id'],kind)
                if d['fold']!=f or key not in X or len(X[key])==0: continue
                P2[key]=pred(m,X[key][:,cols])
    def run(t):
        def fn(doc):
            kind='clean' if doc.get('_clean') else 'pages'
            key=(doc['id'],kind)
            if key in P2:
                rows=[list(r) for r in doc['rows']]
                for j,k in enumerate(I[key]): rows[k][3]=float(P2[key][j])
                doc=dict(doc); doc['rows']=[tuple(r) for r in rows]
            kept,applied=classify(doc,t,0.9,0.7)
            if applied: kept=stray(doc,kept)
            return kept
        return fn
    for t in (0.2,0.25,0.3):
        evaluate(data, run(t), label=f'{variant} t={t}')
