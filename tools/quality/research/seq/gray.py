import sys
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parent.parent))
from seqsim import *
data=load()
T=0.225
def trim(doc, t2, slack=0):
    """remove leading/trailing doomed lines (p<t2), skipping rule-removed; the title stays;
    slack: allow this many non-doomed lines inside the trimmed run if followed by doomed ones"""
    n=len(doc['lines'])
    kept=[True]*n
    for i,rem,w,p,x in doc['rows']:
        if rem: kept[i]=False
    rows=[r for r in doc['rows'] if not r[1]]
    if len(rows)<3: return kept
    title=rows[0][0]
    body=rows[1:]
    # leading
    def run(seq):
        cut=0; k=0; soft=0
        while k<len(seq):
            if seq[k][3]<t2: k+=1; cut=k; soft=0
            elif soft<slack: soft+=1; k+=1
            else: break
        return cut
    a=run(body)
    b=run(body[::-1])
    if a+b>=len(body): return kept
    for r in body[:a]: kept[r[0]]=False
    for r in body[len(body)-b:]: kept[r[0]]=False
    return kept
def dec(doc, glo, t2, slack=0, lead=True):
    if doc['gate']>=0.9: return baseline(doc,T)
    if doc['gate']<glo: return classify(doc,T,0.9,0.7)[0]
    return trim(doc,t2,slack)
evaluate(data, lambda d: baseline(d,T), label='base')
for glo in (0.0,0.1,0.3,0.5):
  for t2 in (0.1,0.225):
    for slack in (0,1,2):
      evaluate(data, lambda d: dec(d,glo,t2,slack), label=f'glo={glo} t2={t2} slack={slack}')
