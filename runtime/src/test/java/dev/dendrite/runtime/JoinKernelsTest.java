package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The kernels of {@code @Add} and {@code @Concatenate} against ND4J's own ops. */
class JoinKernelsTest {

  private static INDArray random(long seed, DataType type, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.randn(DataType.DOUBLE, shape).castTo(type);
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
  void addIsTheElementWiseSumAlsoInPlace(DataType type) {
    INDArray a = random(1, type, 3, 2, 2, 4);
    INDArray b = random(2, type, 3, 2, 2, 4);
    INDArray out = Nd4j.create(type, 3, 2, 2, 4);

    Kernels.add(a, b, out);
    assertEquals(a.add(b), out);

    INDArray expected = out.add(b);
    Kernels.add(out, b, out);
    assertEquals(expected, out);
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
  void concatenateAndSplitMatchNd4jOnTheLastAxis(DataType type) {
    INDArray a = random(3, type, 2, 3, 3, 4);
    INDArray b = random(4, type, 2, 3, 3, 1);
    INDArray c = random(5, type, 2, 3, 3, 2);
    INDArray whole = Nd4j.create(type, 2, 3, 3, 7);

    Kernels.concatenate(a, whole, 0);
    Kernels.concatenate(b, whole, 4);
    Kernels.concatenate(c, whole, 5);
    assertEquals(Nd4j.concat(3, a, b, c), whole);

    INDArray part = Nd4j.create(type, 2, 3, 3, 1);
    Kernels.split(whole, part, 4);
    assertEquals(b, part);
  }
}
