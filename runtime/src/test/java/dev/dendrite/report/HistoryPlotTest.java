package dev.dendrite.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** history.png: epoch labels that never run together, and the epoch early stopping restored. */
class HistoryPlotTest {

  @Test
  void tickSpacingIsOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(1, HistoryPlot.tickSpacing(1));
    assertEquals(1, HistoryPlot.tickSpacing(10));
    assertEquals(2, HistoryPlot.tickSpacing(11));
    assertEquals(5, HistoryPlot.tickSpacing(30));
    assertEquals(5, HistoryPlot.tickSpacing(45));
    assertEquals(10, HistoryPlot.tickSpacing(60));
    assertEquals(1000, HistoryPlot.tickSpacing(10_000));
  }

  @Test
  void noEpochCountUpToTenThousandHasTooManyLabels() {
    for (int epochs = 1; epochs <= 10_000; epochs++) {
      long spacing = HistoryPlot.tickSpacing(epochs);
      long labels = epochs / spacing;
      assertTrue(labels <= HistoryPlot.MAX_EPOCH_LABELS, epochs + " epochs: " + labels);
      long mantissa = spacing;
      while (mantissa % 10 == 0) {
        mantissa /= 10;
      }
      assertTrue(mantissa == 1 || mantissa == 2 || mantissa == 5, epochs + ": " + spacing);
      // the least such spacing: the next smaller one would label too many
      long smaller = mantissa == 2 ? spacing / 2 : mantissa == 5 ? spacing * 2 / 5
          : spacing / 2;
      assertTrue(spacing == 1 || epochs / smaller > HistoryPlot.MAX_EPOCH_LABELS,
          epochs + ": " + spacing);
    }
  }

  @Test
  void onlyMultiplesOfTheSpacingAreLabelled() {
    assertEquals("5", HistoryPlot.epochLabel(5.0, 5));
    assertEquals("40", HistoryPlot.epochLabel(40.000000000001, 5));
    assertEquals("", HistoryPlot.epochLabel(2.5, 5));
    assertEquals("", HistoryPlot.epochLabel(7, 5));
    assertEquals("0", HistoryPlot.epochLabel(0, 5));
  }

  @Test
  void theRestoredEpochIsMarkedOnEveryCurveWithALegendEntry() throws IOException {
    List<EpochLog> history = history(60);

    List<XYChart> charts = HistoryPlot.charts("M", "accuracy", history, OptionalInt.of(41));

    for (XYChart chart : charts.subList(0, 2)) {
      XYSeries marker = chart.getSeriesMap().get("restored (epoch 42)");
      assertTrue(marker != null, chart.getSeriesMap().keySet().toString());
      assertArrayEquals(new double[] {42, 42}, marker.getXData());
    }
    XYSeries loss = charts.get(0).getSeriesMap().get("restored (epoch 42)");
    assertArrayEquals(new double[] {history.get(41).value("loss"),
        history.get(41).value("val_loss")}, loss.getYData());
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(
        HistoryPlot.png("M", "accuracy", history, OptionalInt.of(41))));
    assertTrue(png.getWidth() > png.getHeight());
  }

  @Test
  void nothingRestoredNothingMarked() {
    for (XYChart chart : HistoryPlot.charts("M", "accuracy", history(5), OptionalInt.empty())) {
      assertFalse(chart.getSeriesMap().keySet().stream().anyMatch(n -> n.startsWith("restored")),
          chart.getSeriesMap().keySet().toString());
    }
  }

  private static List<EpochLog> history(int epochs) {
    List<EpochLog> history = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      history.add(EpochLog.of(e, "accuracy", 1.0 / (e + 1), 0.5 + e / 200.0, true,
          1.2 / (e + 1), 0.4 + e / 200.0, 0.01 / (e + 1)));
    }
    return history;
  }
}
