"""Writes embedding.txt: an Embedding under a GRU and a Dense output, computed by PyTorch in float64.

The model is EmbeddingModels.TorchGru: Embedding(inputDim 7, outputDim 3) -> GRU(4), Keras 3's
defaults (reset_after, tanh and sigmoid) -> Dense(2), linear, mean squared error. Its weights are
made in Keras' layouts (embeddings [inputDim, outputDim]; GRU kernel [in, 3u], recurrent_kernel
[u, 3u], bias [2, 3u], gates z, r, h; Dense kernel [in, out]) and copied into PyTorch's modules
(torch.nn.Embedding, torch.nn.GRU with gate order r, z, n, torch.nn.Linear); the gradients are
mapped back to Keras' layouts.

The ids repeat tokens within and across samples and leave token 6 unused, so the embeddings'
gradient shows both the sum over the steps that read a row and a row that nothing reads (zero).
Arrays are named as the generated network names its parameters. Run:
python3 embedding_fixtures.py [OUT_FILE] (default: ../resources/torch/embedding.txt).
"""
import os
import sys

import torch

torch.manual_seed(1414)
N, STEPS, INPUT_DIM, OUTPUT_DIM, UNITS, OUTPUTS = 3, 5, 7, 3, 4, 2


def swap_first_blocks(w, u):
    """Keras z, r, h blocks along dim 0 <-> PyTorch r, z, n (the swap is its own inverse)."""
    return torch.cat([w[u:2 * u], w[:u], w[2 * u:]])


def main():
    ids = torch.tensor([[0, 3, 3, 1, 5], [2, 2, 2, 0, 4], [5, 1, 0, 3, 0]])
    embeddings = 0.5 * torch.randn(INPUT_DIM, OUTPUT_DIM, dtype=torch.float64)
    kernel = 0.5 * torch.randn(OUTPUT_DIM, 3 * UNITS, dtype=torch.float64)
    recurrent = 0.5 * torch.randn(UNITS, 3 * UNITS, dtype=torch.float64)
    bias = 0.5 * torch.randn(2, 3 * UNITS, dtype=torch.float64)
    dense_kernel = 0.5 * torch.randn(UNITS, OUTPUTS, dtype=torch.float64)
    dense_bias = 0.5 * torch.randn(OUTPUTS, dtype=torch.float64)
    targets = torch.randn(N, OUTPUTS, dtype=torch.float64)

    embedding = torch.nn.Embedding(INPUT_DIM, OUTPUT_DIM).double()
    gru = torch.nn.GRU(OUTPUT_DIM, UNITS, batch_first=True).double()
    dense = torch.nn.Linear(UNITS, OUTPUTS).double()
    with torch.no_grad():
        embedding.weight.copy_(embeddings)
        gru.weight_ih_l0.copy_(swap_first_blocks(kernel.T, UNITS))
        gru.weight_hh_l0.copy_(swap_first_blocks(recurrent.T, UNITS))
        gru.bias_ih_l0.copy_(swap_first_blocks(bias[0], UNITS))
        gru.bias_hh_l0.copy_(swap_first_blocks(bias[1], UNITS))
        dense.weight.copy_(dense_kernel.T)
        dense.bias.copy_(dense_bias)

    states, _ = gru(embedding(ids))
    output = dense(states[:, -1])
    loss = ((output - targets) ** 2).mean()
    loss.backward()

    arrays = {
        "ids": ids.double(),
        "targets": targets,
        "embedding.embeddings": embeddings,
        "gru.kernel": kernel,
        "gru.recurrentKernel": recurrent,
        "gru.bias": bias,
        "output.kernel": dense_kernel,
        "output.bias": dense_bias,
        "output": output,
        "loss": loss.reshape(1),
        "grad embedding.embeddings": embedding.weight.grad,
        "grad gru.kernel": swap_first_blocks(gru.weight_ih_l0.grad, UNITS).T,
        "grad gru.recurrentKernel": swap_first_blocks(gru.weight_hh_l0.grad, UNITS).T,
        "grad gru.bias": torch.stack([swap_first_blocks(gru.bias_ih_l0.grad, UNITS),
                                      swap_first_blocks(gru.bias_hh_l0.grad, UNITS)]),
        "grad output.kernel": dense.weight.grad.T,
        "grad output.bias": dense.bias.grad,
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "..", "resources", "torch", "embedding.txt")
    lines = ["# PyTorch " + torch.__version__ + ", float64: made by embedding_fixtures.py",
             "# name shape values (row-major); 'grad:NAME' is the loss's gradient at NAME"]
    for key, value in arrays.items():
        value = value.detach().contiguous()
        lines.append(key.replace(" ", ":") + " " + ",".join(str(d) for d in value.shape) + " "
                     + " ".join(repr(v) for v in value.reshape(-1).tolist()))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
