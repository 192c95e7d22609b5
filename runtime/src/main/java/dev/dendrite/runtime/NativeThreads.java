package dev.dendrite.runtime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses how the native libraries under ND4J wait for work, before they load, so that a user
 * gets the measured best speed alone and beside other busy processes without setting anything.
 *
 * <p>libnd4j runs its element-wise ops and convolutions on an OpenMP pool (GNU libgomp) and its
 * matrix products on OpenBLAS's own pthreads pool. Both read their settings from the
 * environment once, when they load, and both spin between jobs by default: on few cores the
 * two pools and the Java thread feeding them take turns burning each other's time slices, worst
 * when another process wants the cores too. {@code bench/threading} measured every choice
 * (README, "Threads"); {@link #DECIDED} holds the one taken. A variable the user set is never
 * changed, and {@code DENDRITE_THREADS=off} leaves the whole environment as it is.
 *
 * <p>Called from {@link GeneratedNetwork}'s class initializer and from the trainer's entry, so it
 * runs before the first array is made. Where the libraries already loaded (a program that used
 * ND4J first), or off Linux, it changes nothing.
 */
public final class NativeThreads {
  /** The settings Dendrite applies, each unless the environment already names it. */
  static final Map<String, String> DECIDED = decided();
  /** {@code DENDRITE_THREADS=off} disables {@link #configure()}. */
  static final String SWITCH = "DENDRITE_THREADS";

  private static boolean configured;

  private NativeThreads() {}

  private static Map<String, String> decided() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("OMP_WAIT_POLICY", "PASSIVE");
    return settings;
  }

  /** Applies {@link #DECIDED} to this process's environment, once; later calls do nothing. */
  public static synchronized void configure() {
    if (configured) {
      return;
    }
    configured = true;
    if ("off".equalsIgnoreCase(System.getenv(SWITCH))
        || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return;
    }
    try {
      for (Map.Entry<String, String> setting : DECIDED.entrySet()) {
        // overwrite = 0: a value the user set wins
        org.bytedeco.systems.global.linux.setenv(setting.getKey(), setting.getValue(), 0);
      }
    } catch (LinkageError missingNativeLibrary) {
      // Without the C library's binding the environment stays as the user started it.
    }
  }
}
