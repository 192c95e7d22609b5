#!/usr/bin/env python3
"""PyTorch's column of bench/run: the same models, batch, optimizer and thread count as
Dendrite's Bench, measured the same way (best of a few rounds of training steps on one random
batch, inference rate on 1000 samples, median batch-1 latency). Prints one JSON line per
measurement: {"model": "M1", "metric": "train_samples_per_s", "pytorch": 12345.6}.

Run by bench/run when python3 can import torch; by hand:
  OMP_NUM_THREADS=2 python3 bench/pytorch_bench.py [--quick] [M1 M2 ...]
"""
import json
import os
import sys
import time

import torch
from torch import nn

BATCH = 128
INFER_BATCH = 1000


class LastStep(nn.Module):
    """Keras' LSTM(return_sequences=False): the last step's hidden state."""

    def __init__(self, features, units):
        super().__init__()
        self.lstm = nn.LSTM(features, units, batch_first=True)

    def forward(self, x):
        out, _ = self.lstm(x)
        return out[:, -1, :]


def models():
    # (id, input shape of one sample in PyTorch's layout, classes, module, training MACs/sample)
    return [
        ("M1", (784,), 10, lambda: nn.Sequential(
            nn.Linear(784, 300), nn.ReLU(), nn.Dropout(0.3),
            nn.Linear(300, 100), nn.ReLU(), nn.Dropout(0.3),
            nn.Linear(100, 10))),
        ("M2", (1, 28, 28), 10, lambda: nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))),
        ("M3", (1, 28, 28), 10, lambda: nn.Sequential(
            nn.Conv2d(1, 32, 10), nn.ReLU(), nn.Conv2d(32, 32, 10), nn.ReLU(),
            nn.MaxPool2d(5), nn.Dropout(0.3), nn.Flatten(),
            nn.Linear(128, 100), nn.ReLU(), nn.Dropout(0.3), nn.Linear(100, 10))),
        ("M4", (1, 128), 3, lambda: nn.Sequential(
            nn.Conv1d(1, 32, 10), nn.ReLU(), nn.Conv1d(32, 32, 10), nn.ReLU(),
            nn.MaxPool1d(5), nn.Dropout(0.3), nn.Flatten(),
            nn.Linear(704, 100), nn.ReLU(), nn.Linear(100, 3))),
        ("M5", (1, 28, 28), 10, lambda: nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.BatchNorm2d(32, eps=1e-3, momentum=0.1),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.BatchNorm2d(64, eps=1e-3, momentum=0.1),
            nn.MaxPool2d(2),
            nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))),
        ("M6", (128, 1), 3, lambda: nn.Sequential(LastStep(1, 64), nn.Linear(64, 3))),
    ]


def rate(call, samples_per_call, calls):
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return samples_per_call * calls / (time.perf_counter() - start)


def latency_us(call, calls):
    for _ in range(calls // 4):
        call()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[calls // 2] * 1e6


def measure(model_id, shape, classes, make, quick):
    torch.manual_seed(7)
    net = make()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()  # softmax + categorical cross-entropy, as the others
    x = torch.rand((BATCH,) + shape)
    y = torch.randint(0, classes, (BATCH,))
    big = torch.rand((INFER_BATCH,) + shape)
    one = big[:1].clone()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(net(x), y).backward()
        opt.step()

    def infer(batch):
        with torch.no_grad():
            net(batch)

    net.train()
    for _ in range(3):
        step()
    # about 1.5 s per round, like Bench's step budget
    start = time.perf_counter()
    step()
    one_step = time.perf_counter() - start
    steps = max(3, min(400, int((0.5 if quick else 1.5) / max(one_step, 1e-6))))
    rounds = 3 if quick else 5
    train = 0.0
    infer_rate = 0.0
    for _ in range(rounds):
        net.train()
        train = max(train, rate(step, BATCH, steps))
        net.eval()
        infer_rate = max(infer_rate, rate(lambda: infer(big), INFER_BATCH, 2))
    net.eval()
    latency = latency_us(lambda: infer(one), 200 if quick else 1000)
    return train, infer_rate, latency


def peak_gflops(quick):
    """The best float32 rates PyTorch reaches here: a 2048^3 matrix product and a 3x3
    convolution of 64 to 64 channels over 128 images of 56x56 (oneDNN), in GFLOP/s."""
    def best(call, flops, tries):
        call()
        rate = 0.0
        for _ in range(tries):
            start = time.perf_counter()
            call()
            rate = max(rate, flops / (time.perf_counter() - start) / 1e9)
        return rate
    n = 2048
    a, b = torch.rand(n, n), torch.rand(n, n)
    mm = best(lambda: torch.mm(a, b), 2.0 * n ** 3, 3 if quick else 6)
    conv = nn.Conv2d(64, 64, 3, padding=1, bias=False).eval()
    images = torch.rand(128, 64, 56, 56)
    with torch.no_grad():
        conv_rate = best(lambda: conv(images), 2.0 * 128 * 56 * 56 * 64 * 64 * 9,
                         3 if quick else 6)
    return mm, conv_rate


def main(argv):
    quick = "--quick" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    threads = int(os.environ.get("OMP_NUM_THREADS", "2"))
    torch.set_num_threads(threads)
    print(json.dumps({"pytorch_version": torch.__version__, "threads": threads,
                      "mkldnn": torch.backends.mkldnn.is_available()}), flush=True)
    mm, conv = peak_gflops(quick)
    for metric, value in (("sgemm_gflops", mm), ("conv_gflops", conv)):
        print(json.dumps({"model": "machine", "metric": metric, "pytorch": round(value, 1)}),
              flush=True)
    for model_id, shape, classes, make, in [m[:4] for m in models()]:
        if wanted and model_id not in wanted:
            continue
        train, infer, latency = measure(model_id, shape, classes, make, quick)
        for metric, value in (("train_samples_per_s", train), ("infer_samples_per_s", infer),
                              ("latency_us", latency)):
            print(json.dumps({"model": model_id, "metric": metric,
                              "pytorch": round(value, 1)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
