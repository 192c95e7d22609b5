package dev.dendrite.runtime;

import dev.dendrite.Padding;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One float convolution layer's kernels at one geometry and batch size, chosen at its first use
 * by measuring, as {@code cudnn.benchmark} does. For each pass (forward, backward data, backward
 * weights) the candidates are oneDNN (on one OpenMP thread for one sample, on the process's
 * threads otherwise: see {@link #candidates}) and im2col + GEMM (where the layer's workspace
 * holds the patches: small batches, dilated layers); each runs on the call's own arrays, once to
 * make its primitives and then at least {@link #ROUNDS} times in turn, and the fastest is kept
 * and run last, so the call's results are the chosen kernel's. Steps after the first find their
 * choice by the kernel array's identity and allocate nothing.
 *
 * <p>A choice is made once per geometry in a process: another layer or network of the same
 * shapes takes it without measuring, so a run's results do not depend on which of them measured.
 * {@link #report} says what was chosen; {@value #SWITCH} (or {@code -D}{@value #PROPERTY}) set
 * to {@code onednn} or {@code im2col} pins the kernels instead: oneDNN on one thread for one
 * sample and on all otherwise, or im2col + GEMM wherever the workspace allows it.
 */
final class ConvolutionChoice {
  /** The environment variable that pins the kernels: {@code onednn}, {@code im2col}, or not. */
  static final String SWITCH = "DENDRITE_KERNELS";
  /** The system property that does the same, ahead of the environment. */
  static final String PROPERTY = "dendrite.kernels";
  /** Timed runs of each candidate after its first, at least; the fastest counts. */
  static final int ROUNDS = 3;
  /**
   * Timed runs of each candidate at most: rounds go on until {@link #BUDGET_NANOS} is spent.
   * A fresh JVM's compiler threads hold the cores in bursts, during which a kernel on two
   * threads waits for its second; the fastest of many runs is the kernel's speed between them.
   */
  static final int MAX_ROUNDS = 40;
  /** The time one pass's measuring may take beyond {@link #ROUNDS} rounds, about. */
  static final long BUDGET_NANOS = 20_000_000L;

  /** How kernels are chosen. */
  enum Setting {
    AUTO, ONEDNN, IM2COL;

    /** The system property's value, else the environment's, else {@link #AUTO}. */
    static Setting current() {
      String value = System.getProperty(PROPERTY, System.getenv(SWITCH));
      if (value == null || value.isBlank()) {
        return AUTO;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "auto" -> AUTO;
        case "onednn" -> ONEDNN;
        case "im2col" -> IM2COL;
        default -> throw new IllegalArgumentException(SWITCH + " must be auto, onednn or im2col."
            + " Received: " + value);
      };
    }
  }

  /** A convolution kernel. */
  enum Kernel {
    ONEDNN, ONEDNN_ONE_THREAD, IM2COL,
    /** One sample's forward pass in halves of its rows on two threads: {@link OneDnnHalves}. */
    ONEDNN_HALVES
  }

  /** A convolution's passes, in the order {@link OneDnnConvolution#implementation} numbers them. */
  enum Pass {
    FORWARD("forward"), DATA("backward data"), WEIGHTS("backward weights");

    final String words;

    Pass(String words) {
      this.words = words;
    }
  }

  /** The geometry, whether the workspace holds patches, and the setting a choice was made for. */
  private record Key(OneDnnConvolution.Geometry geometry, boolean patches, Setting setting) {}

  private static final IdentityCache<INDArray, ConvolutionChoice[]> BY_KERNEL =
      new IdentityCache<>(1 << 10);
  /**
   * Every kernel chosen in this process, by key; a pass not chosen yet is null. Read and written
   * under its own lock.
   */
  private static final Map<Key, Kernel[]> CHOSEN = new HashMap<>();
  /** Every choice made, for {@link #report}, while its kernel array lives. */
  private static final List<ConvolutionChoice> MADE = new ArrayList<>();

  private final OneDnnConvolution.Geometry geometry;
  private final Convolutions.Patches patches;
  private final boolean holdsPatches;
  private final Setting setting;
  private final WeakReference<INDArray> kernelArray;
  private final long kernelAddress;
  /** The kernel chosen for each pass, null until its first call. */
  private final Kernel[] chosen = new Kernel[Pass.values().length];
  /** The fastest time of each candidate per pass in nanoseconds, 0 where not measured. */
  private final long[][] nanos = new long[Pass.values().length][Kernel.values().length];
  private volatile OneDnnConvolution forwardPlan;
  /** The halves that run the forward pass where {@link Kernel#ONEDNN_HALVES} was chosen. */
  private volatile OneDnnHalves forwardHalves;
  /** Whether {@link #forwardPlan} applies the ReLU. */
  private volatile boolean forwardRelu;
  private volatile OneDnnConvolution dataPlan;
  private volatile OneDnnConvolution weightsPlan;
  private volatile Kernel forward;
  /**
   * Calls left before the forward pass's candidates are measured once more, 0 for never: where
   * {@link Kernel#ONEDNN_HALVES} competed, whose second half waits for a core that a fresh JVM's
   * compiler threads hold in bursts (M3's conv2 measured 202-281 us in halves at the first call
   * after ten training steps, 70-80 us later in the same process, against 125-137 whole).
   */
  private int callsToRecheck;
  /** How many of {@link #RECHECK_CALLS} have been scheduled. */
  private int rechecks;
  /**
   * Calls after which a forward pass that measured {@link Kernel#ONEDNN_HALVES} measures again:
   * soon, then once more much later.
   */
  static final int[] RECHECK_CALLS = {200, 2000};
  private volatile Kernel data;
  private volatile Kernel weights;

  private ConvolutionChoice(OneDnnConvolution.Geometry geometry, Convolutions.Patches patches,
      boolean holdsPatches, Setting setting, INDArray kernel) {
    this.geometry = geometry;
    this.patches = patches;
    this.holdsPatches = holdsPatches;
    this.setting = setting;
    this.kernelArray = new WeakReference<>(kernel);
    this.kernelAddress = Vec.of(kernel).pointer().address();
  }

  /**
   * {@code out = x (*) kernel + bias} on the layer's chosen kernel, with {@code relu} its
   * {@code max(0, ...)} (a oneDNN post-op, or in place after im2col); {@code bias} may be null.
   * The kernel chosen serves both; the plan kept is the one of the first call's {@code relu}.
   */
  static void forward(INDArray x, INDArray kernel, INDArray bias, INDArray out, INDArray cols,
      int strideH, int strideW, int dilationH, int dilationW, Padding padding, boolean relu) {
    ConvolutionChoice c = of(x, kernel, out, bias != null, cols, strideH, strideW, dilationH,
        dilationW, padding);
    Kernel k = c.forward;
    if (k == null) {
      c.chooseForward(x, kernel, bias, out, cols, relu);
      return;
    }
    if (c.callsToRecheck > 0 && --c.callsToRecheck == 0) {
      c.recheckForward(x, kernel, bias, out, cols, relu);
      return;
    }
    c.runForward(k, relu, x, kernel, bias, out, cols);
  }

  /**
   * The kernel gradient, the bias gradient where {@code biasGrad} is not null, and the input
   * gradient where {@code dX} is not null, all overwritten, on the layer's chosen kernels.
   */
  static void backward(INDArray x, INDArray kernel, INDArray dOut, INDArray cols, INDArray dX,
      INDArray kernelGrad, INDArray biasGrad, int strideH, int strideW, int dilationH,
      int dilationW, Padding padding) {
    ConvolutionChoice c = of(x, kernel, dOut, biasGrad != null, cols, strideH, strideW,
        dilationH, dilationW, padding);
    Kernel k = c.weights;
    if (k == null) {
      c.chooseWeights(x, kernel, dOut, cols, kernelGrad, biasGrad);
    } else {
      c.runWeights(k, x, kernel, dOut, cols, kernelGrad, biasGrad);
    }
    if (dX == null) {
      return;
    }
    k = c.data;
    if (k == null) {
      c.chooseData(x, kernel, dOut, cols, dX);
    } else {
      c.runData(k, x, kernel, dOut, cols, dX);
    }
  }

  /** The choice for these arrays, found by the kernel's identity, or made (not yet measured). */
  private static ConvolutionChoice of(INDArray x, INDArray kernel, INDArray out, boolean bias,
      INDArray cols, int strideH, int strideW, int dilationH, int dilationW, Padding padding) {
    ConvolutionChoice[] choices = BY_KERNEL.get(kernel);
    if (choices != null) {
      for (ConvolutionChoice c : choices) {
        if (c.geometry.matches(x, out, bias, strideH, strideW, dilationH, dilationW, padding,
            false)
            && c.patches.holdsPatches(cols) == c.holdsPatches) {
          return c;
        }
      }
    }
    Convolutions.Patches p = Convolutions.Patches.of(x, kernel, out, strideH, strideW,
        dilationH, dilationW, padding);
    ConvolutionChoice c = new ConvolutionChoice(OneDnnConvolution.Geometry.of(x, kernel, out,
        bias, strideH, strideW, dilationH, dilationW, padding, false), p, p.holdsPatches(cols),
        Setting.current(), kernel);
    synchronized (MADE) {
      MADE.removeIf(made -> made.kernelArray.get() == null);
      MADE.add(c);
      BY_KERNEL.put(kernel, Dnnl.appended(BY_KERNEL.get(kernel), c, ConvolutionChoice[]::new));
    }
    return c;
  }

  /**
   * One line per convolution layer of {@code parameters} (a network's, by name) that has run:
   * its batch size, shapes and, per pass, the kernel chosen (with oneDNN's implementation name)
   * and the times measured, or the setting that pinned it.
   */
  static List<String> report(Map<String, INDArray> parameters) {
    List<String> lines = new ArrayList<>();
    List<ConvolutionChoice> made;
    synchronized (MADE) {
      made = List.copyOf(MADE);
    }
    for (Map.Entry<String, INDArray> parameter : parameters.entrySet()) {
      INDArray array = parameter.getValue();
      if (!Floats.all(array)) {
        continue;
      }
      long address = Vec.of(array).pointer().address();
      for (ConvolutionChoice c : made) {
        INDArray kernel = c.kernelArray.get();
        if (kernel != null && (kernel == array || c.kernelAddress == address
            && kernel.length() == array.length()) && c.forward != null) {
          lines.add(c.line(kernel, layerName(parameter.getKey())));
        }
      }
    }
    return lines;
  }

  private static String layerName(String parameter) {
    int dot = parameter.lastIndexOf('.');
    return dot < 0 ? parameter : parameter.substring(0, dot);
  }

  private synchronized String line(INDArray kernel, String layer) {
    OneDnnConvolution.Geometry g = geometry;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "%s  %dx%dx%d -> %dx%dx%d, batch %d:", layer, g.height(), g.width(), g.channels(),
        g.outH(), g.outW(), g.filters(), g.n()));
    String separator = " ";
    for (Pass pass : Pass.values()) {
      Kernel k = chosen[pass.ordinal()];
      if (k == null) {
        continue;
      }
      line.append(separator).append(pass.words).append(' ').append(describe(kernel, pass, k));
      separator = "; ";
      if (nanos[pass.ordinal()][k.ordinal()] > 0) {
        line.append(' ').append(micros(nanos[pass.ordinal()][k.ordinal()]));
        String others = "";
        for (Kernel other : Kernel.values()) {
          long time = nanos[pass.ordinal()][other.ordinal()];
          if (other != k && time > 0) {
            others += (others.isEmpty() ? "" : ", ") + shortName(other) + " " + micros(time);
          }
        }
        if (!others.isEmpty()) {
          line.append(" (").append(others).append(')');
        }
      }
    }
    if (setting != Setting.AUTO) {
      line.append(" (").append(SWITCH).append('=')
          .append(setting.name().toLowerCase(Locale.ROOT)).append(')');
    }
    return line.toString();
  }

  private String describe(INDArray kernel, Pass pass, Kernel k) {
    if (k == Kernel.IM2COL) {
      return "im2col + GEMM";
    }
    if (k == Kernel.ONEDNN_HALVES) {
      return "oneDNN " + OneDnnHalves.of(kernel, geometry.withRelu(forwardRelu)).implementation()
          + ", halves of the rows on 2 threads";
    }
    OneDnnConvolution plan = pass == Pass.FORWARD && forwardPlan != null ? forwardPlan
        : plan(kernel, k, false);
    return "oneDNN " + plan.implementation(pass.ordinal()) + ", "
        + (k == Kernel.ONEDNN_ONE_THREAD ? "1 thread" : Dnnl.threads() + " threads");
  }

  private static String shortName(Kernel k) {
    return switch (k) {
      case ONEDNN -> "oneDNN " + Dnnl.threads() + " threads";
      case ONEDNN_ONE_THREAD -> "oneDNN 1 thread";
      case IM2COL -> "im2col";
      case ONEDNN_HALVES -> "oneDNN halves";
    };
  }

  private static String micros(long nanos) {
    double us = nanos / 1e3;
    return String.format(Locale.ROOT, us < 10 ? "%.1f us" : "%.0f us", us);
  }

  // ---- choosing ----

  /** The candidates for {@code pass}, in the order they are tried. */
  private List<Kernel> candidates(Pass pass) {
    List<Kernel> list = new ArrayList<>(3);
    // One sample runs oneDNN on one thread, never on both: alone a first layer measured faster
    // on two (M3's conv1 82 against 94 us), but a network whose one-sample convolutions switched
    // OpenMP between one thread and two took 240-360 us a sample against 155-175 on one thread
    // throughout (M3, quiet), a cost no single layer's timing sees.
    list.add(geometry.n() == 1 && Dnnl.threads() > 1 ? Kernel.ONEDNN_ONE_THREAD : Kernel.ONEDNN);
    // Both cores for one sample without OpenMP: halves of the rows, each on one thread.
    if (pass == Pass.FORWARD && OneDnnHalves.fits(geometry) && SecondThread.AVAILABLE
        && SplitPass.sharing()) {
      list.add(Kernel.ONEDNN_HALVES);
    }
    if (holdsPatches) {
      list.add(Kernel.IM2COL);
    }
    return list;
  }

  /**
   * The kernel for {@code pass} without measuring, or null where it must be measured: pinned by
   * the setting, already chosen for this key in the process, or the only candidate. Called
   * under {@link #CHOSEN}'s lock.
   */
  private Kernel known(Pass pass, List<Kernel> candidates) {
    Kernel[] earlier = CHOSEN.get(new Key(geometry, holdsPatches, setting));
    if (earlier != null && earlier[pass.ordinal()] != null) {
      return earlier[pass.ordinal()];
    }
    Kernel oneDnn = geometry.n() == 1 && Dnnl.threads() > 1 ? Kernel.ONEDNN_ONE_THREAD
        : Kernel.ONEDNN;
    return switch (setting) {
      case ONEDNN -> oneDnn;
      case IM2COL -> holdsPatches ? Kernel.IM2COL : oneDnn;
      case AUTO -> candidates.size() == 1 ? candidates.get(0) : null;
    };
  }

  /**
   * Times {@code run} on each candidate, keeps the fastest and runs it last; unless measuring
   * {@code again}, a kernel known without measuring ({@link #known}) is taken instead. One
   * choice is measured at a time in the process, so layers of one geometry measured on several
   * threads at once (Spark's local executors) all take the first one's kernel.
   */
  private Kernel choose(Pass pass, Consumer<Kernel> run, boolean again) {
    synchronized (CHOSEN) {
      List<Kernel> candidates = candidates(pass);
      Kernel k = again ? null : known(pass, candidates);
      if (k == null) {
        k = fastest(candidates, nanos[pass.ordinal()], run);
      }
      run.accept(k);
      chosen[pass.ordinal()] = k;
      CHOSEN.computeIfAbsent(new Key(geometry, holdsPatches, setting),
          key -> new Kernel[Pass.values().length])[pass.ordinal()] = k;
      return k;
    }
  }

  /**
   * The candidate whose fastest run was fastest, each one's best time left in {@code best}. The
   * oneDNN candidates run in turn, then im2col alone: OpenBLAS's threads keep spinning a while
   * after its product, and a oneDNN kernel run then would be timed against them.
   */
  private static Kernel fastest(List<Kernel> candidates, long[] best,
      Consumer<Kernel> run) {
    List<Kernel> oneDnn = candidates.stream().filter(k -> k != Kernel.IM2COL).toList();
    measure(oneDnn, best, run);
    if (candidates.contains(Kernel.IM2COL)) {
      measure(List.of(Kernel.IM2COL), best, run);
    }
    Kernel k = candidates.get(0);
    for (Kernel candidate : candidates) {
      if (best[candidate.ordinal()] < best[k.ordinal()]) {
        k = candidate;
      }
    }
    return k;
  }

  /** Runs each of {@code group} once, then in turn for rounds, keeping each one's best time. */
  private static void measure(List<Kernel> group, long[] best,
      Consumer<Kernel> run) {
    for (Kernel candidate : group) {
      run.accept(candidate);
      best[candidate.ordinal()] = Long.MAX_VALUE;
    }
    long start = System.nanoTime();
    for (int round = 0; round < MAX_ROUNDS
        && (round < ROUNDS || System.nanoTime() - start < BUDGET_NANOS / 2); round++) {
      for (Kernel candidate : group) {
        long before = System.nanoTime();
        run.accept(candidate);
        best[candidate.ordinal()] =
            Math.min(best[candidate.ordinal()], System.nanoTime() - before);
      }
    }
  }

  private synchronized void chooseForward(INDArray x, INDArray kernel, INDArray bias,
      INDArray out, INDArray cols, boolean relu) {
    if (forward != null) {
      runForward(forward, relu, x, kernel, bias, out, cols);
      return;
    }
    keepForward(choose(Pass.FORWARD, candidate -> runForward(candidate, relu, x, kernel, bias,
        out, cols), false), kernel, relu);
  }

  /** Measures the forward pass's candidates again and keeps the fastest ({@link #rechecks}). */
  private synchronized void recheckForward(INDArray x, INDArray kernel, INDArray bias,
      INDArray out, INDArray cols, boolean relu) {
    keepForward(choose(Pass.FORWARD, candidate -> runForward(candidate, relu, x, kernel, bias,
        out, cols), true), kernel, relu);
  }

  /**
   * Keeps {@code k} and its plan for the forward pass, and schedules the next measurement where
   * {@link Kernel#ONEDNN_HALVES} was measured.
   */
  private void keepForward(Kernel k, INDArray kernel, boolean relu) {
    forwardRelu = relu;
    forwardPlan = plan(kernel, k, relu);
    forwardHalves = k == Kernel.ONEDNN_HALVES ? OneDnnHalves.of(kernel, geometry.withRelu(relu))
        : null;
    forward = k;
    boolean halvesMeasured =
        nanos[Pass.FORWARD.ordinal()][Kernel.ONEDNN_HALVES.ordinal()] > 0;
    callsToRecheck = halvesMeasured && rechecks < RECHECK_CALLS.length
        ? RECHECK_CALLS[rechecks++] : 0;
  }

  private synchronized void chooseWeights(INDArray x, INDArray kernel, INDArray dOut,
      INDArray cols, INDArray kernelGrad, INDArray biasGrad) {
    if (weights != null) {
      runWeights(weights, x, kernel, dOut, cols, kernelGrad, biasGrad);
      return;
    }
    Kernel k = choose(Pass.WEIGHTS, candidate -> runWeights(candidate, x, kernel, dOut, cols,
        kernelGrad, biasGrad), false);
    weightsPlan = plan(kernel, k, false);
    weights = k;
  }

  private synchronized void chooseData(INDArray x, INDArray kernel, INDArray dOut,
      INDArray cols, INDArray dX) {
    if (data != null) {
      runData(data, x, kernel, dOut, cols, dX);
      return;
    }
    Kernel k = choose(Pass.DATA, candidate -> runData(candidate, x, kernel, dOut, cols, dX),
        false);
    dataPlan = plan(kernel, k, false);
    data = k;
  }

  /**
   * The oneDNN plan that runs {@code k} on {@code kernel}, with the ReLU post-op or without, or
   * null for im2col.
   */
  private OneDnnConvolution plan(INDArray kernel, Kernel k, boolean relu) {
    return k == Kernel.IM2COL || k == Kernel.ONEDNN_HALVES ? null
        : OneDnnConvolution.plan(kernel,
        relu ? geometry.withRelu(true) : geometry, k == Kernel.ONEDNN_ONE_THREAD);
  }

  // ---- running ----

  private void runForward(Kernel k, boolean relu, INDArray x, INDArray kernel, INDArray bias,
      INDArray out, INDArray cols) {
    if (k == Kernel.IM2COL) {
      Convolutions.forward(patches, x, kernel, bias, out, cols);
      if (relu) {
        Activations.relu(out, out);
      }
      return;
    }
    if (k == Kernel.ONEDNN_HALVES) {
      OneDnnHalves halves = k == forward && relu == forwardRelu ? forwardHalves : null;
      (halves != null ? halves : OneDnnHalves.of(kernel, geometry.withRelu(relu)))
          .forward(x, kernel, bias, out);
      return;
    }
    OneDnnConvolution plan = k == forward && relu == forwardRelu ? forwardPlan : null;
    (plan != null ? plan : plan(kernel, k, relu)).forward(x, kernel, bias, out);
  }

  /**
   * im2col's kernel gradient reads the patches the forward pass left in {@code cols}, or, where
   * the forward pass ran on oneDNN, makes them first.
   */
  private void runWeights(Kernel k, INDArray x, INDArray kernel, INDArray dOut, INDArray cols,
      INDArray kernelGrad, INDArray biasGrad) {
    if (k == Kernel.IM2COL) {
      if (forward != Kernel.IM2COL) {
        patches.im2col(x, cols);
      }
      Convolutions.kernelGradient(patches, dOut, cols, kernelGrad, biasGrad);
      return;
    }
    OneDnnConvolution plan = k == weights ? weightsPlan : null;
    (plan != null ? plan : plan(kernel, k, false)).backwardWeights(x, kernel, dOut, kernelGrad, biasGrad);
  }

  private void runData(Kernel k, INDArray x, INDArray kernel, INDArray dOut, INDArray cols,
      INDArray dX) {
    if (k == Kernel.IM2COL) {
      Convolutions.inputGradient(patches, kernel, dOut, cols, dX);
      return;
    }
    OneDnnConvolution plan = k == data ? dataPlan : null;
    (plan != null ? plan : plan(kernel, k, false)).backwardData(x, kernel, dOut, dX);
  }
}
