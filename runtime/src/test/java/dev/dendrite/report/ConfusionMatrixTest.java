package dev.dendrite.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  /** scikit-learn's {@code classification_report} example, with its published numbers. */
  private static final ConfusionMatrix SKLEARN = ConfusionMatrix.of(
      List.of("class 0", "class 1", "class 2"),
      new int[] {0, 1, 2, 2, 2}, new int[] {0, 0, 2, 2, 1});

  @Test
  void countsTruthAgainstPrediction() {
    assertEquals(1, SKLEARN.count(0, 0));
    assertEquals(1, SKLEARN.count(1, 0));
    assertEquals(2, SKLEARN.count(2, 2));
    assertEquals(1, SKLEARN.count(2, 1));
    assertEquals(0, SKLEARN.count(0, 2));
    assertEquals(5, SKLEARN.total());
    assertEquals(0.6, SKLEARN.accuracy(), 1e-12);
  }

  @Test
  void scoresMatchScikitLearn() {
    assertEquals(0.5, SKLEARN.precision(0), 1e-12);
    assertEquals(1.0, SKLEARN.recall(0), 1e-12);
    assertEquals(2.0 / 3, SKLEARN.f1(0), 1e-12);
    // class 1 is never predicted correctly: zero_division gives 0
    assertEquals(0, SKLEARN.precision(1));
    assertEquals(0, SKLEARN.f1(1));
    assertEquals(1.0, SKLEARN.precision(2), 1e-12);
    assertEquals(2.0 / 3, SKLEARN.recall(2), 1e-12);
    assertEquals(0.8, SKLEARN.f1(2), 1e-12);
    assertEquals(3, SKLEARN.support(2));
  }

  @Test
  void textHasTheMatrixAndScikitLearnsAverages() {
    String text = SKLEARN.text("test").replace(System.lineSeparator(), "\n");

    assertTrue(text.startsWith("""
        Confusion matrix on 5 test samples (rows: true class, columns: predicted):
                      class 0  class 1  class 2
        class 0             1        0        0
        class 1             1        0        0
        class 2             0        1        2
        """), text);
    assertTrue(text.contains("class 0          0.5000  1.0000    0.6667        1\n"), text);
    assertTrue(text.contains("accuracy                           0.6000        5\n"), text);
    // scikit-learn: macro avg 0.50 0.56 0.49, weighted avg 0.70 0.60 0.61
    assertTrue(text.contains("macro avg        0.5000  0.5556    0.4889        5\n"), text);
    assertTrue(text.contains("weighted avg     0.7000  0.6000    0.6133        5\n"), text);
  }

  @Test
  void csvQuotesNamesWithCommas() {
    ConfusionMatrix m = ConfusionMatrix.of(List.of("a,b", "c"), new int[] {0, 1, 1},
        new int[] {0, 0, 1});

    assertEquals("true\\predicted,\"a,b\",c\n\"a,b\",1,0\nc,1,1\n", m.csv());
    assertTrue(m.scoresCsv().startsWith("class,precision,recall,f1,support\n\"a,b\",0.5,1.0,"),
        m.scoresCsv());
  }

  @Test
  void refusesMismatchedOrOutOfRangeClasses() {
    assertThrows(IllegalArgumentException.class,
        () -> ConfusionMatrix.of(List.of("a", "b"), new int[] {0}, new int[] {0, 1}));
    assertThrows(IllegalArgumentException.class,
        () -> ConfusionMatrix.of(List.of("a", "b"), new int[] {2}, new int[] {0}));
  }
}
