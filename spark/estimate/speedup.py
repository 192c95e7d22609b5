"""Paper estimate of synchronous Spark speed-up (README: Training on Spark, Estimate).

T(1) = t_c                                   one process, global batch B
T(N) = t_c / N + t_job + t_bcast + t_agg     N executors, the same global batch
t_bcast = 2 S / W                            torrent broadcast: the driver sends S once, each
                                             executor receives S (pipelined)
t_agg = 2 sqrt(N) S / W                      treeAggregate, depth 2: sqrt(N) combiners each
                                             receive sqrt(N) sums, the driver sqrt(N)
Run: python3 spark/estimate/speedup.py
"""
import math

W = 10e9 / 8          # bytes/s: 10 Gbit/s Ethernet between executors and driver
T_JOB = 0.050         # s: Spark's per-step job latency on an idle cluster (assumed, see README)
BATCH = 128
MODELS = [
    # name, parameters, single-process samples/s on 2 cores (README: Performance, M1 and M2)
    ("MNIST MLP", 266_610, 85_748),
    ("MNIST convnet", 34_826, 4_914),
]


def step(t_c, size, n):
    return t_c / n + T_JOB + 2 * size / W + 2 * math.sqrt(n) * size / W


print(f"| model | params | bytes per direction | t_c (batch {BATCH}) | 8 | 32 | 128 |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for scale in (1, 100):
    for name, params, rate in MODELS:
        size = 4 * params * scale
        t_c = BATCH / rate * scale
        cells = [f"{t_c / step(t_c, size, n):.2f}x" for n in (8, 32, 128)]
        label = name if scale == 1 else f"{name} x100"
        print(f"| {label} | {params * scale:,} | {size / 1e6:.2f} MB | {t_c * 1e3:.1f} ms | "
              + " | ".join(cells) + " |")

# Weak scaling: the global batch grows with the executors (128 per executor), and the speed-up
# is in samples per second: N t_c / (t_c + t_job + t_bcast + t_agg). The single-machine
# equivalence then no longer holds (another batch size), as with any large-batch training.
print()
print(f"| model, {BATCH} samples per executor | 8 | 32 | 128 |")
print("| --- | ---: | ---: | ---: |")
for scale in (1, 100):
    for name, params, rate in MODELS:
        size = 4 * params * scale
        t_c = BATCH / rate * scale
        cells = [f"{n * t_c / (step(t_c, size, n) - t_c / n + t_c):.1f}x" for n in (8, 32, 128)]
        label = name if scale == 1 else f"{name} x100"
        print(f"| {label} | " + " | ".join(cells) + " |")
