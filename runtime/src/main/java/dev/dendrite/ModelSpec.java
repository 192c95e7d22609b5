package dev.dendrite;

import java.util.List;

/**
 * What the compiler knows about a model, generated as {@code <Name>Network.SPEC}: its name and
 * shapes, loss, optimizer and training defaults.
 *
 * @param name the model class's simple name
 * @param inputShape the shape of one sample
 * @param outputs the width of the output layer
 * @param parameters the number of trainable parameters
 * @param schedule how the trainer moves the learning rate over a run
 */
public record ModelSpec(
    String name,
    List<Integer> inputShape,
    int outputs,
    Loss loss,
    Optimizer optimizer,
    double learningRate,
    int batchSize,
    int epochs,
    long seed,
    long parameters,
    LearningRateSchedule schedule) {

  public ModelSpec {
    inputShape = List.copyOf(inputShape);
    java.util.Objects.requireNonNull(schedule, "schedule");
  }

  /** A spec trained at a constant learning rate. */
  public ModelSpec(String name, List<Integer> inputShape, int outputs, Loss loss,
      Optimizer optimizer, double learningRate, int batchSize, int epochs, long seed,
      long parameters) {
    this(name, inputShape, outputs, loss, optimizer, learningRate, batchSize, epochs, seed,
        parameters, LearningRateSchedule.CONSTANT);
  }

  /** Features per sample: the product of the input shape. */
  public int inputSize() {
    int size = 1;
    for (int i = 0; i < inputShape.size(); i++) {
      size = Math.multiplyExact(size, inputShape.get(i));
    }
    return size;
  }

  /** The input shape as Keras prints it, like {@code 28x28x1}. */
  public String inputShapeText() {
    return String.join("x", inputShape.stream().map(String::valueOf).toList());
  }
}
