package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dendrite.Network;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * After warm-up a training step of a dense network creates no ND4J buffer, op context or other
 * native allocation: every array is allocated once per batch size, and the step runs on OpenBLAS
 * and plain loops. ND4J registers each native allocation with its deallocator service, whose
 * counter this reads.
 */
class AllocationTest {

  @Test
  void seedMlpTrainingStepAllocatesNothingNative() {
    assertEquals(0, nativeAllocationsPerStep(new MnistMlpNetwork(), 64));
  }

  @Test
  void binaryAndRegressionStepsAllocateNothingNative() {
    assertEquals(0, nativeAllocationsPerStep(new BreastCancerNetwork(), 16));
    assertEquals(0, nativeAllocationsPerStep(new DiabetesNetwork(), 16));
  }

  private static long nativeAllocationsPerStep(Network network, int batch) {
    INDArray x = Nd4j.rand(DataType.FLOAT, batch, network.spec().inputSize());
    INDArray y = Nd4j.zeros(DataType.FLOAT, batch, network.spec().outputs());
    y.getColumn(0).assign(1);
    for (int i = 0; i < 3; i++) {
      network.fit(x, y);
    }
    long before = Nd4j.getDeallocatorService().nextValue();
    for (int i = 0; i < 10; i++) {
      network.fit(x, y);
    }
    // nextValue() itself takes one number
    return Nd4j.getDeallocatorService().nextValue() - before - 1;
  }
}
