"""Writes PyTorch float64 fixtures for Dendrite's dilated convolutions.

Run from this folder with Debian's python3-torch:

    python3 conv_fixtures.py ../resources/torch/dilated_conv.json

Each network case is a model of DilationModels (examples' test sources) with its weights in
Keras' layouts (Conv2D kernel [kh, kw, in, out], Conv1D kernel [k, in, out], Dense kernel
[in, out]), a batch of channels-last inputs (flattened row-major), one-hot targets, and what
PyTorch computes in float64: the categorical cross-entropy (mean over the batch) and every
parameter's gradient. SAME padding is TensorFlow's, written out: the (k - 1) * d cells a
dilated kernel needs beyond the input at stride 1, the odd one after.
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(20261129)
D = torch.float64


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def param(*shape, scale=0.5):
    return (torch.randn(*shape, dtype=D) * scale).requires_grad_(True)


def same_pad(extent):
    """TensorFlow's SAME split at stride 1 of a window spanning `extent` cells."""
    total = extent - 1
    return total // 2, total - total // 2


def conv2d(x, kernel, bias, dilation, same):
    """x [n, h, w, c] channels last, kernel [kh, kw, in, out] -> [n, h', w', out]."""
    kh, kw = kernel.shape[0], kernel.shape[1]
    t = x.permute(0, 3, 1, 2)
    if same:
        top, bottom = same_pad((kh - 1) * dilation[0] + 1)
        left, right = same_pad((kw - 1) * dilation[1] + 1)
        t = F.pad(t, (left, right, top, bottom))
    y = F.conv2d(t, kernel.permute(3, 2, 0, 1), bias, dilation=dilation)
    return y.permute(0, 2, 3, 1)


def conv1d(x, kernel, bias, dilation, same):
    """x [n, steps, c] channels last, kernel [k, in, out] -> [n, steps', out]."""
    t = x.permute(0, 2, 1)
    if same:
        t = F.pad(t, same_pad((kernel.shape[0] - 1) * dilation + 1))
    y = F.conv1d(t, kernel.permute(2, 1, 0), bias, dilation=dilation)
    return y.permute(0, 2, 1)


def finish(name, input_shape, samples, weights, forward):
    x = torch.randn(samples, *input_shape, dtype=D)
    labels = torch.randint(0, 3, (samples,))
    logits = forward(x)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    return {
        "name": name, "input": list(input_shape), "samples": samples, "x": flat(x),
        "targets": flat(F.one_hot(labels, 3).to(D)), "loss": float(loss),
        "weights": {k: flat(v) for k, v in weights.items()},
        "gradients": {k: flat(v.grad) for k, v in weights.items()},
    }


def dilated_2d():
    """DilationModels.Dilated2d: 9x9x2 -> conv1 5x5x3 -> conv2 5x5x2 (SAME) -> 50 -> 3."""
    w = {
        "conv1.kernel": param(3, 3, 2, 3), "conv1.bias": param(3, scale=0.2),
        "conv2.kernel": param(2, 3, 3, 2), "conv2.bias": param(2, scale=0.2),
        "output.kernel": param(50, 3, scale=0.3), "output.bias": param(3, scale=0.2),
    }

    def forward(x):
        h = torch.tanh(conv2d(x, w["conv1.kernel"], w["conv1.bias"], (2, 2), False))
        h = torch.tanh(conv2d(h, w["conv2.kernel"], w["conv2.bias"], (2, 1), True))
        return h.reshape(h.shape[0], -1) @ w["output.kernel"] + w["output.bias"]

    return finish("Dilated2d", (9, 9, 2), 9, w, forward)


def dilated_1d():
    """DilationModels.Dilated1d: 12x2 -> conv (k 3, d 3, SAME) 12x3 -> conv2 (k 2, d 4) 8x2."""
    w = {
        "conv.kernel": param(3, 2, 3), "conv.bias": param(3, scale=0.2),
        "conv2.kernel": param(2, 3, 2), "conv2.bias": param(2, scale=0.2),
        "output.kernel": param(16, 3, scale=0.3), "output.bias": param(3, scale=0.2),
    }

    def forward(x):
        h = torch.tanh(conv1d(x, w["conv.kernel"], w["conv.bias"], 3, True))
        h = torch.tanh(conv1d(h, w["conv2.kernel"], w["conv2.bias"], 4, False))
        return h.reshape(h.shape[0], -1) @ w["output.kernel"] + w["output.bias"]

    return finish("Dilated1d", (12, 2), 9, w, forward)


fixtures = {"torch": torch.__version__, "networks": [dilated_2d(), dilated_1d()]}
with open(sys.argv[1], "w") as out:
    json.dump(fixtures, out)
    out.write("\n")
