#!/usr/bin/env python3
"""Scores a cleaning run on a corpus written by `examples/gen_corpus.rs` against its truth file.

    python3 benches/synth_accuracy.py TRUTH INPUT OUTPUT [--format auto|text|jsonl|wet]

TRUTH is the `--truth` file of the generator, INPUT the generated corpus, OUTPUT what the
cleaner made of it, in the same format (text documents ending with a form feed, or with the
separator given by --doc-sep; JSONL with a "text" member; WET/WARC `conversion` records).
Gzip files (.gz) are read directly. Standard library only.

Each output document is aligned to its input document: output lines are input lines in order,
except that a line cut by a rule is a prefix of its input line (a cut line counts as kept).
Then it prints noise lines removed, content lines and bytes kept, noise precision and recall,
recall by noise class, content kept by kind and by language, and the lines most often got
wrong. Exit status: 0 when scored, 1 on malformed input or documents that do not align, 2 on
bad arguments.
"""

import argparse
import collections
import gzip
import json
import sys

# The class codes of the truth file (the same table as `page::class` in the generator).
CONTENT_KINDS = {
    "t": "title",
    "p": "paragraph",
    "h": "heading",
    "l": "list item",
    "x": "tricky (mentions a noise word)",
    "s": "short sentence",
    "c": "image caption",
    "m": "paragraph ending in a prompt",
}
NOISE_CLASSES = {
    "T": "title repeat",
    "M": "menu / navigation",
    "K": "breadcrumb",
    "Y": "byline / date / reading time",
    "A": "ad",
    "X": "ad-blocker notice",
    "S": "share / follow",
    "L": "newsletter / paywall",
    "O": "cookie notice",
    "R": "related / sidebar",
    "G": "tags",
    "F": "comment section",
    "U": "comment text",
    "P": "footer / copyright",
    "Z": "table of contents",
    "I": "photo credit",
    "E": "engagement prompt",
}
BLANK = "_"


class Malformed(Exception):
    """Input that cannot be scored: bad records, count mismatches, misaligned documents."""


def open_binary(path):
    """A binary file object for `path` (`-` is stdin), gunzipped when it starts like gzip."""
    raw = sys.stdin.buffer if path == "-" else open(path, "rb")
    head = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
    if head == b"\x1f\x8b":
        return gzip.open(raw, "rb")
    return raw


def sniff(path):
    with open_binary(path) as f:
        head = f.read(16)
    if head.startswith(b"WARC/1."):
        return "wet"
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"{"):
        return "jsonl"
    return "text"


def text_docs(path, sep):
    """(None, text) per document of a text stream; each document ends with `sep`."""
    with open_binary(path) as f:
        pending = b""
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            pending += chunk
            parts = pending.split(sep)
            pending = parts.pop()
            for doc in parts:
                yield None, doc
        if pending:
            yield None, pending


def jsonl_docs(path):
    """(id, text) per JSON line."""
    with open_binary(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                text = obj["text"]
            except (ValueError, KeyError, TypeError) as e:
                raise Malformed(f"{path}:{number}: not a JSON object with a text member: {e}")
            if not isinstance(text, str):
                raise Malformed(f"{path}:{number}: the text member is not a string")
            yield obj.get("id"), text.encode("utf-8", "surrogatepass")


def wet_docs(path):
    """(record id, block) per `conversion` record of a WARC/WET file."""
    with open_binary(path) as f:
        offset = 0
        while True:
            line = f.readline()
            while line in (b"\r\n", b"\n"):
                offset += len(line)
                line = f.readline()
            if not line:
                return
            if not line.startswith(b"WARC/1."):
                raise Malformed(f"{path}: byte {offset}: expected a WARC record, found {line[:40]!r}")
            start = offset
            offset += len(line)
            headers = {}
            while True:
                line = f.readline()
                offset += len(line)
                if not line:
                    raise Malformed(f"{path}: record at byte {start}: headers end early")
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("utf-8", "replace").partition(":")
                headers[name.strip().lower()] = value.strip()
            try:
                length = int(headers["content-length"])
            except (KeyError, ValueError):
                raise Malformed(f"{path}: record at byte {start}: no valid Content-Length")
            block = f.read(length)
            offset += len(block)
            if len(block) != length:
                raise Malformed(f"{path}: record at byte {start}: block shorter than Content-Length")
            if headers.get("warc-type") == "conversion":
                yield headers.get("warc-record-id"), block


def documents(path, fmt, sep):
    if fmt == "text":
        return text_docs(path, sep)
    if fmt == "jsonl":
        return jsonl_docs(path)
    return wet_docs(path)


def truth_rows(path):
    with open_binary(path) as f:
        for number, line in enumerate(f, 1):
            try:
                row = json.loads(line)
                labels, classes = row["labels"], row["classes"]
            except (ValueError, KeyError, TypeError) as e:
                raise Malformed(f"{path}:{number}: not a truth row: {e}")
            if len(labels) != len(classes):
                raise Malformed(f"{path}:{number}: labels and classes differ in length")
            yield row


def split_lines(text):
    lines = text.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def align_greedy(inp, out):
    """Bytes kept of each input line (None: removed), matching each output line to the first
    later input line equal to it, or failing that the first it is a prefix of (a cut). None
    when some output line finds no input line."""
    kept = [None] * len(inp)
    j = 0
    n = len(inp)
    for o in out:
        blank = not o.strip()
        found = None
        for k in range(j, n):
            if (not inp[k].strip()) if blank else inp[k] == o:
                found = k
                break
        if found is None and not blank:
            for k in range(j, n):
                if inp[k].startswith(o):
                    found = k
                    break
        if found is None:
            return None
        kept[found] = len(o)
        j = found + 1
    return kept


def align_dp(inp, out):
    """The same as align_greedy, by dynamic programming (longest common subsequence where a
    prefix counts less than an equal line): slower, but it cannot be led astray by a cut line
    that also equals a later line. None when not every output line can be placed."""
    n, m = len(inp), len(out)

    def score(o, line):
        if not o.strip():
            return 2 if not line.strip() else 0
        if line == o:
            return 2
        return 1 if line.startswith(o) else 0

    # best[i][k]: (lines placed, score) for out[i:] against inp[k:].
    best = [[(0, 0)] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        row, below = best[i], best[i + 1]
        row[n] = (-(1 << 30), 0)
        for k in range(n - 1, -1, -1):
            skip = row[k + 1]
            s = score(out[i], inp[k])
            if s:
                placed, total = below[k + 1]
                take = (placed + 1, total + s)
                row[k] = take if take >= skip else skip
            else:
                row[k] = skip
    if best[0][0][0] != m:
        return None
    kept = [None] * n
    i = k = 0
    while i < m and k < n:
        s = score(out[i], inp[k])
        placed, total = best[i + 1][k + 1]
        if s and best[i][k] == (placed + 1, total + s):
            kept[k] = len(out[i])
            i += 1
        k += 1
    return kept


class Score:
    def __init__(self):
        self.docs = 0
        self.docs_emptied = 0
        self.dp_fallbacks = 0
        self.lines = collections.Counter()  # label -> lines
        self.kept_lines = collections.Counter()
        self.bytes = collections.Counter()
        self.kept_bytes = collections.Counter()
        self.cut = collections.Counter()  # label -> lines kept only in part
        self.by_class = collections.Counter()
        self.by_class_kept = collections.Counter()
        self.by_class_bytes = collections.Counter()
        self.by_class_kept_bytes = collections.Counter()
        self.by_lang = collections.Counter()  # (lang, label) -> lines
        self.by_lang_kept = collections.Counter()
        self.kept_noise = collections.Counter()  # (class, text) -> count
        self.lost_content = collections.Counter()

    def add(self, row, inp, kept):
        self.docs += 1
        if all(k is None for k in kept):
            self.docs_emptied += 1
        lang = row.get("lang", "?")
        for line, code, k in zip(inp, row["classes"], kept):
            label = "B" if code == BLANK else ("C" if code.islower() else "N")
            size = len(line)
            self.lines[label] += 1
            self.bytes[label] += size
            self.by_class[code] += 1
            self.by_class_bytes[code] += size
            self.by_lang[lang, label] += 1
            if k is not None:
                self.kept_lines[label] += 1
                self.kept_bytes[label] += k
                self.by_class_kept[code] += 1
                self.by_class_kept_bytes[code] += k
                self.by_lang_kept[lang, label] += 1
                if k < size:
                    self.cut[label] += 1
                if label == "N":
                    self.kept_noise[code, line] += 1
            elif label == "C":
                self.lost_content[code, line] += 1

    def report(self, top):
        def pct(part, whole):
            return f"{100.0 * part / whole:6.2f}%" if whole else "     -"

        c, n = self.lines["C"], self.lines["N"]
        removed_noise = n - self.kept_lines["N"]
        removed_content = c - self.kept_lines["C"]
        removed = removed_noise + removed_content
        precision = removed_noise / removed if removed else 0.0
        recall = removed_noise / n if n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total_bytes = self.bytes["C"] + self.bytes["N"]
        out = []
        out.append(f"documents: {self.docs} ({self.docs_emptied} emptied by the cleaner, "
                   f"{self.dp_fallbacks} aligned by the slow path)")
        out.append(f"corpus: {c + n} non-blank lines, {pct(n, c + n).strip()} noise; "
                   f"{total_bytes} bytes, {pct(self.bytes['N'], total_bytes).strip()} noise")
        out.append("")
        out.append(f"noise lines removed    {pct(removed_noise, n)}  ({removed_noise} of {n})")
        out.append(f"noise bytes removed    {pct(self.bytes['N'] - self.kept_bytes['N'], self.bytes['N'])}")
        out.append(f"content lines kept     {pct(self.kept_lines['C'], c)}  ({self.kept_lines['C']} of {c})")
        out.append(f"content bytes kept     {pct(self.kept_bytes['C'], self.bytes['C'])}  "
                   f"({self.kept_bytes['C']} of {self.bytes['C']})")
        out.append(f"noise precision        {pct(precision, 1)}  (removed lines that were noise)")
        out.append(f"noise recall           {pct(recall, 1)}")
        out.append(f"noise F1               {pct(f1, 1)}")
        out.append(f"lines kept but cut     {self.cut['C']} content, {self.cut['N']} noise")
        out.append("")
        out.append("noise recall by class                     lines   removed   bytes removed")
        for code, name in NOISE_CLASSES.items():
            total = self.by_class[code]
            if not total:
                continue
            gone = total - self.by_class_kept[code]
            gone_bytes = self.by_class_bytes[code] - self.by_class_kept_bytes[code]
            out.append(f"  {code} {name:<36} {total:>7}   {pct(gone, total)}   "
                       f"{pct(gone_bytes, self.by_class_bytes[code])}")
        out.append("")
        out.append("content kept by kind                      lines      kept      bytes kept")
        for code, name in CONTENT_KINDS.items():
            total = self.by_class[code]
            if not total:
                continue
            out.append(f"  {code} {name:<36} {total:>7}   {pct(self.by_class_kept[code], total)}   "
                       f"{pct(self.by_class_kept_bytes[code], self.by_class_bytes[code])}")
        out.append("")
        out.append("by language        content kept   noise removed")
        for lang in sorted({lang for lang, _ in self.by_lang}):
            cl, nl = self.by_lang[lang, "C"], self.by_lang[lang, "N"]
            out.append(f"  {lang:<16} {pct(self.by_lang_kept[lang, 'C'], cl)}        "
                       f"{pct(nl - self.by_lang_kept[lang, 'N'], nl)}")

        def show(counter, title):
            out.append("")
            out.append(title)
            if not counter:
                out.append("  (none)")
            for (code, line), count in counter.most_common(top):
                text = line.decode("utf-8", "replace")
                if len(text) > 110:
                    text = text[:107] + "..."
                out.append(f"  {count:>6}  [{code}] {text}")

        show(self.kept_noise, f"most frequent kept noise lines (top {top}, [class])")
        show(self.lost_content, f"most frequent lost content lines (top {top}, [kind])")
        return "\n".join(out)


def score(args):
    fmt = args.format
    if fmt == "auto":
        fmt = sniff(args.input)
    sep = {"formfeed": b"\x0c", "ff": b"\x0c", "nul": b"\x00"}.get(args.doc_sep)
    if sep is None:
        sep = args.doc_sep.encode("utf-8") + b"\n"
    result = Score()
    truth = truth_rows(args.truth)
    inputs = documents(args.input, fmt, sep)
    outputs = documents(args.output, fmt, sep)
    index = 0
    while True:
        row = next(truth, None)
        inp = next(inputs, None)
        out = next(outputs, None)
        if row is None and inp is None and out is None:
            break
        index += 1
        if row is None or inp is None or out is None:
            missing = [name for name, x in (("truth", row), ("input", inp), ("output", out)) if x is None]
            raise Malformed(f"document {index}: {' and '.join(missing)} ended before the others "
                            f"(the files hold different numbers of documents)")
        where = f"document {index} ({row.get('id')})"
        want_id = row.get("record_id") if fmt == "wet" else row.get("id")
        for name, (doc_id, _) in (("input", inp), ("output", out)):
            if doc_id is not None and want_id is not None and doc_id != want_id:
                raise Malformed(f"{where}: the {name} has id {doc_id!r}, the truth {want_id!r}")
        in_lines = split_lines(inp[1])
        out_lines = split_lines(out[1])
        if len(in_lines) != len(row["labels"]):
            raise Malformed(f"{where}: the truth has {len(row['labels'])} labels, the input "
                            f"{len(in_lines)} lines: is this the truth file of this corpus?")
        for number, (line, code) in enumerate(zip(in_lines, row["classes"]), 1):
            if (code == BLANK) != (not line.strip()):
                raise Malformed(f"{where}, line {number}: class {code!r} does not fit {line[:60]!r}")
        kept = align_greedy(in_lines, out_lines)
        if kept is None:
            kept = align_dp(in_lines, out_lines)
            result.dp_fallbacks += 1
        if kept is None:
            placed = align_prefix_length(in_lines, out_lines)
            bad = out_lines[placed].decode("utf-8", "replace")[:100]
            raise Malformed(f"{where}: output line {placed + 1} is not an input line or a prefix "
                            f"of one, in order: {bad!r}")
        result.add(row, in_lines, kept)
    if args.json:
        print(json.dumps(summary_json(result), indent=2))
    else:
        print(result.report(args.top))


def align_prefix_length(inp, out):
    """How many output lines align greedily before the first that does not (for errors)."""
    for m in range(len(out), -1, -1):
        if align_greedy(inp, out[:m]) is not None:
            return m
    return 0


def summary_json(s):
    c, n = s.lines["C"], s.lines["N"]
    removed_noise = n - s.kept_lines["N"]
    removed = removed_noise + c - s.kept_lines["C"]
    return {
        "documents": s.docs,
        "noise_lines_removed": removed_noise / n if n else None,
        "content_lines_kept": s.kept_lines["C"] / c if c else None,
        "content_bytes_kept": s.kept_bytes["C"] / s.bytes["C"] if s.bytes["C"] else None,
        "noise_precision": removed_noise / removed if removed else None,
        "noise_recall": removed_noise / n if n else None,
        "noise_recall_by_class": {
            code: 1 - s.by_class_kept[code] / s.by_class[code] for code in NOISE_CLASSES if s.by_class[code]
        },
        "content_kept_by_kind": {
            code: s.by_class_kept[code] / s.by_class[code] for code in CONTENT_KINDS if s.by_class[code]
        },
    }


def main():
    parser = argparse.ArgumentParser(
        description="Score a noisestrip run on a gen_corpus corpus against its truth file.")
    parser.add_argument("truth", help="the --truth file of examples/gen_corpus")
    parser.add_argument("input", help="the generated corpus")
    parser.add_argument("output", help="the cleaned corpus, in the same format")
    parser.add_argument("--format", choices=["auto", "text", "jsonl", "wet"], default="auto",
                        help="corpus format (auto: sniffed from the input)")
    parser.add_argument("--doc-sep", default="formfeed",
                        help="text documents end with: formfeed (default), nul, or a separator line")
    parser.add_argument("--top", type=int, default=10, help="lines listed in the top lists")
    parser.add_argument("--json", action="store_true", help="print the main figures as JSON")
    args = parser.parse_args()
    try:
        score(args)
    except Malformed as e:
        print(f"synth_accuracy: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of the report went away (`| head`): not an error of the scoring.
        sys.stderr.close()
        return 0
    except OSError as e:
        print(f"synth_accuracy: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
