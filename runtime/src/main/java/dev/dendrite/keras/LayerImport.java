package dev.dendrite.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dendrite.Activation;
import dev.dendrite.KerasLayer;
import dev.dendrite.KerasName;
import dev.dendrite.KerasVariable;
import dev.dendrite.Layer;
import dev.dendrite.io.Quote;
import dev.dendrite.io.StrictJson;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Keras layer's config as a Dendrite layer annotation, read from the annotations alone: the
 * class from {@link KerasLayer#value()}, each element from its {@link KerasName} key, converted
 * by the element's type; every other key must hold its {@link KerasLayer#fixed()} value
 * (initializers excepted: the weights replace them). No layer kind is named here, so a new
 * annotation in {@link Layer#ANNOTATIONS} imports without a change to this class.
 */
final class LayerImport {
  /** Dendrite's layer annotations by Keras class name. */
  private static final Map<String, Class<? extends Annotation>> KINDS = kinds(Layer.ANNOTATIONS);

  private LayerImport() {}

  /**
   * A layer as Dendrite declares it.
   *
   * @param kerasName the layer's name in Keras
   * @param kerasClass its Keras class, like {@code Conv2D}
   * @param kind its layer annotation
   * @param elements the annotation's elements that differ from their defaults, with their values
   * @param variables Dendrite's names of its weights in Keras' order: {@code kernel, bias}
   */
  record Imported(String kerasName, String kerasClass, Class<? extends Annotation> kind,
      Map<String, Object> elements, List<String> variables) {
    Imported {
      elements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(elements));
      variables = List.copyOf(variables);
    }
  }

  /** The Keras class names Dendrite imports, in {@link Layer#ANNOTATIONS} order. */
  static List<String> kerasClasses() {
    return List.copyOf(KINDS.keySet());
  }

  /**
   * {@code layer} ({@code {"class_name": ..., "config": {...}}}) as a Dendrite layer, or null
   * when it cannot be one; each reason is added to {@code problems}.
   */
  static Imported of(JsonNode layer, List<String> problems) {
    return of(layer, KINDS, problems);
  }

  /** Like {@link #of(JsonNode, List)}, with the annotations {@code kinds}, by Keras class. */
  static Imported of(JsonNode layer, Map<String, Class<? extends Annotation>> kinds,
      List<String> problems) {
    String kerasClass = layer.path("class_name").asText();
    JsonNode config = layer.path("config");
    String name = config.path("name").asText();
    String where = "layer '" + Quote.text(name) + "' (" + Quote.text(kerasClass) + ")";
    Class<? extends Annotation> kind = kinds.get(kerasClass);
    if (kind == null) {
      problems.add(where + ": Dendrite has no " + Quote.text(kerasClass) + " layer; it imports "
          + String.join(", ", kinds.keySet()));
      return null;
    }
    int before = problems.size();
    KerasLayer keras = kind.getAnnotation(KerasLayer.class);
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Object> elements = new LinkedHashMap<>();
    for (Method element : elements(kind, config)) {
      KerasName key = element.getAnnotation(KerasName.class);
      JsonNode value = config.get(key.value());
      if (value == null || value.isNull()) { // Keras' None: its default
        if (element.getDefaultValue() == null) {
          problems.add(where + ": its config has no " + key.value() + ", which Dendrite needs");
        }
        continue;
      }
      Object converted;
      try {
        converted = convert(element.getReturnType(), value);
      } catch (Unsupported e) {
        problems.add(where + ": " + key.value() + " is " + shown(value) + "; Dendrite supports "
            + e.getMessage());
        continue;
      }
      values.put(element.getName(), converted);
      if (!isDefault(element, key, value, converted, config)) {
        elements.put(element.getName(), converted);
      }
    }
    checkFixed(where, keras, config, problems);
    if (problems.size() > before) {
      return null;
    }
    List<String> variables = new ArrayList<>();
    for (KerasVariable variable : keras.variables()) {
      if (variable.when().isEmpty() || (Boolean) value(kind, variable.when(), values)) {
        variables.add(variable.value());
      }
    }
    return new Imported(name, kerasClass, kind, elements, variables);
  }

  /**
   * The elements of {@code kind} that carry a Keras key, in the order of their keys in
   * {@code config} (Keras writes {@code filters, kernel_size, strides}), then the rest by name:
   * the same source text whatever order reflection lists them in.
   */
  private static List<Method> elements(Class<? extends Annotation> kind, JsonNode config) {
    List<String> keys = new ArrayList<>();
    config.properties().forEach(e -> keys.add(e.getKey()));
    List<Method> elements = new ArrayList<>();
    for (Method m : kind.getDeclaredMethods()) {
      if (m.isAnnotationPresent(KerasName.class)) {
        elements.add(m);
      }
    }
    elements.sort(Comparator.comparingInt((Method m) -> {
      int at = keys.indexOf(m.getAnnotation(KerasName.class).value());
      return at < 0 ? Integer.MAX_VALUE : at;
    }).thenComparing(Method::getName));
    return elements;
  }

  /** An element's value: given, or its default. */
  private static Object value(Class<? extends Annotation> kind, String element,
      Map<String, Object> values) {
    if (values.containsKey(element)) {
      return values.get(element);
    }
    try {
      return kind.getMethod(element).getDefaultValue();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("@KerasVariable(when = \"" + element + "\") on @"
          + kind.getSimpleName() + " names no element", e);
    }
  }

  private static boolean isDefault(Method element, KerasName key, JsonNode value,
      Object converted, JsonNode config) {
    if (!key.defaultFrom().isEmpty()) {
      JsonNode other = config.get(key.defaultFrom());
      if (other != null && sameJson(value, other)) {
        return true;
      }
    }
    Object defaultValue = element.getDefaultValue();
    if (defaultValue == null) {
      return false;
    }
    if (converted instanceof int[] list && defaultValue instanceof int[] given) {
      return Arrays.equals(squeezed(list), squeezed(given));
    }
    if (converted instanceof Double d && defaultValue instanceof Double given) {
      return (float) d.doubleValue() == (float) given.doubleValue();
    }
    return converted.equals(defaultValue);
  }

  /** {@code {3, 3}} as {@code {3}}: one number stands for equal sizes along every axis. */
  private static int[] squeezed(int[] values) {
    return values.length > 1 && Arrays.stream(values).allMatch(v -> v == values[0])
        ? new int[] {values[0]} : values;
  }

  private static void checkFixed(String where, KerasLayer keras, JsonNode config,
      List<String> problems) {
    JsonNode fixed;
    try {
      fixed = StrictJson.parse(keras.fixed());
    } catch (StrictJson.SyntaxException e) {
      throw new IllegalStateException("@KerasLayer(\"" + keras.value() + "\").fixed is not JSON: "
          + e.getMessage(), e);
    }
    for (Map.Entry<String, JsonNode> entry : fixed.properties()) {
      String key = entry.getKey();
      JsonNode value = config.get(key);
      if (key.endsWith("_initializer") || value == null || sameJson(value, entry.getValue())) {
        continue;
      }
      problems.add(where + ": " + key + " is " + shown(value) + "; Dendrite supports "
          + shown(entry.getValue()) + (entry.getValue().isNull() ? " (none)" : " only"));
    }
  }

  /** Whether two JSON values are equal, numbers by value ({@code 1} equals {@code 1.0}). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameJson(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null || !sameJson(e.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /**
   * A config value as a message quotes it: compact JSON, shortened; a Keras object by its class
   * and config, like {@code L2 {"l2":0.01}}.
   */
  static String shown(JsonNode value) {
    if (value.isObject() && value.path("class_name").isTextual()) {
      return Quote.text(value.path("class_name").textValue()) + " "
          + Quote.text(value.path("config").toString(), 60);
    }
    return Quote.text(value.toString(), 80);
  }

  /** A value Dendrite cannot represent; the message says what it supports. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String supported) {
      super(supported, null, false, false);
    }
  }

  /**
   * {@code value} as a value of an element of {@code type}: numbers and booleans as they are,
   * enums by their lower-case name (or {@code kerasName()} where the enum has one), {@code int[]}
   * from a list or one number (a list of equal pairs, Keras' symmetric
   * {@code [[top, bottom], [left, right]]} padding, as the list of their values), an {@code int}
   * from a number or a one-number list.
   */
  static Object convert(Class<?> type, JsonNode value) throws Unsupported {
    if (type == int.class || type == long.class) {
      JsonNode n = value.isArray() && value.size() == 1 ? value.get(0) : value;
      if (!isWhole(n) || (type == int.class && !n.canConvertToInt())) {
        throw new Unsupported("an integer");
      }
      return type == int.class ? (Object) n.intValue() : (Object) n.longValue();
    }
    if (type == double.class || type == float.class) {
      if (!value.isNumber()) {
        throw new Unsupported("a number");
      }
      return type == double.class ? (Object) value.doubleValue() : (Object) value.floatValue();
    }
    if (type == boolean.class) {
      if (!value.isBoolean()) {
        throw new Unsupported("true or false");
      }
      return value.booleanValue();
    }
    if (type == int[].class) {
      if (isWhole(value) && value.canConvertToInt()) {
        return new int[] {value.intValue()};
      }
      if (!value.isArray() || value.isEmpty()) {
        throw new Unsupported("a list of integers");
      }
      int[] list = new int[value.size()];
      for (int i = 0; i < list.length; i++) {
        JsonNode item = value.get(i);
        if (item.isArray() && item.size() == 2 && isWhole(item.get(0))
            && item.get(0).canConvertToInt() && item.get(0).equals(item.get(1))) {
          list[i] = item.get(0).intValue();
          continue;
        }
        if (!isWhole(value.get(i)) || !value.get(i).canConvertToInt()) {
          throw new Unsupported("a list of integers");
        }
        list[i] = value.get(i).intValue();
      }
      return list;
    }
    if (type == String.class) {
      if (!value.isTextual()) {
        throw new Unsupported("a string");
      }
      return value.textValue();
    }
    if (type.isEnum()) {
      return constant(type, value);
    }
    throw new IllegalStateException("a layer element of type " + type + " has no Keras form");
  }

  private static boolean isWhole(JsonNode n) {
    return n.isIntegralNumber()
        || (n.isNumber() && n.decimalValue().stripTrailingZeros().scale() <= 0
            && n.decimalValue().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0);
  }

  private static Object constant(Class<?> type, JsonNode value) throws Unsupported {
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Object c : type.getEnumConstants()) {
      byName.put(kerasName(type, c), c);
    }
    String names = "\"" + String.join("\", \"", byName.keySet()) + "\"";
    if (!value.isTextual()) {
      throw new Unsupported((value.isObject() ? "only the built-in ones, by name: " : "")
          + names);
    }
    Object c = byName.get(value.textValue());
    if (c == null && type == Activation.class) { // the name Keras 3 saves: silu for swish
      for (Activation a : Activation.values()) {
        if (a.kerasConfigName().equals(value.textValue())) {
          c = a;
        }
      }
    }
    if (c == null) {
      throw new Unsupported(names);
    }
    return c;
  }

  /** {@code c}'s Keras name: its {@code kerasName()} where the enum has one, else lower case. */
  private static String kerasName(Class<?> type, Object c) {
    try {
      Method m = type.getMethod("kerasName");
      return (String) m.invoke(c);
    } catch (NoSuchMethodException e) {
      return ((Enum<?>) c).name().toLowerCase(Locale.ROOT);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(type + ".kerasName() failed", e);
    }
  }

  /** The annotations of {@code annotations} that carry {@link KerasLayer}, by Keras class. */
  static Map<String, Class<? extends Annotation>> kinds(
      List<Class<? extends Annotation>> annotations) {
    Map<String, Class<? extends Annotation>> kinds = new LinkedHashMap<>();
    for (Class<? extends Annotation> kind : annotations) {
      KerasLayer keras = kind.getAnnotation(KerasLayer.class);
      if (keras != null) {
        kinds.put(keras.value(), kind);
      }
    }
    return java.util.Collections.unmodifiableMap(kinds);
  }
}
