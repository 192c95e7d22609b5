package dev.dendrite.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Optimizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerOptionsTest {
  private static final ModelSpec SPEC = new ModelSpec("Iris", List.of(4), 3,
      Loss.CATEGORICAL_CROSSENTROPY, Optimizer.ADAM, 0.005, 16, 7, 1234, 67);

  private static TrainerOptions parse(String... args) {
    return TrainerOptions.parse(args, SPEC);
  }

  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
  }

  @Test
  void defaultsComeFromSpec() {
    TrainerOptions o = parse("--train", "iris.csv");
    assertFalse(o.help());
    assertEquals(Path.of("iris.csv"), o.train());
    assertNull(o.test());
    assertEquals(0.0, o.validationSplit());
    assertEquals(7, o.epochs());
    assertEquals(16, o.batchSize());
    assertEquals(0.005, o.learningRate());
    assertEquals(1234L, o.seed());
    assertNull(o.label());
    assertFalse(o.standardize());
  }

  @Test
  void everyFlag() {
    TrainerOptions o = parse("--train", "a.csv", "--test", "b.csv", "--validation-split", "0.25",
        "--epochs", "3", "--batch-size", "8", "--learning-rate", "1e-2", "--seed", "-9",
        "--label", "species", "--standardize");
    assertEquals(Path.of("a.csv"), o.train());
    assertEquals(Path.of("b.csv"), o.test());
    assertEquals(0.25, o.validationSplit());
    assertEquals(3, o.epochs());
    assertEquals(8, o.batchSize());
    assertEquals(0.01, o.learningRate());
    assertEquals(-9L, o.seed());
    assertEquals("species", o.label());
    assertTrue(o.standardize());
    assertFalse(o.help());
  }

  @Test
  void equalsForm() {
    TrainerOptions o = parse("--train=a.csv", "--test=b=c.csv", "--validation-split=0.1",
        "--epochs=0", "--batch-size=1", "--learning-rate=0.5", "--seed=77", "--label=y");
    assertEquals(Path.of("a.csv"), o.train());
    assertEquals(Path.of("b=c.csv"), o.test(), "only the first '=' splits");
    assertEquals(0.1, o.validationSplit());
    assertEquals(0, o.epochs());
    assertEquals(1, o.batchSize());
    assertEquals(0.5, o.learningRate());
    assertEquals(77L, o.seed());
    assertEquals("y", o.label());
  }

  @Test
  void aFlagGivenTwiceIsRefused() {
    assertEquals("--epochs given twice (2, then 5); give it once",
        error("--train", "a", "--epochs", "2", "--epochs=5"));
    assertEquals("--train given twice (a, then b); give it once",
        error("--train", "a", "--train", "b"));
    assertTrue(error("--train", "a", "--standardize", "--standardize")
        .startsWith("--standardize given twice"));
  }

  @Test
  void helpNeedsNoTrainingFile() {
    assertTrue(parse("--help").help());
    assertTrue(parse("-h").help());
    assertNull(parse("-h").train());
  }

  @Test
  void unknownFlag() {
    assertEquals("unknown option: --epoch. Did you mean --epochs?",
        error("--train", "a", "--epoch", "3"));
    assertEquals("unknown option: --batchsize=8. Did you mean --batch-size?",
        error("--train", "a", "--batchsize=8"));
    assertEquals("unknown option: --learnig-rate. Did you mean --learning-rate?",
        error("--train", "a", "--learnig-rate", "1"));
    assertEquals("unknown option: --frobnicate", error("--train", "a", "--frobnicate"));
    assertTrue(error("--train", "a", "extra").contains("unknown option: extra"));
    assertTrue(error("--train", "a", "--bogus=1").contains("unknown option: --bogus=1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"--train", "--test", "--validation-split", "--epochs", "--batch-size",
      "--learning-rate", "--seed", "--label"})
  void missingValue(String flag) {
    String[] args = flag.equals("--train") ? new String[] {flag}
        : new String[] {"--train", "a.csv", flag};
    assertEquals(flag + " needs a value", error(args));
  }

  @Test
  void flagsWithoutValuesRefuseOne() {
    assertEquals("--standardize takes no value. Received: --standardize=false",
        error("--train", "a", "--standardize=false"));
    assertTrue(error("--help=yes").contains("--help"));
  }

  @Test
  void badNumbers() {
    assertTrue(error("--train", "a", "--epochs", "three").contains("--epochs expects an integer"));
    assertTrue(error("--train", "a", "--epochs", "-1").contains("at least 0"));
    assertTrue(error("--train", "a", "--epochs", "1.5").contains("Received: 1.5"));
    assertTrue(error("--train", "a", "--batch-size", "0").contains("--batch-size expects an "
        + "integer of at least 1"));
    assertTrue(error("--train", "a", "--learning-rate", "fast")
        .contains("--learning-rate expects a number. Received: fast"));
    assertTrue(error("--train", "a", "--learning-rate", "0").contains("must be positive"));
    assertTrue(error("--train", "a", "--learning-rate", "-0.1").contains("must be positive"));
    assertTrue(error("--train", "a", "--learning-rate", "NaN").contains("must be positive"));
    assertTrue(error("--train", "a", "--learning-rate", "Infinity").contains("must be positive"));
    assertTrue(error("--train", "a", "--seed", "1.5").contains("--seed expects an integer"));
    assertTrue(error("--train", "a", "--validation-split", "x")
        .contains("--validation-split expects a number"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1.5", "-0.1", "NaN", "Infinity"})
  void validationSplitOutOfRange(String value) {
    assertEquals("--validation-split must be in [0, 1). Received: " + value,
        error("--train", "a", "--validation-split", value));
  }

  @Test
  void validationSplitBounds() {
    assertEquals(0.0, parse("--train", "a", "--validation-split", "0").validationSplit());
    assertEquals(0.999, parse("--train", "a", "--validation-split", "0.999").validationSplit());
  }

  @Test
  void missingTrain() {
    assertEquals("no training data: give --train FILE", error());
    assertEquals("no training data: give --train FILE", error("--test", "b.csv"));
  }

  @Test
  void usageMentionsEveryFlagAndDefaults() {
    String usage = TrainerOptions.usage(SPEC);
    for (String flag : List.of("--train", "--test", "--validation-split", "--epochs",
        "--batch-size", "--learning-rate", "--seed", "--label", "--standardize", "--help")) {
      assertTrue(usage.contains(flag), "usage mentions " + flag);
    }
    assertTrue(usage.contains("IrisTrainer"));
    assertTrue(usage.contains("(default 7)"), usage);
    assertTrue(usage.contains("(default 16)"), usage);
    assertTrue(usage.contains("(default 0.005)"), usage);
    assertTrue(usage.contains("(default 1234)"), usage);
    assertTrue(usage.contains("categorical cross-entropy"), usage);
  }
}
