package dev.dendrite.processor.check;

import static dev.dendrite.processor.check.Annotations.declaration;
import static dev.dendrite.processor.check.Annotations.layer;
import static dev.dendrite.processor.check.Annotations.model;
import static dev.dendrite.processor.check.Annotations.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Dense;
import dev.dendrite.LearningRateSchedule;
import dev.dendrite.Model;
import dev.dendrite.Optimizer;
import dev.dendrite.processor.cost.ModelCost;
import dev.dendrite.processor.cost.OverBudget;
import dev.dendrite.processor.diagnostic.Diagnostic;
import dev.dendrite.processor.diagnostic.Message;
import dev.dendrite.processor.diagnostic.Report;
import dev.dendrite.processor.model.ModelIR;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code @Model}'s values at the edges of what they accept, and the checked model's optimizer
 * settings, each where it was declared.
 */
class ModelCheckerTest {

  @Test
  void everyOptimizerSettingReachesTheModelUnderItsOwnName() {
    ModelIR model = valid(model(new int[] {3}, "optimizer", Optimizer.ADAMW,
        "learningRate", 0.125, "momentum", 0.25, "nesterov", true, "beta1", 0.375,
        "beta2", 0.5, "epsilon", 0.625, "rho", 0.75, "weightDecay", 0.875,
        "learningRateSchedule", LearningRateSchedule.COSINE_DECAY, "batchSize", 7,
        "epochs", 9, "seed", 11L));
    assertEquals(new ModelIR.OptimizerConfig(Optimizer.ADAMW, 0.125, 0.25, true, 0.375, 0.5,
        0.625, 0.75, 0.875, LearningRateSchedule.COSINE_DECAY), model.optimizer());
    assertEquals(7, model.batchSize());
    assertEquals(9, model.epochs());
    assertEquals(11L, model.seed());
  }

  @Test
  void anUnsetLearningRateIsTheOptimizersDefault() {
    for (Optimizer optimizer : Optimizer.values()) {
      assertEquals(optimizer.defaultLearningRate(),
          valid(model(new int[] {3}, "optimizer", optimizer)).optimizer().learningRate());
    }
  }

  @Test
  void smallestAndLargestAcceptedValues() {
    double belowOne = Math.nextDown(1.0);
    valid(model(new int[] {3}, "batchSize", 1, "epochs", 0, "learningRate", Double.MIN_VALUE,
        "epsilon", Double.MIN_VALUE, "weightDecay", 0.0, "maxParameters", 0L));
    valid(model(new int[] {3}, "momentum", 0.0, "beta1", 0.0, "beta2", 0.0, "rho", 0.0));
    valid(model(new int[] {3}, "momentum", belowOne, "beta1", belowOne, "beta2", belowOne,
        "rho", belowOne, "learningRate", Double.MAX_VALUE));
  }

  @Test
  void valuesJustOutsideAreReportedOnTheirMember() {
    double below = -Double.MIN_VALUE;
    assertRejected("batchSize", 0);
    assertRejected("epochs", -1);
    assertRejected("learningRate", 0.0);
    assertRejected("learningRate", Double.POSITIVE_INFINITY);
    for (String inUnit : List.of("momentum", "beta1", "beta2", "rho")) {
      assertRejected(inUnit, 1.0);
      assertRejected(inUnit, below);
      assertRejected(inUnit, Double.NaN);
    }
    assertRejected("epsilon", 0.0);
    assertRejected("epsilon", Double.NaN);
    assertRejected("weightDecay", below);
    assertRejected("weightDecay", Double.NaN);
    assertRejected("maxParameters", -1L);
    assertRejected("maxTrainingMemory", "lots");
  }

  @Test
  void budgetsHoldUpToTheirExactValue() {
    // input 3 -> Dense 1: 4 parameters.
    Model exact = model(new int[] {3}, "maxParameters", 4L);
    long bytes = ModelCost.of(valid(exact)).trainingBytes();
    valid(model(new int[] {3}, "maxParameters", 4L, "maxTrainingMemory", bytes + "B"));
    assertEquals(List.of(Message.PARAMETER_BUDGET),
        messages(model(new int[] {3}, "maxParameters", 3L)));
    assertEquals(List.of(Message.MEMORY_BUDGET),
        messages(model(new int[] {3}, "maxTrainingMemory", (bytes - 1) + "B")));
    assertEquals(List.of(Message.PARAMETER_BUDGET, Message.MEMORY_BUDGET),
        messages(model(new int[] {3}, "maxParameters", 3L,
            "maxTrainingMemory", (bytes - 1) + "B")));
  }

  @Test
  void noClashIsJudgedAgainstAClashingLayer() {
    // hiddenGrad takes hidden's gradient field; hiddenGradZ would take hiddenGrad's
    // pre-activation field, but whether it does depends on which of the two is renamed
    // (ErroneousNames in EveryErrorDiagnosticsTest reports independent clashes together).
    Report report = new Report();
    ModelChecker.check(declaration(model(new int[] {3}),
        layer("hidden", of(Dense.class, "units", 2)),
        layer("hiddenGrad", of(Dense.class, "units", 2)),
        layer("hiddenGradZ", of(Dense.class, "units", 2)),
        layer("output", of(Dense.class, "units", 1))), report);
    assertEquals(List.of(Message.LAYER_NAME_CLASH), messages(report));
    assertTrue(report.items().get(0).text().startsWith("layer name hiddenGrad clashes"),
        report.items().get(0).text());
  }

  private static ModelIR valid(Model model) {
    Report report = new Report();
    Optional<ModelIR> checked = checkAndCost(
        declaration(model, layer("output", of(Dense.class, "units", 1))), report);
    assertEquals(List.of(), report.items(), model::toString);
    assertTrue(checked.isPresent(), model::toString);
    return checked.get();
  }

  /** {@code member = value} is the one error, and no model is checked. */
  private static void assertRejected(String member, Object value) {
    Model model = model(new int[] {3}, member, value);
    Report report = new Report();
    Optional<ModelIR> checked = ModelChecker.check(
        declaration(model, layer("output", of(Dense.class, "units", 1))), report);
    assertEquals(List.of(Message.HYPERPARAMETER), messages(report), model::toString);
    assertTrue(report.items().get(0).text().startsWith("@Model " + member + " must be "),
        report.items().get(0).text());
    assertTrue(checked.isEmpty(), model::toString);
  }

  private static List<Message> messages(Model model) {
    Report report = new Report();
    Optional<ModelIR> checked = checkAndCost(
        declaration(model, layer("output", of(Dense.class, "units", 1))), report);
    assertTrue(checked.isEmpty(), model::toString);
    return messages(report);
  }

  /**
   * The checker, then the cost stage's budget check (budgets moved there so that the cost is
   * counted once): the model, or empty when either reported an error.
   */
  private static Optional<ModelIR> checkAndCost(
      dev.dendrite.processor.parse.Declaration declaration, Report report) {
    Optional<ModelIR> checked = ModelChecker.check(declaration, report);
    checked.ifPresent(model -> OverBudget.check(ModelCost.of(model), report));
    return report.hasErrors() ? Optional.empty() : checked;
  }

  private static List<Message> messages(Report report) {
    return report.items().stream().map(Diagnostic::message).toList();
  }
}
