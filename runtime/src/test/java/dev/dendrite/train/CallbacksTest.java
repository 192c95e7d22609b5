package dev.dendrite.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.Network;
import dev.dendrite.report.EpochLog;
import dev.dendrite.report.HistoryCsv;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** EarlyStopping and ReduceLROnPlateau follow Keras' algorithms step by step. */
class CallbacksTest {
  private final INDArray weight = Nd4j.create(DataType.FLOAT, 1);
  private final double[] learningRate = {1.0};
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  /** A network that has one parameter and a learning rate, and nothing else. */
  private final Network network = (Network) Proxy.newProxyInstance(
      Network.class.getClassLoader(), new Class<?>[] {Network.class}, handler());

  private InvocationHandler handler() {
    return (proxy, method, args) -> switch (method.getName()) {
      case "parameters" -> Map.of("w", weight);
      case "learningRate" -> learningRate[0];
      case "setLearningRate" -> {
        learningRate[0] = (Double) args[0];
        yield null;
      }
      default -> {
        if (method.isDefault()) {
          yield InvocationHandler.invokeDefault(proxy, method, args);
        }
        throw new UnsupportedOperationException(method.getName());
      }
    };
  }

  static EpochLog log(int epoch, String quantity, double value) {
    return new EpochLog(epoch, Map.of(quantity, value));
  }

  static final Monitor LOSS = Monitor.of("--m", "loss", "accuracy", false);
  static final Monitor VAL_ACCURACY = Monitor.of("--m", "val_accuracy", "accuracy", true);

  /** The epoch (from 0) after which early stopping stops, or -1 when it never does. */
  int stopsAfter(EarlyStopping es, Monitor m, double... values) {
    for (int e = 0; e < values.length; e++) {
      weight.assign(e);
      if (es.onEpochEnd(log(e, m.quantity(), values[e]), network)) {
        return e;
      }
    }
    return -1;
  }

  @Test
  void monitorsKnowTheirDirectionAndRefuseUnknownQuantities() {
    assertFalse(LOSS.maximize());
    assertTrue(VAL_ACCURACY.maximize());
    assertFalse(Monitor.of("--m", "val_mae", "mae", true).maximize());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Monitor.of("--early-stopping-monitor", "acc", "accuracy", true));
    assertEquals("--early-stopping-monitor must be one of loss, accuracy, val_loss, val_accuracy."
        + " Received: acc", e.getMessage());
    IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
        () -> Monitor.of("--reduce-lr-monitor", "val_loss", "mae", false));
    assertTrue(v.getMessage().contains("needs validation data: give --validation-split F, or "
        + "monitor loss"), v.getMessage());
  }

  @Test
  void earlyStoppingWaitsPatienceEpochsWithoutImprovement() {
    EarlyStopping es = new EarlyStopping(LOSS, 3, 0, false);
    // best at epoch 1; epochs 2, 3, 4 do not improve: the third of them stops
    assertEquals(4, stopsAfter(es, LOSS, 1.0, 0.9, 0.95, 0.96, 0.97, 0.5));
  }

  @Test
  void patienceZeroStopsAtTheFirstEpochWithoutImprovementButNeverAfterTheFirstEpoch() {
    assertEquals(1, stopsAfter(new EarlyStopping(LOSS, 0, 0, false), LOSS, 1.0, 1.0));
    assertEquals(-1, stopsAfter(new EarlyStopping(LOSS, 0, 0, false), LOSS, Double.NaN),
        "Keras never stops after epoch 0");
    assertEquals(1, stopsAfter(new EarlyStopping(LOSS, 0, 0, false), LOSS, Double.NaN,
        Double.NaN), "NaN is never an improvement");
  }

  @Test
  void minDeltaIsTheSmallestImprovementThatCounts() {
    assertEquals(1, stopsAfter(new EarlyStopping(LOSS, 1, 0.1, false), LOSS, 1.0, 0.95, 0.5));
    assertEquals(-1, stopsAfter(new EarlyStopping(LOSS, 1, 0.1, false), LOSS, 1.0, 0.85, 0.7));
    assertEquals(1, stopsAfter(new EarlyStopping(LOSS, 1, -0.1, false), LOSS, 1.0, 0.95),
        "a negative min delta counts as its absolute value, as in Keras");
  }

  @Test
  void accuraciesMustGrow() {
    assertEquals(3, stopsAfter(new EarlyStopping(VAL_ACCURACY, 2, 0, false), VAL_ACCURACY,
        0.5, 0.6, 0.55, 0.58, 0.9));
  }

  @Test
  void restoreBestWeightsPutsTheBestEpochsWeightsBack() {
    EarlyStopping es = new EarlyStopping(LOSS, 2, 0, true);
    assertEquals(3, stopsAfter(es, LOSS, 1.0, 0.5, 0.7, 0.8));
    assertEquals(3f, weight.getFloat(0));
    assertEquals(OptionalInt.of(1), es.restoredEpoch(), "history.png marks epoch 2");
    assertEquals(OptionalInt.empty(), new EarlyStopping(LOSS, 2, 0, false).restoredEpoch());

    es.onTrainEnd(network, out);

    assertEquals(1f, weight.getFloat(0), "epoch 1 had the best loss");
    assertTrue(printed.toString(StandardCharsets.UTF_8)
        .contains("Restoring model weights from the end of the best epoch: 2."));
  }

  @Test
  void earlyStoppingSaysWhyItStopsAndWhatItKeeps() {
    EarlyStopping restoring = new EarlyStopping(VAL_ACCURACY, 2, 0, true);
    assertEquals(3, stopsAfter(restoring, VAL_ACCURACY, 0.5, 0.6, 0.55, 0.58));
    assertEquals("Epoch 4: early stopping: val_accuracy did not improve for 2 epochs (patience 2);"
        + " the best was 0.6 at epoch 2, whose weights are restored", restoring.stopLine(4));
    EarlyStopping keeping = new EarlyStopping(LOSS, 0, 0.01, false);
    assertEquals(1, stopsAfter(keeping, LOSS, 1.0000000000000002E-6, 0.1));
    assertEquals("Epoch 2: early stopping: loss did not improve by more than 0.01 for 1 epoch "
        + "(patience 0); the best was 1e-06 at epoch 1; the last epoch's weights are kept",
        keeping.stopLine(2));
  }

  @Test
  void reduceLrPrintsTheNewRateShort() {
    learningRate[0] = 1e-5;
    ReduceLrOnPlateau r = new ReduceLrOnPlateau(LOSS, 0.1, 1, 0, 0, 0);
    rates(r, 1, 1);
    assertTrue(printed.toString(StandardCharsets.UTF_8)
        .contains("Epoch 2: ReduceLROnPlateau reducing learning rate to 1e-06.\n"),
        printed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void earlyStoppingContinuesFromItsState() {
    EarlyStopping first = new EarlyStopping(LOSS, 3, 0, false);
    assertEquals(-1, stopsAfter(first, LOSS, 1.0, 0.9, 0.95));
    EarlyStopping resumed = new EarlyStopping(LOSS, 3, 0, false);
    resumed.restore(first.state(), null);

    weight.assign(3);
    assertFalse(resumed.onEpochEnd(log(3, "loss", 0.96), network));
    assertTrue(resumed.onEpochEnd(log(4, "loss", 0.97), network));
  }

  /** The learning rate after each epoch of {@code values}. */
  List<Double> rates(ReduceLrOnPlateau r, double... values) {
    List<Double> rates = new ArrayList<>();
    for (int e = 0; e < values.length; e++) {
      r.onEpochEnd(log(e, "loss", values[e]), network, out);
      rates.add(learningRate[0]);
    }
    return rates;
  }

  @Test
  void reduceLrMultipliesByTheFactorAfterPatienceEpochs() {
    ReduceLrOnPlateau r = new ReduceLrOnPlateau(LOSS, 0.5, 2, 1e-4, 0, 0);
    assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.25, 0.25),
        rates(r, 1, 1, 1, 1, 1, 1));
    assertTrue(printed.toString(StandardCharsets.UTF_8)
        .contains("Epoch 3: ReduceLROnPlateau reducing learning rate to 0.5."));
  }

  @Test
  void reduceLrMinDeltaAndImprovementResetTheWait() {
    ReduceLrOnPlateau r = new ReduceLrOnPlateau(LOSS, 0.5, 2, 1e-4, 0, 0);
    // 0.99995 is within min delta of 1: no improvement; 0.5 is one
    assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 0.5), rates(r, 1, 0.99995, 0.5, 0.6, 0.7));
  }

  @Test
  void reduceLrCooldownDelaysCounting() {
    ReduceLrOnPlateau r = new ReduceLrOnPlateau(LOSS, 0.5, 2, 1e-4, 2, 0);
    assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.5, 0.25), rates(r, 1, 1, 1, 1, 1, 1));
  }

  @Test
  void reduceLrStopsAtTheMinimum() {
    ReduceLrOnPlateau r = new ReduceLrOnPlateau(LOSS, 0.1, 1, 0, 0, 0.05);
    List<Double> rates = rates(r, 1, 1, 1, 1);
    assertEquals(1.0, rates.get(0));
    assertEquals(0.1, rates.get(1), 1e-15);
    assertEquals(List.of(0.05, 0.05), rates.subList(2, 4));
  }

  @Test
  void reduceLrContinuesFromItsState() {
    ReduceLrOnPlateau first = new ReduceLrOnPlateau(LOSS, 0.5, 3, 0, 0, 0);
    rates(first, 1, 1, 1);
    ReduceLrOnPlateau resumed = new ReduceLrOnPlateau(LOSS, 0.5, 3, 0, 0, 0);
    resumed.restore(first.state());

    resumed.onEpochEnd(log(3, "loss", 1), network, out);

    assertEquals(0.5, learningRate[0], "the third epoch without improvement reduces");
  }

  @Test
  void historyCsvHasKerasColumns(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("h.csv");
    HistoryCsv.write(file, List.of(
        EpochLog.of(0, "accuracy", 0.5, 0.75, true, 0.25, Double.NaN, 0.001),
        EpochLog.of(1, "accuracy", 0.4, 0.8, true, 0.2, 1.0, 0.0001)));

    assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate\n"
        + "0,0.5,0.75,0.25,nan,0.001\n1,0.4,0.8,0.2,1.0,1.0E-4\n",
        Files.readString(file));
  }
}
