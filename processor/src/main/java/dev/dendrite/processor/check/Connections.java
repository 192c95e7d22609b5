package dev.dendrite.processor.check;

import dev.dendrite.processor.diagnostic.Message;
import dev.dendrite.processor.diagnostic.Report;
import dev.dendrite.processor.model.Origin;
import dev.dendrite.processor.parse.Declaration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which layers each layer reads: the one above it, the one its {@code @From} names, or those a
 * join ({@code @Add}, {@code @Concatenate}) names. Names refer to fields declared above, so source
 * order is an order in which every layer's inputs are ready; {@value #INPUT} names the model's
 * input, which no layer field can be named ({@code Names.RESERVED_FIELDS}).
 */
final class Connections {
  /** The name by which a layer reads the model's input: {@code @From("input")}. */
  static final String INPUT = "input";

  private Connections() {}

  /**
   * The indices of the layers field {@code i} reads (-1 for the model's input, by default for
   * the first layer and by the name {@value #INPUT} for any), or null after reporting a name that
   * is unknown or not above it.
   */
  static List<Integer> resolve(Declaration declaration, int i, Report report) {
    Declaration.LayerField field = declaration.layers().get(i);
    List<String> joined = LayerInference.joined(field);
    if (joined != null) {
      String kind = field.annotation().annotationType().getSimpleName();
      boolean ok = true;
      if (field.from() != null) {
        report.add(Message.FROM_ON_JOIN, field.fromOrigin(), kind, field.name(), kind);
        ok = false;
      }
      Origin at = field.origin().member("value");
      if (joined.size() < 2) {
        report.add(Message.JOIN_COUNT, at, kind, field.name(), joined.size(),
            joined.isEmpty() ? "{}" : "{\"" + String.join("\", \"", joined) + "\"}", kind);
        return null;
      }
      List<Integer> sources = new ArrayList<>();
      for (String name : joined) {
        int source = index(declaration, i, name, "@" + kind, at, report);
        ok &= source >= -1;
        sources.add(source);
      }
      return ok ? List.copyOf(sources) : null;
    }
    if (field.from() != null) {
      int source = index(declaration, i, field.from(), "@From", field.fromOrigin(), report);
      return source < -1 ? null : List.of(source);
    }
    return List.of(i - 1);
  }

  /**
   * The index of the layer named {@code name} above field {@code i}, -1 for the model's input;
   * -2 after reporting.
   */
  private static int index(Declaration declaration, int i, String name, String annotation,
      Origin at, Report report) {
    if (name.equals(INPUT)) {
      return -1;
    }
    List<Declaration.LayerField> fields = declaration.layers();
    String self = fields.get(i).name();
    String earlier = i == 0 ? "none, it is the first"
        : String.join(", ", fields.subList(0, i).stream().map(f -> f.name()).toList());
    for (int j = 0; j < fields.size(); j++) {
      if (fields.get(j).name().equals(name)) {
        if (j < i) {
          return j;
        }
        report.add(Message.LATER_INPUT, at, annotation, self, name, self, earlier, name, self);
        return -2;
      }
    }
    report.add(Message.UNKNOWN_INPUT, at, annotation, self, name, self, earlier);
    return -2;
  }

  /**
   * Warns of each layer but the last whose output no layer reads: it changes nothing.
   *
   * @param inputs what each layer reads, resolved
   */
  static void warnUnused(Declaration declaration, List<List<Integer>> inputs, Report report) {
    List<Declaration.LayerField> fields = declaration.layers();
    boolean[] read = new boolean[fields.size()];
    inputs.forEach(sources -> sources.forEach(s -> {
      if (s >= 0) {
        read[s] = true;
      }
    }));
    for (int i = 0; i < fields.size() - 1; i++) {
      if (!read[i]) {
        String name = fields.get(i).name();
        report.add(Message.UNUSED_OUTPUT, fields.get(i).origin(), name, name, name);
      }
    }
  }
}
