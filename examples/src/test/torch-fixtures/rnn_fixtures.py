"""Writes rnn.txt: SimpleRNN, LSTM and GRU outputs and gradients computed by PyTorch in float64.

The weights are made in Keras 3's layouts (kernel [in, gates], recurrent_kernel [units, gates],
bias [gates], a GRU's bias [2, gates]; gates i, f, c, o and z, r, h), copied into PyTorch's
modules (W_ih [gates, in], gate orders i, f, g, o and r, z, n, two bias vectors: b_hh zero where
Keras has one bias), and the modules' gradients mapped back to Keras' layouts.

Each case: an input x [n, steps, features], the output (every state or the last), a random
upstream gradient dy of the output's shape, the loss sum(y * dy), and its gradients at x and at
the three weights. Run: python3 rnn_fixtures.py [OUT_FILE] (default: ../resources/torch/rnn.txt).
"""
import os
import sys

import torch

torch.manual_seed(14)
N, STEPS, FEATURES, UNITS = 3, 5, 2, 4


def swap_first_blocks(w, u):
    """Keras z, r, h blocks along dim 0 <-> PyTorch r, z, n (the swap is its own inverse)."""
    return torch.cat([w[u:2 * u], w[:u], w[2 * u:]])


def to_torch(cell, kernel, recurrent, bias, u):
    """PyTorch's parameters from Keras' weights."""
    if cell == "GRU":
        return {"weight_ih_l0": swap_first_blocks(kernel.T, u),
                "weight_hh_l0": swap_first_blocks(recurrent.T, u),
                "bias_ih_l0": swap_first_blocks(bias[0], u),
                "bias_hh_l0": swap_first_blocks(bias[1], u)}
    return {"weight_ih_l0": kernel.T, "weight_hh_l0": recurrent.T,
            "bias_ih_l0": bias, "bias_hh_l0": torch.zeros_like(bias)}


def to_keras(cell, grads, u):
    """Gradients at Keras' kernel, recurrent kernel and bias from PyTorch's."""
    if cell == "GRU":
        return (swap_first_blocks(grads["weight_ih_l0"], u).T,
                swap_first_blocks(grads["weight_hh_l0"], u).T,
                torch.stack([swap_first_blocks(grads["bias_ih_l0"], u),
                             swap_first_blocks(grads["bias_hh_l0"], u)]))
    return grads["weight_ih_l0"].T, grads["weight_hh_l0"].T, grads["bias_ih_l0"]


def case(cell, sequences):
    gates = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}[cell] * UNITS
    module = {"SimpleRNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[cell](
        FEATURES, UNITS, batch_first=True).double()
    x = torch.randn(N, STEPS, FEATURES, dtype=torch.float64, requires_grad=True)
    kernel = 0.5 * torch.randn(FEATURES, gates, dtype=torch.float64)
    recurrent = 0.5 * torch.randn(UNITS, gates, dtype=torch.float64)
    bias = 0.5 * torch.randn(*((2, gates) if cell == "GRU" else (gates,)), dtype=torch.float64)
    params = dict(module.named_parameters())
    with torch.no_grad():
        for key, value in to_torch(cell, kernel, recurrent, bias, UNITS).items():
            params[key].copy_(value)
    out, _ = module(x)
    y = out if sequences else out[:, -1]
    dy = torch.randn(*y.shape, dtype=torch.float64)
    (y * dy).sum().backward()
    kernel_grad, recurrent_grad, bias_grad = to_keras(
        cell, {k: p.grad for k, p in params.items()}, UNITS)
    name = cell + (" sequences" if sequences else " last")
    arrays = {"x": x, "kernel": kernel, "recurrentKernel": recurrent, "bias": bias, "y": y,
              "dy": dy, "xGrad": x.grad, "kernelGrad": kernel_grad,
              "recurrentKernelGrad": recurrent_grad, "biasGrad": bias_grad}
    lines = ["case " + name]
    for key, value in arrays.items():
        value = value.detach()
        lines.append(key + " " + ",".join(str(d) for d in value.shape) + " "
                     + " ".join(repr(v) for v in value.reshape(-1).tolist()))
    return lines


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "..", "resources", "torch", "rnn.txt")
    lines = ["# PyTorch " + torch.__version__ + ", float64: made by rnn_fixtures.py"]
    for cell in ("SimpleRNN", "LSTM", "GRU"):
        for sequences in (False, True):
            lines += case(cell, sequences)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
