#!/usr/bin/python3
"""Writes embedding_gru.keras and embedding_gru.json: a Keras 3 archive of an Embedding under a GRU.

The model is SortedDigitsGru's: Embedding(input_dim 10, output_dim 8) -> GRU(32), Keras 3's
defaults -> Dense(1, sigmoid), built by hand to the letter of ../shared/keras/FORMAT.md with
make_fixtures.py's helpers: the Embedding's table at layers/embedding/vars/0 [10, 8], the GRU's
weights in its cell (layers/gru/cell/vars/0..2, kernel [8, 96], recurrent_kernel [32, 96],
bias [2, 96]; layers/gru/vars empty), the Dense's at layers/dense/vars. The InputLayer is int32,
as a Keras user declares token ids. embedding_gru.json holds a few sequences of ids and the
probabilities PyTorch computes for them in float64 from the file's float32 weights
(torch.nn.Embedding, torch.nn.GRU with Keras' gates z, r, h mapped to its r, z, n).

Usage (from the repository root, with Debian's python3-torch, python3-h5py, python3-numpy):
    /usr/bin/python3 examples/src/test/keras-fixtures/embedding_fixture.py [OUT_DIR]
OUT_DIR defaults to examples/src/test/resources/keras.
"""

import io
import json
import os
import sys

import h5py
import numpy as np
import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import (GLOROT, ZEROS, dense, keras_archive, layer,  # noqa: E402
                           optimizer, sequential)

STEPS, TOKENS, WIDTH, UNITS = 12, 10, 8, 32
IDS = [[0, 1, 1, 2, 3, 3, 4, 6, 7, 8, 9, 9],
       [0, 1, 1, 2, 3, 3, 6, 4, 7, 8, 9, 9],
       [9, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0],
       [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6]]


def embedding_layer():
    uniform = {"module": "keras.initializers", "class_name": "RandomUniform",
               "config": {"seed": None, "minval": -0.05, "maxval": 0.05}}
    return layer("Embedding", "embedding", {
        "input_dim": TOKENS, "output_dim": WIDTH, "embeddings_initializer": uniform,
        "embeddings_regularizer": None, "activity_regularizer": None,
        "embeddings_constraint": None, "mask_zero": False}, [STEPS])


def gru_layer():
    orthogonal = {"module": "keras.initializers", "class_name": "Orthogonal",
                  "config": {"seed": None, "gain": 1.0}}
    return layer("GRU", "gru", {
        "return_sequences": False, "return_state": False, "go_backwards": False,
        "stateful": False, "unroll": False, "zero_output_for_mask": False, "units": UNITS,
        "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
        "kernel_initializer": GLOROT, "recurrent_initializer": orthogonal,
        "bias_initializer": ZEROS, "kernel_regularizer": None, "recurrent_regularizer": None,
        "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
        "recurrent_constraint": None, "bias_constraint": None, "dropout": 0.0,
        "recurrent_dropout": 0.0, "reset_after": True, "seed": None}, [STEPS, WIDTH])


def weights_h5(config, table, kernel, recurrent, bias, dense_kernel, dense_bias):
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        vars_ = f.create_group("layers/embedding/vars")
        vars_.attrs["name"] = "embedding"
        vars_.create_dataset("0", data=table)
        own = f.create_group("layers/gru/vars")
        own.attrs["name"] = "gru"
        cell = f.create_group("layers/gru/cell/vars")
        cell.attrs["name"] = "gru_cell"
        for k, value in enumerate((kernel, recurrent, bias)):
            cell.create_dataset(str(k), data=value)
        out = f.create_group("layers/dense/vars")
        out.attrs["name"] = "output"
        out.create_dataset("0", data=dense_kernel)
        out.create_dataset("1", data=dense_bias)
        f.create_group("vars").attrs["name"] = config["config"]["name"]
    return buffer.getvalue()


def swap_first_blocks(w, u):
    """Keras z, r, h blocks along dim 0 <-> PyTorch r, z, n."""
    return torch.cat([w[u:2 * u], w[:u], w[2 * u:]])


def probabilities(table, kernel, recurrent, bias, dense_kernel, dense_bias):
    t = {k: torch.from_numpy(v.astype(np.float64)) for k, v in dict(
        table=table, kernel=kernel, recurrent=recurrent, bias=bias, dense_kernel=dense_kernel,
        dense_bias=dense_bias).items()}
    embedding = torch.nn.Embedding(TOKENS, WIDTH).double()
    gru = torch.nn.GRU(WIDTH, UNITS, batch_first=True).double()
    with torch.no_grad():
        embedding.weight.copy_(t["table"])
        gru.weight_ih_l0.copy_(swap_first_blocks(t["kernel"].T, UNITS))
        gru.weight_hh_l0.copy_(swap_first_blocks(t["recurrent"].T, UNITS))
        gru.bias_ih_l0.copy_(swap_first_blocks(t["bias"][0], UNITS))
        gru.bias_hh_l0.copy_(swap_first_blocks(t["bias"][1], UNITS))
        states, _ = gru(embedding(torch.tensor(IDS)))
        logits = states[:, -1] @ t["dense_kernel"] + t["dense_bias"]
        return torch.sigmoid(logits)[:, 0].tolist()


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "examples/src/test/resources/keras"
    rng = np.random.default_rng(14)

    def weight(*shape):
        return (0.4 * rng.standard_normal(shape)).astype(np.float32)

    table, kernel = weight(TOKENS, WIDTH), weight(WIDTH, 3 * UNITS)
    recurrent, bias = weight(UNITS, 3 * UNITS), weight(2, 3 * UNITS)
    dense_kernel, dense_bias = weight(UNITS, 1), weight(1)
    inputs = {"module": "keras.layers", "class_name": "InputLayer",
              "config": {"batch_shape": [None, STEPS], "dtype": "int32", "sparse": False,
                         "ragged": False, "name": "input_layer", "optional": False},
              "registered_name": None}
    config = sequential("sequential", [STEPS], [embedding_layer(), gru_layer(),
                                                dense("output", 1, "sigmoid", [UNITS])],
                        optimizer("Adam", "adam", learning_rate=0.005, beta_1=0.9,
                                  beta_2=0.999, epsilon=1e-7, amsgrad=False),
                        "binary_crossentropy")
    config["config"]["layers"][0] = inputs
    keras_archive(os.path.join(out, "embedding_gru.keras"), config,
                  weights_h5(config, table, kernel, recurrent, bias, dense_kernel, dense_bias))
    expected = {"ids": IDS, "probabilities": probabilities(table, kernel, recurrent, bias,
                                                           dense_kernel, dense_bias)}
    with open(os.path.join(out, "embedding_gru.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print("wrote", os.path.join(out, "embedding_gru.keras"), "and embedding_gru.json")


if __name__ == "__main__":
    main()
