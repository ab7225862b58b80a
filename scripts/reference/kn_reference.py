#!/usr/bin/env python3
"""An independent interpolated Kneser-Ney character model, to check spark-lstm's Markov chain against.

Written from Chen & Goodman (1998), "An Empirical Study of Smoothing Techniques for Language Modeling",
section 3 (interpolated Kneser-Ney, one discount per order, D = n1 / (n1 + 2 n2)), with plain Python dicts
of tuples and no code shared with the Java implementation. The lowest order is interpolated with the uniform
distribution over the vocabulary, so every symbol has a probability above zero.

It reproduces only what must be identical for the comparison to mean anything: the corpus is cut into the same
windows (sequence length T: windows of T+1 code points starting every T) and split by the same hash of
(file name, window offset) as spark-lstm's SplitAssigner; each window is scored from its start, without context
from the window before it, and n-grams are counted only inside training windows.

Usage: kn_reference.py --order 6 FILE...   (prints one JSON line)
"""
import argparse
import json
import math
import os
import sys
from collections import Counter, defaultdict

MASK = (1 << 64) - 1


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


def windows(text, t):
    start = 0
    while start + 1 < len(text):
        yield start, text[start:start + t + 1]
        start += t


class InterpolatedKneserNey:
    def __init__(self, order, train_windows, vocabulary):
        self.n = order
        self.v = len(vocabulary)
        top = Counter()
        for w in train_windows:
            for i in range(order - 1, len(w)):
                top[w[i - order + 1:i + 1]] += 1
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
        """P(symbol | history), history a string of at most n-1 symbols."""
        m = len(history) + 1
        lower = 1.0 / self.v if m == 1 else self.prob(history[1:], symbol)
        total = self.total[m].get(history, 0)
        if total == 0:
            return lower
        d = self.d[m]
        c = self.counts[m].get(history + symbol, 0)
        return (max(c - d, 0.0) + d * self.types[m][history] * lower) / total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--order", type=int, required=True)
    ap.add_argument("--sequence-length", type=int, default=100)
    ap.add_argument("--validation-fraction", type=float, default=0.05)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    train, valid, vocabulary = [], [], set()
    for path in args.files:
        with open(path, encoding="utf-8", errors="strict") as f:
            text = f.read()
        vocabulary.update(text)
        name = os.path.basename(path)
        for offset, w in windows(text, args.sequence_length):
            (valid if is_validation(name, offset, args.validation_fraction) else train).append(w)
    model = InterpolatedKneserNey(args.order, train, vocabulary)
    bits = 0.0
    tokens = 0
    for w in valid:
        for t in range(len(w) - 1):
            history = w[max(0, t + 2 - args.order):t + 1]
            bits -= math.log2(model.prob(history, w[t + 1]))
            tokens += 1
    json.dump({"order": args.order, "bits_per_token": bits / tokens, "validation_tokens": tokens,
               "training_tokens": sum(len(w) - 1 for w in train), "vocabulary": len(vocabulary),
               "discounts": [round(model.d[m], 6) for m in range(1, args.order + 1)]}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
