#!/usr/bin/env python3
"""An independent interpolated Kneser-Ney chain (Chen and Goodman 1998, one discount per order), written from the
formula alone, to check spark-lstm's `train --model markov` and `evaluate` against:

  P_m(w | h) = (max(c_m(h w) - D_m, 0) + D_m N_m(h .) P_{m-1}(w | h')) / c_m(h .)   (P_{m-1} if c_m(h .) = 0)
  P_0(w)     = 1 / V

c_n are the raw counts of the top order n, c_m (m < n) continuation counts (how many distinct symbols precede the
m-gram), N_m(h .) the number of distinct w with c_m(h w) > 0, D_m = n1 / (n1 + 2 n2) over order m's counts (0.5 if
either is zero). A prediction with fewer than n - 1 symbols of context uses the order its context allows.

The counted n-grams are those of the training file that end on a token of a training window: the file is cut into
windows predicting tokens i*T+1 .. i*T+T, and window i is held out when the split's hash of the file's name and the
offset i*T says so (spark-lstm's documented rule: FNV-1a over the name's UTF-8 bytes, then splitmix64).

Usage: kneser_ney.py ORDER VOCABULARY SEQUENCE_LENGTH VALIDATION_FRACTION FILE_NAME TRAIN_IDS HELD_OUT_IDS
(files of whitespace-separated token ids). Scores the held-out sequence as one stream from its second token and
prints "bits tokens".
"""
import math
import sys
from collections import defaultdict

MASK = (1 << 64) - 1


def mix(z):
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & MASK
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK
    return z ^ (z >> 31)


def held_out(name, offset, fraction):
    h = 0xcbf29ce484222325
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & MASK
    h = mix(h ^ mix(offset))
    signed = h - (1 << 64) if h >= 1 << 63 else h
    return signed % 1_000_000 < round(fraction * 1_000_000)


def read(path):
    with open(path) as f:
        return [int(x) for x in f.read().split()]


def main():
    order, vocabulary, length = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    fraction, name = float(sys.argv[4]), sys.argv[5]
    train, scored = read(sys.argv[6]), read(sys.argv[7])
    counts = [None] * (order + 1)
    top = defaultdict(int)
    for end in range(order - 1, len(train)):
        window = (end - 1) // length
        if not held_out(name, window * length, fraction):
            top[tuple(train[end - order + 1:end + 1])] += 1
    counts[order] = top
    for m in range(order - 1, 0, -1):
        lower = defaultdict(int)
        for gram in counts[m + 1]:
            lower[gram[1:]] += 1
        counts[m] = lower
    totals, types, discounts = [None] * (order + 1), [None] * (order + 1), [0.0] * (order + 1)
    for m in range(1, order + 1):
        total, kinds = defaultdict(int), defaultdict(int)
        n1 = n2 = 0
        for gram, c in counts[m].items():
            total[gram[:-1]] += c
            kinds[gram[:-1]] += 1
            n1 += c == 1
            n2 += c == 2
        totals[m], types[m] = total, kinds
        discounts[m] = n1 / (n1 + 2 * n2) if n1 > 0 and n2 > 0 else 0.5

    def probability(m, context, symbol):
        lower = 1.0 / vocabulary if m == 1 else probability(m - 1, context[1:], symbol)
        total = totals[m].get(context, 0)
        if total == 0:
            return lower
        d = discounts[m]
        c = counts[m].get(context + (symbol,), 0)
        return (max(c - d, 0) + d * types[m][context] * lower) / total

    bits = 0.0
    for t in range(1, len(scored)):
        m = min(order, t + 1)
        bits -= math.log2(probability(m, tuple(scored[t - m + 1:t]), scored[t]))
    print(bits, len(scored) - 1)


if __name__ == "__main__":
    main()
