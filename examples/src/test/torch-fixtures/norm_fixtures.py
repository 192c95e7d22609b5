"""Writes PyTorch float64 fixtures for Dendrite's normalization layers.

Run from this folder with Debian's python3-torch:

    python3 norm_fixtures.py ../resources/torch/normalization.json

Each kernel case holds an input x (channels last, flattened row-major), gamma and beta (or
null), epsilon, an upstream gradient dy, and what PyTorch computes: the output y and the
gradients dx, dgamma, dbeta. Batch normalization cases also hold momentum, moving statistics
before and after the step (Keras' rule: moving * momentum + batch * (1 - momentum), the batch's
variance biased, unlike PyTorch's own running_var) and the inference output with the moving
statistics before the step. The network case is NormalizationModels.DenseBatchNorm (Dense 5->4,
BatchNormalization, Dense 4->4 tanh, Dense 4->3 softmax, categorical cross-entropy) with its
weights, a batch, the loss and every parameter's gradient.
"""
import json
import sys

import torch

torch.manual_seed(20261129)
D = torch.float64


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def batch_norm_case(name, shape, scale, center, momentum, epsilon):
    channels = shape[-1]
    x = (torch.randn(*shape, dtype=D) * 1.7 + 0.4).requires_grad_(True)
    gamma = (torch.randn(channels, dtype=D) * 0.5 + 1).requires_grad_(True) if scale else None
    beta = (torch.randn(channels, dtype=D) * 0.5).requires_grad_(True) if center else None
    moving_mean = torch.randn(channels, dtype=D) * 0.3
    moving_variance = torch.rand(channels, dtype=D) + 0.5
    dy = torch.randn(*shape, dtype=D)
    rows = x.reshape(-1, channels)
    mean = rows.mean(0)
    variance = rows.var(0, unbiased=False)
    y = (rows - mean) / torch.sqrt(variance + epsilon)
    if gamma is not None:
        y = y * gamma
    if beta is not None:
        y = y + beta
    y = y.reshape(shape)
    y.backward(dy)
    inference = torch.nn.functional.batch_norm(
        x.detach().reshape(-1, channels), moving_mean, moving_variance,
        None if gamma is None else gamma.detach(), None if beta is None else beta.detach(),
        training=False, eps=epsilon)
    return {
        "name": name, "kind": "batch", "shape": list(shape), "epsilon": epsilon,
        "momentum": momentum, "x": flat(x),
        "gamma": None if gamma is None else flat(gamma),
        "beta": None if beta is None else flat(beta),
        "moving_mean": flat(moving_mean), "moving_variance": flat(moving_variance),
        "dy": flat(dy), "y": flat(y), "dx": flat(x.grad),
        "dgamma": None if gamma is None else flat(gamma.grad),
        "dbeta": None if beta is None else flat(beta.grad),
        "moving_mean_after": flat(moving_mean * momentum + mean.detach() * (1 - momentum)),
        "moving_variance_after": flat(
            moving_variance * momentum + variance.detach() * (1 - momentum)),
        "inference": flat(inference),
    }


def layer_norm_case(name, shape, scale, center, epsilon):
    channels = shape[-1]
    x = (torch.randn(*shape, dtype=D) * 1.3 - 0.2).requires_grad_(True)
    gamma = (torch.randn(channels, dtype=D) * 0.5 + 1).requires_grad_(True) if scale else None
    beta = (torch.randn(channels, dtype=D) * 0.5).requires_grad_(True) if center else None
    dy = torch.randn(*shape, dtype=D)
    y = torch.nn.functional.layer_norm(x, (channels,), gamma, beta, eps=epsilon)
    y.backward(dy)
    return {
        "name": name, "kind": "layer", "shape": list(shape), "epsilon": epsilon,
        "x": flat(x), "gamma": None if gamma is None else flat(gamma),
        "beta": None if beta is None else flat(beta), "dy": flat(dy), "y": flat(y),
        "dx": flat(x.grad), "dgamma": None if gamma is None else flat(gamma.grad),
        "dbeta": None if beta is None else flat(beta.grad),
    }


def network_case():
    """Dense 5->4, BatchNormalization (0.99, 1e-3), Dense 4->4 tanh, Dense 4->3 softmax."""
    def param(*shape, scale=0.6, shift=0.0):
        return (torch.randn(*shape, dtype=D) * scale + shift).requires_grad_(True)

    weights = {
        "hidden.kernel": param(5, 4), "hidden.bias": param(4, scale=0.2),
        "norm.gamma": param(4, scale=0.3, shift=1.0), "norm.beta": param(4, scale=0.3),
        "hidden2.kernel": param(4, 4), "hidden2.bias": param(4, scale=0.2),
        "output.kernel": param(4, 3), "output.bias": param(3, scale=0.2),
    }
    x = torch.randn(7, 5, dtype=D)
    labels = torch.randint(0, 3, (7,))
    h = x @ weights["hidden.kernel"] + weights["hidden.bias"]
    mean = h.mean(0)
    variance = h.var(0, unbiased=False)
    n = (h - mean) / torch.sqrt(variance + 1e-3) * weights["norm.gamma"] + weights["norm.beta"]
    h2 = torch.tanh(n @ weights["hidden2.kernel"] + weights["hidden2.bias"])
    logits = h2 @ weights["output.kernel"] + weights["output.bias"]
    loss = torch.nn.functional.cross_entropy(logits, labels)
    loss.backward()
    targets = torch.nn.functional.one_hot(labels, 3).to(D)
    return {
        "x": flat(x), "samples": 7, "features": 5, "targets": flat(targets),
        "loss": float(loss),
        "weights": {k: flat(v) for k, v in weights.items()},
        "gradients": {k: flat(v.grad) for k, v in weights.items()},
        "moving_mean_after": flat(mean.detach() * 0.01),
        "moving_variance_after": flat(variance.detach() * 0.01 + 0.99),
    }


fixtures = {
    "torch": torch.__version__,
    "cases": [
        batch_norm_case("batch norm after dense", (6, 4), True, True, 0.99, 1e-3),
        batch_norm_case("batch norm after conv", (3, 4, 3, 5), True, True, 0.9, 1e-2),
        batch_norm_case("batch norm without scale or center", (2, 5, 3), False, False, 0.5, 1e-3),
        layer_norm_case("layer norm after dense", (6, 4), True, True, 1e-3),
        layer_norm_case("layer norm after conv", (3, 4, 3, 5), True, True, 1e-2),
        layer_norm_case("layer norm without center", (2, 5, 3), True, False, 1e-3),
    ],
    "network": network_case(),
}
with open(sys.argv[1], "w") as out:
    json.dump(fixtures, out, indent=1)
    out.write("\n")
