import re, json
import data
docs = data.load('nodup')
W = re.compile(r"\w+")
def toks(s): return [t.lower() for t in W.findall(s)]
found = 0; before_c = after_c = before_b = after_b = 0; nodoc = []
for d in docs:
    L = d['lines']; tt = set(toks(L[0]))
    h = None
    for j in range(1, len(L)):
        tj = toks(L[j])
        if len(tj) >= 2 and tt and sum(t in tt for t in tj) / len(tj) >= 0.8 and len(set(tj)) / max(1, len(tt)) >= 0.5:
            h = j; break
    if h is None:
        nodoc.append(d['id']); continue
    found += 1
    for i, lab in enumerate(d['labels']):
        if i in d['ignore']: continue
        if i < h:
            before_c += lab == 1; before_b += lab == 0
        else:
            after_c += lab == 1; after_b += lab == 0
print('docs with headline repeat', found, 'of', len(docs))
print('before: content', before_c, 'boiler', before_b, ' after: content', after_c, 'boiler', after_b)
