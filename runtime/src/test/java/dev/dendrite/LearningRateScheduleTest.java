package dev.dendrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void constantKeepsTheRate() {
    assertEquals(0.01, LearningRateSchedule.CONSTANT.at(0.01, 500, 1000));
  }

  /** Keras' CosineDecay(initial, decay_steps, alpha=0): initial * (1 + cos(pi step / steps)) / 2. */
  @Test
  void cosineDecayFollowsKeras() {
    LearningRateSchedule cosine = LearningRateSchedule.COSINE_DECAY;
    assertEquals(0.002, cosine.at(0.002, 0, 5625), 1e-15);
    assertEquals(0.001, cosine.at(0.002, 2000, 4000), 1e-15);
    assertEquals(0.002 * (1 + Math.cos(Math.PI / 4)) / 2, cosine.at(0.002, 1000, 4000), 1e-15);
    assertEquals(0.002 * (1 + Math.cos(Math.PI * 3 / 4)) / 2, cosine.at(0.002, 3000, 4000),
        1e-15);
  }

  @Test
  void cosineDecayFallsSteadilyAndStaysPositive() {
    LearningRateSchedule cosine = LearningRateSchedule.COSINE_DECAY;
    double previous = Double.POSITIVE_INFINITY;
    for (long step = 0; step <= 5625; step++) {
      double rate = cosine.at(0.001, step, 5625);
      assertTrue(rate > 0 && rate <= previous, "step " + step + ": " + rate);
      previous = rate;
    }
    assertTrue(cosine.at(0.001, 5624, 5625) < 1e-9);
    assertTrue(cosine.at(0.001, 9000, 5625) > 0, "past the end it stays at its smallest");
  }
}
