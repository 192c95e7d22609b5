package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import java.lang.management.ManagementFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * After warm-up a training step allocates nothing: no ND4J buffer, op context or other native
 * allocation (ND4J registers each with its deallocator service, whose counter this reads) and no
 * heap object (the JVM counts the bytes each thread allocates: the caller's and the runtime's
 * second thread's, which runs half of a large batch's recurrence and shares large element-wise
 * passes). Every array is allocated once per batch size, buffer views and native op contexts
 * are made once per array, and the loops run on scratch arrays made once per thread.
 */
class AllocationTest {
  private static final int WARM_UP = 100;
  private static final int STEPS = 40;
  /**
   * Less than one 16-byte object per step over {@link #STEPS} steps, in the quietest window: the
   * JIT's own work (compiling, linking a lambda) allocates a few hundred bytes now and then.
   */
  private static final long HEAP_SLACK = 512;
  /**
   * Windows measured at most. Until C2 has compiled a step's methods, escape analysis has not
   * removed their temporary objects, and on a loaded machine that can take longer than the
   * warm-up; so windows are measured until one is quiet. A step that allocates does so in every
   * window and still fails, whatever the machine's speed.
   */
  private static final int WINDOWS = 100;

  @Test
  void seedMlpTrainingStepAllocatesNothing() {
    assertAllocatesNothing(new MnistMlpNetwork(), 64);
  }

  @Test
  void binaryAndRegressionStepsAllocateNothing() {
    assertAllocatesNothing(new BreastCancerNetwork(), 16);
    assertAllocatesNothing(new DiabetesNetwork(), 16);
  }

  @Test
  void convolutionStepsAllocateNothing() {
    assertAllocatesNothing(new MnistConvnetNetwork(), 8);
    assertAllocatesNothing(new SeriesClassifierNetwork(), 8);
  }

  /**
   * Under eight samples each convolution chose between oneDNN and im2col + GEMM at its first
   * step; later steps find the choice without allocating.
   */
  @Test
  void convolutionStepsOnChosenKernelsAllocateNothing() {
    assertAllocatesNothing(new MnistConvnetNetwork(), 2);
    assertAllocatesNothing(new SeriesClassifierNetwork(), 3);
  }

  @Test
  void batchNormalizationStepAllocatesNothing() {
    assertAllocatesNothing(new MnistConvnetBatchNormNetwork(), 8);
  }

  @Test
  void recurrentStepsAllocateNothing() {
    assertAllocatesNothing(new GradientModels_SimpleRnnStackedNetwork(), 8);
    assertAllocatesNothing(new GradientModels_LstmStackedNetwork(), 8);
    assertAllocatesNothing(new GradientModels_GruStackedNetwork(), 8);
  }

  @Test
  void lstmStepSplitAcrossTwoThreadsAllocatesNothing() {
    // LSTM(32) at batch 128: its recurrence runs half on the runtime's second thread
    assertAllocatesNothing(new SeriesLstmNetwork(), 128);
  }

  @Test
  void globalMaxPoolingAndZeroPaddingStepsAllocateNothing() {
    assertAllocatesNothing(new GradientModels_GlobalMax2dNetwork(), 8);
    assertAllocatesNothing(new GradientModels_GlobalMax1dNetwork(), 8);
    assertAllocatesNothing(new GradientModels_ZeroPadMiddleNetwork(), 8);
    assertAllocatesNothing(new GradientModels_ZeroPadFirstNetwork(), 8);
  }

  @Test
  void branchingStepsAllocateNothing() {
    assertAllocatesNothing(new MnistResidualNetwork(), 8);
    assertAllocatesNothing(new ResidualModels_SharedBranchesNetwork(), 8);
    assertAllocatesNothing(new ResidualModels_ConvBranchesNetwork(), 8);
  }

  @Test
  void embeddingStepsAllocateNothing() {
    assertAllocatesNothing(new SortedDigitsGruNetwork(), 8);
    assertAllocatesNothing(new SortedDigitsBaselineNetwork(), 8);
    assertAllocatesNothing(new EmbeddingModels_LstmNetwork(), 8);
  }

  static void assertAllocatesNothing(Network network, int batch) {
    Nd4j.getRandom().setSeed(23);
    INDArray x = Nd4j.rand(DataType.FLOAT, batch, network.spec().inputSize());
    int ids = network.spec().inputIdLimit();
    if (ids > 0) { // an Embedding's input: whole token ids
      x = Transforms.floor(x.muli(ids), false);
    }
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, network.spec().outputs());
    y.getColumn(0).assign(1);
    for (int i = 0; i < WARM_UP; i++) {
      network.fit(x, y);
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] stepThreads = stepThreads();
    long buffers = Nd4j.getDeallocatorService().nextValue();
    long heap = Long.MAX_VALUE;
    int windows = 0;
    while (windows < WINDOWS && heap >= HEAP_SLACK) {
      long before = allocated(threads, stepThreads);
      for (int i = 0; i < STEPS; i++) {
        network.fit(x, y);
      }
      heap = Math.min(heap, allocated(threads, stepThreads) - before);
      windows++;
    }
    // nextValue() itself takes one number
    buffers = Nd4j.getDeallocatorService().nextValue() - buffers - 1;
    String name = network.spec().name();
    assertEquals(0, buffers, name + ": native allocations in " + windows * STEPS + " steps");
    assertTrue(heap < HEAP_SLACK, name + ": " + heap + " heap bytes in " + STEPS
        + " steps, in the quietest of " + windows + " windows");
  }

  /** This thread and the runtime's second thread, where a step has run on it. */
  private static long[] stepThreads() {
    return Stream.concat(Stream.of(Thread.currentThread()), Thread.getAllStackTraces().keySet()
            .stream().filter(t -> t.getName().equals("dendrite-second-thread")))
        .mapToLong(Thread::getId).toArray();
  }

  private static long allocated(com.sun.management.ThreadMXBean threads, long[] ids) {
    long bytes = 0;
    for (long id : ids) {
      bytes += threads.getThreadAllocatedBytes(id);
    }
    return bytes;
  }
}
