package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every pass shared with {@link SecondThread} gives bit for bit what the calling thread alone
 * gives, on lengths that end inside a chunk; each comparison is repeated until the second thread
 * has taken part at least once (it may wake after the caller has done all the chunks), with
 * {@link SplitPass}'s back-off cleared before each try.
 */
class SplitPassTest {
  /** Shared by every pass, and not a whole number of chunks. */
  private static final int N = 2 * SplitPass.STREAMING + 1234;
  /** Tries for the second thread to take part before the test fails. */
  private static final int TRIES = 200;

  /** Sharing is on by default on two cores only ({@link SplitPass#SWITCH}); these tests say on. */
  @BeforeEach
  void share() {
    System.setProperty(SplitPass.SWITCH, "true");
  }

  @AfterEach
  void byDefault() {
    System.clearProperty(SplitPass.SWITCH);
  }

  @Test
  void reluGradient() {
    assertSharedMatchesAlone("relu gradient", () -> {
      INDArray z = random(N, 2, true);
      INDArray dA = random(N, 3, false);
      FloatLoops.reluBackward(Floats.bits(z), Floats.bits(dA), Floats.bits(dA), N);
      return List.of(dA);
    });
  }

  @Test
  void dropoutMaskAndProduct() {
    assertSharedMatchesAlone("dropout", () -> {
      INDArray x = random(N, 4, false);
      INDArray mask = Nd4j.create(DataType.FLOAT, N);
      INDArray out = Nd4j.create(DataType.FLOAT, N);
      Rng rng = new Rng(5);
      FloatLoops.dropoutMask(Floats.bits(mask), N, 0.3, rng);
      FloatLoops.multiply(Floats.of(x), Floats.of(mask), Floats.of(out), N);
      INDArray state = Nd4j.createFromArray((float) rng.nextDouble());
      return List.of(mask, out, state);
    });
  }

  @Test
  void biasAddOnNarrowAndWideRows() {
    for (int cols : new int[] {100, FloatLoops.CHUNK + 3}) {
      int n = N / cols * cols;
      assertSharedMatchesAlone("bias of " + cols, () -> {
        INDArray out = random(n, 6, false);
        INDArray bias = random(cols, 7, false);
        FloatLoops.addRowVector(Floats.of(out), Floats.of(bias), n, cols);
        return List.of(out);
      });
    }
  }

  @Test
  void adamAndAdamW() {
    for (float decay : new float[] {1f, 0.999f}) {
      assertSharedMatchesAlone("adam, decay " + decay, () -> {
        INDArray[] a = optimizerArrays();
        FloatLoops.adam(Floats.of(a[0]), Floats.of(a[1]), Floats.of(a[2]), Floats.of(a[3]), N,
            1e-3f, decay, 0.1f, 0.001f, 1e-7f);
        return List.of(a[0], a[2], a[3]);
      });
    }
  }

  @Test
  void rmsPropWithAndWithoutMomentum() {
    for (float momentum : new float[] {0f, 0.9f}) {
      assertSharedMatchesAlone("rmsprop, momentum " + momentum, () -> {
        INDArray[] a = optimizerArrays();
        FloatLoops.rmsProp(Floats.of(a[0]), Floats.of(a[1]), Floats.of(a[2]), Floats.of(a[3]),
            N, 1e-3f, 0.9f, momentum, 1e-7f);
        return List.of(a[0], a[2], a[3]);
      });
    }
  }

  @Test
  void sgdPlainMomentumAndNesterov() {
    float[] momenta = {0f, 0.9f, 0.9f};
    boolean[] nesterov = {false, false, true};
    for (int k = 0; k < momenta.length; k++) {
      float momentum = momenta[k];
      boolean ahead = nesterov[k];
      assertSharedMatchesAlone("sgd " + momentum + (ahead ? " nesterov" : ""), () -> {
        INDArray[] a = optimizerArrays();
        FloatLoops.sgd(Floats.of(a[0]), Floats.of(a[1]), Floats.of(a[2]), N, 0.01f, momentum,
            ahead);
        return List.of(a[0], a[2]);
      });
    }
  }

  @Test
  void smallPassesAndPassesBesideAnotherHolderStayOnTheCaller() {
    INDArray x = random(N, 12, true);
    INDArray y = random(N, 17, false);
    long tasks = SecondThread.tasksRun();
    FloatLoops.multiply(Floats.of(x), Floats.of(y), Floats.of(x), SplitPass.STREAMING - 1);
    assertEquals(tasks, SecondThread.tasksRun(), "a pass below the threshold");
    assumeTrue(SecondThread.claim(), "one core: nothing to split");
    try {
      FloatLoops.multiply(Floats.of(x), Floats.of(y), Floats.of(x), N);
    } finally {
      SecondThread.release();
    }
    assertEquals(tasks, SecondThread.tasksRun(), "a pass while the thread is held");
  }

  @Test
  void aFailureOnTheSecondThreadReachesTheCaller() {
    assumeTrue(SecondThread.AVAILABLE, "one core: nothing to split");
    SplitPass failing = new SplitPass(SplitPass.COMPUTING) {
      @Override
      void range(int from, int to) {
        if (Thread.currentThread().getName().equals("dendrite-second-thread")) {
          throw new ArithmeticException("chunk at " + from);
        }
        Thread.onSpinWait();
      }
    };
    for (int i = 0; i < TRIES; i++) {
      SplitPass.clearBackOff();
      try {
        failing.run(N, 16);
      } catch (IllegalStateException e) {
        assertTrue(e.getCause() instanceof ArithmeticException, e.toString());
        return;
      }
    }
    throw new AssertionError("the second thread never took part in " + TRIES + " tries");
  }

  @Test
  void aLateSecondThreadSendsTheNextPassesToTheCallerAlone() {
    assumeTrue(SecondThread.AVAILABLE, "one core: nothing to split");
    SplitPass slow = new SplitPass(SplitPass.COMPUTING) {
      @Override
      void range(int from, int to) {
        if (Thread.currentThread().getName().equals("dendrite-second-thread")) {
          // far longer than any of the caller's chunks, however slow (lateness is judged by them)
          LockSupport.parkNanos(20_000_000);
        }
      }
    };
    INDArray[] a = optimizerArrays(); // made first: the back-off lasts milliseconds
    boolean late = false;
    for (int i = 0; i < TRIES && !late; i++) {
      SplitPass.clearBackOff();
      long tasks = SecondThread.tasksRun();
      slow.run(N, 16);
      late = SecondThread.tasksRun() > tasks;
    }
    assertTrue(late, "the second thread never took part in " + TRIES + " tries");
    try {
      assertTrue(SplitPass.backingOff(), "backing off after a late second thread");
      long tasks = SecondThread.tasksRun();
      FloatLoops.adam(Floats.of(a[0]), Floats.of(a[1]), Floats.of(a[2]), Floats.of(a[3]), N,
          1e-3f, 1f, 0.1f, 0.001f, 1e-7f);
      assertEquals(tasks, SecondThread.tasksRun(), "the next pass, on the caller alone");
    } finally {
      SplitPass.clearBackOff();
    }
  }

  /**
   * Runs {@code pass} (which makes its inputs afresh and returns its outputs) on the calling
   * thread alone, then shared until the second thread has taken part, comparing every output.
   */
  private static void assertSharedMatchesAlone(String what, Supplier<List<INDArray>> pass) {
    assumeTrue(SecondThread.AVAILABLE, "one core: nothing to split");
    List<INDArray> alone;
    System.setProperty(SplitPass.SWITCH, "false");
    try {
      alone = pass.get();
    } finally {
      System.setProperty(SplitPass.SWITCH, "true");
    }
    for (int i = 0; i < TRIES; i++) {
      SplitPass.clearBackOff();
      long tasks = SecondThread.tasksRun();
      List<INDArray> shared = pass.get();
      for (int k = 0; k < alone.size(); k++) {
        assertArrayEquals(bits(alone.get(k)), bits(shared.get(k)), what + ", output " + k);
      }
      if (SecondThread.tasksRun() > tasks) {
        return;
      }
    }
    throw new AssertionError(what + ": the second thread never took part in " + TRIES
        + " tries");
  }

  private static int[] bits(INDArray a) {
    FloatBuffer values = Floats.of(a);
    int[] bits = new int[(int) a.length()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = Float.floatToRawIntBits(values.get(i));
    }
    return bits;
  }

  /** Parameters, gradients and two state arrays, the state positive as second moments are. */
  private static INDArray[] optimizerArrays() {
    INDArray second = random(N, 16, false);
    second.assign(second.mul(second));
    return new INDArray[] {random(N, 13, false), random(N, 14, false), random(N, 15, false),
        second};
  }

  /** Gaussians; with {@code zeros}, every seventh is 0 and every eleventh -0. */
  private static INDArray random(int n, long seed, boolean zeros) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
      if (zeros && i % 7 == 0) {
        values[i] = 0f;
      } else if (zeros && i % 11 == 0) {
        values[i] = -0f;
      }
    }
    return Nd4j.createFromArray(values);
  }
}
