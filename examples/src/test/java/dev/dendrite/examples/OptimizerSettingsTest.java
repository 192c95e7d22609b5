package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.LearningRateSchedule;
import dev.dendrite.ModelSpec;
import dev.dendrite.Network;
import dev.dendrite.Optimizer;
import dev.dendrite.examples.GradientCheckTest.Factory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every optimizer setting declared on {@code @Model} reaches the generated update: a few steps of
 * each {@link OptimizerModels} network against an independent reference written from Keras 3's
 * update rules, fed the gradients the network reports before each step.
 */
class OptimizerSettingsTest {
  private static final int STEPS = 4;
  private static final int SAMPLES = 9;
  /**
   * Double: the rules agree to rounding; measured worst 1.1e-16 relative to max(1, |p|) over
   * four steps, so 90x margin.
   */
  private static final double DOUBLE_TOLERANCE = 1e-14;
  /** Float: the fused float loops round every operation; measured worst 5.6e-8, 18x margin. */
  private static final double FLOAT_TOLERANCE = 1e-6;

  /** Keras' update of one flattened parameter and its two state arrays; {@code t} from 1. */
  private interface Rule {
    void step(int t, double[] p, double[] g, double[] first, double[] second);
  }

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("rmsprop, the default: rho 0.6, momentum 0.3, epsilon 1e-3",
            Optimizer.RMSPROP, (Factory) OptimizerModels_RmsPropNetwork::new,
            rmsProp(0.02, 0.6, 0.3, 1e-3)),
        Arguments.of("adam: beta1 0.7, beta2 0.95, epsilon 1e-4", Optimizer.ADAM,
            (Factory) OptimizerModels_AdamNetwork::new, adam(0.02, 0.7, 0.95, 1e-4, 0)),
        Arguments.of("adamw: beta1 0.8, beta2 0.9, epsilon 1e-5, weight decay 0.5",
            Optimizer.ADAMW, (Factory) OptimizerModels_AdamWNetwork::new,
            adam(0.02, 0.8, 0.9, 1e-5, 0.5)),
        Arguments.of("sgd: momentum 0.7, nesterov", Optimizer.SGD,
            (Factory) OptimizerModels_SgdNesterovNetwork::new, sgd(0.05, 0.7, true)),
        Arguments.of("sgd: momentum 0.6", Optimizer.SGD,
            (Factory) OptimizerModels_SgdMomentumNetwork::new, sgd(0.05, 0.6, false)));
  }

  @ParameterizedTest(name = "{0}, double")
  @MethodSource("optimizers")
  void doubleStepsFollowKerasRules(String name, Optimizer kind, Factory factory, Rule rule) {
    Network network = factory.create(11, DataType.DOUBLE);
    assertEquals(kind, network.spec().optimizer());
    train(network, rule, DOUBLE_TOLERANCE);
  }

  @ParameterizedTest(name = "{0}, float")
  @MethodSource("optimizers")
  void floatStepsFollowKerasRules(String name, Optimizer kind, Factory factory, Rule rule) {
    train(factory.create(11, DataType.FLOAT), rule, FLOAT_TOLERANCE);
  }

  /**
   * Takes {@link #STEPS} steps and after each compares every parameter and both state arrays
   * with the reference, which starts from the network's initial weights and keeps its own state.
   */
  private static void train(Network network, Rule rule, double tolerance) {
    DataType type = network.parameters().values().iterator().next().dataType();
    Random random = new Random(5);
    INDArray x = gaussian(random, SAMPLES, network.spec().inputSize()).castTo(type);
    INDArray y = gaussian(random, SAMPLES, network.spec().outputs()).castTo(type);
    Map<String, double[]> p = flat(network.parameters());
    Map<String, double[]> first = new HashMap<>();
    Map<String, double[]> second = new HashMap<>();
    p.forEach((k, v) -> {
      first.put(k, new double[v.length]);
      second.put(k, new double[v.length]);
    });
    double moved = 0;
    for (int t = 1; t <= STEPS; t++) {
      network.computeGradients(x, y);
      Map<String, double[]> g = flat(network.gradients());
      network.fit(x, y);
      assertEquals(t, network.optimizerSteps());
      Map<String, double[]> actual = flat(network.parameters());
      Map<String, double[]> state = flat(network.optimizerState());
      for (String k : p.keySet()) {
        double[] before = p.get(k).clone();
        rule.step(t, p.get(k), g.get(k), first.get(k), second.get(k));
        for (int i = 0; i < before.length; i++) {
          moved = Math.max(moved, Math.abs(p.get(k)[i] - before[i]));
        }
        assertClose(p.get(k), actual.get(k), tolerance, k + " after step " + t);
        assertClose(first.get(k), state.get(k + ".moment1"), tolerance, k + ".moment1, step " + t);
        assertClose(second.get(k), state.get(k + ".moment2"), tolerance,
            k + ".moment2, step " + t);
      }
    }
    // a step moves the weights by far more than the tolerance: a wrong setting cannot hide in it
    assertTrue(moved > 1e3 * tolerance, "largest step " + moved);
  }

  private static void assertClose(double[] expected, double[] actual, double tolerance,
      String what) {
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      assertTrue(Math.abs(e - a) <= tolerance * Math.max(1, Math.abs(e)),
          () -> what + ", element: expected " + e + ", was " + a);
    }
  }

  private static Map<String, double[]> flat(Map<String, INDArray> arrays) {
    Map<String, double[]> flat = new LinkedHashMap<>();
    arrays.forEach((k, v) -> flat.put(k, v.castTo(DataType.DOUBLE).dup('c').ravel()
        .toDoubleVector()));
    return flat;
  }

  private static INDArray gaussian(Random random, int rows, int columns) {
    INDArray a = Nd4j.create(DataType.DOUBLE, rows, columns);
    for (long i = 0; i < a.length(); i++) {
      a.putScalar(i, random.nextGaussian());
    }
    return a;
  }

  // ---- Keras 3's rules (keras/src/optimizers), written out per element ----

  /** {@code m = momentum m - lr g}; {@code p += m}, or {@code p += momentum m - lr g}. */
  private static Rule sgd(double lr, double momentum, boolean nesterov) {
    return (t, p, g, m, unused) -> {
      for (int i = 0; i < p.length; i++) {
        m[i] = -g[i] * lr + m[i] * momentum;
        p[i] += nesterov ? -g[i] * lr + m[i] * momentum : m[i];
      }
    };
  }

  /**
   * Decoupled weight decay first ({@code p -= p wd lr}), then
   * {@code p -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps)}.
   */
  private static Rule adam(double lr, double beta1, double beta2, double epsilon,
      double weightDecay) {
    return (t, p, g, m, v) -> {
      double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
      for (int i = 0; i < p.length; i++) {
        p[i] -= p[i] * weightDecay * lr;
        m[i] += (g[i] - m[i]) * (1 - beta1);
        v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
        p[i] -= alpha * m[i] / (Math.sqrt(v[i]) + epsilon);
      }
    };
  }

  /**
   * {@code v = rho v + (1 - rho) g^2}, increment {@code lr g / sqrt(v + eps)}; with momentum
   * {@code m = momentum m + increment} is subtracted instead.
   */
  private static Rule rmsProp(double lr, double rho, double momentum, double epsilon) {
    return (t, p, g, m, v) -> {
      for (int i = 0; i < p.length; i++) {
        v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
        double increment = lr * g[i] / Math.sqrt(v[i] + epsilon);
        m[i] = momentum * m[i] + increment;
        p[i] -= m[i];
      }
    };
  }

  // ---- cosine decay ----

  /**
   * The trainer of a model declaring {@code COSINE_DECAY} sets, before step {@code s} of
   * {@code S}, Keras' {@code CosineDecay(lr, decay_steps=S)}: {@code lr (1 + cos(pi s / S)) / 2};
   * and the update uses that rate (SGD without momentum moves by {@code -rate * gradient}).
   */
  @Test
  void cosineDecayDeclaredOnTheModelSetsTheRateOfEveryStep() {
    ModelSpec spec = OptimizerModels_CosineNetwork.SPEC;
    assertEquals(LearningRateSchedule.COSINE_DECAY, spec.schedule());
    List<double[]> rates = new ArrayList<>();

    Trainers.Run run = Trainers.run(spec,
        seed -> recordingRates(new OptimizerModels_CosineNetwork(seed), rates),
        "--train", "data/tabular/iris-train.csv");

    assertEquals(0, run.status(), run.err());
    int total = 3 * 8; // 3 epochs of 120 samples in batches of 16
    assertEquals(total, rates.size());
    for (int s = 0; s < total; s++) {
      double expected = 0.05 * 0.5 * (1 + Math.cos(Math.PI * s / total));
      assertEquals(expected, rates.get(s)[0], 1e-15, "rate set before step " + s);
      // float updates: measured worst 3.2e-5 relative, at the last and smallest rate
      assertEquals(expected, rates.get(s)[1], 1e-3 * expected, "rate the update of step " + s
          + " used");
    }
  }

  /**
   * Wraps {@code real} to record, at each training step, the learning rate it was given and the
   * rate its update used: {@code -(delta . g) / (g . g)}.
   */
  private static Network recordingRates(Network real, List<double[]> rates) {
    return (Network) Proxy.newProxyInstance(Network.class.getClassLoader(),
        new Class<?>[] {Network.class}, (proxy, method, args) -> {
          boolean fit = method.getName().equals("fit");
          Map<String, double[]> before = fit ? flat(real.parameters()) : null;
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (fit) {
            Map<String, double[]> after = flat(real.parameters());
            Map<String, double[]> g = flat(real.gradients());
            double dot = 0;
            double norm = 0;
            for (String k : before.keySet()) {
              for (int i = 0; i < g.get(k).length; i++) {
                dot += (after.get(k)[i] - before.get(k)[i]) * g.get(k)[i];
                norm += g.get(k)[i] * g.get(k)[i];
              }
            }
            rates.add(new double[] {real.learningRate(), -dot / norm});
          }
          return result;
        });
  }
}
