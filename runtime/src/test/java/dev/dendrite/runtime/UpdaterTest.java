package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dendrite.Optimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Each rule against a scalar reference written from Keras 3's update rules. */
class UpdaterTest {
  private static final double[] START = {0.5, -1.2, 2.0, 0.0};
  /** Fixed gradients of three steps, with sign changes and a zero. */
  private static final double[][] GRADIENTS = {
    {0.1, -0.3, 0.7, 0.0},
    {-0.2, -0.1, 0.4, 1e-3},
    {0.05, 0.6, -0.9, -2.0},
  };

  /** A scalar reference rule: state per element, step t counted from 1. */
  private interface Reference {
    double step(int element, int t, double p, double g);
  }

  private static void compare(Updater updater, Reference reference) {
    INDArray p = Nd4j.createFromArray(START.clone());
    Updater.Slot slot = updater.slot("p", p);
    double[] expected = START.clone();
    for (int t = 1; t <= GRADIENTS.length; t++) {
      INDArray g = Nd4j.createFromArray(GRADIENTS[t - 1].clone());
      updater.beginStep();
      updater.apply(slot, p, g);
      assertEquals(t, updater.iterations());
      for (int i = 0; i < expected.length; i++) {
        expected[i] = reference.step(i, t, expected[i], GRADIENTS[t - 1][i]);
        assertEquals(expected[i], p.getDouble(i), 1e-14 * Math.max(1, Math.abs(expected[i])),
            "step " + t + ", element " + i);
      }
      assertEquals(Nd4j.createFromArray(GRADIENTS[t - 1]), g, "gradient untouched");
    }
  }

  private static Updater create(Optimizer kind, double lr, double momentum, boolean nesterov,
      double weightDecay) {
    return switch (kind) {
      case SGD -> Updater.sgd(lr, momentum, nesterov);
      case ADAM -> Updater.adam(lr, 0.9, 0.999, 1e-7);
      case ADAMW -> Updater.adamW(lr, 0.9, 0.999, 1e-7, weightDecay);
      case RMSPROP -> Updater.rmsProp(lr, 0.9, momentum, 1e-7);
    };
  }

  private static Reference adam(double lr, double b1, double b2, double eps, double wd) {
    double[] m = new double[START.length];
    double[] v = new double[START.length];
    return (i, t, p, g) -> {
      p -= p * wd * lr;
      double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      m[i] += (g - m[i]) * (1 - b1);
      v[i] += (g * g - v[i]) * (1 - b2);
      return p - alpha * m[i] / (Math.sqrt(v[i]) + eps);
    };
  }

  @Test
  void adam() {
    compare(create(Optimizer.ADAM, 0.01, 0, false, 0.004), adam(0.01, 0.9, 0.999, 1e-7, 0));
  }

  @Test
  void adamWithOtherHyperparameters() {
    Updater updater = Updater.adam(0.1, 0.5, 0.75, 1e-3);
    compare(updater, adam(0.1, 0.5, 0.75, 1e-3, 0));
  }

  @Test
  void adamW() {
    compare(create(Optimizer.ADAMW, 0.01, 0, false, 0.004), adam(0.01, 0.9, 0.999, 1e-7, 0.004));
  }

  @Test
  void adamWWithLargeDecay() {
    compare(create(Optimizer.ADAMW, 0.1, 0, false, 0.5), adam(0.1, 0.9, 0.999, 1e-7, 0.5));
  }

  @Test
  void plainSgd() {
    double lr = 0.05;
    compare(create(Optimizer.SGD, lr, 0, false, 0), (i, t, p, g) -> p - lr * g);
  }

  @Test
  void sgdWithMomentum() {
    double lr = 0.05;
    double momentum = 0.9;
    double[] v = new double[START.length];
    compare(create(Optimizer.SGD, lr, momentum, false, 0), (i, t, p, g) -> {
      v[i] = momentum * v[i] - lr * g;
      return p + v[i];
    });
  }

  @Test
  void sgdWithNesterovMomentum() {
    double lr = 0.05;
    double momentum = 0.8;
    double[] v = new double[START.length];
    compare(create(Optimizer.SGD, lr, momentum, true, 0), (i, t, p, g) -> {
      v[i] = momentum * v[i] - lr * g;
      return p + momentum * v[i] - lr * g;
    });
  }

  /**
   * {@link Updater#of}, what generated networks call, gives each optimizer's rule the settings it
   * reads by name: every setting has a value of its own, so any two trading places fail.
   */
  @Test
  void settingsReachTheirRuleByName() {
    OptimizerSettings all = OptimizerSettings.of(Optimizer.SGD, 0.03).withMomentum(0.6)
        .withNesterov(true).withBeta1(0.7).withBeta2(0.95).withEpsilon(1e-3).withRho(0.8)
        .withWeightDecay(0.5);
    double[] v = new double[START.length];
    compare(Updater.of(all), (i, t, p, g) -> {
      v[i] = 0.6 * v[i] - 0.03 * g;
      return p + 0.6 * v[i] - 0.03 * g;
    });
    compare(Updater.of(new OptimizerSettings(Optimizer.ADAM, 0.03, 0.6, true, 0.7, 0.95, 1e-3,
        0.8, 0.5)), adam(0.03, 0.7, 0.95, 1e-3, 0));
    compare(Updater.of(new OptimizerSettings(Optimizer.ADAMW, 0.03, 0.6, true, 0.7, 0.95, 1e-3,
        0.8, 0.5)), adam(0.03, 0.7, 0.95, 1e-3, 0.5));
    compare(Updater.of(new OptimizerSettings(Optimizer.RMSPROP, 0.03, 0.6, true, 0.7, 0.95,
        1e-3, 0.8, 0.5)), rmsprop(0.03, 0.8, 0.6, 1e-3));
  }

  private static Reference rmsprop(double lr, double rho, double momentum, double eps) {
    double[] v = new double[START.length];
    double[] mom = new double[START.length];
    return (i, t, p, g) -> {
      v[i] = rho * v[i] + (1 - rho) * g * g;
      double increment = lr * g / Math.sqrt(v[i] + eps);
      if (momentum == 0) {
        return p - increment;
      }
      mom[i] = momentum * mom[i] + increment;
      return p - mom[i];
    };
  }

  @Test
  void rmsprop() {
    compare(create(Optimizer.RMSPROP, 0.01, 0, false, 0), rmsprop(0.01, 0.9, 0, 1e-7));
  }

  @Test
  void rmspropWithMomentum() {
    compare(create(Optimizer.RMSPROP, 0.01, 0.7, false, 0), rmsprop(0.01, 0.9, 0.7, 1e-7));
  }

  @Test
  void rmspropWithOtherRhoAndEpsilon() {
    Updater updater = Updater.rmsProp(0.2, 0.5, 0, 1e-2);
    compare(updater, rmsprop(0.2, 0.5, 0, 1e-2));
  }

  @Test
  void oneStepCountSharedByParameters() {
    // two parameters updated in one batch both use t = 1, then t = 2
    Updater updater = create(Optimizer.ADAM, 0.01, 0, false, 0);
    INDArray a = Nd4j.createFromArray(1.0, 2.0);
    INDArray b = Nd4j.createFromArray(new double[][] {{3.0}, {4.0}});
    Updater.Slot slotA = updater.slot("a", a);
    Updater.Slot slotB = updater.slot("b", b);
    for (int t = 1; t <= 2; t++) {
      updater.beginStep();
      updater.apply(slotA, a, Nd4j.createFromArray(0.5, 0.5));
      updater.apply(slotB, b, Nd4j.createFromArray(new double[][] {{0.5}, {0.5}}));
    }
    assertEquals(2, updater.iterations());
    assertEquals(a.getDouble(0) - 1.0, b.getDouble(0, 0) - 3.0, 1e-15);
    // Adam with a constant gradient moves by lr each step
    assertEquals(1.0 - 0.02, a.getDouble(0), 1e-6);
  }

  @Test
  void learningRateCanChange() {
    Updater updater = create(Optimizer.SGD, 0.1, 0, false, 0);
    INDArray p = Nd4j.createFromArray(1.0);
    Updater.Slot slot = updater.slot("p", p);
    updater.setLearningRate(0.5);
    assertEquals(0.5, updater.learningRate());
    updater.beginStep();
    updater.apply(slot, p, Nd4j.createFromArray(2.0));
    assertEquals(0.0, p.getDouble(0), 1e-15);
  }

  @Test
  void learningRateMustBePositiveAndFinite() {
    assertThrows(IllegalArgumentException.class, () -> create(Optimizer.SGD, 0, 0, false, 0));
    assertThrows(IllegalArgumentException.class, () -> create(Optimizer.ADAM, -1, 0, false, 0));
    Updater updater = create(Optimizer.SGD, 0.1, 0, false, 0);
    assertThrows(IllegalArgumentException.class, () -> updater.setLearningRate(Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> updater.setLearningRate(Double.POSITIVE_INFINITY));
  }

  @Test
  void slotStartsAtZeroAndIsRegisteredByName() {
    INDArray p = Nd4j.createFromArray(1.0, 2.0, 3.0);
    Updater updater = create(Optimizer.ADAM, 0.1, 0, false, 0);
    updater.slot("p", p);
    assertEquals(java.util.List.of("p.moment1", "p.moment2"),
        java.util.List.copyOf(updater.state().keySet()));
    for (INDArray state : updater.state().values()) {
      assertEquals(0.0, state.sumNumber().doubleValue());
      assertEquals(3, state.length());
    }
  }

  /** The float paths (chunked loops in float arithmetic) agree with the double ones. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Optimizer.class)
  void floatUpdatesAgreeWithDoubleUpdates(Optimizer kind) {
    int n = FloatLoops.CHUNK * 3 + 5;
    java.util.Random random = new java.util.Random(kind.ordinal());
    INDArray start = Nd4j.createFromArray(random.doubles(n, -0.5, 0.5).toArray());
    INDArray gradient = Nd4j.createFromArray(random.doubles(n, -0.5, 0.5).toArray());
    INDArray[] results = new INDArray[2];
    org.nd4j.linalg.api.buffer.DataType[] types = {org.nd4j.linalg.api.buffer.DataType.DOUBLE,
        org.nd4j.linalg.api.buffer.DataType.FLOAT};
    for (int t = 0; t < 2; t++) {
      Updater updater = create(kind, 0.01, 0.9, kind == Optimizer.SGD, 0.004);
      INDArray p = start.dup().castTo(types[t]);
      INDArray g = gradient.castTo(types[t]);
      Updater.Slot slot = updater.slot("p", p);
      for (int step = 0; step < 3; step++) {
        updater.beginStep();
        updater.apply(slot, p, g);
      }
      results[t] = p.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    }
    assertTrue(results[0].equalsWithEps(results[1], 1e-5), kind.name());
    assertTrue(results[0].sub(start).amaxNumber().doubleValue() > 1e-3, "the update moved p");
  }

  /**
   * Each configuration's float path against its double path over three steps: the same rule
   * in float arithmetic. Measured difference at most 1.5e-7 (parameters near 1); tolerance 1e-6.
   */
  @Test
  void floatPathOfEveryConfigurationFollowsTheDoublePath() {
    java.util.List<java.util.function.Supplier<Updater>> configurations = java.util.List.of(
        () -> new Updater.Sgd(0.05, 0, false),
        () -> new Updater.Sgd(0.05, 0.9, false),
        () -> new Updater.Sgd(0.05, 0.8, true),
        () -> new Updater.Adam(0.01, 0.9, 0.999, 1e-7, 0),
        () -> new Updater.Adam(0.1, 0.5, 0.75, 1e-3, 0.5),
        () -> new Updater.RmsProp(0.01, 0.9, 0, 1e-7),
        () -> new Updater.RmsProp(0.05, 0.5, 0.7, 1e-2));
    int n = FloatLoops.CHUNK + 3;
    java.util.Random random = new java.util.Random(11);
    double[] start = random.doubles(n, -1, 1).map(v -> (float) v).toArray();
    double[][] gradients = new double[3][];
    for (int t = 0; t < 3; t++) {
      gradients[t] = random.doubles(n, -1, 1).map(v -> (float) v).toArray();
    }
    for (int c = 0; c < configurations.size(); c++) {
      INDArray[] results = new INDArray[2];
      org.nd4j.linalg.api.buffer.DataType[] types = {org.nd4j.linalg.api.buffer.DataType.DOUBLE,
          org.nd4j.linalg.api.buffer.DataType.FLOAT};
      for (int k = 0; k < 2; k++) {
        Updater updater = configurations.get(c).get();
        INDArray p = Nd4j.createFromArray(start).castTo(types[k]);
        Updater.Slot slot = updater.slot("p", p);
        for (double[] g : gradients) {
          updater.beginStep();
          updater.apply(slot, p, Nd4j.createFromArray(g).castTo(types[k]));
        }
        results[k] = p.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
      }
      double difference = results[0].sub(results[1]).amaxNumber().doubleValue();
      assertTrue(difference < 1e-6, "configuration " + c + ": " + difference);
      assertTrue(results[0].sub(Nd4j.createFromArray(start)).amaxNumber().doubleValue() > 1e-3,
          "configuration " + c + " moved p");
    }
  }

  /** A resumed Adam continues its bias correction from the restored step count. */
  @Test
  void restoredIterationsSetAdamsBiasCorrection() {
    Updater adam = new Updater.Adam(0.01, 0.9, 0.999, 1e-7, 0);
    INDArray p = Nd4j.createFromArray(1.0);
    Updater.Slot slot = adam.slot("p", p);
    adam.setIterations(0);
    assertEquals(0, adam.iterations());
    adam.setIterations(4);
    adam.beginStep();
    adam.apply(slot, p, Nd4j.createFromArray(0.5));
    double alpha = 0.01 * Math.sqrt(1 - Math.pow(0.999, 5)) / (1 - Math.pow(0.9, 5));
    double m = 0.1 * 0.5;
    double v = 0.001 * 0.25;
    assertEquals(1.0 - alpha * m / (Math.sqrt(v) + 1e-7), p.getDouble(0), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> adam.setIterations(-1));
  }
}
