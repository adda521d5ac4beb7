exec(open(str(__import__('pathlib').Path(__file__).resolve().parent / 'hsmm.py')).read().split("if __name__=='__main__':")[0])
import bisect
ZE=[-4,-3,-2.5,-2,-1.5,-1.25,-1,-0.75,-0.5,-0.25,0,0.25,0.5,0.75,1,1.5,2,3]
LE=[5,15]
NB=(len(ZE)+1)*(len(LE)+1)+1
def obs(r, uselen=True):
    i,rem,w,p,x=r
    if rem: return NB-1
    zb=bisect.bisect(ZE, logit(p))
    lb=bisect.bisect(LE, w) if uselen else 0
    return zb*(len(LE)+1)+lb
# gold state -> hsmm class: 0 pre, 1 content, 2 gap, 3 post
EMIS={}
def emis(fold, uselen, smooth=1.0):
    key=(fold,uselen)
    if key in EMIS: return EMIS[key]
    cnt=[[smooth]*NB for _ in range(4)]
    for d in pages:
        if d['fold']==fold: continue
        st=gold_states(d)
        if st is None: continue
        for s,r in zip(st,d['rows']):
            cnt[s][obs(r,uselen)]+=1
    E=[[c/sum(row) for c in row] for row in cnt]
    EMIS[key]=E
    return E
CL6=[0,1,1,2,2,3]
def posts_h(doc, model, E, uselen, temper=1.0):
    A,start,pi1,prem=model
    rows=doc['rows']; S=6
    Em=[]
    for r in rows:
        o=obs(r,uselen)
        Em.append([E[CL6[s]][o]**temper for s in range(S)])
    n=len(rows)
    trans=[[(a,A[a][b]) for a in range(S) if A[a][b]>0] for b in range(S)]
    fw=[]
    prev=[start[s]*Em[0][s] for s in range(S)]
    z=sum(prev); prev=[v/z for v in prev]; fw.append(prev)
    for k in range(1,n):
        e=Em[k]
        cur=[sum(prev[a]*t for a,t in trans[b])*e[b] for b in range(S)]
        z=sum(cur) or 1e-300; cur=[v/z for v in cur]; fw.append(cur); prev=cur
    bw=[None]*n; bw[n-1]=[1.0]*S
    out_tr=[[(b,A[a][b]) for b in range(S) if A[a][b]>0] for a in range(S)]
    for k in range(n-2,-1,-1):
        nb=bw[k+1]; e=Em[k+1]
        cur=[sum(t*e[b]*nb[b] for b,t in out_tr[a]) for a in range(S)]
        z=sum(cur) or 1e-300; bw[k]=[v/z for v in cur]
    out=[]
    for k in range(n):
        v=[fw[k][s]*bw[k][s] for s in range(S)]; z=sum(v) or 1e-300
        out.append([x/z for x in v])
    return out
CH={}
def dech(doc, t, gamma, uselen=True, temper=1.0, which=(0,5), use_stray=True, mode='filter'):
    kept,applied=classify(doc,t,0.9,0.7)
    if not applied or not doc['rows']: return kept
    key=(doc['id'],uselen,temper, doc.get('_clean',False))
    if key not in CH: CH[key]=posts_h(doc,getmodel(doc['fold'],1.0,1.0),emis(doc['fold'],uselen),uselen,temper)
    P=CH[key]
    title=None
    for i,k in enumerate(kept):
        if k: title=i; break
    kept=kept[:]
    for k,(i,rem,w,p,x) in enumerate(doc['rows']):
        if kept[i] and i!=title and sum(P[k][s] for s in which)>gamma: kept[i]=False
    if use_stray: kept=stray(doc,kept)
    return kept
for d in data['clean']: d['_clean']=True
if __name__=='__main__':
    for t in (0.2,0.225,0.25,0.3): evaluate(data, lambda d: baseline(d,t), label=f'base t={t}')
    for uselen in (False,True):
      for temper in (0.5,1.0):
        for t in (0.2,0.225):
          for gamma in (0.8,0.95,0.99):
            evaluate(data, lambda d: dech(d,t,gamma,uselen,temper), label=f'L={uselen} T={temper} t={t} g={gamma}')
