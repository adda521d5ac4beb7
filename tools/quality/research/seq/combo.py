exec(open(str(__import__('pathlib').Path(__file__).resolve().parent / 'hsmm.py')).read().split("if __name__=='__main__':")[0])
exec(open(str(__import__('pathlib').Path(__file__).resolve().parent / 'weak.py')).read().split("def dec(")[0].split("data=load()")[1])
def newbase(doc,t=0.175):
    kept,applied=classify(doc,t,0.9,0.7)
    if not applied: return kept
    kept=stray(doc,kept)
    return weak(doc,kept,3,-0.5,('after','before'))
def combo(doc,t,alpha,gamma,which=(5,)):
    kept,applied=classify(doc,t,0.9,0.7)
    if not applied or not doc['rows']: return kept
    key=(doc['id'],alpha,1.0,1.0, doc.get('_clean',False))
    if key not in cache: cache[key]=posts6(doc,alpha,getmodel(doc['fold'],1.0,1.0))
    P=cache[key]
    title=None
    for i,k in enumerate(kept):
        if k: title=i; break
    kept=kept[:]
    for k,(i,rem,w,p,x) in enumerate(doc['rows']):
        if kept[i] and i!=title and sum(P[k][s] for s in which)>gamma: kept[i]=False
    kept=stray(doc,kept)
    return weak(doc,kept,3,-0.5,('after','before'))
for d in data['clean']: d['_clean']=True
for t in (0.15,0.175,0.2): evaluate(data, lambda d: newbase(d,t), label=f'newbase t={t}')
for t in (0.15,0.175):
  for gamma in (0.99,0.998):
    for which in ((5,),(0,5)):
      evaluate(data, lambda d: combo(d,t,1.0,gamma,which), label=f'combo t={t} g={gamma} w={which}')
