package dev.dendrite.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dendrite.WeightsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata the trainer writes into weights files, so that saved weights can be evaluated
 * without the training data: {@code dendrite.model}, {@code dendrite.classes} (a JSON list of the
 * class names by index) and {@code dendrite.standardization} (JSON {@code mean} and {@code std}).
 * A Keras {@code .weights.h5} file cannot carry them: they are written beside it, in
 * {@code <file>.dendrite.json}.
 */
public final class Metadata {
  static final String MODEL = "dendrite.model";
  static final String CLASSES = "dendrite.classes";
  static final String STANDARDIZATION = "dendrite.standardization";

  private Metadata() {}

  /** The metadata saved with a trained model's weights: its name, classes and statistics. */
  public static Map<String, String> of(String model, List<String> classNames,
      Standardization standardization) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(MODEL, model);
    if (!classNames.isEmpty()) {
      metadata.put(CLASSES, StrictJson.write(classNames));
    }
    if (standardization != null) {
      ObjectNode st = StrictJson.object();
      st.set("mean", StrictJson.numbers(standardization.mean()));
      st.set("std", StrictJson.numbers(standardization.std()));
      metadata.put(STANDARDIZATION, StrictJson.write(st));
    }
    return metadata;
  }

  /**
   * Why a weights file's class names and standardization statistics are unknown, or null when
   * they are known: a Keras file without the {@code .dendrite.json} that {@code --save} writes
   * beside it.
   */
  public static String unknown(Path file) {
    if (!KerasWeights.isKerasFile(file) || Files.exists(WeightsSidecar.of(file))) {
      return null;
    }
    return file + " is a Keras file without " + WeightsSidecar.of(file).getFileName()
        + " beside it, so the class names and standardization statistics it was trained with "
        + "are unknown";
  }

  /** What to do about {@link #unknown} metadata. */
  public static String remedy(Path file) {
    return "keep the " + WeightsSidecar.of(file).getFileName() + " that --save wrote beside "
        + "the file, or save the weights as .safetensors";
  }

  /** The class names saved in a weights file, or an empty list when it has none. */
  public static List<String> classNames(Path file, Map<String, String> metadata) {
    String text = metadata.get(CLASSES);
    if (text == null) {
      return List.of();
    }
    JsonNode list = parse(file, CLASSES, text);
    if (list.isArray() && list.valueStream().allMatch(JsonNode::isTextual)) {
      return list.valueStream().map(JsonNode::textValue).toList();
    }
    throw new WeightsException(file + ": metadata " + CLASSES + " must be a JSON list of "
        + "strings");
  }

  /** The standardization saved in a weights file, or null when it has none. */
  public static Standardization standardization(Path file, Map<String, String> metadata,
      int features) {
    String text = metadata.get(STANDARDIZATION);
    if (text == null) {
      return null;
    }
    JsonNode map = parse(file, STANDARDIZATION, text);
    if (map.isObject()) {
      float[] mean = floats(map.path("mean"), features, false);
      float[] std = floats(map.path("std"), features, true);
      if (mean != null && std != null && map.size() == 2) {
        return new Standardization(mean, std);
      }
    }
    throw new WeightsException(file + ": metadata " + STANDARDIZATION + " must be a JSON object"
        + " of " + features + " finite 'mean' values and " + features + " positive 'std' values");
  }

  private static JsonNode parse(Path file, String key, String text) {
    try {
      return StrictJson.parse(text);
    } catch (StrictJson.SyntaxException e) {
      throw new WeightsException(file + ": metadata " + key + " is not valid JSON: "
          + e.getMessage());
    }
  }

  private static float[] floats(JsonNode list, int count, boolean positive) {
    if (!list.isArray() || list.size() != count) {
      return null;
    }
    float[] result = new float[count];
    for (int i = 0; i < count; i++) {
      if (!list.get(i).isNumber()) {
        return null;
      }
      float f = list.get(i).floatValue();
      if (!Float.isFinite(f) || (positive && !(f > 0))) {
        return null;
      }
      result[i] = f;
    }
    return result;
  }
}
