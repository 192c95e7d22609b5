package dev.dendrite.processor.check;

import dev.dendrite.Model;
import dev.dendrite.processor.diagnostic.Message;
import dev.dendrite.processor.diagnostic.Message.Phrase;
import dev.dendrite.processor.diagnostic.Report;
import dev.dendrite.processor.model.ModelIR;
import dev.dendrite.processor.model.Origin;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional budgets of {@code @Model}, {@code maxParameters} and {@code maxTrainingMemory}:
 * their values checked and read here; the cost stage compares them with the model's cost.
 */
final class Budgets {
  private static final Pattern SIZE = Pattern.compile(
      "\\s*(\\d+(?:\\.\\d+)?)\\s*(?:([KMGT])(i?)B|(B))?\\s*", Pattern.CASE_INSENSITIVE);

  private Budgets() {}

  /** Reports budget values that are no budget at all. */
  static void checkValues(Model model, Origin origin, Report report) {
    if (model.maxParameters() < 0) {
      report.add(Message.HYPERPARAMETER, origin.member("maxParameters"), "maxParameters",
          Phrase.NO_LIMIT_OR_MORE.format(), "maxParameters", model.maxParameters());
    }
    if (!model.maxTrainingMemory().isEmpty() && bytes(model.maxTrainingMemory()).isEmpty()) {
      report.add(Message.HYPERPARAMETER, origin.member("maxTrainingMemory"), "maxTrainingMemory",
          Phrase.SIZE.format(), "maxTrainingMemory", "\"" + model.maxTrainingMemory() + "\"");
    }
  }

  /** The budgets of {@code model}, whose values {@link #checkValues} accepted. */
  static ModelIR.Budget of(Model model) {
    String memory = model.maxTrainingMemory();
    long bytes = memory.isEmpty() ? 0 : bytes(memory).orElse(0);
    return new ModelIR.Budget(model.maxParameters(), memory, bytes);
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
