exec(open(str(__import__('pathlib').Path(__file__).resolve().parent / 'hmm.py')).read().split("models={}")[0])
from collections import Counter
def pg(x,m): q=1-1/m; return (1-q)*q**(x-1)
def mix2(xs):
    w=0.8; m1=2.0; m2=20.0
    for it in range(100):
        r=[w*pg(x,m1)/(w*pg(x,m1)+(1-w)*pg(x,m2)) for x in xs]
        w=sum(r)/len(r); m1=sum(ri*x for ri,x in zip(r,xs))/sum(r); m2=sum((1-ri)*x for ri,x in zip(r,xs))/sum(1-ri for ri in r)
    return w,m1,m2
# states: 0 pre, 1 bodyS, 2 bodyL, 3 gapS, 4 gapL, 5 post
LAB6=[0,1,1,0,0,0]
def estimate6(train, gap_scale=1.0, post_scale=1.0):
    gaps=[];bodies=[];pres=[];ndocs=0;start_body=0; rem=Counter(); n=n1=0
    for doc in train:
        st=gold_states(doc)
        if st is None: continue
        ndocs+=1
        if st[0]==1: start_body+=1
        run=0; prev=None
        for s in st+[9]:
            if s==prev: run+=1
            else:
                if prev==2: gaps.append(run)
                if prev==1: bodies.append(run)
                if prev==0: pres.append(run)
                run=1; prev=s
        for s,r in zip(st,doc['rows']):
            if r[1]: rem[LAB[s]]+=1
            else: n+=1; n1+=LAB[s]
    wb,b1,b2=mix2(bodies); wg,g1,g2=mix2(gaps)
    g2*=gap_scale
    mpre=sum(pres)/len(pres)
    pend=ndocs/len(bodies)*post_scale
    A=[[0.0]*6 for _ in range(6)]
    A[0][0]=1-1/mpre; A[0][1]=wb/mpre; A[0][2]=(1-wb)/mpre
    for j,m in ((1,b1),(2,b2)):
        A[j][j]=1-1/m; A[j][3]=(1-pend)*wg/m; A[j][4]=(1-pend)*(1-wg)/m; A[j][5]=pend/m
    for j,m in ((3,g1),(4,g2)):
        A[j][j]=1-1/m; A[j][1]=wb/m; A[j][2]=(1-wb)/m
    A[5][5]=1.0
    sb=start_body/ndocs
    start=[1-sb, sb*wb, sb*(1-wb),0,0,0]
    return A,start,n1/n,rem[1]/(rem[0]+rem[1])
def posts6(doc, alpha, model):
    A,start,pi1,prem=model
    rows=doc['rows']; S=6
    E=[]
    for i,rem,w,p,x in rows:
        q=prem if rem else p
        q=min(max(q,1e-4),1-1e-4)
        e1=(q/pi1)**alpha; e0=((1-q)/(1-pi1))**alpha
        E.append([e1 if LAB6[s] else e0 for s in range(S)])
    n=len(rows)
    trans=[[(a,A[a][b]) for a in range(S) if A[a][b]>0] for b in range(S)]
    fw=[]
    prev=[start[s]*E[0][s] for s in range(S)]
    z=sum(prev); prev=[v/z for v in prev]; fw.append(prev)
    for k in range(1,n):
        e=E[k]
        cur=[sum(prev[a]*t for a,t in trans[b])*e[b] for b in range(S)]
        z=sum(cur) or 1e-300; cur=[v/z for v in cur]; fw.append(cur); prev=cur
    bw=[None]*n; bw[n-1]=[1.0]*S
    out_tr=[[(b,A[a][b]) for b in range(S) if A[a][b]>0] for a in range(S)]
    for k in range(n-2,-1,-1):
        nb=bw[k+1]; e=E[k+1]
        cur=[sum(t*e[b]*nb[b] for b,t in out_tr[a]) for a in range(S)]
        z=sum(cur) or 1e-300; bw[k]=[v/z for v in cur]
    out=[]
    for k in range(n):
        v=[fw[k][s]*bw[k][s] for s in range(S)]; z=sum(v) or 1e-300
        out.append([x/z for x in v])
    return out
cache={}
MODELS={}
def getmodel(fold, gs, ps):
    key=(fold,gs,ps)
    if key not in MODELS: MODELS[key]=estimate6([d for d in pages if d['fold']!=fold], gs, ps)
    return MODELS[key]
def dec6(doc, t, alpha, gamma, gs=1.0, ps=1.0, use_stray=True, which=(0,5)):
    kept,applied=classify(doc,t,0.9,0.7)
    if not applied or not doc['rows']: return kept
    key=(doc['id'],alpha,gs,ps)
    if key not in cache: cache[key]=posts6(doc,alpha,getmodel(doc['fold'],gs,ps))
    P=cache[key]
    title=None
    for i,k in enumerate(kept):
        if k: title=i; break
    kept=kept[:]
    for k,(i,rem,w,p,x) in enumerate(doc['rows']):
        if kept[i] and i!=title and sum(P[k][s] for s in which)>gamma: kept[i]=False
    if use_stray: kept=stray(doc,kept)
    return kept
if __name__=='__main__':
    print(getmodel(0,1.0,1.0))
    evaluate(data, lambda d: baseline(d,0.225), label=f'base')
    for alpha in (0.5,1.0):
        for gamma in (0.5,0.8,0.95,0.99):
            evaluate(data, lambda d: dec6(d,0.225,alpha,gamma), label=f'a={alpha} g={gamma}')
