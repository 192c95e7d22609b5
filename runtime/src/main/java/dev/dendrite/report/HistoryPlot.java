package dev.dendrite.report;

import dev.dendrite.io.ImageInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the per-epoch history as a PNG, side by side: the loss, the metric ({@code accuracy} or
 * {@code mae}), each with its {@code val_} form when there is one, and the learning rate when it
 * changed during training. Epochs are counted from 1, as the progress lines count them.
 */
final class HistoryPlot {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 440;
  /** Beyond this many epochs the lines carry no point markers. */
  private static final int MARKED_EPOCHS = 40;

  static {
    ImageInput.headless();
  }

  private HistoryPlot() {}

  /** The PNG bytes of the plot of {@code history}, which must not be empty. */
  static byte[] png(String model, String metric, List<EpochLog> history) throws IOException {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("no epochs to plot");
    }
    List<XYChart> charts = new ArrayList<>();
    charts.add(chart(model + ": loss", "loss", history, "loss", "val_loss"));
    charts.add(chart(model + ": " + metric, metric, history, metric, "val_" + metric));
    if (history.stream().map(log -> log.value(EpochLog.LEARNING_RATE)).distinct().count() > 1) {
      XYChart rate = chart(model + ": learning rate", "learning rate", history,
          EpochLog.LEARNING_RATE);
      if (history.stream().allMatch(log -> log.value(EpochLog.LEARNING_RATE) > 0)) {
        rate.getStyler().setYAxisLogarithmic(true);
      }
      charts.add(rate);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(charts, 1, charts.size(), png, BitmapEncoder.BitmapFormat.PNG);
    return png.toByteArray();
  }

  private static XYChart chart(String title, String yAxis, List<EpochLog> history,
      String... quantities) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("epoch").yAxisTitle(yAxis).build();
    // below the plot: a curve may run through any corner
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new java.awt.Color(0xDDDDDD));
    chart.getStyler().setXAxisDecimalPattern("#");
    double[] epochs = new double[history.size()];
    for (int i = 0; i < epochs.length; i++) {
      epochs[i] = history.get(i).epoch() + 1;
    }
    for (String quantity : quantities) {
      Map<String, Double> first = history.get(0).values();
      if (!first.containsKey(quantity)) {
        continue;
      }
      double[] values = new double[history.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = history.get(i).value(quantity);
      }
      XYSeries series = chart.addSeries(quantity, epochs, values);
      if (history.size() > MARKED_EPOCHS) {
        series.setMarker(SeriesMarkers.NONE);
      }
    }
    return chart;
  }
}
