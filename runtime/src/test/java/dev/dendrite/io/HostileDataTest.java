package dev.dendrite.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dendrite.DataException;
import dev.dendrite.Dataset;
import dev.dendrite.Loss;
import dev.dendrite.ModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers that announce more than the file holds are clear errors, never an allocation. */
class HostileDataTest {
  @TempDir Path dir;

  Path idx(int count, int rows, int cols, int bytesOfPixels) throws IOException {
    Path images = dir.resolve("x-images-idx3-ubyte");
    Files.write(images, DataFilesTest.idxImages(2051, count, rows, cols, new int[bytesOfPixels]));
    Files.write(dir.resolve("x-labels-idx1-ubyte"), DataFilesTest.idxLabels(2049, count,
        new int[0]));
    return images;
  }

  @Test
  void hugeImageCountIsTruncationNotOutOfMemory() throws IOException {
    Path images = idx(2_000_000_000, 1, 1, 3);
    ModelSpec one = DataFilesTest.spec(List.of(1, 1), 3, Loss.CATEGORICAL_CROSSENTROPY);
    DataFilesTest.fails(images, () -> DataFiles.load(images, one, null, List.of()),
        "truncated: the header announces 2000000000 images but the data ends in image 4");
  }

  @Test
  void imageCountBeyondAnArray() throws IOException {
    Path images = idx(1 << 30, 2, 2, 0);
    DataFilesTest.fails(images, () -> DataFiles.load(images, DataFilesTest.TWO_BY_TWO, null,
        List.of()), "more than one array can hold");
  }

  @Test
  void overflowingImageSize() throws IOException {
    Path images = idx(1, 65536, 65537, 0);
    DataFilesTest.fails(images, () -> DataFiles.load(images, DataFilesTest.TWO_BY_TWO, null,
        List.of()), "images are 65536x65537 (4295032832 values)");
  }

  @Test
  void noImages() throws IOException {
    Path images = idx(0, 2, 2, 0);
    DataFilesTest.fails(images, () -> DataFiles.load(images, DataFilesTest.TWO_BY_TWO, null,
        List.of()), "the file holds no images");
  }

  @Test
  void aLongCellIsShortenedInTheMessage() throws IOException {
    Path csv = dir.resolve("long.csv");
    String cell = "q".repeat(1_000_000);
    Files.writeString(csv, "a,b,label\n1," + cell + ",0\n", StandardCharsets.UTF_8);
    DataException e = assertThrows(DataException.class,
        () -> DataFiles.load(csv, DataFilesTest.IRIS, null, List.of()));
    assertEquals(csv + ":2: column 'b' is not a number: '" + "q".repeat(60)
        + "... (1000000 characters)'", e.getMessage());
  }

  @Test
  void longIntegerLabelsAreNamesNotAnOverflow() throws IOException {
    Path csv = dir.resolve("big.csv");
    Files.writeString(csv, "a,b,label\n1,2,99999999999\n3,4,12345678901234567890\n",
        StandardCharsets.UTF_8);
    Dataset data = DataFiles.load(csv, DataFilesTest.IRIS, null, List.of());
    assertEquals(List.of("99999999999", "12345678901234567890"), data.classNames());
  }
}
