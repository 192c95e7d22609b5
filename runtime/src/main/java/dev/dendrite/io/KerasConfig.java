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

  /** The whole {@code config.json} of the network, its optimizer as {@link KerasOptimizer#forSave}. */
  static ObjectNode of(Network network, long decaySteps) {
    ModelSpec spec = network.spec();
    ObjectNode root = StrictJson.object();
    root.put("module", "keras");
    root.put("class_name", "Sequential");
    ObjectNode config = root.putObject("config");
    config.put("name", spec.name());
    config.put("trainable", true);
    config.set("dtype", parse(dtypeOf(spec)));
    ArrayNode layers = config.putArray("layers");
    ObjectNode input = layers.addObject();
    input.put("module", "keras.layers");
    input.put("class_name", "InputLayer");
    ObjectNode inputConfig = input.putObject("config");
    inputConfig.set("batch_shape", batchShape(spec.inputShape()));
    inputConfig.put("dtype", "float32");
    inputConfig.put("sparse", false);
    inputConfig.put("name", "input_layer");
    input.putNull("registered_name");
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
    for (JsonNode layer : layers) {
      if (layer.path("class_name").asText().equals("InputLayer")) {
        checkInput(layer.path("config"), spec, where);
      } else {
        found.add(layer);
      }
    }
    List<LayerSpec> own = spec.layers();
    if (found.size() != own.size()) {
      throw new WeightsException(where + ": its " + count(found.size()) + " "
          + describe(found) + " do not correspond to the " + count(own.size()) + " of "
          + spec.name() + ", " + String.join(", ", own.stream()
              .map(l -> l.name() + " (" + l.kerasClass() + ")").toList()));
    }
    for (int i = 0; i < own.size(); i++) {
      checkLayer(found.get(i), own.get(i), spec, where);
    }
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
