package dev.dendrite.train;

import dev.dendrite.Network;
import dev.dendrite.report.EpochLog;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras' {@code EarlyStopping}: stops when the monitored quantity has not improved by more than
 * {@code minDelta} for {@code patience} epochs, and with {@code restoreBestWeights} puts the
 * weights of the best epoch back at the end of training (whether or not it stopped early).
 */
final class EarlyStopping {
  private final Monitor monitor;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBestWeights;
  private int wait;
  private double best;
  private int bestEpoch;
  private Map<String, INDArray> bestWeights;

  /** What a checkpoint keeps, besides the best weights. */
  record State(int waited, double best, int bestEpoch) {}

  EarlyStopping(Monitor monitor, int patience, double minDelta, boolean restoreBestWeights) {
    this.monitor = monitor;
    this.patience = patience;
    this.minDelta = Math.abs(minDelta);
    this.restoreBestWeights = restoreBestWeights;
    this.best = monitor.worst();
  }

  /** Returns true when training should stop after this epoch. */
  boolean onEpochEnd(EpochLog log, Network network) {
    double current = log.value(monitor.quantity());
    if (restoreBestWeights && bestWeights == null) {
      bestWeights = copy(network.variables());
      bestEpoch = log.epoch();
    }
    wait++;
    if (monitor.improves(current, best, minDelta)) {
      best = current;
      bestEpoch = log.epoch();
      if (restoreBestWeights) {
        bestWeights = copy(network.variables());
      }
      wait = 0;
      return false;
    }
    return wait >= patience && log.epoch() > 0;
  }

  /**
   * The line that says training stops after {@code epoch} (from 1): on what monitor, after how
   * many epochs without improvement, the best value and its epoch, and which weights are kept.
   */
  String stopLine(int epoch) {
    String delta = minDelta > 0 ? " by more than " + Texts.number(minDelta) : "";
    String bestText = Double.isNaN(best) || Double.isInfinite(best) ? ""
        : "; the best was " + Texts.number(best) + " at epoch " + (bestEpoch + 1);
    String weights = restoreBestWeights && bestWeights != null
        ? ", whose weights are restored" : "";
    return "Epoch " + epoch + ": early stopping: " + monitor.quantity() + " did not improve"
        + delta + " for " + Texts.count(wait, "epoch") + " (patience " + patience + ")"
        + bestText + (bestText.isEmpty() ? "" : weights)
        + (bestText.isEmpty() || !weights.isEmpty() ? "" : "; the last epoch's weights are kept");
  }

  /** Restores the best weights, if asked to; call once training is over. */
  void onTrainEnd(Network network, PrintStream out) {
    if (restoreBestWeights && bestWeights != null) {
      out.println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1)
          + ".");
      network.setParameters(bestWeights);
    }
  }

  /**
   * The epoch (from 0) whose weights {@link #onTrainEnd} restores, or empty when it restores
   * none.
   */
  OptionalInt restoredEpoch() {
    return restoreBestWeights && bestWeights != null ? OptionalInt.of(bestEpoch)
        : OptionalInt.empty();
  }

  /** The weights of the best epoch so far, or null (before the first epoch, or not kept). */
  Map<String, INDArray> bestWeights() {
    return bestWeights;
  }

  State state() {
    return new State(wait, best, bestEpoch);
  }

  /** Continues from a checkpoint's state; {@code weights} null when none were kept. */
  void restore(State state, Map<String, INDArray> weights) {
    this.wait = state.waited();
    this.best = Double.isNaN(state.best()) ? monitor.worst() : state.best();
    this.bestEpoch = state.bestEpoch();
    this.bestWeights = weights;
  }

  private static Map<String, INDArray> copy(Map<String, INDArray> parameters) {
    Map<String, INDArray> copy = new LinkedHashMap<>();
    parameters.forEach((name, value) -> copy.put(name, value.dup()));
    return copy;
  }
}
