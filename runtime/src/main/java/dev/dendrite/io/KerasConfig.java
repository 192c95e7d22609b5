package dev.dendrite.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dendrite.LayerSpec;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.WeightsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A {@code .keras} archive's {@code config.json}: written from the model's {@link LayerSpec}s as
 * Keras 3 writes a {@code Sequential} model, and checked against them when read. Reading takes
 * what it needs and ignores the rest, so the files of Keras 3.3 to 3.15 all read.
 */
final class KerasConfig {
  private KerasConfig() {}

  /**
   * The whole {@code config.json} of the network, its optimizer as {@link KerasOptimizer#forSave}:
   * a Sequential model, or a Functional one when a layer reads another than the one above.
   */
  static ObjectNode of(Network network, long decaySteps) {
    ModelSpec spec = network.spec();
    ObjectNode root = spec.isStack() ? sequential(spec) : functional(spec);
    ObjectNode compile = root.putObject("compile_config");
    compile.set("optimizer", KerasOptimizer.forSave(network, decaySteps));
    compile.put("loss", spec.loss().kerasName());
    compile.putNull("loss_weights");
    compile.putArray("metrics").add(spec.loss().metric());
    compile.putNull("weighted_metrics");
    compile.put("run_eagerly", false);
    compile.put("steps_per_execution", 1);
    compile.put("jit_compile", false);
    return root;
  }

  private static ObjectNode sequential(ModelSpec spec) {
    ObjectNode root = StrictJson.object();
    root.put("module", "keras");
    root.put("class_name", "Sequential");
    ObjectNode config = root.putObject("config");
    config.put("name", spec.name());
    config.put("trainable", true);
    config.set("dtype", parse(dtypeOf(spec)));
    ArrayNode layers = config.putArray("layers");
    inputLayer(spec, layers.addObject());
    for (LayerSpec layer : spec.layers()) {
      ObjectNode entry = layers.addObject();
      entry.put("module", "keras.layers");
      entry.put("class_name", layer.kerasClass());
      entry.set("config", parse(layer.kerasConfig()));
      entry.putNull("registered_name");
      entry.putObject("build_config").set("input_shape", batchShape(layer.inputShape()));
    }
    config.set("build_input_shape", batchShape(spec.inputShape()));
    root.putNull("registered_name");
    root.putObject("build_config").set("input_shape", batchShape(spec.inputShape()));
    return root;
  }

  /**
   * A Functional model as Keras 3 writes one ({@code Functional.get_config}): its layers in
   * Keras' order ({@link KerasGraph}), the input layer first, each with its {@code name} and
   * {@code inbound_nodes}, one call whose {@code args} hold the tensor it reads (a join: the
   * list of them), each tensor a {@code __keras_tensor__} naming its layer in
   * {@code keras_history}; the input and output as {@code keras.Model(inputs, outputs)} of one
   * tensor each writes them, {@code ["input_layer", 0, 0]}.
   */
  private static ObjectNode functional(ModelSpec spec) {
    ObjectNode root = StrictJson.object();
    root.put("module", "keras.src.models.functional");
    root.put("class_name", "Functional");
    ObjectNode config = root.putObject("config");
    config.put("name", spec.name());
    config.put("trainable", true);
    ArrayNode layers = config.putArray("layers");
    ObjectNode input = inputLayer(spec, layers.addObject());
    input.put("name", KerasGraph.INPUT_LAYER);
    input.putArray("inbound_nodes");
    List<List<Integer>> sources = KerasGraph.sources(spec);
    for (int i : KerasGraph.order(spec)) {
      LayerSpec layer = spec.layers().get(i);
      ObjectNode entry = layers.addObject();
      entry.put("module", "keras.layers");
      entry.put("class_name", layer.kerasClass());
      entry.set("config", parse(layer.kerasConfig()));
      entry.putNull("registered_name");
      List<Integer> own = sources.get(i);
      ObjectNode build = entry.putObject("build_config");
      ObjectNode node = StrictJson.object();
      if (own.size() == 1) {
        build.set("input_shape", batchShape(layer.inputShape()));
        node.putArray("args").add(tensor(spec, own.get(0)));
      } else {
        ArrayNode shapes = build.putArray("input_shape");
        ArrayNode tensors = node.putArray("args").addArray();
        for (int s : own) {
          shapes.add(batchShape(outputShape(spec, s)));
          tensors.add(tensor(spec, s));
        }
      }
      node.putObject("kwargs");
      entry.put("name", layer.name());
      entry.putArray("inbound_nodes").add(node);
    }
    config.set("input_layers", history(KerasGraph.INPUT_LAYER));
    config.set("output_layers", history(spec.layers().get(spec.layers().size() - 1).name()));
    root.put("registered_name", "Functional");
    root.putObject("build_config").putNull("input_shape");
    return root;
  }

  private static ObjectNode inputLayer(ModelSpec spec, ObjectNode input) {
    input.put("module", "keras.layers");
    input.put("class_name", "InputLayer");
    ObjectNode inputConfig = input.putObject("config");
    inputConfig.set("batch_shape", batchShape(spec.inputShape()));
    inputConfig.put("dtype", "float32");
    inputConfig.put("sparse", false);
    inputConfig.put("name", KerasGraph.INPUT_LAYER);
    input.putNull("registered_name");
    return input;
  }

  /** The output of layer {@code i} (-1: the input) as Keras serializes a symbolic tensor. */
  private static ObjectNode tensor(ModelSpec spec, int i) {
    ObjectNode tensor = StrictJson.object();
    tensor.put("class_name", "__keras_tensor__");
    ObjectNode config = tensor.putObject("config");
    config.set("shape", batchShape(outputShape(spec, i)));
    config.put("dtype", "float32");
    config.set("keras_history", history(i < 0 ? KerasGraph.INPUT_LAYER
        : spec.layers().get(i).name()));
    return tensor;
  }

  /** {@code [name, 0, 0]}: the first output of the first call of the layer named so. */
  private static ArrayNode history(String name) {
    ArrayNode history = JsonNodeFactory.instance.arrayNode();
    history.add(name).add(0).add(0);
    return history;
  }

  private static List<Integer> outputShape(ModelSpec spec, int i) {
    return i < 0 ? spec.inputShape() : spec.layers().get(i).outputShape();
  }

  /** The first layer's dtype policy, as every layer's (float32). */
  private static String dtypeOf(ModelSpec spec) {
    return parse(spec.layers().get(0).kerasConfig()).get("dtype").toString();
  }

  private static ArrayNode batchShape(List<Integer> shape) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    list.addNull();
    shape.forEach(list::add);
    return list;
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) StrictJson.parse(json);
    } catch (StrictJson.SyntaxException | ClassCastException e) {
      throw new IllegalStateException("a generated Keras config is not a JSON object: " + json, e);
    }
  }

  /**
   * Checks that the file's model is the spec's: the input shape, and each layer's class and
   * config values (all but the name, trainable, dtype, initializers and random seeds, which do
   * not change what a trained layer computes; a value the file leaves out is taken as Keras'
   * default, which Dendrite's is).
   *
   * @throws WeightsException naming the file's layer and the Dendrite field that differ
   */
  static void check(JsonNode root, ModelSpec spec, String where) {
    JsonNode layers = root.path("config").path("layers");
    if (!layers.isArray()) {
      throw new WeightsException(where + ": holds no model with a list of layers (config.layers)");
    }
    List<JsonNode> found = new ArrayList<>();
    List<String> inputLayers = new ArrayList<>();
    for (JsonNode layer : layers) {
      if (layer.path("class_name").asText().equals("InputLayer")) {
        checkInput(layer.path("config"), spec, where);
        inputLayers.add(layer.path("config").path("name").asText());
      } else {
        found.add(layer);
      }
    }
    // a Functional file lists its layers in Keras' order of them
    List<LayerSpec> own = KerasGraph.order(spec).stream().map(spec.layers()::get).toList();
    if (found.size() != own.size()) {
      throw new WeightsException(where + ": its " + count(found.size()) + " "
          + describe(found) + " do not correspond to the " + count(own.size()) + " of "
          + spec.name() + ", " + String.join(", ", own.stream()
              .map(l -> l.name() + " (" + l.kerasClass() + ")").toList()));
    }
    for (int i = 0; i < own.size(); i++) {
      checkLayer(found.get(i), own.get(i), spec, where);
    }
    checkConnections(root, found, inputLayers, own, spec, where);
  }

  /**
   * Checks that each of the file's layers reads what the corresponding layer of the spec reads:
   * in a Sequential file the one before, in a Functional one those its call names.
   */
  private static void checkConnections(JsonNode root, List<JsonNode> found,
      List<String> inputLayers, List<LayerSpec> own, ModelSpec spec, String where) {
    boolean sequential = root.path("class_name").asText().equals("Sequential");
    Map<String, String> ours = new HashMap<>();
    inputLayers.forEach(name -> ours.put(name, LayerSpec.INPUT));
    for (int i = 0; i < found.size(); i++) {
      ours.put(found.get(i).path("name").asText(found.get(i).path("config").path("name")
          .asText()), own.get(i).name());
    }
    for (int i = 0; i < found.size(); i++) {
      List<String> reads = new ArrayList<>();
      if (sequential) {
        reads.add(i == 0 ? LayerSpec.INPUT : own.get(i - 1).name());
      } else {
        for (String name : inboundNames(found.get(i))) {
          reads.add(ours.getOrDefault(name, name));
        }
      }
      List<String> expected = spec.inputsOf(spec.layers().indexOf(own.get(i)));
      if (!reads.equals(expected)) {
        JsonNode layer = found.get(i);
        throw new WeightsException(where + ": its layer " + layer.path("config").path("name")
            .asText() + " (" + layer.path("class_name").asText() + ") reads "
            + String.join(", ", reads) + " where " + own.get(i).name() + " of " + spec.name()
            + " reads " + String.join(", ", expected));
      }
    }
  }

  /**
   * The names of the layers a Functional model's layer is called on, in order: from Keras 3's
   * {@code inbound_nodes: [{"args": [tensor or [tensors]]}]}, each tensor's
   * {@code keras_history[0]}; empty when the layer is not called once.
   */
  static List<String> inboundNames(JsonNode layer) {
    JsonNode nodes = layer.path("inbound_nodes");
    List<String> names = new ArrayList<>();
    if (!nodes.isArray() || nodes.size() != 1) {
      return names;
    }
    JsonNode args = nodes.get(0).path("args");
    JsonNode first = args.path(0);
    JsonNode tensors = first.isArray() ? first : args;
    for (JsonNode tensor : tensors) {
      names.add(tensor.path("config").path("keras_history").path(0).asText());
    }
    return names;
  }

  private static String count(int layers) {
    return layers + (layers == 1 ? " layer" : " layers");
  }

  private static String describe(List<JsonNode> layers) {
    return String.join(", ", layers.stream().map(l -> l.path("config").path("name").asText()
        + " (" + l.path("class_name").asText() + ")").toList());
  }

  private static void checkInput(JsonNode config, ModelSpec spec, String where) {
    JsonNode shape = config.has("batch_shape") ? config.get("batch_shape")
        : config.path("batch_input_shape");
    if (!shape.isArray() || shape.size() < 2) {
      return;
    }
    List<Integer> dims = new ArrayList<>();
    for (int i = 1; i < shape.size(); i++) {
      dims.add(shape.get(i).isInt() ? shape.get(i).intValue() : -1);
    }
    if (!dims.equals(spec.inputShape())) {
      throw new WeightsException(where + ": its input layer takes samples of shape " + dims
          + " but " + spec.name() + " takes " + spec.inputShape());
    }
  }

  private static void checkLayer(JsonNode layer, LayerSpec own, ModelSpec spec, String where) {
    String name = layer.path("config").path("name").asText();
    String className = layer.path("class_name").asText();
    String theirs = "layer " + name + " (" + className + ")";
    String ours = own.name() + " (" + own.kerasClass() + ") of " + spec.name();
    if (!className.equals(own.kerasClass())) {
      throw new WeightsException(where + ": its " + theirs + " is where " + spec.name()
          + " has " + own.name() + ", a " + own.kerasClass());
    }
    JsonNode config = layer.path("config");
    for (Iterator<Map.Entry<String, JsonNode>> it = parse(own.kerasConfig()).fields();
        it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      if (key.equals("name") || key.equals("trainable") || key.equals("dtype")
          || key.equals("seed") || key.endsWith("_initializer") || !config.has(key)) {
        continue;
      }
      if (!same(e.getValue(), config.get(key))) {
        throw new WeightsException(where + ": its " + theirs + " has " + key + " "
            + config.get(key) + " where " + ours + " has " + e.getValue());
      }
    }
  }

  /**
   * Whether two config values are the same: numbers by value ({@code 1e-07} is {@code 1.0E-7}),
   * lists and objects member by member, and Keras' two names of SiLU ({@code swish}).
   */
  static boolean same(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.doubleValue() == b.doubleValue();
    }
    if (a.isTextual() && b.isTextual()) {
      return alias(a.textValue()).equals(alias(b.textValue()));
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!same(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!b.has(e.getKey()) || !same(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static String alias(String text) {
    return text.equals("swish") ? "silu" : text;
  }
}
