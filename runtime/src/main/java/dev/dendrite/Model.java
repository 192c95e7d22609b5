package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a sequential network: its layers are the class's {@link Layer} fields annotated with
 * a layer annotation ({@link Dense}, {@link Dropout}, {@link Flatten}), in source order.
 *
 * <p>At compile time Dendrite checks the model, infers every shape and generates
 * {@code <Name>Network} (forward, backward, optimizer step, predict) and {@code <Name>Trainer}
 * (a command-line trainer with a {@code main}) next to the class. Defaults follow Keras.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Model {

  /** The shape of one sample, like Keras' {@code input_shape}: {@code 784}, or {@code {28, 28}}. */
  int[] input() default {};

  /** The loss the network is trained to minimise. */
  Loss loss();

  /** The optimizer; Keras' {@code compile()} default is RMSprop. */
  Optimizer optimizer() default Optimizer.RMSPROP;

  /** Learning rate; {@code NaN} means the optimizer's Keras default (0.01 for SGD, else 0.001). */
  double learningRate() default Double.NaN;

  /** Momentum of SGD and RMSprop. */
  double momentum() default 0.0;

  /** Whether SGD uses Nesterov momentum. */
  boolean nesterov() default false;

  /** Adam's and AdamW's decay rate of the first moment. */
  double beta1() default 0.9;

  /** Adam's and AdamW's decay rate of the second moment. */
  double beta2() default 0.999;

  /** Small constant for numerical stability of Adam, AdamW and RMSprop. */
  double epsilon() default 1e-7;

  /** RMSprop's discounting factor of the squared-gradient average. */
  double rho() default 0.9;

  /** AdamW's decoupled weight decay. */
  double weightDecay() default 0.004;

  /**
   * How the trainer moves the learning rate over a run: {@link LearningRateSchedule#CONSTANT}
   * (Keras' default) or {@link LearningRateSchedule#COSINE_DECAY} over all its steps.
   */
  LearningRateSchedule learningRateSchedule() default LearningRateSchedule.CONSTANT;

  /** Samples per gradient step (Keras' {@code batch_size}); the trainer's default. */
  int batchSize() default 32;

  /** Passes over the training data; the trainer's default. */
  int epochs() default 1;

  /** Seed of weight initialisation, shuffling and dropout. */
  long seed() default 42;

  /**
   * A budget: the build fails when the model has more parameters than this. {@code 0}, the
   * default, sets no limit.
   */
  long maxParameters() default 0;

  /**
   * A budget: the build fails when one training step at {@link #batchSize()} needs more memory
   * than this, counted as the generated summary counts it (float32 parameters, gradients,
   * optimizer state and the per-batch arrays, convolutions with their im2col columns). A size
   * like {@code "512MB"}, {@code "1.5GB"} or {@code "2GiB"} (KB, MB, GB and TB are powers of
   * 1024, as Keras' summary prints sizes, and the same as KiB, MiB, GiB, TiB), or a number of
   * bytes like {@code "100000000"}. Empty, the default, sets no limit.
   */
  String maxTrainingMemory() default "";
}
