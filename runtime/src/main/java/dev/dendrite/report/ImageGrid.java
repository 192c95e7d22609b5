package dev.dendrite.report;

import dev.dendrite.io.ImageInput;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grid of labelled images as a PNG, for reports: a heading, then up to eight images a row, each
 * drawn in a square box with its label below.
 */
final class ImageGrid {
  /** Images per row. */
  static final int COLUMNS = 8;
  /** The side of the box each image is drawn in, in pixels. */
  private static final int BOX = 84;
  private static final int GAP = 10;
  private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  static {
    ImageInput.headless();
  }

  private ImageGrid() {}

  /** One image and the text under it. */
  record Cell(BufferedImage image, String label) {}

  /** The PNG bytes of the grid; with no cells, only the heading. */
  static byte[] png(String heading, List<Cell> cells) throws IOException {
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D measure = probe.createGraphics();
    FontMetrics labels = measure.getFontMetrics(LABEL);
    FontMetrics head = measure.getFontMetrics(HEADING);
    measure.dispose();
    int cellWidth = BOX;
    for (Cell cell : cells) {
      cellWidth = Math.max(cellWidth, Math.min(3 * BOX, labels.stringWidth(cell.label())));
    }
    int columns = Math.max(1, Math.min(COLUMNS, cells.size()));
    int rows = (cells.size() + COLUMNS - 1) / COLUMNS;
    int cellHeight = BOX + 4 + labels.getHeight();
    int top = GAP + head.getHeight() + GAP;
    int width = Math.max(GAP + columns * (cellWidth + GAP), 2 * GAP + head.stringWidth(heading));
    int height = top + rows * (cellHeight + GAP);

    BufferedImage grid = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(HEADING);
      g.drawString(heading, GAP, GAP + head.getAscent());
      g.setFont(LABEL);
      for (int i = 0; i < cells.size(); i++) {
        Cell cell = cells.get(i);
        int x = GAP + (i % COLUMNS) * (cellWidth + GAP);
        int y = top + (i / COLUMNS) * (cellHeight + GAP);
        drawImage(g, cell.image(), x + (cellWidth - BOX) / 2, y);
        String label = fit(cell.label(), labels, cellWidth);
        g.setColor(Color.BLACK);
        g.drawString(label, x + (cellWidth - labels.stringWidth(label)) / 2,
            y + BOX + 4 + labels.getAscent());
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(grid, "png", png);
    return png.toByteArray();
  }

  /**
   * Draws an image centred in its box, as large as fits: enlarged pixels stay sharp squares
   * (nearest neighbour), reduced ones are interpolated.
   */
  private static void drawImage(Graphics2D g, BufferedImage image, int x, int y) {
    double scale = Math.min((double) BOX / image.getWidth(), (double) BOX / image.getHeight());
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, scale >= 1
        ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
        : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    int left = x + (BOX - w) / 2;
    int top = y + (BOX - h) / 2;
    g.drawImage(image, left, top, w, h, null);
    g.setColor(Color.LIGHT_GRAY);
    g.drawRect(left - 1, top - 1, w + 1, h + 1);
  }

  /** The text, shortened with an ellipsis until it fits {@code width} pixels. */
  private static String fit(String text, FontMetrics metrics, int width) {
    if (metrics.stringWidth(text) <= width) {
      return text;
    }
    String s = text;
    while (s.length() > 1 && metrics.stringWidth(s + "\u2026") > width) {
      s = s.substring(0, s.length() - 1);
    }
    return s + "\u2026";
  }
}
