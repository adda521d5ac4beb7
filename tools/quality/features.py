#!/usr/bin/env python3
"""Reference implementation of noisestrip's per-line quality features (standard library only).

A document is split into lines at "\\n" (a trailing "\\r" is dropped). Blank lines (only
whitespace) get no features and are never classified. Every other line gets the feature
vector named in FEATURES, computed from the plain text only. FINDINGS.md gives the exact
definitions; this file is the executable form of them. Character classes follow Rust's
`char` methods so the Rust port can match bit for bit:

  whitespace  char::is_whitespace  (WHITESPACE below: the Unicode White_Space property)
  letter      char::is_alphabetic  (approximated here by general category L*; they differ
                                    only on combining marks of some scripts, e.g. Devanagari)
  digit       char::is_numeric     (general category N*)
  uppercase   char::is_uppercase   (approximated by str.isupper on one char)
  other       everything else that is not whitespace (punctuation, symbols, controls)

usage as a script: features.py DOC.txt  prints the features of each line (for debugging).
"""
import math
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# The Unicode White_Space property, which is what Rust's char::is_whitespace tests.
WHITESPACE = frozenset(
    "\u0009\u000a\u000b\u000c\u000d\u0020\u0085\u00a0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
LANGS = ("en", "de", "fr", "es", "it", "pt", "nl", "ru")

# A first token that is only one of these is a list marker (inscriptis writes "*" for
# first-level and "+"/"o" for deeper bullets).
BULLETS = frozenset(["*", "-", "•", "·", "▪", "■", "–", "—", ">", "»", "›", "→", "#"])
# Deeper-level bullets: inscriptis writes "+" and "o" for nested lists (menus are nested).
SUB_BULLETS = frozenset(["+", "o", "◦", "‣", "□"])
# Last character of a sentence (after trailing closing quotes and brackets are skipped).
TERMINAL = frozenset(".!?…。！？")
CLOSERS = frozenset("\"')]}»”’」』›")

# Thresholds (see FINDINGS.md).
SHORT_WORDS = 5        # a line of fewer words is "short"
PROSE_WORDS = 10       # a prose line has at least this many words ...
PROSE_STOP = 0.20      # ... and at least this stopword density (when the language is known)


def is_letter(c):
    return unicodedata.category(c)[0] == "L"


def is_digit(c):
    return unicodedata.category(c)[0] == "N"


def is_alnum(c):
    return unicodedata.category(c)[0] in "LN"


def load_stopwords(directory=None):
    """{lang: frozenset(words)} from model/stopwords/<lang>.txt (lines starting with # ignored).
    The lists live in the crate's model/ directory because the Rust port embeds them."""
    directory = directory or os.path.join(HERE, "..", "..", "model", "stopwords")
    out = {}
    for lang in LANGS:
        with open(os.path.join(directory, f"{lang}.txt"), encoding="utf-8") as f:
            out[lang] = frozenset(w.strip() for w in f if w.strip() and not w.startswith("#"))
    return out


def tokens(line):
    """Split at runs of whitespace (Rust: str::split_whitespace)."""
    out, cur = [], []
    for c in line:
        if c in WHITESPACE:
            if cur:
                out.append("".join(cur))
                cur = []
        else:
            cur.append(c)
    if cur:
        out.append("".join(cur))
    return out


def word_core(tok):
    """A token without its leading and trailing non-alphanumeric characters, lowercased,
    with the typographic apostrophe U+2019 turned into "'"."""
    a, b = 0, len(tok)
    while a < b and not is_alnum(tok[a]):
        a += 1
    while b > a and not is_alnum(tok[b - 1]):
        b -= 1
    return tok[a:b].lower().replace("\u2019", "'")


class Line:
    """Local statistics of one non-blank line."""

    __slots__ = ("n_words", "n_chars", "letters", "digits", "others", "upper", "title_words",
                 "cap_candidates", "stop", "terminal", "colon", "marker", "marker_kind", "pipes",
                 "sep_tokens", "n_tokens", "url", "email", "copyright", "starts_upper", "key",
                 "words_core", "ends_alnum", "title_toks", "digit_tokens")


def alnum_runs(text):
    """Lowercased maximal runs of alphanumeric characters (for matching against the title)."""
    out, cur = [], []
    for c in text:
        if is_alnum(c):
            cur.append(c)
        elif cur:
            out.append("".join(cur).lower())
            cur = []
    if cur:
        out.append("".join(cur).lower())
    return out


def find_headline(stats):
    """Index (into the non-blank lines) of the first line after the first that restates it:
    >= 2 tokens, >= 80% of them occur in the first line, and they cover >= 50% of the first
    line's distinct tokens. -1 when there is none. (In WET-style text the first line is the
    page <title> and this is the article's headline.)"""
    if not stats:
        return -1
    title = set(stats[0].title_toks)
    if not title:
        return -1
    for j in range(1, len(stats)):
        t = stats[j].title_toks
        if len(t) < 2:
            continue
        inside = sum(1 for x in t if x in title)
        if inside >= 0.8 * len(t) and len(set(t)) >= 0.5 * len(title):
            return j
    return -1


def marker_kind(tok):
    """0 none, 1 bullet, 2 number ("12." or "3)"), 3 nested bullet."""
    if tok in BULLETS:
        return 1
    if tok in SUB_BULLETS:
        return 3
    if len(tok) >= 2 and tok[-1] in ".)" and tok[:-1].isascii() and tok[:-1].isdigit():
        return 2
    return 0


def line_stats(text):
    s = Line()
    toks = tokens(text)
    s.n_tokens = len(toks)
    s.marker_kind = marker_kind(toks[0]) if len(toks) > 1 else (marker_kind(toks[0]) if toks else 0)
    s.marker = 1 if s.marker_kind else 0
    body = toks[1:] if s.marker else toks
    words = [t for t in body if any(is_alnum(c) for c in t)]
    s.n_words = len(words)
    s.words_core = [word_core(t) for t in words]
    s.sep_tokens = sum(1 for t in body if not any(is_alnum(c) for c in t))
    s.pipes = text.count("|")
    chars = [c for c in text if c not in WHITESPACE]
    s.n_chars = len(chars)
    s.letters = sum(1 for c in chars if is_letter(c))
    s.digits = sum(1 for c in chars if is_digit(c))
    s.others = s.n_chars - s.letters - s.digits
    s.upper = sum(1 for c in chars if c.isupper())
    cap = tit = 0
    for t in words:
        first = next((c for c in t if is_alnum(c)), "")
        if first and is_letter(first):
            cap += 1
            if first.isupper():
                tit += 1
    s.cap_candidates, s.title_words = cap, tit
    s.starts_upper = 1 if words and next((c for c in words[0] if is_alnum(c)), "").isupper() else 0
    # last non-whitespace char, skipping closing quotes/brackets
    j = len(chars) - 1
    while j >= 0 and chars[j] in CLOSERS:
        j -= 1
    last = chars[j] if j >= 0 else ""
    s.terminal = 1 if last in TERMINAL else 0
    s.colon = 1 if last in ":：" else 0
    s.ends_alnum = 1 if last and is_alnum(last) else 0
    low = text.lower()
    s.url = 1 if ("http://" in low or "https://" in low or "www." in low) else 0
    s.email = 1 if any("@" in t and "." in t.split("@")[-1] for t in toks) else 0
    s.copyright = 1 if ("©" in text or "(c)" in low or "copyright" in low) else 0
    s.key = " ".join(body).lower()
    s.title_toks = alnum_runs(text)
    s.digit_tokens = sum(1 for t in words if any(is_digit(c) for c in t))
    s.stop = 0
    return s


def detect_language(stats, stopwords):
    """The language whose list holds the most word tokens of the document; None when no
    list matches at least 5% of the words (ties: first in LANGS order)."""
    total = sum(s.n_words for s in stats)
    best, best_n = None, 0
    for lang in LANGS:
        sw = stopwords[lang]
        n = sum(1 for s in stats for w in s.words_core if w in sw)
        if n > best_n:
            best, best_n = lang, n
    if total == 0 or best_n < 0.05 * total:
        return None
    return best


def main_region(stats, prose):
    """[start, end] (indexes into the non-blank lines) of the maximum-sum stretch where a
    prose line scores its word count and any other line scores -1 (Kadane; first maximum)."""
    best, best_a, best_b = 0, -1, -1
    cur, cur_a = 0, 0
    for i, s in enumerate(stats):
        v = s.n_words if prose[i] else -1
        if cur <= 0:
            cur, cur_a = v, i
        else:
            cur += v
        if cur > best:
            best, best_a, best_b = cur, cur_a, i
    return best_a, best_b


def run_lengths(flags):
    """For each index, the length of the run of consecutive True flags it belongs to (0 if False)."""
    out = [0] * len(flags)
    i = 0
    while i < len(flags):
        if flags[i]:
            j = i
            while j < len(flags) and flags[j]:
                j += 1
            for k in range(i, j):
                out[k] = j - i
            i = j
        else:
            i += 1
    return out


def run_aggregates(flags, values, prose, colon):
    """For lines in a run of True flags: the mean of each values[name] over the run, plus the
    context of the run (the line before it is prose / ends with a colon, the line after it is
    prose). Lines outside runs get 0 everywhere. Returns {name: list}."""
    n = len(flags)
    out = {k: [0.0] * n for k in values}
    for k in ("run_prev_prose", "run_prev_colon", "run_next_prose"):
        out[k] = [0.0] * n
    i = 0
    while i < n:
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < n and flags[j]:
            j += 1
        for k, v in values.items():
            m = sum(v[i:j]) / (j - i)
            for q in range(i, j):
                out[k][q] = m
        pp = 1.0 if i > 0 and prose[i - 1] else 0.0
        pc = 1.0 if i > 0 and colon[i - 1] else 0.0
        nx = 1.0 if j < n and prose[j] else 0.0
        for q in range(i, j):
            out["run_prev_prose"][q], out["run_prev_colon"][q], out["run_next_prose"][q] = pp, pc, nx
        i = j
    return out


def window_mean(xs, k):
    """Mean of xs[i-k..=i+k] clipped to the sequence."""
    n = len(xs)
    pre = [0.0]
    for x in xs:
        pre.append(pre[-1] + x)
    out = []
    for i in range(n):
        a, b = max(0, i - k), min(n, i + k + 1)
        out.append((pre[b] - pre[a]) / (b - a))
    return out


def ln1(x):
    return math.log(1.0 + x)


def prose_lines(lines, stopwords):
    """The non-blank lines of a document, and which of them are prose. Returns (idx, stats,
    lang, sw, prose): idx[j] is the line number (0-based) of stats[j], each with its stopword
    share in .stop; lang the detected language (or None) and sw its stopwords."""
    idx = [i for i, l in enumerate(lines) if any(c not in WHITESPACE for c in l)]
    stats = [line_stats(lines[i]) for i in idx]
    lang = detect_language(stats, stopwords)
    sw = stopwords[lang] if lang else frozenset()
    for s in stats:
        s.stop = (sum(1 for w in s.words_core if w in sw) / s.n_words) if s.n_words else 0.0
    prose = [s.n_words >= PROSE_WORDS and (lang is None or s.stop >= PROSE_STOP) for s in stats]
    return idx, stats, lang, sw, prose


def document_features(lines, stopwords, rule_dropped=None):
    """Features of every non-blank line. Returns (index, names, rows): index[j] is the line
    number (0-based) of row j. rule_dropped: optional per-line bools (phrase/structure rules)."""
    idx, stats, lang, sw, prose = prose_lines(lines, stopwords)
    n = len(stats)
    ra, rb = main_region(stats, prose)
    words = [s.n_words for s in stats]
    total_words = sum(words) or 1
    prose_words = [w if p else 0 for w, p in zip(words, prose)]
    total_prose = sum(prose_words)
    cum = [0]
    for w in words:
        cum.append(cum[-1] + w)
    pcum = [0]
    for w in prose_words:
        pcum.append(pcum[-1] + w)
    short = [s.n_words < SHORT_WORDS for s in stats]
    short_run = run_lengths(short)
    marker_run = run_lengths([s.marker == 1 for s in stats])
    counts = {}
    first_at, last_at, plain_at = {}, {}, {}
    for j, s in enumerate(stats):
        counts[s.key] = counts.get(s.key, 0) + 1
        first_at.setdefault(s.key, j)
        last_at[s.key] = j
        if not s.marker:
            plain_at.setdefault(s.key, []).append(j)
    h = find_headline(stats)
    lw = [ln1(s.n_words) for s in stats]
    stop = [s.stop for s in stats]
    term = [float(s.terminal) for s in stats]
    prose_f = [1.0 if p else 0.0 for p in prose]
    mk = [float(s.marker) for s in stats]
    feats = {
        "lw_w2": window_mean(lw, 2), "lw_w5": window_mean(lw, 5),
        "stop_w2": window_mean(stop, 2), "stop_w5": window_mean(stop, 5),
        "term_w2": window_mean(term, 2), "prose_w2": window_mean(prose_f, 2),
        "prose_w5": window_mean(prose_f, 5), "prose_w10": window_mean(prose_f, 10),
        "marker_w2": window_mean(mk, 2),
        "digit_w2": window_mean([s.digit_tokens / s.n_words if s.n_words else 0.0 for s in stats], 2),
        "title_w2": window_mean([s.title_words / s.cap_candidates if s.cap_candidates else 0.0 for s in stats], 2),
    }
    title_sh = [s.title_words / s.cap_candidates if s.cap_candidates else 0.0 for s in stats]
    digit_sh = [s.digit_tokens / s.n_words if s.n_words else 0.0 for s in stats]
    colon = [s.colon == 1 for s in stats]
    sub = [1.0 if s.marker_kind == 3 else 0.0 for s in stats]
    for prefix, flags in (("mrun_", [s.marker == 1 for s in stats]), ("srun_", short)):
        agg = run_aggregates(flags, {"lw": lw, "stop": stop, "title": title_sh, "term": term,
                                     "digit": digit_sh, "sub": sub}, prose, colon)
        for k, v in agg.items():
            feats[prefix + k.replace("run_", "")] = v
    feats["sub_w3"] = window_mean(sub, 3)
    rd = [1.0 if (rule_dropped is not None and rule_dropped[i]) else 0.0 for i in idx]
    feats["rule_w3"] = window_mean(rd, 3)
    rcum = [0]
    for x in rd:
        rcum.append(rcum[-1] + x)
    region_words = (cum[rb + 1] - cum[ra]) if ra >= 0 else 0
    doc_prose_share = total_prose / total_words
    title_set = set(stats[0].title_toks) if stats else set()
    rows = []
    names = None
    for j, s in enumerate(stats):
        f = {}
        nc = max(1, s.n_chars)
        f["lw"] = lw[j]
        f["lc"] = ln1(s.n_chars)
        f["alpha"] = s.letters / nc
        f["digit"] = s.digits / nc
        f["other"] = s.others / nc
        f["upper"] = s.upper / max(1, s.letters)
        f["title"] = s.title_words / s.cap_candidates if s.cap_candidates else 0.0
        f["stop"] = s.stop
        f["terminal"] = s.terminal
        f["colon"] = s.colon
        f["ends_alnum"] = s.ends_alnum
        f["bullet"] = 1 if s.marker_kind == 1 else 0
        f["numbered"] = 1 if s.marker_kind == 2 else 0
        f["sub_bullet"] = 1 if s.marker_kind == 3 else 0
        f["pipes"] = min(s.pipes, 3) / 3
        f["sep_share"] = s.sep_tokens / max(1, s.n_tokens)
        f["url"] = s.url
        f["email"] = s.email
        f["copyright"] = s.copyright
        f["starts_upper"] = s.starts_upper
        f["prose"] = prose_f[j]
        f["dup"] = ln1(counts[s.key] - 1)
        f["dup_earlier"] = 1.0 if first_at[s.key] < j else 0.0
        f["dup_later"] = 1.0 if last_at[s.key] > j else 0.0
        # a list item whose text is also a later plain line (a heading): a table of contents
        f["toc_like"] = 1.0 if s.marker and s.n_words and any(k > j for k in plain_at.get(s.key, ())) else 0.0
        f["digit_tok"] = s.digit_tokens / s.n_words if s.n_words else 0.0
        f["first_line"] = 1.0 if j == 0 else 0.0
        f["title_overlap"] = (sum(1 for x in s.title_toks if x in title_set) / len(s.title_toks)
                              if s.title_toks and j > 0 else 0.0)
        f["headline_found"] = 1.0 if h >= 0 else 0.0
        f["before_headline"] = 1.0 if 0 <= j < h else 0.0
        f["after_headline"] = 1.0 if h >= 0 and j > h else 0.0
        f["headline_dl"] = ln1(abs(j - h)) if h >= 0 else 0.0
        f["pos"] = j / (n - 1) if n > 1 else 0.0
        f["prev_lw"] = lw[j - 1] if j > 0 else 0.0
        f["next_lw"] = lw[j + 1] if j + 1 < n else 0.0
        f["prev_stop"] = stop[j - 1] if j > 0 else 0.0
        f["next_stop"] = stop[j + 1] if j + 1 < n else 0.0
        f["prev_prose"] = prose_f[j - 1] if j > 0 else 0.0
        f["next_prose"] = prose_f[j + 1] if j + 1 < n else 0.0
        f["prev_marker"] = mk[j - 1] if j > 0 else 0.0
        f["next_marker"] = mk[j + 1] if j + 1 < n else 0.0
        f["short_run"] = ln1(short_run[j])
        f["marker_run"] = ln1(marker_run[j])
        for k, v in feats.items():
            f[k] = v[j]
        if ra < 0:
            f["in_region"], f["region_dl"], f["region_dw"] = 0.0, ln1(n), ln1(total_words)
            f["before_region"], f["after_region"] = 0.0, 0.0
        else:
            inside = ra <= j <= rb
            f["in_region"] = 1.0 if inside else 0.0
            f["before_region"] = 1.0 if j < ra else 0.0
            f["after_region"] = 1.0 if j > rb else 0.0
            if j < ra:
                dl, dw = ra - j, cum[ra] - cum[j + 1]
            elif j > rb:
                dl, dw = j - rb, cum[j] - cum[rb + 1]
            else:
                dl = dw = 0
            f["region_dl"] = ln1(dl)
            f["region_dw"] = ln1(dw)
        # phrase/structure-rule removals between the line and the main region
        if ra < 0 or ra <= j <= rb:
            f["region_rules"] = 0.0
        elif j < ra:
            f["region_rules"] = ln1(rcum[ra] - rcum[j + 1])
        else:
            f["region_rules"] = ln1(rcum[j] - rcum[rb + 1])
        f["prose_before"] = pcum[j] / total_prose if total_prose else 0.0
        f["prose_after"] = (total_prose - pcum[j + 1]) / total_prose if total_prose else 0.0
        f["doc_lines"] = ln1(n)
        f["doc_prose_share"] = doc_prose_share
        f["region_share"] = region_words / total_words
        f["lang_known"] = 1.0 if lang else 0.0
        if names is None:
            names = list(f)
        rows.append([float(f[k]) for k in names])
    return idx, names or [], rows


if __name__ == "__main__":
    sw = load_stopwords()
    with open(sys.argv[1], encoding="utf-8") as fh:
        doc_lines = fh.read().split("\n")
    ix, nm, rs = document_features([l.rstrip("\r") for l in doc_lines], sw)
    for i, r in zip(ix, rs):
        print(i + 1, " ".join(f"{k}={v:.2f}" for k, v in zip(nm, r) if v), "|", doc_lines[i][:60])
