package dev.dendrite.processor.cost;

import dev.dendrite.processor.diagnostic.Message;
import dev.dendrite.processor.diagnostic.Report;
import dev.dendrite.processor.model.ModelIR;
import dev.dendrite.processor.model.Origin;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The budgets of {@code @Model} ({@link ModelIR.Budget}) against the model's cost; an error lands
 * on the value exceeded.
 */
public final class OverBudget {
  /** How many layers an error names as the largest contributors. */
  private static final int LARGEST = 3;

  private OverBudget() {}

  /** Reports each budget of {@code cost}'s model that it exceeds. */
  public static void check(ModelCost cost, Report report) {
    ModelIR model = cost.model();
    ModelIR.Budget budget = model.budget();
    Origin origin = model.origin();
    long maxParameters = budget.maxParameters();
    if (maxParameters > 0 && cost.parameters() > maxParameters) {
      String largest = cost.largestByParameters(LARGEST).stream()
          .map(l -> String.format(Locale.ROOT, "%s %,d (%s)", l.layer().name(), l.parameters(),
              percent(l.parameters(), cost.parameters())))
          .collect(Collectors.joining(", "));
      report.add(Message.PARAMETER_BUDGET, origin.member("maxParameters"), model.modelName(),
          cost.parameters(), cost.parameters() - maxParameters, maxParameters, largest);
    }
    long maxBytes = budget.maxTrainingBytes();
    if (maxBytes > 0 && cost.trainingBytes() > maxBytes) {
      String largest = cost.largestByMemory(LARGEST).stream()
          .map(OverBudget::memoryOf)
          .collect(Collectors.joining(", "));
      report.add(Message.MEMORY_BUDGET, origin.member("maxTrainingMemory"), model.modelName(),
          Summary.bytes(cost.trainingBytes()), cost.trainingBytes(), model.batchSize(),
          budget.maxTrainingMemory(), maxBytes, Summary.breakdown(cost), largest);
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
}
