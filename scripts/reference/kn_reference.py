#!/usr/bin/env python3
"""An independent interpolated Kneser-Ney character model, to check spark-lstm's Markov chain against.

Written from Chen & Goodman (1998), "An Empirical Study of Smoothing Techniques for Language Modeling",
section 3 (interpolated Kneser-Ney, one discount per order, D = n1 / (n1 + 2 n2)), with plain Python dicts
of tuples and no code shared with the Java implementation. The lowest order is interpolated with the uniform
distribution over the vocabulary, so every symbol has a probability above zero.

It reproduces only what must be identical for the comparison to mean anything, from spark-lstm's documented rules:
each file is cut into windows of sequence length T (window i predicts characters i*T+1 .. i*T+T) and split by the
hash of (file name, window offset) of spark-lstm's SplitAssigner; the n-grams counted are those that end on a
character of a training window, with whatever text precedes it; the vocabulary is every character of the corpus
plus one unknown symbol (to which held-out characters outside it map).

Scoring: each validation window's characters, each predicted from the text before it back to --eval-context
characters before the window (as spark-lstm's validation reads it); or, with --held-out, each held-out file as
one stream from its second character (as spark-lstm's evaluate reads it).

Usage: kn_reference.py --order 6 [--held-out FILE...] FILE...   (prints one JSON line)
"""
import argparse
import json
import math
import os
import sys
from collections import Counter, defaultdict

MASK = (1 << 64) - 1
UNKNOWN = "\uFFFF\uFFFF"  # not a character: the unknown symbol


def splitmix64(z):
    z &= MASK
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & MASK
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK
    return z ^ (z >> 31)


def window_hash(name, offset):
    h = 0xcbf29ce484222325
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & MASK
    return splitmix64(h ^ splitmix64(offset))


def is_validation(name, offset, fraction):
    signed = window_hash(name, offset)
    if signed >= 1 << 63:
        signed -= 1 << 64
    return signed % 1_000_000 < round(fraction * 1_000_000)  # Python's % is a floor modulus, like Math.floorMod


class InterpolatedKneserNey:
    def __init__(self, order, top, vocabulary_size):
        self.n = order
        self.v = vocabulary_size
        # counts[m][gram]: raw counts for the top order, continuation counts N1+(. gram) below it
        self.counts = {order: top}
        for m in range(order - 1, 0, -1):
            cont = Counter()
            for gram in self.counts[m + 1]:
                cont[gram[1:]] += 1
            self.counts[m] = cont
        self.total = {}
        self.types = {}
        self.d = {}
        for m in range(1, order + 1):
            total = defaultdict(int)
            types = defaultdict(int)
            n1 = n2 = 0
            for gram, c in self.counts[m].items():
                total[gram[:-1]] += c
                types[gram[:-1]] += 1
                n1 += c == 1
                n2 += c == 2
            self.total[m] = total
            self.types[m] = types
            self.d[m] = n1 / (n1 + 2 * n2) if n1 > 0 and n2 > 0 else 0.5

    def prob(self, history, symbol):
        """P(symbol | history), history a tuple of at most n-1 symbols."""
        m = len(history) + 1
        lower = 1.0 / self.v if m == 1 else self.prob(history[1:], symbol)
        total = self.total[m].get(history, 0)
        if total == 0:
            return lower
        d = self.d[m]
        c = self.counts[m].get(history + (symbol,), 0)
        return (max(c - d, 0.0) + d * self.types[m][history] * lower) / total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--order", type=int, required=True)
    ap.add_argument("--sequence-length", type=int, default=100)
    ap.add_argument("--validation-fraction", type=float, default=0.05)
    ap.add_argument("--eval-context", type=int, default=200)
    ap.add_argument("--held-out", nargs="*", default=[])
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    n, t = args.order, args.sequence_length
    texts = []
    for path in args.files:
        with open(path, encoding="utf-8", errors="strict") as f:
            texts.append((os.path.basename(path), tuple(f.read())))
    vocabulary = set().union(*(set(text) for _, text in texts))
    top = Counter()
    scored = []  # (text, position, earliest history position) of every validation character
    train_tokens = 0
    for name, text in texts:
        for p in range(1, len(text)):
            start = (p - 1) // t * t
            if is_validation(name, start, args.validation_fraction):
                scored.append((text, p, max(0, start - args.eval_context)))
            else:
                train_tokens += 1
                if p >= n - 1:
                    top[text[p - n + 1:p + 1]] += 1
    if args.held_out:
        scored = []
        for path in args.held_out:
            with open(path, encoding="utf-8", errors="strict") as f:
                text = tuple(c if c in vocabulary else UNKNOWN for c in f.read())
            scored.extend((text, p, 0) for p in range(1, len(text)))
    model = InterpolatedKneserNey(n, top, len(vocabulary) + 1)
    bits = 0.0
    for text, p, earliest in scored:
        bits -= math.log2(model.prob(text[max(earliest, p - n + 1):p], text[p]))
    json.dump({"order": n, "bits_per_token": bits / len(scored), "scored_tokens": len(scored),
               "training_tokens": train_tokens, "vocabulary": len(vocabulary) + 1,
               "discounts": [round(model.d[m], 6) for m in range(1, n + 1)]}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
