#!/usr/bin/python3
"""Writes the Keras fixtures of Dendrite's tests, to the letter of ../shared/keras/FORMAT.md.

There is no Keras here, so the files are built by hand: zips with stored members, HDF5 written
by h5py. The MNIST convnet is Keras' "simple MNIST convnet" trained for one epoch in PyTorch
with a fixed seed (channels-last semantics: the feature maps are permuted to NHWC before
flattening, so that the flattened order is Keras'); its float32 test accuracy is recorded in
mnist_convnet.json.

Usage (from the repository root, with Debian's python3-torch, python3-h5py, python3-numpy):
    /usr/bin/python3 examples/src/test/keras-fixtures/make_fixtures.py [--rules-only] [OUT_DIR]
OUT_DIR defaults to examples/src/test/resources/keras; --rules-only writes the small rule
fixtures and leaves the trained convnet's files as they are.
"""

import gzip
import io
import json
import os
import sys
import zipfile

import h5py
import numpy as np
import torch
from torch import nn

SEED = 0
EPOCHS = 1
BATCH = 128
LEARNING_RATE = 0.001
DATE = (2026, 8, 17, 21, 11, 34)
MNIST = "examples/data/mnist"

GLOROT = {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": None}}
ZEROS = {"module": "keras.initializers", "class_name": "Zeros", "config": {}}
DTYPE = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}}


# ---- data ----

def idx(name):
    with gzip.open(os.path.join(MNIST, name), "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def mnist(kind):
    images = idx(kind + "-images-idx3-ubyte.gz")
    labels = idx(kind + "-labels-idx1-ubyte.gz")
    # the same float32 division as Dendrite's reader: byte / 255f
    x = torch.from_numpy(images.astype(np.float32)) / np.float32(255)
    return x.reshape(-1, 1, 28, 28), torch.from_numpy(labels.astype(np.int64))


# ---- the model, trained in PyTorch ----

class Convnet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.dropout = nn.Dropout(0.5)
        self.dense = nn.Linear(1600, 10)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # channels last, as Keras flattens
        return self.dense(self.dropout(x))  # logits; softmax is in the loss and the argmax


def train():
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    x, y = mnist("train")
    model = Convnet()
    adam = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(0.9, 0.999), eps=1e-7)
    loss = nn.CrossEntropyLoss()
    steps = 0
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(x))
        for start in range(0, len(x), BATCH):
            batch = order[start:start + BATCH]
            adam.zero_grad()
            value = loss(model(x[batch]), y[batch])
            value.backward()
            adam.step()
            steps += 1
        print(f"epoch {epoch + 1}: last batch loss {value.item():.4f}")
    model.eval()
    tx, ty = mnist("t10k")
    with torch.no_grad():
        probabilities = torch.softmax(model(tx), dim=1)
    correct = int((probabilities.argmax(dim=1) == ty).sum())
    print(f"test accuracy {correct / len(ty):.4f} ({correct} of {len(ty)})")
    return model, adam, steps, correct, len(ty)


def keras_weights(model):
    """The trained variables in Keras' layout and order: conv kernels [kh, kw, in, out]."""
    def conv(w):
        return w.detach().permute(2, 3, 1, 0).numpy()
    return [
        [conv(model.conv1.weight), model.conv1.bias.detach().numpy()],
        [],
        [conv(model.conv2.weight), model.conv2.bias.detach().numpy()],
        [],
        [],
        [],
        [model.dense.weight.detach().t().numpy(), model.dense.bias.detach().numpy()],
    ]


def adam_slots(model, adam):
    """Adam's (momentum, velocity) per trained variable, in Keras' layout."""
    slots = []
    for p in [model.conv1.weight, model.conv1.bias, model.conv2.weight, model.conv2.bias,
              model.dense.weight, model.dense.bias]:
        state = adam.state[p]
        m, v = state["exp_avg"], state["exp_avg_sq"]
        if p.dim() == 4:
            m, v = m.permute(2, 3, 1, 0), v.permute(2, 3, 1, 0)
        elif p.dim() == 2:
            m, v = m.t(), v.t()
        slots.append((m.numpy(), v.numpy()))
    return slots


# ---- Keras 3 config.json ----

def input_layer(shape):
    return {"module": "keras.layers", "class_name": "InputLayer",
            "config": {"batch_shape": [None] + shape, "dtype": "float32", "sparse": False,
                       "ragged": False, "name": "input_layer", "optional": False},
            "registered_name": None}


def layer(class_name, name, config, input_shape=None):
    entry = {"module": "keras.layers", "class_name": class_name,
             "config": {"name": name, "trainable": True, "dtype": DTYPE, **config},
             "registered_name": None}
    if input_shape is not None:
        entry["build_config"] = {"input_shape": [None] + input_shape}
    return entry


def conv2d(name, filters, activation, input_shape, **overrides):
    config = {"filters": filters, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
              "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
              "activation": activation, "use_bias": True, "kernel_initializer": GLOROT,
              "bias_initializer": ZEROS, "kernel_regularizer": None, "bias_regularizer": None,
              "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
    config.update(overrides)
    return layer("Conv2D", name, config, input_shape)


def max_pooling2d(name, input_shape):
    return layer("MaxPooling2D", name, {"pool_size": [2, 2], "padding": "valid",
                                        "strides": [2, 2], "data_format": "channels_last"},
                 input_shape)


def dense(name, units, activation, input_shape, use_bias=True):
    return layer("Dense", name, {"units": units, "activation": activation, "use_bias": use_bias,
                                 "kernel_initializer": GLOROT, "bias_initializer": ZEROS,
                                 "kernel_regularizer": None, "bias_regularizer": None,
                                 "kernel_constraint": None, "bias_constraint": None},
                 input_shape)


def sequential(name, input_shape, layers, optimizer, loss):
    return {"module": "keras", "class_name": "Sequential",
            "config": {"name": name, "trainable": True, "dtype": DTYPE,
                       "layers": [input_layer(input_shape)] + layers,
                       "build_input_shape": [None] + input_shape},
            "registered_name": None,
            "build_config": {"input_shape": [None] + input_shape},
            "compile_config": {"optimizer": optimizer, "loss": loss, "loss_weights": None,
                               "metrics": ["accuracy"], "weighted_metrics": None,
                               "run_eagerly": False, "steps_per_execution": 1,
                               "jit_compile": False}}


def optimizer(class_name, name, **config):
    return {"module": "keras.optimizers", "class_name": class_name,
            "config": {"name": name, "learning_rate": 0.001, "weight_decay": None,
                       "clipnorm": None, "global_clipnorm": None, "clipvalue": None,
                       "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
                       "loss_scale_factor": None, "gradient_accumulation_steps": None,
                       **config},
            "registered_name": None}


def convnet_layers(names):
    return [
        conv2d(names[0], 32, "relu", [28, 28, 1]),
        max_pooling2d(names[1], [26, 26, 32]),
        conv2d(names[2], 64, "relu", [13, 13, 32]),
        max_pooling2d(names[3], [11, 11, 64]),
        layer("Flatten", names[4], {"data_format": "channels_last"}, [5, 5, 64]),
        layer("Dropout", names[5], {"rate": 0.5, "seed": None, "noise_shape": None}, [1600]),
        dense(names[6], 10, "softmax", [1600]),
    ]


# ---- Keras 3 files ----

def snake(class_name):
    import re
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub("([a-z])([A-Z])", r"\1_\2", name)
    return name.lower()


def weights_h5(config, variables, optimizer_vars=None, functional=False):
    """model.weights.h5: layers/<snake(class)>[_n]/vars/<k>, every vars group named."""
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        counts = {}
        layers = [entry for entry in config["config"]["layers"]
                  if functional or entry["class_name"] != "InputLayer"]
        for entry, values in zip(layers, variables):
            base = snake(entry["class_name"])
            n = counts.get(base, 0)
            counts[base] = n + 1
            group = f.create_group(f"layers/{base}" + (f"_{n}" if n else "") + "/vars")
            group.attrs["name"] = entry["config"]["name"]
            for k, value in enumerate(values):
                group.create_dataset(str(k), data=np.asarray(value, np.float32))
        if optimizer_vars is not None:
            name, values = optimizer_vars
            group = f.create_group("optimizer/vars")
            group.attrs["name"] = name
            for k, value in enumerate(values):
                group.create_dataset(str(k), data=value)
        f.create_group("vars").attrs["name"] = config["config"]["name"]
    return buffer.getvalue()


def keras_archive(path, config, weights, version="3.4.1"):
    members = [
        ("metadata.json", json.dumps({"keras_version": version,
                                      "date_saved": "2026-08-17@21:11:34"}).encode()),
        ("config.json", json.dumps(config).encode()),
        ("model.weights.h5", weights),
    ]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=DATE)
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, data)


# ---- Keras 2 full-model .h5 ----

def keras2_layer(class_name, name, config):
    return {"class_name": class_name, "config": {"name": name, "trainable": True,
                                                 "dtype": "float32", **config}}


def keras2_h5(path, variables, adam_state, steps):
    names = ["conv2d_8", "max_pooling2d_8", "conv2d_9", "max_pooling2d_9", "flatten_4",
             "dropout_4", "dense_4"]
    init = {"kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
            "bias_initializer": {"class_name": "Zeros", "config": {}},
            "kernel_regularizer": None, "bias_regularizer": None,
            "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}

    def conv(name, filters):
        return keras2_layer("Conv2D", name, {
            "filters": filters, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
            "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
            "activation": "relu", "use_bias": True, **init})

    def pool(name):
        return keras2_layer("MaxPooling2D", name, {
            "pool_size": [2, 2], "padding": "valid", "strides": [2, 2],
            "data_format": "channels_last"})

    layers = [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 28, 28, 1],
                                                "dtype": "float32", "sparse": False,
                                                "ragged": False, "name": "input_5"}},
        conv(names[0], 32), pool(names[1]), conv(names[2], 64), pool(names[3]),
        keras2_layer("Flatten", names[4], {"data_format": "channels_last"}),
        keras2_layer("Dropout", names[5], {"rate": 0.5, "noise_shape": None, "seed": None}),
        keras2_layer("Dense", names[6], {"units": 10, "activation": "softmax", "use_bias": True,
                                         **init}),
    ]
    model_config = {"class_name": "Sequential",
                    "config": {"name": "sequential_4", "layers": layers}}
    training_config = {
        "loss": "categorical_crossentropy",
        "metrics": [[{"class_name": "MeanMetricWrapper",
                      "config": {"name": "accuracy", "dtype": "float32",
                                 "fn": "categorical_accuracy"}}]],
        "weighted_metrics": None, "loss_weights": None,
        "optimizer_config": {"class_name": "Adam", "config": {
            "name": "Adam", "weight_decay": None, "clipnorm": None, "global_clipnorm": None,
            "clipvalue": None, "use_ema": False, "ema_momentum": 0.99,
            "ema_overwrite_frequency": None, "jit_compile": False, "is_legacy_optimizer": False,
            "learning_rate": 0.0010000000474974513, "beta_1": 0.9, "beta_2": 0.999,
            "epsilon": 1e-07, "amsgrad": False}}}
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = "2.13.1"
        f.attrs["model_config"] = json.dumps(model_config)
        f.attrs["training_config"] = json.dumps(training_config)
        weights = f.create_group("model_weights")
        weights.attrs["backend"] = "tensorflow"
        weights.attrs["keras_version"] = "2.13.1"
        weights.attrs["layer_names"] = np.array([n.encode() for n in names])
        for name, values in zip(names, variables):
            group = weights.create_group(name)
            kinds = ["kernel", "bias"][:len(values)]
            weight_names = [f"{name}/{kind}:0".encode() for kind in kinds]
            group.attrs["weight_names"] = np.array(weight_names) if weight_names else np.array([])
            for kind, value in zip(kinds, values):
                group.create_dataset(f"{name}/{kind}:0", data=np.asarray(value, np.float32))
        state = f.create_group("optimizer_weights")
        optimizer_names = [b"Adam/iter:0"]
        state.create_dataset("Adam/iter:0", data=np.int64(steps))
        trained = [(names[i], kind) for i in (0, 2, 6) for kind in ("kernel", "bias")]
        for slot, index in (("m", 0), ("v", 1)):
            for (name, kind), values in zip(trained, adam_state):
                key = f"Adam/{name}/{kind}/{slot}:0"
                optimizer_names.append(key.encode())
                state.create_dataset(key, data=values[index])
        state.attrs["weight_names"] = np.array(optimizer_names)


# ---- the rule fixtures ----

def dense_only(out, rng):
    layers = [dense("hidden-1", 8, "relu", [4]), dense("class", 3, "softmax", [8], use_bias=False)]
    loss = {"module": "keras.losses", "class_name": "SparseCategoricalCrossentropy",
            "config": {"name": "sparse_categorical_crossentropy", "reduction": "sum_over_batch_size",
                       "from_logits": False, "ignore_class": None},
            "registered_name": None}
    config = sequential("sequential", [4], layers,
                        optimizer("SGD", "SGD", learning_rate=0.05, momentum=0.9,
                                  nesterov=True),
                        loss)
    variables = [[rng.standard_normal((4, 8)), rng.standard_normal(8)],
                 [rng.standard_normal((8, 3))]]
    keras_archive(os.path.join(out, "dense_only.keras"), config, weights_h5(config, variables))


def unsupported(out, rng):
    custom = {"module": None, "class_name": "Swishy", "config": {"beta": 1.5},
              "registered_name": "Custom>Swishy"}
    l2 = {"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01},
          "registered_name": None}
    layers = [
        conv2d("conv_first", 8, "relu", [1, 28, 28], data_format="channels_first",
               kernel_regularizer=l2),
        layer("Lambda", "scale", {"function": {"class_name": "__lambda__", "config": {
            "code": "4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMIAAAAfABkARQAUwApAk7pAgAAAKkAKQHaAXhyAgAA"
                    "AHICAAAA+gg8c3RkaW4+2gg8bGFtYmRhPgEAAADzAAAAAA==",
            "defaults": None, "closure": None}}, "output_shape": None, "arguments": {}}),
        layer("Flatten", "flatten", {"data_format": "channels_last"}),
        dense("head", 10, custom, [5408]),
    ]
    config = sequential("sequential_2", [1, 28, 28], layers,
                        optimizer("Adam", "adam", beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                                  amsgrad=False),
                        "categorical_crossentropy")
    variables = [[rng.standard_normal((3, 3, 1, 8)), np.zeros(8)], [], [],
                 [rng.standard_normal((5408, 10)), np.zeros(10)]]
    keras_archive(os.path.join(out, "unsupported.keras"), config, weights_h5(config, variables))


def dense_functional(out, rng):
    """The Dense-only model built with the functional API: each layer names its input."""
    def called(entry, name, previous, shape):
        entry["name"] = name
        entry["inbound_nodes"] = [{"args": [{"class_name": "__keras_tensor__", "config": {
            "shape": [None] + shape, "dtype": "float32", "keras_history": [previous, 0, 0]}}],
            "kwargs": {}}]
        return entry
    inputs = input_layer([4])
    inputs["name"] = "input_layer"
    inputs["inbound_nodes"] = []
    layers = [inputs,
              called(dense("hidden", 8, "relu", [4]), "hidden", "input_layer", [4]),
              called(dense("probabilities", 3, "softmax", [8]), "probabilities", "hidden", [8])]
    config = {"module": "keras.src.models.functional", "class_name": "Functional",
              "config": {"name": "functional", "trainable": True, "layers": layers,
                         "input_layers": [["input_layer", 0, 0]],
                         "output_layers": [["probabilities", 0, 0]]},
              "registered_name": "Functional",
              "build_config": {"input_shape": None},
              "compile_config": {"optimizer": optimizer("Adam", "adam", learning_rate=0.01,
                                                        beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                                                        amsgrad=False),
                                 "loss": "categorical_crossentropy", "loss_weights": None,
                                 "metrics": ["accuracy"], "weighted_metrics": None,
                                 "run_eagerly": False, "steps_per_execution": 1,
                                 "jit_compile": False}}
    # a functional model's layers include its InputLayer, whose vars group is empty
    variables = [[], [rng.standard_normal((4, 8)), rng.standard_normal(8)],
                 [rng.standard_normal((8, 3)), rng.standard_normal(3)]]
    keras_archive(os.path.join(out, "dense_functional.keras"), config,
                  weights_h5(config, variables, functional=True))


def residual_functional(out, rng):
    """A branching functional model, laid out as Keras 3 orders a Functional model's layers.

    in -> hidden -> residual_dense, added to in (sum); in -> side; [sum, side] concatenated
    (joined) -> probabilities. Keras' order (ops/function.py map_graph: by depth, the longest
    path to the output, deepest first, ties in the order a depth-first walk from the output
    meets them): input_layer, hidden, residual_dense, sum, side, joined, probabilities; the
    weight groups count per class in that order (dense, dense_1, add, dense_2, concatenate,
    dense_3). Expected outputs are computed in float64 with numpy from the float32 weights.
    """
    def tensor(name, shape):
        return {"class_name": "__keras_tensor__",
                "config": {"shape": [None] + shape, "dtype": "float32",
                           "keras_history": [name, 0, 0]}}

    def called(entry, name, args):
        entry["name"] = name
        entry["inbound_nodes"] = [{"args": args, "kwargs": {}}]
        return entry

    inputs = input_layer([8])
    inputs["name"] = "input_layer"
    inputs["inbound_nodes"] = []
    add = layer("Add", "sum", {}, None)
    add["build_config"] = {"input_shape": [[None, 8], [None, 8]]}
    concatenate = layer("Concatenate", "joined", {"axis": -1}, None)
    concatenate["build_config"] = {"input_shape": [[None, 8], [None, 4]]}
    layers = [
        inputs,
        called(dense("hidden", 8, "relu", [8]), "hidden", [tensor("input_layer", [8])]),
        called(dense("residual_dense", 8, "linear", [8]), "residual_dense",
               [tensor("hidden", [8])]),
        called(add, "sum", [[tensor("residual_dense", [8]), tensor("input_layer", [8])]]),
        called(dense("side", 4, "tanh", [8]), "side", [tensor("input_layer", [8])]),
        called(concatenate, "joined", [[tensor("sum", [8]), tensor("side", [4])]]),
        called(dense("probabilities", 3, "softmax", [12]), "probabilities",
               [tensor("joined", [12])]),
    ]
    config = {"module": "keras.src.models.functional", "class_name": "Functional",
              "config": {"name": "functional", "trainable": True, "layers": layers,
                         "input_layers": ["input_layer", 0, 0],
                         "output_layers": ["probabilities", 0, 0]},
              "registered_name": "Functional",
              "build_config": {"input_shape": None},
              "compile_config": {"optimizer": optimizer("Adam", "adam", beta_1=0.9,
                                                        beta_2=0.999, epsilon=1e-7,
                                                        amsgrad=False),
                                 "loss": "categorical_crossentropy", "loss_weights": None,
                                 "metrics": ["accuracy"], "weighted_metrics": None,
                                 "run_eagerly": False, "steps_per_execution": 1,
                                 "jit_compile": False}}
    f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32) * np.float32(0.5)
    hidden = [f32(8, 8), f32(8)]
    residual = [f32(8, 8), f32(8)]
    side = [f32(8, 4), f32(4)]
    probabilities = [f32(12, 3), f32(3)]
    variables = [[], hidden, residual, [], side, [], probabilities]
    keras_archive(os.path.join(out, "residual_functional.keras"), config,
                  weights_h5(config, variables, functional=True))

    x = rng.standard_normal((4, 8)).astype(np.float32)
    d = lambda v, w: v @ w[0].astype(np.float64) + w[1].astype(np.float64)
    x64 = x.astype(np.float64)
    total = d(np.maximum(d(x64, hidden), 0), residual) + x64
    joined = np.concatenate([total, np.tanh(d(x64, side))], axis=1)
    logits = d(joined, probabilities)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    expected = e / e.sum(axis=1, keepdims=True)
    with open(os.path.join(out, "residual_functional.json"), "w") as f:
        json.dump({"model": "residual_functional.keras: probabilities of 4 samples, float64 "
                            "from the float32 weights",
                   "inputs": x.tolist(), "expected": expected.tolist()}, f, indent=2)
        f.write("\n")


def main():
    args = [a for a in sys.argv[1:] if a != "--rules-only"]
    out = args[0] if args else "examples/src/test/resources/keras"
    os.makedirs(out, exist_ok=True)
    if "--rules-only" not in sys.argv:
        convnet(out)
    rng = np.random.default_rng(SEED)
    dense_only(out, rng)
    unsupported(out, rng)
    dense_functional(out, rng)
    residual_functional(out, rng)


def convnet(out):
    model, adam, steps, correct, total = train()
    variables = keras_weights(model)
    slots = adam_slots(model, adam)
    names = ["conv2d_8", "max_pooling2d_8", "conv2d_9", "max_pooling2d_9", "flatten_4",
             "dropout_4", "dense_4"]
    config = sequential("sequential_4", [28, 28, 1], convnet_layers(names),
                        optimizer("Adam", "adam", beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                                  amsgrad=False),
                        "categorical_crossentropy")
    optimizer_values = [np.int64(steps), np.float32(LEARNING_RATE)]
    for m, v in slots:
        optimizer_values += [m, v]
    keras_archive(os.path.join(out, "mnist_convnet.keras"), config,
                  weights_h5(config, variables, ("adam", optimizer_values)))
    keras2_h5(os.path.join(out, "mnist_convnet_keras2.h5"), variables, slots, steps)
    with open(os.path.join(out, "mnist_convnet.json"), "w") as f:
        json.dump({"model": "Keras' simple MNIST convnet, trained in PyTorch "
                            + torch.__version__ + " (channels last)",
                   "seed": SEED, "epochs": EPOCHS, "batch_size": BATCH, "optimizer": "adam",
                   "learning_rate": LEARNING_RATE, "steps": steps,
                   "test_samples": total, "test_correct": correct,
                   "test_accuracy": correct / total}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
