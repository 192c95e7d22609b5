package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.DataException;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Optimizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputTest {
  @TempDir Path dir;

  private static ModelSpec spec(Integer... shape) {
    return new ModelSpec("M", List.of(shape), 10, Loss.CATEGORICAL_CROSSENTROPY,
        Optimizer.ADAM, 0.001, 32, 1, 42, 100);
  }

  @Test
  void imageModelsAreChannelsLastOrSquareGrey() {
    assertEquals(new ImageInput.Shape(28, 28, 1), ImageInput.shape(spec(28, 28, 1)));
    assertEquals(new ImageInput.Shape(32, 24, 3), ImageInput.shape(spec(32, 24, 3)));
    assertEquals(new ImageInput.Shape(28, 28, 1), ImageInput.shape(spec(28, 28)));
    assertEquals(new ImageInput.Shape(28, 28, 1), ImageInput.shape(spec(784)));
    assertNull(ImageInput.shape(spec(4)), "Iris' 4 features are 2x2, but too few for an image");
    assertNull(ImageInput.shape(spec(30)));
    assertNull(ImageInput.shape(spec(128, 1)), "a series");
    assertNull(ImageInput.shape(spec(28, 28, 2)));
  }

  @Test
  void resizeKeepsSameSizeAndAveragesBlocks() {
    float[] plane = {0, 0.25f, 0.5f, 1, 0.1f, 0.2f};
    assertArrayEquals(plane, ImageInput.resize(plane, 2, 3, 2, 3));

    float[] big = new float[16];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        big[y * 4 + x] = y * 4 + x;
      }
    }
    // each output pixel is the mean of a 2x2 block
    assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f},
        ImageInput.resize(big, 4, 4, 2, 2), 1e-5f);
    assertArrayEquals(new float[] {1.5f}, new float[] {ImageInput.resize(new float[] {1, 2},
        1, 2, 1, 1)[0]}, 1e-6f);
  }

  @Test
  void resizeInterpolatesWhenGrowingAndKeepsAConstantImageConstant() {
    float[] grown = ImageInput.resize(new float[] {0, 1}, 1, 2, 1, 4);
    assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, grown, 1e-6f);
    float[] grey = new float[37 * 20];
    java.util.Arrays.fill(grey, 0.3f);
    for (float v : ImageInput.resize(grey, 37, 20, 28, 28)) {
      assertEquals(0.3f, v, 1e-5f);
    }
  }

  private Path png(String name, BufferedImage image) throws IOException {
    Path file = dir.resolve(name);
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  private static BufferedImage grey(int[][] levels) {
    BufferedImage image = new BufferedImage(levels[0].length, levels.length,
        BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < levels.length; y++) {
      for (int x = 0; x < levels[0].length; x++) {
        image.getRaster().setSample(x, y, 0, levels[y][x]);
      }
    }
    return image;
  }

  @Test
  void lightOnDarkGreyImageIsReadAsItIs() throws IOException {
    int[][] levels = new int[8][8];
    levels[3][4] = 255;
    levels[4][4] = 51;
    Path file = png("digit.png", grey(levels));

    float[] sample = ImageInput.read(file, new ImageInput.Shape(8, 8, 1), true);

    assertEquals(1f, sample[3 * 8 + 4], 1e-6f);
    assertEquals(0.2f, sample[4 * 8 + 4], 1e-6f);
    assertEquals(0f, sample[0], 1e-6f);
  }

  @Test
  void darkOnLightGreyImageIsInvertedUnlessAskedNot() throws IOException {
    int[][] levels = new int[8][8];
    for (int[] row : levels) {
      java.util.Arrays.fill(row, 255);
    }
    levels[3][4] = 0;
    Path file = png("scan.png", grey(levels));
    ImageInput.Shape shape = new ImageInput.Shape(8, 8, 1);

    float[] inverted = ImageInput.read(file, shape, true);
    float[] kept = ImageInput.read(file, shape, false);

    assertEquals(1f, inverted[3 * 8 + 4], 1e-6f);
    assertEquals(0f, inverted[0], 1e-6f);
    assertEquals(0f, kept[3 * 8 + 4], 1e-6f);
    assertEquals(1f, kept[0], 1e-6f);
  }

  @Test
  void colourIsLumaForGreyModelsAndInterleavedForRgbModels() throws IOException {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(0, 0, 0xFFFF0000); // opaque red
    image.setRGB(1, 0, 0x00000000); // transparent: over white
    Path file = png("colour.png", image);

    float[] grey = ImageInput.read(file, new ImageInput.Shape(8, 8, 1), false);
    float[] rgb = ImageInput.read(file, new ImageInput.Shape(8, 8, 3), false);

    assertEquals(0.299f, grey[0], 1e-6f);
    assertEquals(1f, grey[1], 1e-6f);
    assertArrayEquals(new float[] {1, 0, 0, 1, 1, 1}, java.util.Arrays.copyOf(rgb, 6), 1e-6f);
  }

  @Test
  void imagesAreRecognisedByNameOrContent() throws IOException {
    Path disguised = dir.resolve("digit.dat");
    Files.copy(png("d.png", grey(new int[8][8])), disguised);
    Path csv = dir.resolve("rows.csv");
    Files.writeString(csv, "a,b\n1,2\n");

    assertTrue(ImageInput.isImage(disguised));
    assertTrue(ImageInput.isImage(dir.resolve("missing.JPG")));
    assertFalse(ImageInput.isImage(csv));
  }

  @Test
  void unreadableImageNamesTheFile() throws IOException {
    Path file = dir.resolve("broken.png");
    Files.writeString(file, "not an image");

    DataException e = assertThrows(DataException.class,
        () -> ImageInput.read(file, new ImageInput.Shape(8, 8, 1), true));

    assertEquals(file + ": cannot read the image: not a PNG, JPEG, GIF or BMP file",
        e.getMessage());
  }

  /**
   * A decompression bomb: a PNG of a few hundred bytes whose header claims 20,000 x 20,000 grey
   * pixels. Built by hand, so the test never holds the 400 MB image itself.
   */
  @Test
  void imageLargerThanThePixelLimitIsRefusedFromItsHeader() throws IOException {
    Path file = dir.resolve("bomb.png");
    Files.write(file, png(20_000, 20_000));
    assertTrue(Files.size(file) < 1000);

    long start = System.nanoTime();
    DataException e = assertThrows(DataException.class,
        () -> ImageInput.read(file, new ImageInput.Shape(28, 28, 1), true));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertEquals(file + ": the image is 20000 x 20000 = 400,000,000 pixels, more than the "
        + "50,000,000 this reader takes (a model's input is far smaller, and an image this "
        + "large is more often a decompression bomb than a sample); shrink it first",
        e.getMessage());
    assertTrue(millis < 2000, "refused from the header, not after decoding: " + millis + " ms");
  }

  @Test
  void handBuiltPngWithinTheLimitIsRead() throws IOException {
    Path file = dir.resolve("small.png");
    Files.write(file, png(3, 2));
    float[] sample = ImageInput.read(file, new ImageInput.Shape(8, 8, 1), false);
    assertEquals(64, sample.length);
    assertEquals(0f, sample[0], 1e-6f);
  }

  /** A black 8-bit grey PNG of the given size; its data is deflated a row at a time. */
  private static byte[] png(int width, int height) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height)
        .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    java.util.zip.Deflater deflater = new java.util.zip.Deflater(9);
    byte[] row = new byte[width + 1]; // filter byte 0, then black pixels
    java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    int rows = Math.min(height, 16); // a bomb's header is enough: its rows are never read
    for (int y = 0; y < rows; y++) {
      deflater.setInput(row);
      while (!deflater.needsInput()) {
        idat.write(buffer, 0, deflater.deflate(buffer));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      idat.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
    out.write(name);
    out.write(data);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(name);
    crc.update(data);
    out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  @Test
  void pictureDrawsUnitRangeAsItIsAndStretchesOtherRanges() {
    ImageInput.Shape shape = new ImageInput.Shape(1, 2, 1);

    BufferedImage raw = ImageInput.picture(new float[] {0, 0.5f}, shape, true);
    BufferedImage stretched = ImageInput.picture(new float[] {-2, 3}, shape, false);

    assertEquals(0x000000, raw.getRGB(0, 0) & 0xFFFFFF);
    assertEquals(0x808080, raw.getRGB(1, 0) & 0xFFFFFF);
    assertEquals(0x000000, stretched.getRGB(0, 0) & 0xFFFFFF);
    assertEquals(0xFFFFFF, stretched.getRGB(1, 0) & 0xFFFFFF);
  }
}
