package dev.dendrite.examples;

import dev.dendrite.Network;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Analytic gradients of a generated network against central differences of its loss, in double
 * precision (eps 1e-6). Dropout masks are replayed by reseeding before every evaluation.
 */
final class GradientCheck {
  static final double EPS = 1e-6;
  static final double ATOL = 1e-6;
  static final double RTOL = 1e-4;
  private static final long MASK_SEED = 7;

  /** The worst disagreement found: which element, its analytic and numerical values. */
  record Result(String parameter, long index, double analytic, double numerical, int checked) {
    double error() {
      return Math.abs(analytic - numerical);
    }

    boolean passes() {
      return error() <= ATOL + RTOL * Math.max(Math.abs(analytic), Math.abs(numerical));
    }
  }

  private GradientCheck() {}

  static Result run(Network network, INDArray features, INDArray targets) {
    network.reseed(MASK_SEED);
    network.computeGradients(features, targets);
    Result worst = null;
    int checked = 0;
    for (Map.Entry<String, INDArray> entry : network.parameters().entrySet()) {
      INDArray parameter = entry.getValue();
      INDArray analytic = network.gradients().get(entry.getKey()).dup();
      for (long i = 0; i < parameter.length(); i++) {
        double original = parameter.getDouble(i);
        parameter.putScalar(i, original + EPS);
        double plus = lossWithSameMasks(network, features, targets);
        parameter.putScalar(i, original - EPS);
        double minus = lossWithSameMasks(network, features, targets);
        parameter.putScalar(i, original);
        double numerical = (plus - minus) / (2 * EPS);
        Result r = new Result(entry.getKey(), i, analytic.getDouble(i), numerical, 0);
        checked++;
        if (worst == null || excess(r) > excess(worst)) {
          worst = r;
        }
      }
    }
    return new Result(worst.parameter(), worst.index(), worst.analytic(), worst.numerical(),
        checked);
  }

  private static double excess(Result r) {
    return r.error() - RTOL * Math.max(Math.abs(r.analytic()), Math.abs(r.numerical()));
  }

  private static double lossWithSameMasks(Network network, INDArray features, INDArray targets) {
    network.reseed(MASK_SEED);
    return network.loss(features, targets, true);
  }
}
