package dev.dendrite.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dendrite.KerasLayer;
import dev.dendrite.Layer;
import dev.dendrite.Loss;
import dev.dendrite.Optimizer;
import dev.dendrite.io.Quote;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The model-level part of an import: the layers of a Sequential or Functional model and what
 * each reads, its input shape (from
 * the InputLayer's {@code batch_shape}, Keras 2's {@code batch_input_shape}), and the
 * {@code @Model} loss and optimizer with its settings from the compile config.
 */
final class ModelImport {
  /** Keras' loss names that Dendrite spells otherwise; the rest are the enum's lower-case names. */
  private static final Map<String, Loss> LOSS_ALIASES = Map.of(
      "sparse_categorical_crossentropy", Loss.CATEGORICAL_CROSSENTROPY,
      "mse", Loss.MEAN_SQUARED_ERROR,
      "mae", Loss.MEAN_ABSOLUTE_ERROR,
      "huber_loss", Loss.HUBER);

  /** Class names Keras 3 and Keras 2 give a model built with the functional API. */
  private static final Set<String> FUNCTIONAL = Set.of("Functional", "Model");

  /**
   * The Keras classes called on a list of tensors, which they join: those of the layer
   * annotations that name several layers ({@code String[] value()}, as {@code @Add}).
   */
  private static final Set<String> JOINS = joins();

  /** Loss config entries Dendrite's losses fix, with the only value each supports. */
  private static final Map<String, Object> LOSS_FIXED = Map.of(
      "from_logits", false, "label_smoothing", 0.0, "delta", 1.0);

  /** Optimizer config keys and the {@code @Model} elements they set, with their defaults. */
  private static final Map<String, String> OPTIMIZER_KEYS = orderedKeys();

  /** Optimizer config entries Dendrite does not model, with the only value each supports. */
  private static final Map<String, Object> OPTIMIZER_FIXED = fixedOptimizer();

  private ModelImport() {}

  /**
   * The layers of {@code model} without its InputLayer, in order; a problem unless it is
   * Sequential, or Functional with one input and one output, each layer called once on earlier
   * layers' outputs ({@link #sources}).
   */
  static List<JsonNode> layers(JsonNode model, List<String> problems) {
    String kind = model.path("class_name").asText();
    JsonNode config = model.path("config");
    // Keras 2.0 wrote a Sequential model's config as the list of its layers
    JsonNode layers = config.isArray() ? config : config.path("layers");
    boolean functional = FUNCTIONAL.contains(kind);
    if (!kind.equals("Sequential") && !functional) {
      problems.add("the model is " + (kind.isEmpty() ? "not a Keras model" : "a "
          + Quote.text(kind) + " model") + "; Dendrite imports Sequential and Functional "
          + "models");
      return List.of();
    }
    if (!layers.isArray()) {
      problems.add("the model lists no layers");
      return List.of();
    }
    List<JsonNode> result = new ArrayList<>();
    for (JsonNode layer : layers) {
      if (!layer.path("class_name").asText().equals("InputLayer")) {
        result.add(layer);
      }
    }
    if (functional) {
      checkGraph(model, layers, result, problems);
    }
    return List.copyOf(result);
  }

  /**
   * What each of {@code layers} (the model's, without its InputLayer, checked by
   * {@link #layers}) is called on, as indices into {@code layers}, -1 for the model's input: the
   * layer before it in a Sequential model, the layers its one call names in a Functional one.
   */
  static List<List<Integer>> sources(JsonNode model, List<JsonNode> layers) {
    boolean functional = FUNCTIONAL.contains(model.path("class_name").asText());
    Map<String, Integer> index = new LinkedHashMap<>();
    List<List<Integer>> sources = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      if (!functional) {
        sources.add(List.of(i - 1));
        continue;
      }
      List<Integer> own = new ArrayList<>();
      for (JsonNode history : calledOn(layers.get(i))) {
        String name = history.path(0).asText();
        own.add(isInputLayer(model, name) ? -1 : index.getOrDefault(name, -1));
      }
      sources.add(List.copyOf(own));
      index.put(nameOf(layers.get(i)), i);
    }
    return List.copyOf(sources);
  }

  /** A Functional model's name of a layer: its own, or its config's. */
  private static String nameOf(JsonNode layer) {
    return layer.path("name").asText(layer.path("config").path("name").asText());
  }

  /** Whether {@code name} is the name of one of the model's InputLayers. */
  private static boolean isInputLayer(JsonNode model, String name) {
    JsonNode config = model.path("config");
    JsonNode layers = config.isArray() ? config : config.path("layers");
    for (JsonNode layer : layers) {
      if (layer.path("class_name").asText().equals("InputLayer") && name.equals(
          layer.path("name").asText(layer.path("config").path("name").asText()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The {@code keras_history} ({@code [layer, node, tensor]}) of each tensor a layer's first call
   * takes: Keras 3 writes the call as {@code {"args": [tensor], "kwargs": {}}}, a join's as
   * {@code {"args": [[tensor, tensor]]}}, each tensor {@code {"class_name": "__keras_tensor__",
   * "config": {"keras_history": ["conv2d", 0, 0]}}}; Keras 2 as {@code [["conv2d", 0, 0, {}],
   * ...]}.
   */
  private static List<JsonNode> calledOn(JsonNode layer) {
    JsonNode node = layer.path("inbound_nodes").path(0);
    List<JsonNode> histories = new ArrayList<>();
    if (node.isObject()) {
      JsonNode args = node.path("args");
      JsonNode tensors = args.path(0).isArray() ? args.path(0) : args;
      for (JsonNode tensor : tensors) {
        histories.add(tensor.path("config").path("keras_history"));
      }
    } else if (node.isArray()) {
      node.forEach(histories::add);
    }
    return histories;
  }

  /**
   * Adds a problem for each part of a Functional model Dendrite cannot declare: several inputs
   * or outputs, an output that is not the last layer, a layer called more than once (shared) or
   * never, on a tensor of a layer not before it, on several tensors unless it joins them.
   */
  private static void checkGraph(JsonNode model, JsonNode all, List<JsonNode> layers,
      List<String> problems) {
    JsonNode config = model.path("config");
    List<String> inputs = tensorNames(config.path("input_layers"));
    List<String> outputs = tensorNames(config.path("output_layers"));
    long inputLayers = 0;
    for (JsonNode layer : all) {
      inputLayers += layer.path("class_name").asText().equals("InputLayer") ? 1 : 0;
    }
    if (inputs.size() > 1 || inputLayers > 1) {
      problems.add("the model has " + Math.max(inputs.size(), inputLayers) + " inputs"
          + (inputs.size() > 1 ? " (" + String.join(", ", inputs) + ")" : "")
          + "; a Dendrite model takes one input");
    }
    if (outputs.size() > 1) {
      problems.add("the model has " + outputs.size() + " outputs (" + String.join(", ", outputs)
          + "); a Dendrite model has one output, its last layer");
    }
    Set<String> before = new HashSet<>();
    for (JsonNode layer : all) {
      if (layer.path("class_name").asText().equals("InputLayer")) {
        before.add(layer.path("name").asText(layer.path("config").path("name").asText()));
      }
    }
    for (JsonNode layer : layers) {
      String name = layer.path("name").asText(layer.path("config").path("name").asText());
      String className = layer.path("class_name").asText();
      String where = "layer '" + Quote.text(name) + "' (" + Quote.text(className) + ")";
      JsonNode nodes = layer.path("inbound_nodes");
      if (!nodes.isArray() || nodes.size() != 1) {
        problems.add(where + " is called " + (nodes.isArray() ? nodes.size() : 0) + " times"
            + (nodes.size() > 1 ? " (one layer shared by several calls)" : "")
            + "; Dendrite declares one layer per call: make each call a layer of its own");
        before.add(name);
        continue;
      }
      List<JsonNode> histories = calledOn(layer);
      boolean join = JOINS.contains(className);
      if (histories.isEmpty() || !join && histories.size() != 1) {
        problems.add(where + " is called on " + histories.size() + " tensors; in Dendrite only "
            + "Add and Concatenate take several, any other layer one");
      }
      for (JsonNode history : histories) {
        String source = history.path(0).asText();
        if (history.path(1).asInt(-1) != 0 || history.path(2).asInt(-1) != 0) {
          problems.add(where + " reads " + LayerImport.shown(history) + ", an output of a "
              + "layer called more than once or of several outputs; Dendrite layers have one "
              + "call and one output");
        } else if (!before.contains(source)) {
          problems.add(where + " reads '" + Quote.text(source) + "', which is not a layer "
              + "before it");
        }
      }
      JsonNode kwargs = layer.path("inbound_nodes").path(0).path("kwargs");
      kwargs.fields().forEachRemaining(e -> {
        if (!e.getKey().equals("training") && !e.getValue().isNull()) {
          problems.add(where + " is called with " + e.getKey() + "="
              + LayerImport.shown(e.getValue()) + "; Dendrite calls layers on their input "
              + "alone");
        }
      });
      before.add(name);
    }
    String last = layers.isEmpty() ? null : layers.get(layers.size() - 1).path("name")
        .asText(layers.get(layers.size() - 1).path("config").path("name").asText());
    if (outputs.size() == 1 && !outputs.get(0).equals(last)) {
      problems.add("the model's output is '" + Quote.text(outputs.get(0)) + "', not its last "
          + "layer; Dendrite's output is its last layer");
    }
  }

  /**
   * The layer names of {@code input_layers} or {@code output_layers}: one tensor
   * {@code ["dense", 0, 0]}, as {@code keras.Model(inputs, outputs)} of one tensor each writes
   * it, or a list of them.
   */
  private static List<String> tensorNames(JsonNode tensors) {
    List<String> names = new ArrayList<>();
    if (!tensors.isArray()) {
      return names;
    }
    if (tensors.path(0).isTextual()) {
      names.add(tensors.get(0).textValue());
      return names;
    }
    for (JsonNode tensor : tensors) {
      names.add(tensor.path(0).asText());
    }
    return names;
  }

  /**
   * One sample's shape: the InputLayer's batch shape without its batch size, or the first
   * layer's, or the model's build shape; null (and a problem) when there is none.
   */
  static int[] input(JsonNode model, List<String> problems) {
    JsonNode config = model.path("config");
    JsonNode layers = config.isArray() ? config : config.path("layers");
    List<JsonNode> candidates = new ArrayList<>();
    if (layers.isArray() && !layers.isEmpty()) {
      JsonNode first = layers.get(0).path("config");
      candidates.add(first.path("batch_shape"));
      candidates.add(first.path("batch_input_shape"));
    }
    candidates.add(config.path("build_input_shape"));
    candidates.add(model.path("build_config").path("input_shape"));
    for (JsonNode shape : candidates) {
      if (shape.isArray() && shape.size() >= 2) {
        int[] dims = new int[shape.size() - 1];
        for (int i = 0; i < dims.length; i++) {
          JsonNode d = shape.get(i + 1);
          if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 1) {
            problems.add("the input shape is " + LayerImport.shown(shape)
                + "; Dendrite needs every size but the batch's fixed");
            return null;
          }
          dims[i] = d.intValue();
        }
        return dims;
      }
    }
    problems.add("the model states no input shape (no InputLayer batch_shape); Dendrite needs "
        + "one");
    return null;
  }

  /**
   * The {@code @Model} elements of {@code training} ({@code {"loss": ..., "optimizer": ...}}):
   * {@code loss}, {@code optimizer} and each optimizer setting that differs from Dendrite's
   * default, in that order.
   */
  static Map<String, Object> compile(JsonNode training, List<String> problems) {
    return compile(training, null, problems);
  }

  /**
   * Like {@link #compile(JsonNode, List)}, with the loss named {@code loss} in Keras' words
   * instead of the file's, unless it is null.
   */
  static Map<String, Object> compile(JsonNode training, String loss, List<String> problems) {
    Map<String, Object> elements = new LinkedHashMap<>();
    JsonNode lossNode = loss != null ? TextNode.valueOf(loss) : training.path("loss");
    if (lossNode.isMissingNode() || lossNode.isNull()) {
      problems.add("the model was saved without compile(), so it names no loss: give one with "
          + "--loss, like --loss categorical_crossentropy");
      return elements;
    }
    Loss found = loss(lossNode, problems);
    if (found != null) {
      elements.put("loss", found);
    }
    optimizer(training.path("optimizer"), elements, problems);
    return elements;
  }

  private static Loss loss(JsonNode loss, List<String> problems) {
    String name;
    if (loss.isTextual()) {
      name = loss.textValue();
    } else if (loss.isObject() && loss.path("class_name").isTextual()) {
      name = KerasFile.snakeCase(loss.path("class_name").textValue());
      loss.path("config").properties().forEach(e -> {
        Object only = LOSS_FIXED.get(e.getKey());
        if (only != null && !fits(e.getValue(), only)) {
          problems.add("loss " + Quote.text(name) + ": " + e.getKey() + " is "
              + LayerImport.shown(e.getValue()) + "; Dendrite supports " + only + " only");
        }
      });
    } else {
      problems.add("loss is " + LayerImport.shown(loss) + "; Dendrite supports one loss, "
          + names(Loss.values()));
      return null;
    }
    Loss found = LOSS_ALIASES.get(name);
    for (Loss l : Loss.values()) {
      if (l.name().toLowerCase(Locale.ROOT).equals(name)) {
        found = l;
      }
    }
    if (found == null) {
      problems.add("loss is " + Quote.text(name) + "; Dendrite supports "
          + names(Loss.values()) + ", \"sparse_categorical_crossentropy\"");
    }
    return found;
  }

  private static void optimizer(JsonNode optimizer, Map<String, Object> elements,
      List<String> problems) {
    if (!optimizer.isObject()) {
      return; // compile()'s default, RMSprop, is @Model's default
    }
    String className = optimizer.path("class_name").asText();
    // Keras 2 may qualify the class name: "Custom>Adam", "keras.optimizers.Adam"
    String simple = className.substring(Math.max(className.lastIndexOf('>'),
        className.lastIndexOf('.')) + 1);
    Optimizer found = null;
    for (Optimizer o : Optimizer.values()) {
      if (o.name().equalsIgnoreCase(simple)) {
        found = o;
      }
    }
    if (found == null) {
      problems.add("optimizer is " + Quote.text(className) + "; Dendrite supports "
          + names(Optimizer.values()));
      return;
    }
    elements.put("optimizer", found);
    JsonNode config = optimizer.path("config");
    for (Map.Entry<String, String> key : OPTIMIZER_KEYS.entrySet()) {
      JsonNode value = config.get(key.getKey());
      if (value == null || value.isNull()) {
        continue;
      }
      if (key.getKey().equals("weight_decay") && found != Optimizer.ADAMW) {
        problems.add("optimizer " + Quote.text(className) + ": weight_decay is "
            + LayerImport.shown(value) + "; Dendrite's weight decay is AdamW's");
        continue;
      }
      String element = key.getValue();
      Object defaultValue = element.equals("learningRate") ? found.defaultLearningRate()
          : defaultOf(element);
      if (defaultValue instanceof Boolean b) {
        if (!value.isBoolean()) {
          problems.add("optimizer: " + key.getKey() + " is " + LayerImport.shown(value)
              + "; Dendrite supports true or false");
        } else if (value.booleanValue() != b) {
          elements.put(element, value.booleanValue());
        }
      } else if (!value.isNumber()) {
        problems.add("optimizer: " + key.getKey() + " is " + LayerImport.shown(value)
            + "; Dendrite supports a number (no schedule object)");
      } else if ((float) value.doubleValue() != (float) ((Double) defaultValue).doubleValue()) {
        // Keras 2 writes a float32 rate as 0.0010000000474974513: compared, and kept, as float
        elements.put(element, Double.valueOf(Float.toString((float) value.doubleValue())));
      }
    }
    for (Map.Entry<String, Object> fixed : OPTIMIZER_FIXED.entrySet()) {
      JsonNode value = config.get(fixed.getKey());
      if (value != null && !fits(value, fixed.getValue())) {
        problems.add("optimizer " + Quote.text(className) + ": " + fixed.getKey() + " is "
            + LayerImport.shown(value) + "; Dendrite supports " + fixed.getValue() + " only");
      }
    }
  }

  /** Whether a config value is the one supported: a boolean, a number, or null. */
  private static boolean fits(JsonNode value, Object only) {
    if (only instanceof Boolean b) {
      return value.isBoolean() && value.booleanValue() == b;
    }
    if (only instanceof Double d) {
      return value.isNumber() && value.doubleValue() == d;
    }
    return value.isNull();
  }

  private static Object defaultOf(String element) {
    try {
      return dev.dendrite.Model.class.getMethod(element).getDefaultValue();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("@Model has no element " + element, e);
    }
  }

  private static String names(Enum<?>[] values) {
    List<String> names = new ArrayList<>();
    for (Enum<?> v : values) {
      names.add("\"" + v.name().toLowerCase(Locale.ROOT) + "\"");
    }
    return String.join(", ", names);
  }

  private static Set<String> joins() {
    Set<String> joins = new HashSet<>();
    for (Class<? extends java.lang.annotation.Annotation> kind : Layer.ANNOTATIONS) {
      KerasLayer keras = kind.getAnnotation(KerasLayer.class);
      if (keras != null && JavaSource.joins(kind)) {
        joins.add(keras.value());
      }
    }
    return Set.copyOf(joins);
  }

  private static Map<String, String> orderedKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("learning_rate", "learningRate");
    keys.put("lr", "learningRate"); // Keras 2 before 2.3
    keys.put("momentum", "momentum");
    keys.put("nesterov", "nesterov");
    keys.put("beta_1", "beta1");
    keys.put("beta_2", "beta2");
    keys.put("epsilon", "epsilon");
    keys.put("rho", "rho");
    keys.put("weight_decay", "weightDecay");
    return keys;
  }

  private static Map<String, Object> fixedOptimizer() {
    Map<String, Object> fixed = new LinkedHashMap<>();
    fixed.put("amsgrad", false);
    fixed.put("centered", false);
    fixed.put("use_ema", false);
    fixed.put("clipnorm", "null");
    fixed.put("clipvalue", "null");
    fixed.put("global_clipnorm", "null");
    fixed.put("decay", 0.0);
    return fixed;
  }
}
