#!/usr/bin/env python3
"""Writes a JSON Lines corpus the way a dump script would, with Python's own json, gzip and bz2 modules.

write_jsonl.py CORPUS.txt OUT_DIR [REPEAT]: every non-empty line of CORPUS.txt becomes a row
{"id": "kjv-<n>", "meta": {"source": ..., "line": n}, "text": line}, the whole text REPEAT times (default 1),
with bad rows mixed in at fixed intervals. Writes OUT_DIR/verses.jsonl, verses.jsonl.gz and verses.jsonl.bz2
(the same bytes compressed) and OUT_DIR/manifest.json: how many good rows, and how many bad rows of each kind.
"""
import bz2
import gzip
import json
import sys

corpus, out = sys.argv[1], sys.argv[2]
repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 1
lines = [l for l in open(corpus, encoding="utf-8").read().split("\n") if l.strip()]

bad_kinds = [
    ("malformed", b'{"id": "broken", "text": "cut off'),
    ("malformed", b'["not", "an", "object"]'),
    ("missing", json.dumps({"id": "no-text", "title": "Genesis"}).encode()),
    ("null", json.dumps({"id": "null-text", "text": None}).encode()),
    ("not-a-string", json.dumps({"id": "number", "text": 3.14}).encode()),
    ("not-a-string", json.dumps({"id": "object", "text": {"verse": "x"}}).encode()),
    ("empty", json.dumps({"id": "empty", "text": ""}).encode()),
    ("invalid-utf8", b'{"id": "latin1", "text": "Caf\xe9"}'),
    ("oversized", json.dumps({"id": "huge", "text": "selah " * 200_000}).encode()),
]
rows = []
counts = {}
good = 0
n = 0
for r in range(repeat):
    for line in lines:
        n += 1
        rows.append(json.dumps({"id": "kjv-%d" % n, "meta": {"source": "kjv", "line": n}, "text": line},
                               ensure_ascii=(n % 2 == 0)).encode("utf-8"))
        good += 1
        if n % 23 == 0:
            kind, row = bad_kinds[(n // 23) % len(bad_kinds)]
            rows.append(row)
            counts[kind] = counts.get(kind, 0) + 1
data = b"\n".join(rows) + b"\n"
with open(out + "/verses.jsonl", "wb") as f:
    f.write(data)
with gzip.open(out + "/verses.jsonl.gz", "wb") as f:
    f.write(data)
with bz2.open(out + "/verses.jsonl.bz2", "wb") as f:
    f.write(data)
with open(out + "/manifest.json", "w") as f:
    json.dump({"good_rows": good, "bad_rows": counts}, f)
