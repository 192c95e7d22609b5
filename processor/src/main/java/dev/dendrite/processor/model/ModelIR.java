package dev.dendrite.processor.model;

import dev.dendrite.LearningRateSchedule;
import dev.dendrite.Loss;
import dev.dendrite.Optimizer;
import java.util.List;

/**
 * A checked model: its layers with inferred shapes, loss, optimizer and training defaults.
 *
 * @param packageName the package the model and its generated classes live in
 * @param baseName the prefix of generated names: {@code MnistMlp}, or {@code Outer_Inner}
 * @param modelName the model class's simple name
 */
public record ModelIR(
    String packageName,
    String baseName,
    String modelName,
    Shape input,
    List<LayerIR> layers,
    Loss loss,
    OptimizerConfig optimizer,
    int batchSize,
    int epochs,
    long seed,
    Budget budget,
    Origin origin) {

  public ModelIR {
    layers = List.copyOf(layers);
  }

  public LayerIR outputLayer() {
    return layers.get(layers.size() - 1);
  }

  public long parameters() {
    return layers.stream().mapToLong(LayerIR::parameters).sum();
  }

  /**
   * The limits {@code @Model} sets on the model's cost, checked once the cost is known.
   *
   * @param maxParameters the most parameters; 0 for no limit
   * @param maxTrainingMemory the memory limit as written, like {@code "512MB"}; empty for none
   * @param maxTrainingBytes that limit in bytes; 0 for none
   */
  public record Budget(long maxParameters, String maxTrainingMemory, long maxTrainingBytes) {}

  /** Optimizer hyperparameters, with the learning rate's default resolved. */
  public record OptimizerConfig(Optimizer kind, double learningRate, double momentum,
      boolean nesterov, double beta1, double beta2, double epsilon, double rho,
      double weightDecay, LearningRateSchedule schedule) {}
}
