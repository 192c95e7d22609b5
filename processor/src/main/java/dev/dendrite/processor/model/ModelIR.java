package dev.dendrite.processor.model;

import dev.dendrite.LearningRateSchedule;
import dev.dendrite.Loss;
import dev.dendrite.Optimizer;
import java.util.List;

/**
 * A checked model: its layers with inferred shapes, how they connect, loss, optimizer and
 * training defaults. Layers are in source order, which is also the order they run forward: every
 * layer reads only layers above it.
 *
 * @param packageName the package the model and its generated classes live in
 * @param baseName the prefix of generated names: {@code MnistMlp}, or {@code Outer_Inner}
 * @param modelName the model class's simple name
 * @param inputs per layer, the indices of the layers it reads (-1 for the model's input): one
 *     for most layers, several for a join
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
    Origin origin,
    List<List<Integer>> inputs) {

  public ModelIR {
    layers = List.copyOf(layers);
    inputs = inputs.stream().map(List::copyOf).toList();
    if (inputs.size() != layers.size()) {
      throw new IllegalArgumentException(layers.size() + " layers but inputs for "
          + inputs.size());
    }
  }

  /** A plain stack: each layer reads the one before it, the first the input. */
  public ModelIR(String packageName, String baseName, String modelName, Shape input,
      List<LayerIR> layers, Loss loss, OptimizerConfig optimizer, int batchSize, int epochs,
      long seed, Budget budget, Origin origin) {
    this(packageName, baseName, modelName, input, layers, loss, optimizer, batchSize, epochs,
        seed, budget, origin, stack(layers.size()));
  }

  /** Each of {@code count} layers reading the one before it; -1 is the input. */
  public static List<List<Integer>> stack(int count) {
    List<List<Integer>> inputs = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      inputs.add(List.of(i - 1));
    }
    return List.copyOf(inputs);
  }

  /** The indices of the layers whose outputs layer {@code i} reads, in order; -1 is the input. */
  public List<Integer> inputsOf(int i) {
    return inputs.get(i);
  }

  /** Whether every layer reads the one just above it: a Keras {@code Sequential}. */
  public boolean isStack() {
    return inputs.equals(stack(layers.size()));
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
