import sys, math
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parent.parent))
from seqsim import *
data = load()
T=0.225
def dec(doc, glo, t2, m2=0.7):
    if doc['gate']>=0.9:
        kept,applied=classify(doc,T,0.9,0.7)
    else:
        kept,applied=classify(doc,t2,glo,m2)
    if applied: kept=stray(doc,kept)
    return kept
evaluate(data, lambda d: dec(d,0.9,T), label='base')
for glo in (0.3,0.5,0.7):
    for t2 in (0.02,0.05,0.1,0.15):
        evaluate(data, lambda d: dec(d,glo,t2), label=f'glo {glo} t2 {t2}')
