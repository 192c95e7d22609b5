package dev.dendrite.processor.check;

import dev.dendrite.Dense;
import dev.dendrite.Flatten;
import dev.dendrite.Loss;
import dev.dendrite.Model;
import dev.dendrite.processor.diagnostic.Report;
import dev.dendrite.processor.model.ModelIR;
import dev.dendrite.processor.model.Origin;
import dev.dendrite.processor.parse.Declaration;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Annotation values and declarations built without javac, so that shape inference and costs can
 * be checked on thousands of cases in milliseconds. Dendrite's annotations are retained in class
 * files only, so reflection cannot read them from a fixture; a proxy answers each member with the
 * value given, else the member's declared default.
 */
final class Annotations {
  private Annotations() {}

  /**
   * An instance of {@code type} with the members named in {@code namesAndValues}, like
   * {@code of(Conv2D.class, "filters", 8, "kernelSize", new int[] {3})}.
   */
  static <A extends Annotation> A of(Class<A> type, Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values in pairs: "
          + Arrays.toString(namesAndValues));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = (String) namesAndValues[i];
      try {
        type.getMethod(name);
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException("@" + type.getSimpleName() + " has no " + name, e);
      }
      values.put(name, namesAndValues[i + 1]);
    }
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> switch (method.getName()) {
          case "annotationType" -> type;
          case "toString" -> "@" + type.getSimpleName() + values.entrySet().stream()
              .map(e -> e.getKey() + " = " + (e.getValue() instanceof int[] array
                  ? Arrays.toString(array) : e.getValue()))
              .collect(Collectors.joining(", ", "(", ")"));
          case "hashCode" -> System.identityHashCode(self);
          case "equals" -> self == args[0];
          default -> valueOf(type, method, values);
        });
    return type.cast(proxy);
  }

  private static Object valueOf(Class<?> type, Method member, Map<String, Object> values) {
    Object value = values.containsKey(member.getName())
        ? values.get(member.getName())
        : member.getDefaultValue();
    if (value == null) {
      throw new IllegalArgumentException("@" + type.getSimpleName() + " needs "
          + member.getName());
    }
    return value instanceof int[] array ? array.clone() : value;
  }

  /** A layer field named {@code name}, at no source position. */
  static Declaration.LayerField layer(String name, Annotation annotation) {
    return new Declaration.LayerField(name, annotation, Origin.of(null));
  }

  /** A model of {@code model}'s values and {@code layers}, in package {@code test}. */
  static Declaration declaration(Model model, Declaration.LayerField... layers) {
    return new Declaration("test", "Fixture", "Fixture", model, Origin.of(null),
        List.of(layers));
  }

  /** {@code @Model(input = ..., loss = MEAN_SQUARED_ERROR, ...)}. */
  static Model model(int[] input, Object... namesAndValues) {
    List<Object> all = new ArrayList<>(List.of("input", input, "loss", Loss.MEAN_SQUARED_ERROR));
    all.addAll(List.of(namesAndValues));
    return of(Model.class, all.toArray());
  }

  /**
   * The checked model of {@code layers} after {@code input}, followed by {@code @Flatten} and a
   * linear {@code @Dense(units = 1)} output when {@code withHead}, so that any layer can be
   * checked as a hidden one; fails with the report's messages when the check reports an error.
   */
  static ModelIR checked(Model model, boolean withHead, Declaration.LayerField... layers) {
    List<Declaration.LayerField> all = new ArrayList<>(List.of(layers));
    if (withHead) {
      all.add(layer("headFlatten", of(Flatten.class)));
      all.add(layer("head", of(Dense.class, "units", 1)));
    }
    Report report = new Report();
    Optional<ModelIR> ir = ModelChecker.check(
        declaration(model, all.toArray(Declaration.LayerField[]::new)), report);
    if (ir.isEmpty()) {
      throw new AssertionError("not a valid model: " + report.items());
    }
    return ir.get();
  }
}
