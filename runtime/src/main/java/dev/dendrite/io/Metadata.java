package dev.dendrite.io;

import dev.dendrite.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata the trainer writes into weights files, so that saved weights can be evaluated
 * without the training data: {@code dendrite.model}, {@code dendrite.classes} (a JSON list of the
 * class names by index) and {@code dendrite.standardization} (JSON {@code mean} and {@code std}).
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
      metadata.put(CLASSES, Json.write(classNames));
    }
    if (standardization != null) {
      Map<String, Object> st = new LinkedHashMap<>();
      st.put("mean", floats(standardization.mean()));
      st.put("std", floats(standardization.std()));
      metadata.put(STANDARDIZATION, Json.write(st));
    }
    return metadata;
  }

  /** The class names saved in a weights file, or an empty list when it has none. */
  public static List<String> classNames(Path file, Map<String, String> metadata) {
    String text = metadata.get(CLASSES);
    if (text == null) {
      return List.of();
    }
    if (parse(file, CLASSES, text) instanceof List<?> list
        && list.stream().allMatch(item -> item instanceof String)) {
      return list.stream().map(String.class::cast).toList();
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
    if (parse(file, STANDARDIZATION, text) instanceof Map<?, ?> map) {
      float[] mean = floats(map.get("mean"), features, false);
      float[] std = floats(map.get("std"), features, true);
      if (mean != null && std != null && map.size() == 2) {
        return new Standardization(mean, std);
      }
    }
    throw new WeightsException(file + ": metadata " + STANDARDIZATION + " must be a JSON object"
        + " of " + features + " finite 'mean' values and " + features + " positive 'std' values");
  }

  private static Object parse(Path file, String key, String text) {
    try {
      return Json.parse(text);
    } catch (Json.SyntaxException e) {
      throw new WeightsException(file + ": metadata " + key + " is not valid JSON: "
          + e.getMessage());
    }
  }

  private static float[] floats(Object value, int count, boolean positive) {
    if (!(value instanceof List<?> list) || list.size() != count) {
      return null;
    }
    float[] result = new float[count];
    for (int i = 0; i < count; i++) {
      if (!(list.get(i) instanceof Json.Num n)) {
        return null;
      }
      float f = n.floatValue();
      if (!Float.isFinite(f) || (positive && !(f > 0))) {
        return null;
      }
      result[i] = f;
    }
    return result;
  }

  private static List<Float> floats(float[] values) {
    List<Float> list = new ArrayList<>(values.length);
    for (float v : values) {
      list.add(v);
    }
    return list;
  }
}
