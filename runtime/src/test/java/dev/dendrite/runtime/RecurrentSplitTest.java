package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dendrite.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float LSTM's batch split between the calling thread and {@link SecondThread}'s gives every
 * value bit for bit what the calling thread alone gives: states, gates, cells, outputs and all
 * gradients. The halves are uneven and each spans several OpenBLAS calls per step.
 */
class RecurrentSplitTest {
  private static final int STEPS = 5;
  private static final int U = 32;
  private static final int ROWS_PER_CALL = (int) (Blas.SINGLE_THREAD_MACS / (4L * U * U));
  private static final int N = Recurrent.SPLIT_SAMPLES + 2 * ROWS_PER_CALL + 5;

  @Test
  void theSplitIsUnevenAndAtACallBoundary() {
    int split = Recurrent.splitAt(N, U);
    assertTrue(split > 0 && split < N && split != N - split, "split at " + split + " of " + N);
    assertEquals(0, split % ROWS_PER_CALL);
    assertEquals(0, Recurrent.splitAt(1, U));
    assertEquals(0, Recurrent.splitAt(Recurrent.SPLIT_SAMPLES - 1, U));
  }

  @Test
  void splitLastStatesAreThoseOfOneThread() {
    compare(1, false);
  }

  @Test
  void splitSequencesAreThoseOfOneThread() {
    compare(2, true);
  }

  @Test
  void splitWithProjectedInputIsThatOfOneThread() {
    compare(RecurrentFloats.FUSED_FEATURES + 3, false);
  }

  /**
   * Sharing of products and element-wise passes is off here ({@link SplitPass#SWITCH}), so that
   * the second thread's tasks counted are the recurrence's own (shared products are compared
   * with the caller's alone in BlasTest).
   */
  private static void compare(int features, boolean sequences) {
    assumeTrue(SecondThread.claim(), "one core: nothing to split");
    System.setProperty(SplitPass.SWITCH, "false");
    List<INDArray> alone;
    List<INDArray> split;
    long tasks;
    try {
      try {
        alone = run(features, sequences);
      } finally {
        SecondThread.release();
      }
      tasks = SecondThread.tasksRun();
      split = run(features, sequences);
    } finally {
      System.clearProperty(SplitPass.SWITCH);
    }
    assertEquals(tasks + 2, SecondThread.tasksRun(), "forward and backward each split once");
    String[] names = {"out", "gates", "cells", "states", "kernelGrad", "recurrentKernelGrad",
        "biasGrad", "inGrad"};
    for (int a = 0; a < names.length; a++) {
      assertArrayEquals(alone.get(a).data().asFloat(), split.get(a).data().asFloat(),
          names[a] + " of " + features + " features" + (sequences ? ", sequences" : ""));
    }
  }

  private static List<INDArray> run(int features, boolean sequences) {
    Random random = new Random(17);
    DataType type = DataType.FLOAT;
    INDArray x = random(random, N, STEPS, features);
    INDArray kernel = random(random, features, 4 * U);
    INDArray recurrentKernel = random(random, U, 4 * U);
    INDArray bias = random(random, 4 * U);
    long[] outShape = sequences ? new long[] {N, STEPS, U} : new long[] {N, U};
    INDArray outGrad = random(random, outShape);
    INDArray gates = Nd4j.create(type, N, STEPS, 4 * U);
    INDArray cells = Nd4j.create(type, N, STEPS, U);
    INDArray states = Nd4j.create(type, N, STEPS, U);
    INDArray out = Nd4j.create(type, outShape);
    Activation tanh = Activation.TANH;
    Activation sigmoid = Activation.SIGMOID;
    Recurrent.lstm(x, kernel, recurrentKernel, bias, gates, cells, states, out, tanh, sigmoid);
    INDArray kernelGrad = Nd4j.create(type, features, 4 * U);
    INDArray recurrentKernelGrad = Nd4j.create(type, U, 4 * U);
    INDArray biasGrad = Nd4j.create(type, 4 * U);
    INDArray inGrad = Nd4j.create(type, N, STEPS, features);
    Recurrent.lstmBackward(x, kernel, recurrentKernel, gates, cells, states, outGrad,
        Nd4j.create(type, N, STEPS, 4 * U), Nd4j.create(type, N, U), Nd4j.create(type, N, U),
        kernelGrad, recurrentKernelGrad, biasGrad, inGrad, tanh, sigmoid);
    return new ArrayList<>(List.of(out, gates, cells, states, kernelGrad, recurrentKernelGrad,
        biasGrad, inGrad));
  }

  private static INDArray random(Random random, long... shape) {
    INDArray array = Nd4j.create(DataType.FLOAT, shape);
    Vec v = Vec.of(array);
    for (int k = 0; k < v.length; k++) {
      v.set(k, random.nextGaussian() * 0.5);
    }
    return array;
  }
}
