"""Feature-group ablations with plain LR (sklearn), out of sample: F1 at the best threshold."""
import warnings
import numpy as np
import data, explore
warnings.filterwarnings("ignore")
docs = data.load('nodup')
names = docs[0]['names']
G = {
 'shape': ['lw','lc','alpha','digit','other','upper','title','terminal','colon','ends_alnum','starts_upper','digit_tok'],
 'stopwords': ['stop','prose','prev_stop','next_stop','stop_w2','stop_w5','mrun_stop','srun_stop','prev_prose','next_prose','prose_w2','prose_w5','prose_w10','doc_prose_share','lang_known'],
 'markers': ['bullet','numbered','sub_bullet','pipes','sep_share','prev_marker','next_marker','marker_run','marker_w2','sub_w3'],
 'misc_local': ['url','email','copyright'],
 'neighbours_windows': ['prev_lw','next_lw','lw_w2','lw_w5','term_w2','digit_w2','title_w2','short_run'],
 'runs': [n for n in names if n.startswith('mrun_') or n.startswith('srun_')],
 'region': ['in_region','before_region','after_region','region_dl','region_dw','prose_before','prose_after','region_share','region_rules'],
 'headline_title': ['first_line','title_overlap','headline_found','before_headline','after_headline','headline_dl'],
 'dup': ['dup','dup_earlier','dup_later','toc_like'],
 'rules_ctx': ['rule_w3','region_rules'],
 'position': ['pos','doc_lines'],
}
def best(keep):
    p, doc_of, line_of = explore.oof(docs, keep, 'lr')
    out = []
    for t in (0.3, 0.35, 0.4, 0.45):
        out.append((data.score(docs, explore.kept_vectors(docs, p, doc_of, line_of, t))['all'][2], t))
    return max(out)
b = best(names)
print(f"all features: F1 {b[0]:.4f} at t={b[1]}", flush=True)
for g, cols in G.items():
    keep = [n for n in names if n not in cols]
    r = best(keep)
    print(f"without {g:<20} ({len(names)-len(keep)} features): F1 {r[0]:.4f}  delta {r[0]-b[0]:+.4f}", flush=True)
only = [n for n in names if n in G['shape'] + G['stopwords'] + G['markers'] + G['misc_local']]
r = best(only); print(f"local features only ({len(only)}): F1 {r[0]:.4f}")
