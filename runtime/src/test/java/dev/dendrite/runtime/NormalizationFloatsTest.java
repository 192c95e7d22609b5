package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization's float path against its double path from the same float inputs:
 * training outputs, normalized values, batch and moving statistics, gradients and inference, at
 * rows and channels below, at and across block and flush boundaries, with and without gamma and
 * beta. The float path's error is float rounding: held to 2e-6 of each quantity's scale.
 */
class NormalizationFloatsTest {
  private static final double TOLERANCE = 2e-6;

  /** The same arrays in float and double, and the float path's outputs. */
  private record Case(INDArray x, INDArray gamma, INDArray beta, INDArray movingMean,
      INDArray movingVariance, INDArray mean, INDArray inv, INDArray xHat, INDArray out) {

    static Case of(INDArray x, INDArray gamma, INDArray beta, INDArray movingMean,
        INDArray movingVariance, DataType type) {
      int channels = (int) movingMean.length();
      return new Case(x.castTo(type), gamma == null ? null : gamma.castTo(type),
          beta == null ? null : beta.castTo(type), movingMean.castTo(type),
          movingVariance.castTo(type), Nd4j.create(type, channels),
          Nd4j.create(type, channels), Nd4j.create(type, x.length()),
          Nd4j.create(type, x.length()));
    }

    void train() {
      Normalization.batchNormTraining(x, gamma, beta, movingMean, movingVariance, 0.9, 1e-3,
          mean, inv, xHat, out);
    }
  }

  private static INDArray gaussian(int n, double offset, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (offset + random.nextGaussian());
    }
    return Nd4j.createFromArray(values);
  }

  @ParameterizedTest
  @CsvSource({"1, 5, true", "2, 1, true", "33, 37, true", "1000, 3, false", "20000, 32, true",
      "3000, 64, false", "7, 3000, true", "600, 10, true"})
  void floatPathAgreesWithDoublePath(int rows, int channels, boolean affine) {
    int n = rows * channels;
    INDArray x = gaussian(n, 10, rows);
    INDArray gamma = affine ? gaussian(channels, 1, 2) : null;
    INDArray beta = affine ? gaussian(channels, 0, 3) : null;
    INDArray movingMean = gaussian(channels, 0, 4);
    INDArray movingVariance = gaussian(channels, 0, 5).muli(0.1).addi(1);
    Case f = Case.of(x, gamma, beta, movingMean, movingVariance, DataType.FLOAT);
    Case d = Case.of(x, gamma, beta, movingMean, movingVariance, DataType.DOUBLE);
    f.train();
    d.train();
    assertClose(d.mean, f.mean, "mean");
    assertClose(d.inv, f.inv, "inverse deviation");
    assertClose(d.movingMean, f.movingMean, "moving mean");
    assertClose(d.movingVariance, f.movingVariance, "moving variance");
    assertClose(d.xHat, f.xHat, "normalized");
    assertClose(d.out, f.out, "output");

    INDArray dY = gaussian(n, 0.5, 6);
    INDArray gammaGradF = affine ? Nd4j.create(DataType.FLOAT, channels) : null;
    INDArray betaGradF = affine ? Nd4j.create(DataType.FLOAT, channels) : null;
    INDArray gammaGradD = affine ? Nd4j.create(DataType.DOUBLE, channels) : null;
    INDArray betaGradD = affine ? Nd4j.create(DataType.DOUBLE, channels) : null;
    INDArray dXF = dY.dup();
    INDArray dXD = Nd4j.create(DataType.DOUBLE, n);
    // the float path in place (dX is dY), the double one into its own array
    Normalization.batchNormBackward(dXF, f.xHat, f.inv, f.gamma, gammaGradF, betaGradF, dXF);
    Normalization.batchNormBackward(dY.castTo(DataType.DOUBLE), d.xHat, d.inv, d.gamma,
        gammaGradD, betaGradD, dXD);
    if (affine) {
      assertClose(gammaGradD, gammaGradF, "gamma gradient");
      assertClose(betaGradD, betaGradF, "beta gradient");
    }
    assertClose(dXD, dXF, "input gradient");

    Normalization.batchNormInference(f.x, f.gamma, f.beta, f.movingMean, f.movingVariance, 1e-3,
        f.out);
    Normalization.batchNormInference(d.x, d.gamma, d.beta, d.movingMean, d.movingVariance, 1e-3,
        d.out);
    assertClose(d.out, f.out, "inference output");
  }

  /** Each value within TOLERANCE of the largest expected magnitude (at least 1). */
  private static void assertClose(INDArray expected, INDArray actual, String what) {
    double[] e = expected.toDoubleVector();
    float[] a = actual.toFloatVector();
    double scale = 1;
    for (double v : e) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], TOLERANCE * scale, what + " at " + i);
    }
  }
}
