package dev.dendrite.runtime;

/**
 * Keeps the libraries' log notices out of a trainer's output: ND4J's start-up banner (backend,
 * cores, BLAS vendor) and jHDF's "Writing files is in alpha" and per-file INFO lines.
 *
 * <p>Sets SLF4J Simple's properties, which win over any {@code simplelogger.properties} on the
 * class path (jHDF's jar ships one that logs INFO to standard output): warnings and errors only,
 * jHDF's errors only, all on standard error. A level the user set on the command line
 * ({@code -Dorg.slf4j.simpleLogger.defaultLogLevel=info}) or a log file leaves that setting
 * alone. Must run before the first logger is made; with another SLF4J binding it has no effect.
 */
public final class LibraryLogging {
  static final String PREFIX = "org.slf4j.simpleLogger.";
  static final String DEFAULT_LEVEL = PREFIX + "defaultLogLevel";
  static final String JHDF_LEVEL = PREFIX + "log.io.jhdf";
  static final String LOG_FILE = PREFIX + "logFile";

  private LibraryLogging() {}

  /** Turns the libraries' notices down unless the user chose a level or a log file. */
  public static void quiet() {
    if (System.getProperty(DEFAULT_LEVEL) == null) {
      System.setProperty(DEFAULT_LEVEL, "warn");
      setIfAbsent(JHDF_LEVEL, "error");
    }
    setIfAbsent(LOG_FILE, "System.err");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
