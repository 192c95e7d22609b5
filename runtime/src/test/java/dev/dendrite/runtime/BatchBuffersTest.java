package dev.dendrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class BatchBuffersTest {
  private static final ModelSpec SPEC = new ModelSpec("Digits", List.of(2, 3), 4,
      Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADAM, 0.001, 32, 1, 42, 28);

  /** A set of buffers that remembers its batch size. */
  private record Set(int n) {}

  @Test
  void sameSizeReusesSameObject() {
    List<Integer> created = new ArrayList<>();
    BatchBuffers<Set> buffers = new BatchBuffers<>(n -> {
      created.add(n);
      return new Set(n);
    });
    Set a = buffers.get(32);
    assertSame(a, buffers.get(32));
    Set b = buffers.get(7);
    assertNotSame(a, b);
    assertEquals(7, b.n());
    assertSame(a, buffers.get(32));
    assertSame(b, buffers.get(7));
    assertEquals(List.of(32, 7), created);
  }

  @Test
  void keepsFourMostRecentlyUsedSizes() {
    List<Integer> created = new ArrayList<>();
    BatchBuffers<Set> buffers = new BatchBuffers<>(n -> {
      created.add(n);
      return new Set(n);
    });
    Set one = buffers.get(1);
    buffers.get(2);
    buffers.get(3);
    buffers.get(4);
    assertSame(one, buffers.get(1)); // 1 becomes most recent; 2 is now least recent
    buffers.get(5); // evicts 2
    assertSame(one, buffers.get(1));
    assertEquals(List.of(1, 2, 3, 4, 5), created);
    buffers.get(2);
    assertEquals(List.of(1, 2, 3, 4, 5, 2), created);
  }

  @Test
  void samplesAcceptsMatchingShapes() {
    assertEquals(5, BatchBuffers.samples(SPEC, Nd4j.create(DataType.FLOAT, 5, 6),
        Nd4j.create(DataType.FLOAT, 5, 4)));
    assertEquals(1, BatchBuffers.samples(SPEC, Nd4j.create(DataType.DOUBLE, 1, 6), null));
  }

  @Test
  void samplesRejectsWrongFeatureShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BatchBuffers.samples(SPEC, Nd4j.create(DataType.FLOAT, 5, 5), null));
    assertTrue(e.getMessage().contains("[samples, 6]"), e.getMessage());
    assertTrue(e.getMessage().contains("2x3"), e.getMessage());
    assertTrue(e.getMessage().contains("given [5, 5]"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> BatchBuffers.samples(SPEC, Nd4j.create(DataType.FLOAT, 5, 2, 3), null));
    assertTrue(e.getMessage().contains("given [5, 2, 3]"), e.getMessage());
  }

  @Test
  void samplesRejectsWrongTargetShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BatchBuffers.samples(SPEC, Nd4j.create(DataType.FLOAT, 5, 6),
            Nd4j.create(DataType.FLOAT, 4, 4)));
    assertTrue(e.getMessage().contains("targets of shape [5, 4]"), e.getMessage());
    assertTrue(e.getMessage().contains("given [4, 4]"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> BatchBuffers.samples(SPEC, Nd4j.create(DataType.FLOAT, 5, 6),
            Nd4j.create(DataType.FLOAT, 5, 3)));
    assertTrue(e.getMessage().contains("given [5, 3]"), e.getMessage());
  }

  @Test
  void samplesRejectsEmptyBatch() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BatchBuffers.samples(SPEC, Nd4j.create(DataType.FLOAT, 0, 6), null));
    assertTrue(e.getMessage().contains("at least one sample"), e.getMessage());
  }
}
