package dev.dendrite.io;

import dev.dendrite.DataException;
import dev.dendrite.ModelSpec;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images as model inputs: which models take images, an image file converted to a sample, and a
 * sample converted back to a picture.
 *
 * <p>A model takes images when its input is {@code {height, width, channels}} with 1 (grey) or 3
 * (RGB) channels, or a square grey image: {@code {n, n}}, or a flat {@code n * n} (MnistMlp's 784
 * is 28x28), with {@code n} at least 8.
 */
public final class ImageInput {
  /** The smallest side of an image model without channels. */
  static final int MIN_SIDE = 8;

  /**
   * The most pixels an image may have: 50 million, read from the file's header before anything
   * is decoded. Reading holds the decoded image and a float plane per channel, 8 to 20 bytes a
   * pixel (about 750 MB for an 8-bit RGB image at the limit), and every model input is far
   * smaller (MNIST is 784 pixels), so a larger image is more likely a decompression bomb (a small
   * PNG whose header claims 30,000 x 30,000 pixels) than a sample. Pillow's MAX_IMAGE_PIXELS is
   * 89,478,485; 50 million still takes a 48-megapixel camera's photos (8000 x 6000) and an 8K
   * frame (7680 x 4320).
   */
  static final long MAX_PIXELS = 50_000_000L;

  /** File name endings read as images. */
  private static final List<String> EXTENSIONS =
      List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

  static {
    headless();
  }

  private ImageInput() {}

  /** The image a model takes, channels last. */
  public record Shape(int height, int width, int channels) {
    /** The values per sample: height times width times channels. */
    public int size() {
      return height * width * channels;
    }

    @Override
    public String toString() {
      return height + "x" + width + (channels == 1 ? " grey" : " RGB");
    }
  }

  /**
   * Draws without a display: the trainer may run on a server. Leaves an explicit choice (a
   * {@code -Djava.awt.headless} given by the user) alone.
   */
  public static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** The image shape of a model's input, or null when it does not take images. */
  public static Shape shape(ModelSpec spec) {
    List<Integer> s = spec.inputShape();
    if (s.size() == 3 && (s.get(2) == 1 || s.get(2) == 3)) {
      return new Shape(s.get(0), s.get(1), s.get(2));
    }
    if (s.size() == 2 && s.get(0).equals(s.get(1)) && s.get(0) >= MIN_SIDE) {
      return new Shape(s.get(0), s.get(1), 1);
    }
    if (s.size() == 1) {
      int side = (int) Math.round(Math.sqrt(s.get(0)));
      if (side >= MIN_SIDE && side * side == s.get(0)) {
        return new Shape(side, side, 1);
      }
    }
    return null;
  }

  /** Whether a file is an image: by its name's ending, or by the first bytes of its content. */
  public static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (EXTENSIONS.stream().anyMatch(name::endsWith)) {
      return true;
    }
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    } catch (IOException e) {
      return false;
    }
    return n >= 2 && ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 // JPEG
        || head[0] == 'B' && head[1] == 'M'
        || n == 4 && ((head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N'
            && head[3] == 'G' || head[0] == 'G' && head[1] == 'I' && head[2] == 'F'
            && head[3] == '8'));
  }

  /**
   * Reads an image file as one sample of {@code shape}, row-major and channels last, in [0, 1]:
   * transparent pixels are laid over white, the image is converted to grey (ITU-R BT.601 luma)
   * or RGB, resized to the model's height and width (area averaging where it shrinks, linear
   * interpolation where it grows) and, for grey models, inverted when it is dark on light (see
   * {@link #isDarkOnLight}), since MNIST-like digits are light on dark.
   *
   * @param invert whether a dark-on-light grey image may be inverted
   * @throws DataException naming the file when it cannot be read as an image, or when its header
   *     gives it more than {@link #MAX_PIXELS} pixels
   */
  public static float[] read(Path file, Shape shape, boolean invert) {
    BufferedImage image = decode(file);
    int h = image.getHeight();
    int w = image.getWidth();
    float[][] planes = planes(image, shape.channels());
    if (shape.channels() == 1 && invert && isDarkOnLight(planes[0], h, w)) {
      for (int i = 0; i < planes[0].length; i++) {
        planes[0][i] = 1 - planes[0][i];
      }
    }
    float[] sample = new float[shape.size()];
    for (int c = 0; c < shape.channels(); c++) {
      float[] resized = resize(planes[c], h, w, shape.height(), shape.width());
      for (int i = 0; i < resized.length; i++) {
        sample[i * shape.channels() + c] = resized[i];
      }
    }
    return sample;
  }

  /**
   * Decodes an image file after reading its size from the header and refusing more than {@link
   * #MAX_PIXELS} pixels.
   */
  static BufferedImage decode(Path file) {
    if (!Files.exists(file)) {
      throw new DataException(file + ": no such file");
    }
    long pixels = -1;
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        if (Files.isDirectory(file)) {
          throw new DataException(file + ": is a folder, not an image");
        }
        Files.newInputStream(file).close(); // throws the reason ImageIO keeps to itself
        throw new DataException(file + ": cannot read the image");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new DataException(file + ": cannot read the image: not a PNG, JPEG, GIF or BMP "
            + "file");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        pixels = (long) w * h;
        if (pixels > MAX_PIXELS) {
          throw new DataException(String.format(Locale.ROOT, "%s: the image is %d x %d = %,d "
              + "pixels, more than the %,d this reader takes (a model's input is far smaller, "
              + "and an image this large is more often a decompression bomb than a sample); "
              + "shrink it first", file, w, h, pixels, MAX_PIXELS));
        }
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new DataException(file + ": no such file");
      }
      throw new DataException(file + ": cannot read the image: " + reason(e, pixels), e);
    } catch (OutOfMemoryError e) {
      throw new DataException(file + ": cannot read the image: " + outOfMemory(pixels));
    }
  }

  private static String outOfMemory(long pixels) {
    return "not enough memory to decode " + (pixels < 0 ? "it"
        : String.format(Locale.ROOT, "its %,d pixels", pixels))
        + " (give Java more with -Xmx, or shrink the image)";
  }

  private static String reason(IOException e, long pixels) {
    if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
      return AtomicFiles.reason(e);
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof OutOfMemoryError) {
        return outOfMemory(pixels);
      }
    }
    String message = e.getMessage() != null ? e.getMessage().strip() : e.toString();
    if (message.endsWith(":") && e.getCause() != null) {
      message += " " + e.getCause();
    }
    return message;
  }

  /**
   * The image's channels in [0, 1], each row-major: one grey plane, or red, green and blue.
   * Grey images are read from their samples: {@link BufferedImage#getRGB} would pass them through
   * a gamma curve (Java treats grey as linear), and a PNG of MNIST pixels must read back exactly.
   */
  static float[][] planes(BufferedImage image, int channels) {
    int h = image.getHeight();
    int w = image.getWidth();
    float[][] planes = new float[channels][h * w];
    ColorModel model = image.getColorModel();
    if (model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && !(model instanceof IndexColorModel)) {
      Raster raster = image.getRaster();
      float max = (1L << model.getComponentSize(0)) - 1;
      float maxAlpha = model.hasAlpha() ? (1L << model.getComponentSize(1)) - 1 : 1;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float alpha = model.hasAlpha() ? raster.getSample(x, y, 1) / maxAlpha : 1;
          float grey = alpha * (raster.getSample(x, y, 0) / max) + (1 - alpha);
          for (int c = 0; c < channels; c++) {
            planes[c][y * w + x] = grey;
          }
        }
      }
      return planes;
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int argb = image.getRGB(x, y);
        float alpha = (argb >>> 24) / 255f;
        float r = overWhite(argb >> 16 & 0xFF, alpha);
        float g = overWhite(argb >> 8 & 0xFF, alpha);
        float b = overWhite(argb & 0xFF, alpha);
        int i = y * w + x;
        if (channels == 1) {
          planes[0][i] = 0.299f * r + 0.587f * g + 0.114f * b;
        } else {
          planes[0][i] = r;
          planes[1][i] = g;
          planes[2][i] = b;
        }
      }
    }
    return planes;
  }

  private static float overWhite(int value, float alpha) {
    return (alpha * value + (1 - alpha) * 255) / 255f;
  }

  /**
   * Whether a grey image shows a dark figure on a light ground: the mean of its border (the
   * outermost rows and columns) is above one half.
   */
  static boolean isDarkOnLight(float[] grey, int h, int w) {
    double sum = 0;
    int count = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
          sum += grey[y * w + x];
          count++;
        }
      }
    }
    return sum / count > 0.5;
  }

  /** Resizes one row-major plane, each axis on its own (separable). */
  static float[] resize(float[] plane, int h, int w, int toH, int toW) {
    float[] rows = new float[h * toW];
    Weights across = Weights.of(w, toW);
    for (int y = 0; y < h; y++) {
      across.apply(plane, y * w, 1, rows, y * toW, 1);
    }
    float[] result = new float[toH * toW];
    Weights down = Weights.of(h, toH);
    for (int x = 0; x < toW; x++) {
      down.apply(rows, x, toW, result, x, toW);
    }
    return result;
  }

  /**
   * The source pixels and weights of each output pixel along one axis: the overlap of the pixel's
   * footprint with each source pixel when shrinking (area averaging), linear interpolation
   * between the two nearest pixel centres when growing.
   */
  private record Weights(int[][] index, float[][] weight) {
    static Weights of(int from, int to) {
      int[][] index = new int[to][];
      float[][] weight = new float[to][];
      double scale = (double) from / to;
      for (int i = 0; i < to; i++) {
        if (scale >= 1) {
          double start = i * scale;
          double end = start + scale;
          int first = (int) Math.floor(start);
          int last = Math.min(from - 1, (int) Math.ceil(end) - 1);
          index[i] = new int[last - first + 1];
          weight[i] = new float[last - first + 1];
          for (int s = first; s <= last; s++) {
            double overlap = Math.min(end, s + 1) - Math.max(start, s);
            index[i][s - first] = s;
            weight[i][s - first] = (float) (overlap / scale);
          }
        } else {
          double centre = (i + 0.5) * scale - 0.5;
          int left = (int) Math.floor(centre);
          double t = centre - left;
          index[i] = new int[] {Math.max(0, left), Math.min(from - 1, left + 1)};
          weight[i] = new float[] {(float) (1 - t), (float) t};
        }
      }
      return new Weights(index, weight);
    }

    void apply(float[] in, int inBase, int inStride, float[] out, int outBase, int outStride) {
      for (int i = 0; i < index.length; i++) {
        float v = 0;
        for (int k = 0; k < index[i].length; k++) {
          v += weight[i][k] * in[inBase + index[i][k] * inStride];
        }
        out[outBase + i * outStride] = v;
      }
    }
  }

  /**
   * A sample as a picture, for reports: values in [0, 1] are drawn as they are (0 black, 1
   * white); samples scaled otherwise (standardized features) are stretched from their own
   * minimum to their maximum.
   *
   * @param rawRange whether the data set's values all lie in [0, 1]
   */
  public static BufferedImage picture(float[] sample, Shape shape, boolean rawRange) {
    float low = 0;
    float high = 1;
    if (!rawRange) {
      low = Float.POSITIVE_INFINITY;
      high = Float.NEGATIVE_INFINITY;
      for (float v : sample) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
    }
    float range = high > low ? high - low : 1;
    BufferedImage image = new BufferedImage(shape.width(), shape.height(),
        BufferedImage.TYPE_INT_RGB);
    int c = shape.channels();
    for (int y = 0; y < shape.height(); y++) {
      for (int x = 0; x < shape.width(); x++) {
        int base = (y * shape.width() + x) * c;
        int r = level(sample[base], low, range);
        int g = c == 1 ? r : level(sample[base + 1], low, range);
        int b = c == 1 ? r : level(sample[base + 2], low, range);
        image.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    return image;
  }

  private static int level(float v, float low, float range) {
    return Math.round(Math.max(0, Math.min(1, (v - low) / range)) * 255);
  }
}
