exec(open(str(__import__('pathlib').Path(__file__).resolve().parent / 'weak.py')).read().split("def dec(")[0])
def segs(doc, kept, gap, z0, c, beta, sides=('after','before')):
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
    kept=kept[:]
    for j,s in enumerate(st):
        if j==mi: continue
        if ('after' if j>mi else 'before') not in sides: continue
        S=sum((max(rows[k][2],1)**beta)*(logit(rows[k][3])-z0) for k in s)
        if S<c:
            for k in s: kept[rows[k][0]]=False
    return kept
def dec(doc,t,gap,z0,c,beta,sides=('after','before'),st=True):
    kept,applied=classify(doc,t,0.9,0.7)
    if not applied: return kept
    if st: kept=stray(doc,kept)
    return segs(doc,kept,gap,z0,c,beta,sides)
for t in (0.15,0.175,0.2):
  for gap in (2,3):
    for z0 in (-1.0,-0.5,-0.25):
      for c in (-3,0,3):
        for beta in (0,0.5):
          evaluate(data, lambda d: dec(d,t,gap,z0,c,beta), label=f't={t} gap={gap} z0={z0} c={c} b={beta}')
