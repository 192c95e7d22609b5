package dev.dendrite.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.LongConsumer;

/**
 * Splits a file's bytes into lines as {@link java.io.BufferedReader#readLine} does (ended by
 * {@code \n}, {@code \r} or {@code \r\n}; a last line without an end counts), handing each to a
 * consumer as a range of one reused buffer, without making a String of it.
 */
final class CsvLines {
  private static final int BUFFER = 1 << 20;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
      ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long RETURNS = 0x0D0D0D0D0D0D0D0DL;

  private CsvLines() {}

  /** Receives one line: {@code bytes[from, to)}, valid only during the call. */
  interface Line {
    void accept(byte[] bytes, int from, int to, int number) throws IOException;
  }

  /**
   * Hands every line of {@code in} to {@code each}, telling {@code read} the bytes read so far
   * after every read.
   */
  static void read(InputStream in, Line each, LongConsumer read) throws IOException {
    byte[] buf = new byte[BUFFER];
    int start = 0;
    int end = 0;
    int scan = 0;
    int number = 0;
    long total = 0;
    boolean eof = false;
    boolean skipNewline = false;
    while (true) {
      int i = scan;
      // eight bytes at a time while none of them ends a line
      while (i + Long.BYTES <= end && !endsLine((long) LONGS.get(buf, i))) {
        i += Long.BYTES;
      }
      while (i < end && buf[i] != '\n' && buf[i] != '\r') {
        i++;
      }
      if (i < end) {
        each.accept(buf, start, i, ++number);
        if (buf[i] == '\r') {
          if (i + 1 < end) {
            i += buf[i + 1] == '\n' ? 1 : 0;
          } else {
            skipNewline = true;
          }
        }
        start = i + 1;
        scan = start;
        continue;
      }
      if (eof) {
        if (start < end) {
          each.accept(buf, start, end, ++number);
        }
        return;
      }
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      }
      if (end == buf.length) {
        byte[] wider = new byte[Math.multiplyExact(buf.length, 2)];
        System.arraycopy(buf, 0, wider, 0, end);
        buf = wider;
      }
      scan = end;
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
        continue;
      }
      total += n;
      read.accept(total);
      if (skipNewline && n > 0) {
        skipNewline = false;
        if (buf[end] == '\n') {
          start++;
          scan++;
        }
      }
      end += n;
    }
  }

  /** Whether one of the eight bytes of {@code word} is {@code \n} or {@code \r}. */
  private static boolean endsLine(long word) {
    return hasZero(word ^ NEWLINES) || hasZero(word ^ RETURNS);
  }

  /** Whether one of the eight bytes of {@code word} is 0 (the classic bit trick, exact). */
  private static boolean hasZero(long word) {
    return ((word - 0x0101010101010101L) & ~word & 0x8080808080808080L) != 0;
  }

  /** Whether the line is blank as {@link String#isBlank} says of it. */
  static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c < 0) {
        return text(b, from, to).isBlank();
      }
      if (!(c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31))) {
        return false;
      }
    }
    return true;
  }

  static String text(byte[] b, int from, int to) {
    return new String(b, from, to - from, java.nio.charset.StandardCharsets.UTF_8);
  }
}
