package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.DataException;
import dev.dendrite.Dataset;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import dev.dendrite.Optimizer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {
  @TempDir Path dir;

  // ---- helpers ----

  static ModelSpec spec(int inputs, int outputs, Loss loss) {
    return spec(List.of(inputs), outputs, loss);
  }

  static ModelSpec spec(List<Integer> shape, int outputs, Loss loss) {
    return new ModelSpec("Net", shape, outputs, loss, Optimizer.ADAM, 0.001, 32, 1, 42, 10);
  }

  static final ModelSpec IRIS = spec(2, 3, Loss.CATEGORICAL_CROSSENTROPY);

  Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  Dataset load(Path file, ModelSpec spec) {
    return DataFiles.load(file, spec, null, List.of());
  }

  /** Asserts a DataException whose message starts with the file and contains every fragment. */
  static DataException fails(Path file, Executable call, String... fragments) {
    DataException e = assertThrows(DataException.class, call);
    String message = e.getMessage();
    assertTrue(message.startsWith(file.toString()),
        () -> "message should name " + file + ": " + message);
    for (String fragment : fragments) {
      assertTrue(message.contains(fragment),
          () -> "message should contain '" + fragment + "': " + message);
    }
    return e;
  }

  static byte[] idxImages(int magic, int count, int rows, int cols, int[] pixels)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(cols);
    for (int p : pixels) {
      out.writeByte(p);
    }
    out.flush();
    return bytes.toByteArray();
  }

  static byte[] idxLabels(int magic, int count, int[] labels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    for (int l : labels) {
      out.writeByte(l);
    }
    out.flush();
    return bytes.toByteArray();
  }

  Path writeBytes(String name, byte[] content, boolean gzip) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
      out.write(content);
    }
    return file;
  }

  static final ModelSpec TWO_BY_TWO = spec(List.of(2, 2), 3, Loss.CATEGORICAL_CROSSENTROPY);

  /** Three 2x2 images and their labels 2, 0, 1 beside them. */
  Path mnistLike(boolean gzip) throws IOException {
    String suffix = gzip ? ".gz" : "";
    Path images = writeBytes("train-images-idx3-ubyte" + suffix,
        idxImages(2051, 3, 2, 2, new int[] {0, 255, 128, 51, 1, 2, 3, 4, 255, 255, 0, 0}), gzip);
    writeBytes("train-labels-idx1-ubyte" + suffix, idxLabels(2049, 3, new int[] {2, 0, 1}), gzip);
    return images;
  }

  // ---- CSV errors ----

  @Test
  void missingFile() {
    Path file = dir.resolve("nothing.csv");
    fails(file, () -> load(file, IRIS), "no such file");
  }

  @Test
  void wrongColumnCountNamesLine() throws IOException {
    Path file = write("bad.csv", "a,b,label\n1,2,x\n1,2\n");
    fails(file, () -> load(file, IRIS), file + ":3:", "expected 3 columns", "found 2");
  }

  @Test
  void tooManyColumnsNamesLine() throws IOException {
    Path file = write("bad.csv", "a,b,label\n1,2,x\n1,2,3,x\n");
    fails(file, () -> load(file, IRIS), file + ":3:", "expected 3 columns", "found 4");
  }

  @Test
  void lineNumbersCountBlankLines() throws IOException {
    Path file = write("blank.csv", "\na,b,label\n\n1,2,x\n\n1,2\n");
    fails(file, () -> load(file, IRIS), file + ":6:", "expected 3 columns");
  }

  @Test
  void nonNumericCellNamesLineAndColumn() throws IOException {
    Path file = write("text.csv", "a,b,label\n1,2,x\n1,oops,y\n");
    fails(file, () -> load(file, IRIS), file + ":3:", "column 'b'", "not a number", "'oops'");
  }

  @Test
  void emptyFile() throws IOException {
    Path file = write("empty.csv", "");
    fails(file, () -> load(file, IRIS), "empty");
  }

  @Test
  void blankOnlyFileIsEmpty() throws IOException {
    Path file = write("blank.csv", "\n  \n\n");
    fails(file, () -> load(file, IRIS), "empty");
  }

  @Test
  void headerWithoutRows() throws IOException {
    Path file = write("header.csv", "a,b,label\n\n");
    fails(file, () -> load(file, IRIS), "header but no data rows");
  }

  @Test
  void missingLabelColumn() throws IOException {
    Path file = write("iris.csv", "a,b,label\n1,2,x\n");
    fails(file, () -> DataFiles.load(file, IRIS, "species", List.of()),
        file + ":1:", "no label column 'species'", "a, b, label");
  }

  @Test
  void testLabelNeverSeenInTraining() throws IOException {
    Path file = write("test.csv", "a,b,animal\n1,2,cat\n3,4,bird\n");
    fails(file, () -> DataFiles.load(file, IRIS, null, List.of("cat", "dog")),
        file + ":3:", "'bird'", "column 'animal'", "never seen", "[cat, dog]");
  }

  @Test
  void nanFeature() throws IOException {
    Path file = write("nan.csv", "a,b,label\n1,2,x\nNaN,2,y\n");
    fails(file, () -> load(file, IRIS), file + ":3:", "column 'a'", "non-finite", "'NaN'");
  }

  @Test
  void infiniteFeature() throws IOException {
    Path file = write("inf.csv", "a,b,label\n1,2,x\n1,2,y\n3,-Infinity,x\n");
    fails(file, () -> load(file, IRIS), file + ":4:", "column 'b'", "non-finite", "'-Infinity'");
  }

  @Test
  void overflowingFeatureIsNonFinite() throws IOException {
    Path file = write("big.csv", "a,b,label\n1e39,2,x\n");
    fails(file, () -> load(file, IRIS), file + ":2:", "column 'a'", "non-finite");
  }

  @Test
  void infiniteRegressionTarget() throws IOException {
    Path file = write("reg.csv", "a,b,price\n1,2,3\n1,2,Infinity\n");
    fails(file, () -> load(file, spec(2, 1, Loss.MEAN_SQUARED_ERROR)),
        file + ":3:", "column 'price'", "non-finite");
  }

  @Test
  void nonNumericRegressionTarget() throws IOException {
    Path file = write("reg.csv", "a,b,price\n1,2,cheap\n");
    fails(file, () -> load(file, spec(2, 1, Loss.HUBER)),
        file + ":2:", "column 'price'", "not a number", "'cheap'");
  }

  @Test
  void featureCountDiffersFromModelInput() throws IOException {
    Path file = write("wide.csv", "a,b,c,label\n1,2,3,x\n");
    fails(file, () -> load(file, IRIS), "3 feature columns", "'label'", "Net",
        "input 2 (2 values)");
  }

  @Test
  void moreDistinctLabelsThanClasses() throws IOException {
    Path file = write("four.csv", "a,b,label\n1,2,w\n1,2,x\n1,2,y\n1,2,z\n");
    fails(file, () -> load(file, IRIS), "column 'label'", "4 distinct labels",
        "[w, x, y, z]", "3 classes");
  }

  @Test
  void tooManyNamedLabelsNamesTheLineOfTheExtraOne() throws IOException {
    Path file = write("four.csv", "a,b,label\n1,2,w\n1,2,x\n1,2,w\n1,2,y\n1,2,z\n");
    fails(file, () -> load(file, IRIS), file + ":6: label 'z' is one class too many");
  }

  @Test
  void outOfRangeIndexLabelNamesItsLine() throws IOException {
    Path file = write("idx.csv", "a,b,label\n1,2,0\n1,2,1\n1,2,2\n1,2,7\n");
    fails(file, () -> load(file, IRIS), file + ":5: label '7' is not a class index 0..2",
        "4 distinct labels");
  }

  @Test
  void folderIsNamedAFolder() {
    fails(dir, () -> load(dir, IRIS), "is a folder, not a data file");
    fails(dir, () -> DataFiles.features(dir, IRIS, null), "is a folder");
  }

  @Test
  void unreadableFileSaysWhy() throws IOException {
    Path file = write("locked.csv", "a,b,label\n1,2,0\n");
    if (!file.toFile().setReadable(false) || Files.isReadable(file)) {
      return; // running as root, or a file system without permissions
    }
    fails(file, () -> load(file, IRIS), ": cannot read: permission denied");
    fails(file, () -> DataFiles.features(file, IRIS, null), ": cannot read: permission denied");
  }

  @Test
  void cannotReadGivesTheReasonOnce() {
    assertEquals("cannot read: permission denied",
        DataFiles.cannotRead(new java.nio.file.AccessDeniedException("/x/a.csv")));
    assertEquals("cannot read: Input/output error", DataFiles.cannotRead(
        new java.nio.file.FileSystemException("/x/a.csv", null, "Input/output error")));
    assertEquals("cannot read: Stream closed",
        DataFiles.cannotRead(new IOException("Stream closed")));
  }

  @Test
  void moreThanTwoLabelsForOneSigmoidUnit() throws IOException {
    Path file = write("three.csv", "a,b,label\n1,2,0\n1,2,1\n1,2,2\n");
    fails(file, () -> load(file, spec(2, 1, Loss.BINARY_CROSSENTROPY)),
        "3 distinct labels", "2 classes");
  }

  @Test
  void unclosedQuote() throws IOException {
    Path file = write("quote.csv", "a,b,label\n1,2,\"x\n");
    fails(file, () -> load(file, IRIS), file + ":2:", "quoted cell is not closed");
  }

  // ---- CSV good paths ----

  @Test
  void stringLabelsAreSortedAndOneHot() throws IOException {
    Path file = write("iris.csv",
        "a,b,species\n1,2,versicolor\n3,4,setosa\n5,6,virginica\n7,8,setosa\n");
    Dataset data = load(file, IRIS);
    assertEquals(List.of("setosa", "versicolor", "virginica"), data.classNames());
    assertEquals(4, data.size());
    assertEquals(2, data.featureSize());
    assertEquals(3, data.targetSize());
    float[][] expected = {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}, {1, 0, 0}};
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(expected[i][j], data.target(i, j), "target " + i + "," + j);
      }
      assertEquals(2 * i + 1, data.feature(i, 0));
      assertEquals(2 * i + 2, data.feature(i, 1));
    }
  }

  @Test
  void testFileUsesTrainingClassOrder() throws IOException {
    Path file = write("test.csv", "a,b,species\n1,2,virginica\n3,4,setosa\n");
    Dataset data =
        DataFiles.load(file, IRIS, null, List.of("setosa", "versicolor", "virginica"));
    assertEquals(List.of("setosa", "versicolor", "virginica"), data.classNames());
    assertEquals(1, data.target(0, 2));
    assertEquals(0, data.target(0, 0));
    assertEquals(1, data.target(1, 0));
  }

  @Test
  void integerLabelsStayIndices() throws IOException {
    Path file = write("digits.csv", "a,b,label\n1,2,2\n3,4,0\n5,6,2\n");
    Dataset data = load(file, IRIS);
    // label 1 never occurs, but 0..K-1 integers are taken as indices
    assertEquals(List.of("0", "1", "2"), data.classNames());
    assertEquals(1, data.target(0, 2));
    assertEquals(1, data.target(1, 0));
    assertEquals(0, data.target(1, 2));
    assertEquals(1, data.target(2, 2));
  }

  @Test
  void numericLabelsAreMappedInNumericOrder() throws IOException {
    Path file = write("grades.csv", "a,b,label\n1,2,3\n3,4,1\n5,6,2\n");
    Dataset data = load(file, IRIS);
    assertEquals(List.of("1", "2", "3"), data.classNames());
    assertEquals(1, data.target(0, 2));
    assertEquals(1, data.target(1, 0));
    assertEquals(1, data.target(2, 1));
  }

  @Test
  void numericLabelsSortNumericallyNotAsText() throws IOException {
    Path file = write("sizes.csv", "a,b,label\n1,2,10\n3,4,9\n5,6,2\n");
    Dataset data = load(file, IRIS);
    assertEquals(List.of("2", "9", "10"), data.classNames());
    assertEquals(1, data.target(0, 2));
    assertEquals(1, data.target(1, 1));
    assertEquals(1, data.target(2, 0));
  }

  @Test
  void binaryLabelsWithOneSigmoidUnit() throws IOException {
    Path file = write("binary.csv", "a,b,label\n1,2,1\n3,4,0\n5,6,1\n");
    Dataset data = load(file, spec(2, 1, Loss.BINARY_CROSSENTROPY));
    assertEquals(1, data.targetSize());
    assertEquals(List.of("0", "1"), data.classNames());
    assertEquals(1f, data.target(0, 0));
    assertEquals(0f, data.target(1, 0));
    assertEquals(1f, data.target(2, 0));
  }

  @Test
  void binaryNamedLabelsWithOneSigmoidUnit() throws IOException {
    Path file = write("spam.csv", "a,b,label\n1,2,spam\n3,4,ham\n");
    Dataset data = load(file, spec(2, 1, Loss.BINARY_CROSSENTROPY));
    assertEquals(List.of("ham", "spam"), data.classNames());
    assertEquals(1f, data.target(0, 0));
    assertEquals(0f, data.target(1, 0));
  }

  @Test
  void regressionKeepsRawValues() throws IOException {
    Path file = write("houses.csv", "rooms,area,price\n3,70.5,-1.25\n4,1e2,250000\n");
    Dataset data = load(file, spec(2, 1, Loss.MEAN_SQUARED_ERROR));
    assertEquals(List.of(), data.classNames());
    assertEquals(1, data.targetSize());
    assertEquals(-1.25f, data.target(0, 0));
    assertEquals(250000f, data.target(1, 0));
    assertEquals(70.5f, data.feature(0, 1));
    assertEquals(100f, data.feature(1, 1));
  }

  @Test
  void labelOptionPicksMiddleColumn() throws IOException {
    Path file = write("mid.csv", "a,species,b\n1,y,2\n3,x,4\n");
    Dataset data = DataFiles.load(file, IRIS, "species", List.of());
    assertEquals(List.of("x", "y"), data.classNames());
    assertEquals(1f, data.feature(0, 0));
    assertEquals(2f, data.feature(0, 1));
    assertEquals(3f, data.feature(1, 0));
    assertEquals(4f, data.feature(1, 1));
    assertEquals(1f, data.target(0, 1));
    assertEquals(1f, data.target(1, 0));
  }

  @Test
  void quotedCells() throws IOException {
    Path file = write("quoted.csv",
        "\"a\",\"b, with comma\",\"label\"\n\"1.5\", 2 ,\"x, \"\"quoted\"\"\"\n3,4,plain\n");
    Dataset data = load(file, IRIS);
    assertEquals(List.of("plain", "x, \"quoted\""), data.classNames());
    assertEquals(1.5f, data.feature(0, 0));
    assertEquals(2f, data.feature(0, 1));
    assertEquals(1f, data.target(0, 1));
  }

  @Test
  void byteOrderMarkAndCrLf() throws IOException {
    Path file = write("bom.csv", "\uFEFFa,b,label\r\n1,2,x\r\n3,4,y\r\n");
    Dataset data = DataFiles.load(file, IRIS, "label", List.of());
    assertEquals(2, data.size());
    assertEquals(List.of("x", "y"), data.classNames());
  }

  // ---- IDX ----

  @Test
  void gzipIdxLoadsScaledPixels() throws IOException {
    checkMnistLike(load(mnistLike(true), TWO_BY_TWO));
  }

  @Test
  void rawIdxLoadsScaledPixels() throws IOException {
    checkMnistLike(load(mnistLike(false), TWO_BY_TWO));
  }

  private static void checkMnistLike(Dataset data) {
    assertEquals(3, data.size());
    assertEquals(4, data.featureSize());
    assertEquals(List.of("0", "1", "2"), data.classNames());
    assertEquals(0f, data.feature(0, 0));
    assertEquals(1f, data.feature(0, 1));
    assertEquals(128 / 255f, data.feature(0, 2), 1e-7);
    assertEquals(0.2f, data.feature(0, 3), 1e-7);
    assertEquals(4 / 255f, data.feature(1, 3), 1e-7);
    assertEquals(1f, data.feature(2, 0));
    for (int i = 0; i < data.size(); i++) {
      for (int j = 0; j < data.featureSize(); j++) {
        float v = data.feature(i, j);
        assertTrue(v >= 0 && v <= 1, "pixel in [0, 1]: " + v);
      }
    }
    assertEquals(1f, data.target(0, 2));
    assertEquals(1f, data.target(1, 0));
    assertEquals(1f, data.target(2, 1));
    assertEquals(0f, data.target(2, 0));
  }

  @Test
  void idxWithOneSigmoidUnit() throws IOException {
    Path images = writeBytes("x-images-idx3-ubyte",
        idxImages(2051, 2, 1, 2, new int[] {0, 255, 255, 0}), false);
    writeBytes("x-labels-idx1-ubyte", idxLabels(2049, 2, new int[] {1, 0}), false);
    Dataset data = load(images, spec(List.of(2), 1, Loss.BINARY_CROSSENTROPY));
    assertEquals(1, data.targetSize());
    assertEquals(1f, data.target(0, 0));
    assertEquals(0f, data.target(1, 0));
  }

  @Test
  void idxWrongMagic() throws IOException {
    Path images = writeBytes("train-images-idx3-ubyte",
        idxImages(2049, 1, 2, 2, new int[] {0, 0, 0, 0}), false);
    writeBytes("train-labels-idx1-ubyte", idxLabels(2049, 1, new int[] {0}), false);
    fails(images, () -> load(images, TWO_BY_TWO), "not an IDX images file",
        "0x00000801", "0x00000803");
  }

  @Test
  void idxLabelsWrongMagic() throws IOException {
    Path images = writeBytes("train-images-idx3-ubyte.gz",
        idxImages(2051, 1, 2, 2, new int[] {0, 0, 0, 0}), true);
    Path labels = writeBytes("train-labels-idx1-ubyte.gz",
        idxLabels(2051, 1, new int[] {0}), true);
    fails(labels, () -> load(images, TWO_BY_TWO), "not an IDX labels file", "0x00000803");
  }

  @Test
  void idxTruncatedBody() throws IOException {
    // announces 3 images of 2x2 but holds only 2 and a half
    Path images = writeBytes("train-images-idx3-ubyte",
        idxImages(2051, 3, 2, 2, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), false);
    writeBytes("train-labels-idx1-ubyte", idxLabels(2049, 3, new int[] {0, 1, 2}), false);
    fails(images, () -> load(images, TWO_BY_TWO), "truncated", "3 images", "image 3");
  }

  @Test
  void idxTruncatedBodyGzip() throws IOException {
    Path images = writeBytes("train-images-idx3-ubyte.gz",
        idxImages(2051, 3, 2, 2, new int[] {1, 2, 3, 4}), true);
    writeBytes("train-labels-idx1-ubyte.gz", idxLabels(2049, 3, new int[] {0, 1, 2}), true);
    fails(images, () -> load(images, TWO_BY_TWO), "truncated", "3 images", "image 2");
  }

  @Test
  void idxTruncatedHeader() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(2051);
    out.writeInt(3);
    out.writeShort(2);
    Path images = writeBytes("train-images-idx3-ubyte", bytes.toByteArray(), false);
    writeBytes("train-labels-idx1-ubyte", idxLabels(2049, 3, new int[] {0, 1, 2}), false);
    fails(images, () -> load(images, TWO_BY_TWO), "truncated", "header", "row count");
  }

  @Test
  void idxTruncatedLabels() throws IOException {
    Path images = writeBytes("train-images-idx3-ubyte",
        idxImages(2051, 2, 2, 2, new int[] {1, 2, 3, 4, 5, 6, 7, 8}), false);
    Path labels = writeBytes("train-labels-idx1-ubyte", idxLabels(2049, 2, new int[] {1}), false);
    fails(labels, () -> load(images, TWO_BY_TWO), "truncated", "2 labels", "after 1");
  }

  @Test
  void idxCountsDiffer() throws IOException {
    Path images = writeBytes("train-images-idx3-ubyte",
        idxImages(2051, 2, 2, 2, new int[] {1, 2, 3, 4, 5, 6, 7, 8}), false);
    Path labels =
        writeBytes("train-labels-idx1-ubyte", idxLabels(2049, 3, new int[] {0, 1, 2}), false);
    fails(labels, () -> load(images, TWO_BY_TWO), "holds 3 labels",
        "train-images-idx3-ubyte holds 2 images");
  }

  @Test
  void idxLabelsFileMissing() throws IOException {
    Path images = writeBytes("train-images-idx3-ubyte.gz",
        idxImages(2051, 1, 2, 2, new int[] {0, 0, 0, 0}), true);
    fails(images, () -> load(images, TWO_BY_TWO), "train-labels-idx1-ubyte.gz", "missing");
  }

  @Test
  void idxLabelOutOfRange() throws IOException {
    Path images = writeBytes("train-images-idx3-ubyte",
        idxImages(2051, 3, 2, 2, new int[12]), false);
    Path labels =
        writeBytes("train-labels-idx1-ubyte", idxLabels(2049, 3, new int[] {0, 3, 1}), false);
    fails(labels, () -> load(images, TWO_BY_TWO), "record 2", "label 3", "3 classes", "0..2");
  }

  @Test
  void idxImageSizeDiffersFromModelInput() throws IOException {
    Path images = writeBytes("train-images-idx3-ubyte",
        idxImages(2051, 1, 3, 3, new int[9]), false);
    writeBytes("train-labels-idx1-ubyte", idxLabels(2049, 1, new int[] {0}), false);
    fails(images, () -> load(images, TWO_BY_TWO), "3x3", "9 values", "input 2x2 (4 values)");
  }

  @Test
  void idxForRegressionIsRefused() throws IOException {
    Path images = mnistLike(false);
    fails(images, () -> load(images, spec(List.of(2, 2), 1, Loss.MEAN_SQUARED_ERROR)),
        "regression");
  }

  @Test
  void labelsFileBesideImagesFile() {
    assertEquals(dir.resolve("t10k-labels-idx1-ubyte.gz"),
        DataFiles.labelsBeside(dir.resolve("t10k-images-idx3-ubyte.gz")));
    assertEquals(dir.resolve("digits-labels.idx"),
        DataFiles.labelsBeside(dir.resolve("digits-images.idx")));
    Path odd = dir.resolve("pictures.idx");
    fails(odd, () -> DataFiles.labelsBeside(odd), "labels file");
  }

  // ---- CSV to predict on ----

  @Test
  void featuresToPredictOnTakeAnOptionalLabelColumn() throws IOException {
    Path labelled = write("labelled.csv", "label,a,b\nx,1,2\n\ny,3,4\n");
    Path bare = write("bare.csv", "a,b\n5,6\n");

    List<DataFiles.Row> rows = DataFiles.features(labelled, IRIS, "label");
    DataFiles.Row row = DataFiles.features(bare, IRIS, null).get(0);

    assertEquals(List.of(2, 4), rows.stream().map(DataFiles.Row::line).toList());
    assertEquals(List.of(3f, 4f), List.of(rows.get(1).features()[0], rows.get(1).features()[1]));
    assertEquals(2, row.line());
    assertEquals(6f, row.features()[1]);
  }

  @Test
  void featuresToPredictOnFailAsTrainingDataDo() throws IOException {
    Path file = write("bad.csv", "a,b\n1,2\n1,x\n");
    Path wide = write("wide.csv", "a,b,c,d\n1,2,3,4\n");
    Path training = write("train.csv", "a,b,label\n1,2,0\n1,x,0\n");

    fails(file, () -> DataFiles.features(file, IRIS, null), file + ":3: column 'b' is not a "
        + "number: 'x'");
    fails(training, () -> load(training, IRIS), training + ":3: column 'b' is not a number");
    fails(wide, () -> DataFiles.features(wide, IRIS, null), "has 4 columns but the model Net "
        + "takes input 2 (2 values): give 2 feature columns, optionally with the label column");
  }
}
