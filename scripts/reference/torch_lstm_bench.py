#!/usr/bin/env python3
"""PyTorch's CPU LSTM on the shapes spark-lstm trains, for scripts/bench.sh.

The same model as spark-lstm's default: one-hot input of V symbols, `layers` stacked LSTMs of `hidden` units,
a softmax output, cross-entropy summed over a window, Adam (lr 0.01), element-wise gradient clipping at 1.0,
minibatches of `batch` windows of `seq` steps. Tokens are random: throughput does not depend on them.
Prints one JSON line: tokens per second as the median over chunks of `chunk` steps, after `warmup` steps.
"""
import argparse
import json
import statistics
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vocab", type=int, required=True)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seq", type=int, default=100)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--chunks", type=int, default=6)
    ap.add_argument("--chunk", type=int, default=10)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    lstm = torch.nn.LSTM(args.vocab, args.hidden, args.layers)
    out = torch.nn.Linear(args.hidden, args.vocab)
    params = list(lstm.parameters()) + list(out.parameters())
    opt = torch.optim.Adam(params, lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")

    def step():
        ids = torch.randint(args.vocab, (args.seq + 1, args.batch))
        x = torch.nn.functional.one_hot(ids[:-1], args.vocab).float()
        h, _ = lstm(x)
        logits = out(h)
        loss = loss_fn(logits.reshape(-1, args.vocab), ids[1:].reshape(-1)) / args.batch
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_value_(params, 1.0)
        opt.step()

    for _ in range(args.warmup):
        step()
    rates = []
    for _ in range(args.chunks):
        t0 = time.perf_counter()
        for _ in range(args.chunk):
            step()
        rates.append(args.chunk * args.batch * args.seq / (time.perf_counter() - t0))
    print(json.dumps({"engine": "pytorch", "torch_version": torch.__version__, "threads": args.threads,
                      "tokens_per_second": statistics.median(rates), "chunk_rates": rates,
                      "parameters": sum(p.numel() for p in params),
                      "batch_size": args.batch, "hidden_size": args.hidden, "layers": args.layers,
                      "sequence_length": args.seq, "vocabulary": args.vocab}))


if __name__ == "__main__":
    main()
