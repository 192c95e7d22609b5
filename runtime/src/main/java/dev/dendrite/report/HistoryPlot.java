package dev.dendrite.report;

import dev.dendrite.io.ImageInput;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the per-epoch history as a PNG, side by side: the loss, the metric ({@code accuracy} or
 * {@code mae}), each with its {@code val_} form when there is one, and the learning rate when it
 * changed during training. Epochs are counted from 1, as the progress lines count them, and
 * labelled every 1, 2, 5, 10, 20, 50, ... epochs, at most {@value #MAX_EPOCH_LABELS} labels
 * (besides 0) to a chart. When early stopping restored the weights of its best epoch, a vertical
 * line and a point on each curve, "restored (epoch N)" in the legend, mark that epoch.
 */
final class HistoryPlot {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 440;
  /** Beyond this many epochs the lines carry no point markers. */
  private static final int MARKED_EPOCHS = 40;
  /**
   * The most epoch labels on a chart's x axis: ten 5-digit labels fit side by side in its width,
   * with room between them.
   */
  static final int MAX_EPOCH_LABELS = 10;
  private static final Color RESTORED = new Color(0xD62728);

  static {
    ImageInput.headless();
  }

  private HistoryPlot() {}

  /**
   * The PNG bytes of the plot of {@code history}, which must not be empty.
   *
   * @param restored the epoch (from 0, as {@link EpochLog#epoch()}) whose weights early stopping
   *     restored, if it did
   */
  static byte[] png(String model, String metric, List<EpochLog> history, OptionalInt restored)
      throws IOException {
    List<XYChart> charts = charts(model, metric, history, restored);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(charts, 1, charts.size(), png, BitmapEncoder.BitmapFormat.PNG);
    return png.toByteArray();
  }

  /** The charts {@link #png} draws side by side. */
  static List<XYChart> charts(String model, String metric, List<EpochLog> history,
      OptionalInt restored) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("no epochs to plot");
    }
    List<XYChart> charts = new ArrayList<>();
    charts.add(chart(model + ": loss", "loss", history, restored, "loss", "val_loss"));
    charts.add(chart(model + ": " + metric, metric, history, restored, metric, "val_" + metric));
    if (history.stream().map(log -> log.value(EpochLog.LEARNING_RATE)).distinct().count() > 1) {
      XYChart rate = chart(model + ": learning rate", "learning rate", history, restored,
          EpochLog.LEARNING_RATE);
      if (history.stream().allMatch(log -> log.value(EpochLog.LEARNING_RATE) > 0)) {
        rate.getStyler().setYAxisLogarithmic(true);
      }
      charts.add(rate);
    }
    return charts;
  }

  /**
   * The epochs between two labels: the least of 1, 2, 5, 10, 20, 50, ... that puts at most
   * {@value #MAX_EPOCH_LABELS} labels (its multiples from 1 to {@code epochs}) on the axis.
   */
  static long tickSpacing(long epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be positive: " + epochs);
    }
    for (long power = 1; ; power *= 10) {
      for (long step : new long[] {power, 2 * power, 5 * power}) {
        if (epochs / step <= MAX_EPOCH_LABELS) {
          return step;
        }
      }
    }
  }

  /** The label of an epoch tick at {@code x}: the epoch when it is a multiple of the spacing. */
  static String epochLabel(double x, long spacing) {
    long epoch = Math.round(x);
    return Math.abs(x - epoch) < 1e-9 && epoch % spacing == 0 ? Long.toString(epoch) : "";
  }

  /** The legend entry of the restored epoch's marker. */
  static String restoredName(int epoch) {
    return "restored (epoch " + (epoch + 1) + ")";
  }

  private static XYChart chart(String title, String yAxis, List<EpochLog> history,
      OptionalInt restored, String... quantities) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("epoch").yAxisTitle(yAxis).build();
    // below the plot: a curve may run through any corner
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(0xDDDDDD));
    // From 0, XChart places its ticks on round numbers (epochs 1..N equally spaced would make it
    // label every k-th epoch, k as small as the labels barely fit); only the multiples of the
    // spacing are labelled.
    long spacing = tickSpacing(history.get(history.size() - 1).epoch() + 1);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> epochLabel(x, spacing));
    double[] epochs = new double[history.size()];
    for (int i = 0; i < epochs.length; i++) {
      epochs[i] = history.get(i).epoch() + 1;
    }
    List<Double> restoredValues = new ArrayList<>();
    EpochLog best = restored.isPresent() ? history.stream()
        .filter(log -> log.epoch() == restored.getAsInt()).findFirst().orElse(null) : null;
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
      if (best != null) {
        restoredValues.add(best.value(quantity));
      }
    }
    if (best != null && !restoredValues.isEmpty()) {
      double[] x = new double[restoredValues.size()];
      Arrays.fill(x, best.epoch() + 1);
      double[] y = restoredValues.stream().mapToDouble(Double::doubleValue).toArray();
      XYSeries marker = chart.addSeries(restoredName(best.epoch()), x, y);
      marker.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      marker.setMarker(SeriesMarkers.DIAMOND);
      marker.setMarkerColor(RESTORED);
      chart.getStyler().setAnnotationLineColor(RESTORED);
      chart.getStyler().setAnnotationLineStroke(new BasicStroke(1f,
          BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f},
          0f));
      chart.addAnnotation(new AnnotationLine(best.epoch() + 1, true, false));
    }
    return chart;
  }
}
