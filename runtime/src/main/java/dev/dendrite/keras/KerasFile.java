package dev.dendrite.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dendrite.io.Quote;
import dev.dendrite.io.StrictJson;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A Keras model file, read: a Keras 3 {@code .keras} archive ({@code config.json} and
 * {@code model.weights.h5}, whose layer groups are named after each layer's class in snake case
 * with a counter per class) or a Keras 2 full-model {@code .h5} ({@code model_config} and
 * {@code training_config} attributes, weights under {@code model_weights/<layer name>}). Which
 * one a file is comes from its first bytes, not its name.
 */
final class KerasFile {
  private static final byte[] ZIP = {'P', 'K', 3, 4};
  private static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private final Path file;
  private final String version;
  private final JsonNode model;
  private final JsonNode training;
  private final byte[] weights;
  private final boolean keras2;

  private KerasFile(Path file, String version, JsonNode model, JsonNode training,
      byte[] weights, boolean keras2) {
    this.file = file;
    this.version = version;
    this.model = model;
    this.training = training;
    this.weights = weights;
    this.keras2 = keras2;
  }

  /** One weight as stored: its HDF5 path, Keras' shape and its values as floats. */
  record Tensor(String path, int[] shape, float[] values) {}

  /**
   * Reads {@code file}'s model config and compile config; weights are read by
   * {@link #weights}.
   *
   * @throws KerasImportException one line naming the file: not a Keras file, a missing member,
   *     JSON that does not parse
   */
  static KerasFile read(Path file) {
    byte[] start = new byte[8];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(start, 0, 8);
    } catch (NoSuchFileException e) {
      throw new KerasImportException(file + ": no such file");
    } catch (IOException e) {
      throw new KerasImportException(file + ": cannot read: " + e.getMessage());
    }
    if (read >= 4 && Arrays.equals(start, 0, 4, ZIP, 0, 4)) {
      return readArchive(file);
    }
    if (read == 8 && Arrays.equals(start, HDF5)) {
      return readKeras2(file);
    }
    throw new KerasImportException(file + ": not a Keras model file: neither a .keras archive "
        + "(a zip) nor a Keras 2 .h5 file (HDF5)");
  }

  private static KerasFile readArchive(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      JsonNode config = json(file, "config.json", member(file, zip, "config.json"));
      String version = "Keras 3";
      ZipEntry metadata = zip.getEntry("metadata.json");
      if (metadata != null) {
        JsonNode meta = json(file, "metadata.json", member(file, zip, "metadata.json"));
        if (meta.path("keras_version").isTextual()) {
          version = "Keras " + Quote.text(meta.path("keras_version").textValue());
        }
      }
      byte[] weights = member(file, zip, "model.weights.h5");
      return new KerasFile(file, version, config, config.path("compile_config"), weights,
          false);
    } catch (ZipException e) {
      throw new KerasImportException(file + ": not a valid .keras archive: " + e.getMessage());
    } catch (IOException e) {
      throw new KerasImportException(file + ": cannot read: " + e.getMessage());
    }
  }

  private static byte[] member(Path file, ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new KerasImportException(file + ": the .keras archive has no " + name);
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }

  private static JsonNode json(Path file, String member, byte[] bytes) {
    return json(file, member, new String(bytes, StandardCharsets.UTF_8));
  }

  private static JsonNode json(Path file, String member, String text) {
    try {
      JsonNode node = StrictJson.parse(text);
      if (!node.isObject()) {
        throw new KerasImportException(file + ": " + member + " is not a JSON object");
      }
      return node;
    } catch (StrictJson.SyntaxException e) {
      throw new KerasImportException(file + ": " + member + " is not valid JSON: "
          + e.getMessage());
    }
  }

  private static KerasFile readKeras2(Path file) {
    try (HdfFile hdf = new HdfFile(file)) {
      String config = stringAttribute(hdf, "model_config");
      if (config == null) {
        throw new KerasImportException(file + ": an HDF5 file without a model_config "
            + "attribute: a weights-only file? Import needs the model: a .keras file or a "
            + "Keras 2 full-model .h5 (model.save)");
      }
      JsonNode model = json(file, "the model_config attribute", config);
      ObjectNode training = StrictJson.object();
      String trainingText = stringAttribute(hdf, "training_config");
      if (trainingText != null) {
        JsonNode t = json(file, "the training_config attribute", trainingText);
        if (t.has("loss")) {
          training.set("loss", t.get("loss"));
        }
        if (t.has("optimizer_config")) {
          training.set("optimizer", t.get("optimizer_config"));
        }
      }
      String version = stringAttribute(hdf, "keras_version");
      return new KerasFile(file, "Keras " + (version == null ? "2" : Quote.text(version)), model,
          trainingText == null ? MissingNode.getInstance() : training, null, true);
    } catch (HdfException e) {
      throw new KerasImportException(file + ": not a readable HDF5 file: " + e.getMessage());
    }
  }

  private static String stringAttribute(Node node, String name) {
    Attribute attribute = node.getAttribute(name);
    if (attribute == null) {
      return null;
    }
    Object data = attribute.getData();
    return data instanceof String s ? s : null;
  }

  /** The file read. */
  Path file() {
    return file;
  }

  /** Which Keras wrote it, like {@code Keras 3.4.1}. */
  String version() {
    return version;
  }

  /** The model: {@code {"class_name": "Sequential", "config": {...}}}. */
  JsonNode model() {
    return model;
  }

  /** The loss and the optimizer: {@code {"loss": ..., "optimizer": ...}}; missing if none. */
  JsonNode training() {
    return training;
  }

  /**
   * The weights of {@code layers} (the model's layers without its InputLayer, in order): a
   * list of tensors per layer, in Keras' order. A layer of no weights ({@code weightless})
   * may lack its group.
   *
   * @throws KerasImportException naming the file and the group that is missing or unreadable
   */
  List<List<Tensor>> weights(List<JsonNode> layers, List<Boolean> weightless) {
    try (HdfFile hdf = keras2 ? new HdfFile(file) : HdfFile.fromBytes(weights)) {
      return keras2 ? keras2Weights(hdf, layers, weightless)
          : keras3Weights(hdf, layers, weightless);
    } catch (HdfException e) {
      throw new KerasImportException(file + ": " + (keras2 ? "" : "model.weights.h5: ")
          + "cannot read the weights: " + e.getMessage());
    }
  }

  private List<List<Tensor>> keras3Weights(HdfFile hdf, List<JsonNode> layers,
      List<Boolean> weightless) {
    Map<String, Integer> counters = new HashMap<>();
    List<List<Tensor>> all = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      JsonNode layer = layers.get(i);
      String base = snakeCase(layer.path("class_name").asText());
      int n = counters.merge(base, 1, Integer::sum) - 1;
      String layerPath = "layers/" + base + (n == 0 ? "" : "_" + n);
      // a recurrent layer's weights are its cell's (layers/lstm/cell/vars)
      String cellPath = layerPath + "/cell/vars";
      String path = group(hdf, cellPath, layer, true) != null ? cellPath : layerPath + "/vars";
      Group vars = group(hdf, path, layer, weightless.get(i));
      if (vars == null) {
        all.add(List.of());
        continue;
      }
      List<Tensor> tensors = new ArrayList<>();
      for (int k = 0; vars.getChild(String.valueOf(k)) != null; k++) {
        tensors.add(tensor(vars.getChild(String.valueOf(k)), path + "/" + k));
      }
      if (tensors.size() != vars.getChildren().size()) {
        throw new KerasImportException(file + ": model.weights.h5: " + path + " holds "
            + Quote.list(List.copyOf(vars.getChildren().keySet()))
            + "; expected datasets numbered 0, 1, ...");
      }
      all.add(List.copyOf(tensors));
    }
    return List.copyOf(all);
  }

  private List<List<Tensor>> keras2Weights(HdfFile hdf, List<JsonNode> layers,
      List<Boolean> weightless) {
    List<List<Tensor>> all = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      JsonNode layer = layers.get(i);
      String path = "model_weights/" + layer.path("config").path("name").asText();
      Group group = group(hdf, path, layer, weightless.get(i));
      Attribute names = group == null ? null : group.getAttribute("weight_names");
      List<Tensor> tensors = new ArrayList<>();
      if (names != null && names.getData() instanceof String[] weightNames) {
        for (String name : weightNames) {
          tensors.add(tensor(hdf.getByPath(path + "/" + name), path + "/" + name));
        }
      }
      all.add(List.copyOf(tensors));
    }
    return List.copyOf(all);
  }

  /** The group at {@code path}; null when it is missing and may be. */
  private Group group(HdfFile hdf, String path, JsonNode layer, boolean mayBeMissing) {
    Node node;
    try {
      node = hdf.getByPath(path);
    } catch (HdfException e) {
      node = null;
    }
    if (node == null && mayBeMissing) {
      return null;
    }
    if (!(node instanceof Group group)) {
      throw new KerasImportException(file + ": " + (keras2 ? "" : "model.weights.h5 ")
          + "has no group " + path + " for layer '"
          + Quote.text(layer.path("config").path("name").asText()) + "' ("
          + Quote.text(layer.path("class_name").asText()) + ")");
    }
    return group;
  }

  private Tensor tensor(Node node, String path) {
    if (!(node instanceof Dataset dataset)) {
      throw new KerasImportException(file + ": " + path + " is not a dataset");
    }
    Object data = dataset.getDataFlat();
    float[] values;
    if (data instanceof float[] f) {
      values = f;
    } else if (data instanceof double[] d) {
      values = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        values[i] = (float) d[i];
      }
    } else {
      throw new KerasImportException(file + ": " + path + " holds "
          + dataset.getJavaType().getSimpleName() + " values; weights are float32 or float64");
    }
    return new Tensor(path, dataset.getDimensions(), values);
  }

  private static final Pattern NON_WORD = Pattern.compile("\\W+");
  private static final Pattern WORD_START = Pattern.compile("(.)([A-Z][a-z]+)");
  private static final Pattern LOWER_UPPER = Pattern.compile("([a-z])([A-Z])");

  /**
   * Keras' {@code to_snake_case} of a class name, which names its weight groups: {@code Conv2D}
   * is {@code conv2d}, {@code SimpleRNN} is {@code simple_rnn}.
   */
  static String snakeCase(String className) {
    String name = NON_WORD.matcher(className).replaceAll("");
    name = WORD_START.matcher(name).replaceAll("$1_$2");
    name = LOWER_UPPER.matcher(name).replaceAll("$1_$2");
    return name.toLowerCase(Locale.ROOT);
  }
}
