package dev.dendrite.train;

import dev.dendrite.Network;
import dev.dendrite.report.EpochLog;
import java.io.PrintStream;

/**
 * Keras' {@code ReduceLROnPlateau}: after {@code patience} epochs without the monitored quantity
 * improving by more than {@code minDelta}, multiplies the learning rate by {@code factor} (not
 * below {@code minLr}), then waits {@code cooldown} epochs before counting again.
 */
final class ReduceLrOnPlateau {
  private final Monitor monitor;
  private final double factor;
  private final int patience;
  private final double minDelta;
  private final int cooldown;
  private final double minLr;
  private int wait;
  private int cooldownCounter;
  private double best;

  /** What a checkpoint keeps. */
  record State(int waited, int cooldownCounter, double best) {}

  ReduceLrOnPlateau(Monitor monitor, double factor, int patience, double minDelta, int cooldown,
      double minLr) {
    this.monitor = monitor;
    this.factor = factor;
    this.patience = patience;
    this.minDelta = minDelta;
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.best = monitor.worst();
  }

  void onEpochEnd(EpochLog log, Network network, PrintStream out) {
    double current = log.value(monitor.quantity());
    if (cooldownCounter > 0) {
      cooldownCounter--;
      wait = 0;
    }
    if (monitor.improves(current, best, minDelta)) {
      best = current;
      wait = 0;
    } else if (cooldownCounter <= 0) {
      wait++;
      if (wait >= patience) {
        double old = network.learningRate();
        if (old > (float) minLr) {
          double reduced = Math.max(old * factor, minLr);
          network.setLearningRate(reduced);
          out.println("Epoch " + (log.epoch() + 1) + ": ReduceLROnPlateau reducing learning rate"
              + " to " + Texts.number(reduced) + ".");
          cooldownCounter = cooldown;
          wait = 0;
        }
      }
    }
  }

  State state() {
    return new State(wait, cooldownCounter, best);
  }

  void restore(State state) {
    this.wait = state.waited();
    this.cooldownCounter = state.cooldownCounter();
    this.best = Double.isNaN(state.best()) ? monitor.worst() : state.best();
  }
}
