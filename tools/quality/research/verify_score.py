"""Check that the in-process metric equals score.py run on written outputs."""
import pickle, subprocess, sys, tempfile
from pathlib import Path
import data, explore
docs = data.load('nodup')
p, doc_of, line_of = pickle.load(open(sys.argv[1], 'rb'))[:3]
t = float(sys.argv[2]) if len(sys.argv) > 2 else 0.3
kept = explore.kept_vectors(docs, p, doc_of, line_of, t)
print('in-process:', data.fmt(data.score(docs, kept)))
with tempfile.TemporaryDirectory() as tmp:
    for d, k in zip(docs, kept):
        Path(tmp, d['id'] + '.txt').write_text('\n'.join(l for l, kk in zip(d['lines'], k) if kk) + '\n', encoding='utf-8')
    out = subprocess.run(['python3', str(data.EVAL / 'score.py'), str(data.EVAL / 'dev' / 'labels.jsonl'), tmp, '--by', 'page_type'], capture_output=True, text=True).stdout
print('\n'.join(l for l in out.splitlines() if l.startswith('==') or 'content kept  micro ' in l))
