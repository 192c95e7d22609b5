package dev.dendrite.processor.check;

import dev.dendrite.Model;
import dev.dendrite.processor.cost.LayerCost;
import dev.dendrite.processor.cost.ModelCost;
import dev.dendrite.processor.cost.Summary;
import dev.dendrite.processor.diagnostic.Message;
import dev.dendrite.processor.diagnostic.Report;
import dev.dendrite.processor.model.ModelIR;
import dev.dendrite.processor.model.Origin;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The optional budgets of {@code @Model}: {@code maxParameters} and {@code maxTrainingMemory},
 * checked against the model's {@link ModelCost}; an error lands on the value exceeded.
 */
final class Budgets {
  /** How many layers an error names as the largest contributors. */
  private static final int LARGEST = 3;
  private static final Pattern SIZE = Pattern.compile(
      "\\s*(\\d+(?:\\.\\d+)?)\\s*(?:([KMGT])(i?)B|(B))?\\s*", Pattern.CASE_INSENSITIVE);
  private static final String SIZE_RULE =
      "a size like \"512MB\", \"1.5GB\" or \"2GiB\", or a number of bytes";

  private Budgets() {}

  /** Reports budget values that are no budget at all. */
  static void checkValues(Model model, Origin origin, Report report) {
    if (model.maxParameters() < 0) {
      report.add(Message.HYPERPARAMETER, origin.member("maxParameters"), "maxParameters",
          "zero (no limit) or more", "maxParameters", model.maxParameters());
    }
    if (!model.maxTrainingMemory().isEmpty() && bytes(model.maxTrainingMemory()).isEmpty()) {
      report.add(Message.HYPERPARAMETER, origin.member("maxTrainingMemory"), "maxTrainingMemory",
          SIZE_RULE, "maxTrainingMemory", "\"" + model.maxTrainingMemory() + "\"");
    }
  }

  /** Reports each budget of {@code annotation} that {@code model} exceeds. */
  static void check(ModelIR model, Model annotation, Report report) {
    ModelCost cost = ModelCost.of(model);
    Origin origin = model.origin();
    long maxParameters = annotation.maxParameters();
    if (maxParameters > 0 && cost.parameters() > maxParameters) {
      String largest = cost.largestByParameters(LARGEST).stream()
          .map(l -> String.format(Locale.ROOT, "%s %,d (%s)", l.layer().name(), l.parameters(),
              percent(l.parameters(), cost.parameters())))
          .collect(Collectors.joining(", "));
      report.add(Message.PARAMETER_BUDGET, origin.member("maxParameters"), model.modelName(),
          cost.parameters(), cost.parameters() - maxParameters, maxParameters, largest);
    }
    String memory = annotation.maxTrainingMemory();
    OptionalLong maxBytes = memory.isEmpty() ? OptionalLong.empty() : bytes(memory);
    if (maxBytes.isPresent() && cost.trainingBytes() > maxBytes.getAsLong()) {
      String largest = cost.largestByMemory(LARGEST).stream()
          .map(Budgets::memoryOf)
          .collect(Collectors.joining(", "));
      report.add(Message.MEMORY_BUDGET, origin.member("maxTrainingMemory"), model.modelName(),
          Summary.bytes(cost.trainingBytes()), cost.trainingBytes(), model.batchSize(), memory,
          maxBytes.getAsLong(), Summary.breakdown(cost), largest);
    }
  }

  /**
   * {@code conv1 45.23 MB (batch arrays 45.22 MB, im2col 2.97 MB; parameters with gradients and
   * optimizer state 5.00 KB)}.
   */
  private static String memoryOf(LayerCost layer) {
    StringBuilder s = new StringBuilder(layer.layer().name()).append(' ')
        .append(Summary.bytes(layer.bytes())).append(" (batch arrays ")
        .append(Summary.bytes(layer.batchBytes()));
    if (layer.im2colBytes() > 0) {
      s.append(", im2col ").append(Summary.bytes(layer.im2colBytes()));
    }
    if (layer.stateBytes() > 0) {
      s.append("; parameters with gradients and optimizer state ")
          .append(Summary.bytes(layer.stateBytes()));
    }
    return s.append(')').toString();
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
  }

  /**
   * The bytes {@code size} names: {@code "512MB"}, {@code "1.5 GB"}, {@code "2GiB"} (K, M, G, T
   * are powers of 1024 with or without the i), or a whole number of bytes; empty when it names no
   * positive size that fits a long.
   */
  static OptionalLong bytes(String size) {
    Matcher m = SIZE.matcher(size);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    BigDecimal number = new BigDecimal(m.group(1));
    if (m.group(2) == null && number.scale() > 0) {
      return OptionalLong.empty();
    }
    int power = m.group(2) == null ? 0
        : "KMGT".indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
    BigDecimal bytes = number.multiply(BigDecimal.valueOf(1024).pow(power));
    if (bytes.signum() <= 0 || bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(bytes.longValue());
  }
}
