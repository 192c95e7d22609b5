package dev.dendrite.runtime;

import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every generated {@code <Name>Network} has in common: its spec and summary, data type,
 * optimizer, dropout random stream, and its parameters, gradients and non-trainable state by name. A generated
 * network declares its parameters, buffers and passes, registers each parameter with
 * {@link #register}, and implements the passes and {@link #update()}.
 */
public abstract class GeneratedNetwork implements Network {
  static {
    NativeThreads.configure();
  }

  private final ModelSpec spec;
  private final String summary;
  private final DataType dataType;
  private final Updater updater;
  private final Map<String, INDArray> parameters = new LinkedHashMap<>();
  private final Map<String, INDArray> gradients = new LinkedHashMap<>();
  private final Map<String, INDArray> state = new LinkedHashMap<>();
  private final Map<String, INDArray> variables = new LinkedHashMap<>();
  private final Map<String, INDArray> parametersView = Collections.unmodifiableMap(parameters);
  private final Map<String, INDArray> stateView = Collections.unmodifiableMap(state);
  private final Map<String, INDArray> variablesView = Collections.unmodifiableMap(variables);
  private final Map<String, INDArray> gradientsView = Collections.unmodifiableMap(gradients);
  private Rng dropoutRng;

  /**
   * A network of {@code dataType} whose dropout stream starts from {@code seed + 1} (its
   * initialisation uses {@code seed}) and whose optimizer follows {@code optimizer}.
   */
  protected GeneratedNetwork(ModelSpec spec, String summary, OptimizerSettings optimizer,
      long seed, DataType dataType) {
    this.spec = spec;
    this.summary = summary;
    this.dataType = dataType;
    this.updater = Updater.of(optimizer);
    this.dropoutRng = new Rng(seed + 1);
  }

  /** The data type of every array: FLOAT, or DOUBLE for gradient checks. */
  protected final DataType dataType() {
    return dataType;
  }

  protected final Updater updater() {
    return updater;
  }

  /** The random stream dropout masks are drawn from. */
  protected final Rng dropoutRng() {
    return dropoutRng;
  }

  /** Adds a parameter and its gradient (or views of them in Keras' shape) under {@code name}. */
  protected final void register(String name, INDArray parameter, INDArray gradient) {
    parameters.put(name, parameter);
    gradients.put(name, gradient);
    variables.put(name, parameter);
  }

  /**
   * Adds a non-trainable array under {@code name}, like a batch normalization's moving mean:
   * saved and loaded with the parameters, never given a gradient or an optimizer step.
   */
  protected final void registerState(String name, INDArray array) {
    state.put(name, array);
    variables.put(name, array);
  }

  /** One optimizer step on every parameter, from the gradients of the last step. */
  protected abstract void update();

  @Override
  public final ModelSpec spec() {
    return spec;
  }

  @Override
  public final String summary() {
    return summary;
  }

  @Override
  public final double fit(INDArray features, INDArray targets) {
    double loss = computeGradients(features, targets);
    update();
    return loss;
  }

  @Override
  public final void applyGradients() {
    update();
  }

  @Override
  public final Map<String, INDArray> parameters() {
    return parametersView;
  }

  @Override
  public final Map<String, INDArray> state() {
    return stateView;
  }

  @Override
  public final Map<String, INDArray> variables() {
    return variablesView;
  }

  @Override
  public final Map<String, INDArray> gradients() {
    return gradientsView;
  }

  @Override
  public final double learningRate() {
    return updater.learningRate();
  }

  @Override
  public final void setLearningRate(double learningRate) {
    updater.setLearningRate(learningRate);
  }

  @Override
  public final void reseed(long seed) {
    dropoutRng = new Rng(seed);
  }

  @Override
  public final Map<String, INDArray> optimizerState() {
    return updater.state();
  }

  @Override
  public final long optimizerSteps() {
    return updater.iterations();
  }

  @Override
  public final void setOptimizerSteps(long steps) {
    updater.setIterations(steps);
  }

  @Override
  public final long dropoutState() {
    return dropoutRng.state();
  }

  @Override
  public final void setDropoutState(long state) {
    dropoutRng = new Rng(state);
  }
}
