package dev.dendrite.processor.layer;

import dev.dendrite.Activation;
import dev.dendrite.KerasLayer;
import dev.dendrite.KerasName;
import dev.dendrite.KerasVariable;
import dev.dendrite.Optimizer;
import dev.dendrite.processor.model.LayerIR;
import dev.dendrite.processor.model.ModelIR;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A layer's Keras form, read generically from its annotation: the class from
 * {@code @KerasLayer}, the config from each {@code @KerasName} element (with the values its kind
 * resolves, {@link LayerKind#kerasValues()}) and the {@code fixed} entries. Nothing here names a
 * layer kind.
 *
 * @param kerasClass Keras' class name; empty when the annotation has no {@code @KerasLayer}
 * @param config the config as a JSON object
 * @param unsupported why Keras cannot hold the layer; empty when it can
 */
public record KerasForm(String kerasClass, String config, String unsupported) {
  /** What Keras 3 writes as every float32 layer's {@code dtype}. */
  static final String DTYPE = "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", "
      + "\"config\": {\"name\": \"float32\"}}";

  /** The form of {@code kind}'s layer. */
  public static KerasForm of(LayerKind kind) {
    LayerIR layer = kind.layer();
    Annotation annotation = layer.annotation();
    Class<? extends Annotation> type = annotation.annotationType();
    KerasLayer keras = type.getAnnotation(KerasLayer.class);
    String simpleName = type.getSimpleName();
    StringJoiner config = new StringJoiner(", ", "{", "}");
    config.add("\"name\": " + quote(layer.name()));
    config.add("\"trainable\": true");
    config.add("\"dtype\": " + DTYPE);
    List<String> beyond = new ArrayList<>();
    Map<String, Object> resolved = kind.kerasValues();
    for (Method element : kerasElements(type)) {
      Object value = resolved.containsKey(element.getName())
          ? resolved.get(element.getName())
          : valueOf(annotation, element);
      if (value instanceof Activation activation && !activation.inKeras()) {
        beyond.add(element.getName() + " " + activation.name());
      }
      config.add(quote(element.getAnnotation(KerasName.class).value()) + ": " + json(value));
    }
    if (keras == null) {
      return new KerasForm("", config.toString(), "@" + simpleName + " has no Keras counterpart");
    }
    String fixed = keras.fixed().strip();
    String entries = fixed.substring(1, fixed.length() - 1).strip();
    if (!entries.isEmpty()) {
      config.add(entries);
    }
    String unsupported = beyond.isEmpty() ? ""
        : "its " + String.join(" and ", beyond) + " is beyond Keras";
    return new KerasForm(keras.value(), config.toString(), unsupported);
  }

  /**
   * The optimizer's Keras 3 config object, as {@code model.compile} saves it, at the model's
   * learning rate (the runtime puts in the current rate, or the schedule, when it saves).
   */
  public static String optimizer(ModelIR.OptimizerConfig o) {
    String className = switch (o.kind()) {
      case SGD -> "SGD";
      case ADAM -> "Adam";
      case ADAMW -> "AdamW";
      case RMSPROP -> "RMSprop";
    };
    // Keras' default optimizer names: SGD keeps its capitals, the others are lower case.
    String name = o.kind() == Optimizer.SGD ? "SGD" : className.toLowerCase(Locale.ROOT);
    StringJoiner config = new StringJoiner(", ", "{", "}");
    config.add("\"name\": " + quote(name));
    config.add("\"learning_rate\": " + json(o.learningRate()));
    config.add("\"weight_decay\": "
        + (o.kind() == Optimizer.ADAMW ? json(o.weightDecay()) : "null"));
    config.add("\"clipnorm\": null, \"global_clipnorm\": null, \"clipvalue\": null, "
        + "\"use_ema\": false, \"ema_momentum\": 0.99, \"ema_overwrite_frequency\": null");
    switch (o.kind()) {
      case SGD -> config.add("\"momentum\": " + json(o.momentum()) + ", \"nesterov\": "
          + o.nesterov());
      case ADAM, ADAMW -> config.add("\"beta_1\": " + json(o.beta1()) + ", \"beta_2\": "
          + json(o.beta2()) + ", \"epsilon\": " + json(o.epsilon()) + ", \"amsgrad\": false");
      case RMSPROP -> config.add("\"rho\": " + json(o.rho()) + ", \"momentum\": "
          + json(o.momentum()) + ", \"epsilon\": " + json(o.epsilon())
          + ", \"centered\": false");
      default -> throw new AssertionError(o.kind());
    }
    return "{\"module\": \"keras.optimizers\", \"class_name\": " + quote(className)
        + ", \"config\": " + config + ", \"registered_name\": null}";
  }

  /**
   * The weights the annotation's {@code @KerasLayer(variables = ...)} declares for this layer,
   * in Keras' order, those whose {@code when} element is false left out: what the Keras importer
   * reads, which the kind's parameters must equal.
   */
  public static List<String> variables(LayerKind kind) {
    Annotation annotation = kind.layer().annotation();
    KerasLayer keras = annotation.annotationType().getAnnotation(KerasLayer.class);
    if (keras == null) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (KerasVariable variable : keras.variables()) {
      if (variable.when().isEmpty() || Boolean.TRUE.equals(valueOf(annotation,
          element(annotation.annotationType(), variable.when())))) {
        names.add(variable.value());
      }
    }
    return names;
  }

  private static Method element(Class<? extends Annotation> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("@" + type.getSimpleName() + " has no element " + name
          + " that a @KerasVariable names", e);
    }
  }

  /** The elements with a Keras key, ordered by that key (reflection's order is unspecified). */
  static List<Method> kerasElements(Class<? extends Annotation> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(KerasName.class))
        .sorted(Comparator.comparing(m -> m.getAnnotation(KerasName.class).value()))
        .toList();
  }

  private static Object valueOf(Annotation annotation, Method element) {
    try {
      return element.invoke(annotation);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + element + " of " + annotation, e);
    }
  }

  /**
   * {@code value} as Keras writes it: numbers and booleans as they are, an activation as its
   * Keras name, other enums in lower case, arrays and lists as JSON lists.
   */
  static String json(Object value) {
    if (value instanceof Activation activation) {
      return quote(activation.kerasConfigName());
    }
    if (value instanceof Enum<?> e) {
      return quote(e.name().toLowerCase(Locale.ROOT));
    }
    if (value instanceof int[] ints) {
      return json(Arrays.stream(ints).boxed().toList());
    }
    if (value instanceof List<?> list) {
      StringJoiner items = new StringJoiner(", ", "[", "]");
      list.forEach(item -> items.add(json(item)));
      return items.toString();
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      throw new IllegalArgumentException("no JSON number: " + d);
    }
    if (value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    if (value instanceof String s) {
      return quote(s);
    }
    throw new IllegalArgumentException("no Keras value for " + value);
  }

  static String quote(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('"').toString();
  }
}
