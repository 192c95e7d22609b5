package dev.dendrite.keras;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.SourceVersion;

/** The text of an imported {@code @Model} class: Java literals, identifiers and the class. */
final class JavaSource {
  /**
   * Names a layer field must not take: the generated network declares them itself
   * (the processor's {@code Names.RESERVED_FIELDS} that a Keras name could spell).
   */
  private static final Set<String> RESERVED = Set.of("input", "inputMap", "targets");

  /** The longest line the @Model annotation is written in, as Dendrite's sources are. */
  private static final int MAX_COLUMNS = 100;

  private JavaSource() {}

  /**
   * A layer field: its Java name, its layer, which holds its Keras name, and the fields it reads
   * ({@code input} for the model's input) when not the one above: a join's value, or
   * {@code @From}.
   */
  record Field(String name, LayerImport.Imported layer, List<String> reads) {
    Field {
      reads = List.copyOf(reads);
    }

    /** A field that reads the one above it. */
    Field(String name, LayerImport.Imported layer) {
      this(name, layer, List.of());
    }

    /** Whether its layer joins several ({@code @Add}, {@code @Concatenate}). */
    boolean joins() {
      return JavaSource.joins(layer.kind());
    }
  }

  /** Whether a layer annotation joins the layers its {@code String[] value()} names. */
  static boolean joins(Class<? extends Annotation> kind) {
    return Arrays.stream(kind.getDeclaredMethods())
        .anyMatch(m -> m.getName().equals("value") && m.getReturnType() == String[].class);
  }

  /**
   * {@code value} as a Java literal: {@code 32}, {@code 0.5}, {@code {3, 3}},
   * {@code Padding.SAME}.
   */
  static String literal(Object value) {
    if (value instanceof int[] list) {
      if (list.length == 1) {
        return String.valueOf(list[0]);
      }
      List<String> items = new ArrayList<>();
      for (int v : list) {
        items.add(String.valueOf(v));
      }
      return "{" + String.join(", ", items) + "}";
    }
    if (value instanceof Long l) {
      return l + "L";
    }
    if (value instanceof Float f) {
      return f + "f";
    }
    if (value instanceof Enum<?> e) {
      return e.getDeclaringClass().getSimpleName() + "." + e.name();
    }
    if (value instanceof String s) {
      return string(s);
    }
    if (value instanceof String[] strings) {
      List<String> items = new ArrayList<>();
      for (String item : strings) {
        items.add(string(item));
      }
      return "{" + String.join(", ", items) + "}";
    }
    return String.valueOf(value);
  }

  /** {@code text} as a Java string literal. */
  static String string(String text) {
    StringBuilder s = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            for (char u : Character.toChars(c)) {
              s.append(String.format("\\u%04x", (int) u));
            }
          } else {
            s.appendCodePoint(c);
          }
        }
      }
    });
    return s.append('"').toString();
  }

  /**
   * Keras layer names as Java field names, in order: each character that cannot be in a Java
   * name becomes {@code _}, a name that cannot start one is prefixed with {@code layer_}, a
   * keyword or a name the network reserves gets a trailing {@code _}, and a repeated name a
   * counter ({@code dense_2}).
   */
  static List<String> identifiers(List<String> kerasNames) {
    List<String> names = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (String keras : kerasNames) {
      StringBuilder s = new StringBuilder();
      keras.codePoints().forEach(c -> s.appendCodePoint(
          Character.isJavaIdentifierPart(c) && c != '$' && !Character.isIdentifierIgnorable(c)
              ? c : '_'));
      String name = s.toString();
      if (name.isEmpty() || !Character.isJavaIdentifierStart(name.codePointAt(0))
          || name.charAt(0) == '$' || name.equals("_")) {
        name = "layer_" + name;
      }
      if (SourceVersion.isKeyword(name) || RESERVED.contains(name)) {
        name = name + "_";
      }
      String unique = name;
      for (int n = 2; !taken.add(unique); n++) {
        unique = name + "_" + n;
      }
      names.add(unique);
    }
    return List.copyOf(names);
  }

  /**
   * The source of {@code className} in {@code packageName}: the {@code @Model} annotation with
   * {@code modelElements} (element to value, in order), then one field per layer.
   */
  static String model(String packageName, String className, String origin,
      Map<String, Object> modelElements, List<Field> fields) {
    Set<String> imports = new TreeSet<>();
    imports.add("dev.dendrite.Layer");
    imports.add("dev.dendrite.Model");
    for (Field f : fields) {
      imports.add(f.layer().kind().getName());
      if (!f.reads().isEmpty() && !f.joins()) {
        imports.add("dev.dendrite.From");
      }
    }
    modelElements.values().forEach(v -> enumImport(v, imports));
    for (Field f : fields) {
      f.layer().elements().values().forEach(v -> enumImport(v, imports));
    }
    StringBuilder s = new StringBuilder();
    if (!packageName.isEmpty()) {
      s.append("package ").append(packageName).append(";\n\n");
    }
    for (String i : imports) {
      s.append("import ").append(i).append(";\n");
    }
    s.append("\n/** Imported from ").append(comment(origin)).append(". */\n");
    s.append(wrapped("@Model(", items(modelElements), ")")).append('\n');
    s.append("class ").append(className).append(" {\n");
    for (Field f : fields) {
      s.append("  ");
      if (!f.reads().isEmpty() && !f.joins()) {
        s.append("@From(").append(string(f.reads().get(0))).append(") ");
      }
      s.append(annotation(f.layer(), f.joins() ? f.reads() : List.of())).append(" Layer ")
          .append(f.name()).append(';');
      if (!f.name().equals(f.layer().kerasName())) {
        s.append(" // Keras: ").append(comment(f.layer().kerasName()));
      }
      s.append('\n');
    }
    return s.append("}\n").toString();
  }

  /** {@code @Dense(units = 10, activation = Activation.SOFTMAX)}, {@code @Dropout(0.5)}. */
  static String annotation(LayerImport.Imported layer) {
    return annotation(layer, List.of());
  }

  /** Like {@link #annotation(LayerImport.Imported)}; a join with the fields it joins. */
  private static String annotation(LayerImport.Imported layer, List<String> joined) {
    Class<? extends Annotation> kind = layer.kind();
    Map<String, Object> elements = new LinkedHashMap<>(layer.elements());
    if (!joined.isEmpty()) {
      elements.put("value", joined.toArray(String[]::new));
    }
    if (elements.isEmpty()) {
      return "@" + kind.getSimpleName();
    }
    if (elements.size() == 1 && elements.containsKey("value")) {
      return "@" + kind.getSimpleName() + "(" + literal(elements.get("value")) + ")";
    }
    return "@" + kind.getSimpleName() + "(" + String.join(", ", items(elements)) + ")";
  }

  private static List<String> items(Map<String, Object> elements) {
    List<String> items = new ArrayList<>();
    elements.forEach((name, value) -> items.add(name + " = " + literal(value)));
    return items;
  }

  /** {@code open}, the items separated by commas, {@code close}: within 100 columns a line. */
  private static String wrapped(String open, List<String> items, String close) {
    StringBuilder s = new StringBuilder(open);
    int lineStart = 0;
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i) + (i + 1 < items.size() ? "," : close);
      if (i > 0 && s.length() - lineStart + 1 + item.length() > MAX_COLUMNS) {
        s.append("\n    ");
        lineStart = s.length() - 4;
      } else if (i > 0) {
        s.append(' ');
      }
      s.append(item);
    }
    return items.isEmpty() ? open + close : s.toString();
  }

  /** The import an enum value like {@code Activation.RELU} needs, if it is one. */
  private static void enumImport(Object value, Set<String> imports) {
    if (value instanceof Enum<?> e) {
      imports.add(e.getDeclaringClass().getCanonicalName());
    }
  }

  /** {@code text} fit for a comment: printable, without a comment's end. */
  private static String comment(String text) {
    String s = string(text);
    return s.substring(1, s.length() - 1).replace("*/", "*\\/");
  }
}
