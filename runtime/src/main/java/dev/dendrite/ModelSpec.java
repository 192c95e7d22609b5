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
 * @param layers every layer in order, with its Keras form; empty in a spec built by hand
 * @param kerasOptimizer the optimizer's Keras 3 config as a JSON object
 *     ({@code {"module": "keras.optimizers", "class_name": "Adam", "config": {...}}}) at the
 *     model's learning rate; empty in a spec built by hand
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
    LearningRateSchedule schedule,
    List<LayerSpec> layers,
    String kerasOptimizer) {

  public ModelSpec {
    inputShape = List.copyOf(inputShape);
    java.util.Objects.requireNonNull(schedule, "schedule");
    layers = List.copyOf(layers);
    java.util.Objects.requireNonNull(kerasOptimizer, "kerasOptimizer");
  }

  /** A spec without layers (one built by hand, as in tests). */
  public ModelSpec(String name, List<Integer> inputShape, int outputs, Loss loss,
      Optimizer optimizer, double learningRate, int batchSize, int epochs, long seed,
      long parameters, LearningRateSchedule schedule) {
    this(name, inputShape, outputs, loss, optimizer, learningRate, batchSize, epochs, seed,
        parameters, schedule, List.of(), "");
  }

  /** A spec trained at a constant learning rate. */
  public ModelSpec(String name, List<Integer> inputShape, int outputs, Loss loss,
      Optimizer optimizer, double learningRate, int batchSize, int epochs, long seed,
      long parameters) {
    this(name, inputShape, outputs, loss, optimizer, learningRate, batchSize, epochs, seed,
        parameters, LearningRateSchedule.CONSTANT);
  }

  /**
   * The names of the layers layer {@code i} reads, in order: those its spec names, or the one
   * above it; {@link LayerSpec#INPUT} for the model's input.
   */
  public List<String> inputsOf(int i) {
    List<String> named = layers.get(i).inputs();
    if (!named.isEmpty()) {
      return named;
    }
    return List.of(i == 0 ? LayerSpec.INPUT : layers.get(i - 1).name());
  }

  /** Whether every layer reads the one above it (a Keras Sequential model). */
  public boolean isStack() {
    for (int i = 0; i < layers.size(); i++) {
      if (!inputsOf(i).equals(List.of(i == 0 ? LayerSpec.INPUT : layers.get(i - 1).name()))) {
        return false;
      }
    }
    return true;
  }

  /** Features per sample: the product of the input shape. */
  public int inputSize() {
    int size = 1;
    for (int i = 0; i < inputShape.size(); i++) {
      size = Math.multiplyExact(size, inputShape.get(i));
    }
    return size;
  }

  /**
   * The exclusive bound on the integer token ids the input holds: the {@code input_dim} of an
   * Embedding that reads the model's input, or 0 when the input is plain numbers.
   */
  public int inputIdLimit() {
    for (int i = 0; i < layers.size(); i++) {
      // the first layer, or any that reads the input by @From("input")
      if (layers.get(i).kerasClass().equals("Embedding")
          && inputsOf(i).contains(LayerSpec.INPUT)) {
        java.util.regex.Matcher dim = java.util.regex.Pattern
            .compile("\"input_dim\"\\s*:\\s*(\\d+)").matcher(layers.get(i).kerasConfig());
        return dim.find() ? Integer.parseInt(dim.group(1)) : 0;
      }
    }
    return 0;
  }

  /** The input shape as Keras prints it, like {@code 28x28x1}. */
  public String inputShapeText() {
    return String.join("x", inputShape.stream().map(String::valueOf).toList());
  }
}
