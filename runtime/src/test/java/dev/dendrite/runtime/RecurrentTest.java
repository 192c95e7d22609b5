package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dendrite.Activation;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch of series through {@link Recurrent}'s layers gives each series what it gives alone:
 * outputs and input gradients row by row. The batch is large enough that each step's products
 * are split into several OpenBLAS calls (of at most {@link Blas#SINGLE_THREAD_MACS}), which a
 * wrong row offset would mix up; one series alone is a single call.
 */
class RecurrentTest {
  private static final int STEPS = 4;
  private static final int FEATURES = 2;
  private static final int U = 8;
  /** Series in the batch: three product calls per step for SimpleRNN, more for the others. */
  private static final int N = (int) (2 * Blas.SINGLE_THREAD_MACS / (U * U)) + 5;
  private static final int[] CHECKED = {0, N / 2, N - 1};

  private enum Kind { SIMPLE_RNN, GRU, LSTM }

  @Test
  void lstmSeriesAreIndependentInABatch() {
    check(Kind.LSTM, DataType.DOUBLE);
    check(Kind.LSTM, DataType.FLOAT);
  }

  @Test
  void gruSeriesAreIndependentInABatch() {
    check(Kind.GRU, DataType.DOUBLE);
  }

  @Test
  void simpleRnnSeriesAreIndependentInABatch() {
    check(Kind.SIMPLE_RNN, DataType.DOUBLE);
  }

  private static void check(Kind kind, DataType type) {
    Random random = new Random(5);
    int width = switch (kind) {
      case SIMPLE_RNN -> U;
      case GRU -> 3 * U;
      case LSTM -> 4 * U;
    };
    INDArray x = random(type, random, N, STEPS, FEATURES);
    INDArray kernel = random(type, random, FEATURES, width);
    INDArray recurrentKernel = random(type, random, U, width);
    INDArray bias = kind == Kind.GRU ? random(type, random, 2, width) : random(type, random, width);
    INDArray outGrad = random(type, random, N, U);
    INDArray[] batch = run(kind, x, kernel, recurrentKernel, bias, outGrad, width);
    double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
    for (int i : CHECKED) {
      INDArray[] alone = run(kind, slice(x, i), kernel, recurrentKernel, bias, slice(outGrad, i),
          width);
      for (int a = 0; a < batch.length; a++) {
        double[] expected = alone[a].data().asDouble();
        double[] actual = slice(batch[a], i).data().asDouble();
        for (int k = 0; k < expected.length; k++) {
          assertEquals(expected[k], actual[k], tolerance * (1 + Math.abs(expected[k])),
              kind + " " + type + (a == 0 ? " output" : " input gradient") + " of series " + i
                  + " at " + k);
        }
      }
    }
  }

  /** The last states and the input gradients of a batch. */
  private static INDArray[] run(Kind kind, INDArray x, INDArray kernel, INDArray recurrentKernel,
      INDArray bias, INDArray outGrad, int width) {
    DataType type = x.dataType();
    long n = x.size(0);
    INDArray gates = Nd4j.create(type, n, STEPS, width);
    INDArray states = Nd4j.create(type, n, STEPS, U);
    INDArray out = Nd4j.create(type, n, U);
    INDArray gatesGrad = Nd4j.create(type, n, STEPS, width);
    INDArray dh = Nd4j.create(type, n, U);
    INDArray kernelGrad = Nd4j.create(type, FEATURES, width);
    INDArray recurrentKernelGrad = Nd4j.create(type, U, width);
    INDArray biasGrad = Nd4j.create(type, bias.shape());
    INDArray inGrad = Nd4j.create(type, n, STEPS, FEATURES);
    Activation tanh = Activation.TANH;
    Activation sigmoid = Activation.SIGMOID;
    switch (kind) {
      case SIMPLE_RNN -> {
        Recurrent.simpleRnn(x, kernel, recurrentKernel, bias, gates, states, out, tanh);
        Recurrent.simpleRnnBackward(x, kernel, recurrentKernel, states, outGrad, gatesGrad, dh,
            kernelGrad, recurrentKernelGrad, biasGrad, inGrad, tanh);
      }
      case GRU -> {
        INDArray projections = Nd4j.create(type, n, STEPS, width);
        Recurrent.gru(x, kernel, recurrentKernel, bias, gates, projections, states, out, tanh,
            sigmoid);
        Recurrent.gruBackward(x, kernel, recurrentKernel, gates, projections, states, outGrad,
            gatesGrad, Nd4j.create(type, n, STEPS, width), dh, kernelGrad, recurrentKernelGrad,
            biasGrad, inGrad, tanh, sigmoid);
      }
      case LSTM -> {
        INDArray cells = Nd4j.create(type, n, STEPS, U);
        Recurrent.lstm(x, kernel, recurrentKernel, bias, gates, cells, states, out, tanh,
            sigmoid);
        Recurrent.lstmBackward(x, kernel, recurrentKernel, gates, cells, states, outGrad,
            gatesGrad, dh, Nd4j.create(type, n, U), kernelGrad, recurrentKernelGrad, biasGrad,
            inGrad, tanh, sigmoid);
      }
      default -> throw new IllegalStateException();
    }
    return new INDArray[] {out, inGrad};
  }

  /** Series i of a batch, as a batch of one. */
  private static INDArray slice(INDArray batch, int i) {
    long[] shape = batch.shape().clone();
    shape[0] = 1;
    INDArray one = Nd4j.create(batch.dataType(), shape);
    Vec from = Vec.of(batch);
    Vec to = Vec.of(one);
    for (int k = 0; k < to.length; k++) {
      to.set(k, from.get(i * to.length + k));
    }
    return one;
  }

  private static INDArray random(DataType type, Random random, long... shape) {
    INDArray array = Nd4j.create(type, shape);
    Vec v = Vec.of(array);
    for (int k = 0; k < v.length; k++) {
      v.set(k, random.nextGaussian() * 0.5);
    }
    return array;
  }
}
