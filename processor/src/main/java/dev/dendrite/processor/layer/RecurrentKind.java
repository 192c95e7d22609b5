package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.dendrite.Activation;
import dev.dendrite.processor.model.RecurrentLayer;
import dev.dendrite.processor.model.RecurrentLayer.Cell;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code @SimpleRNN}, {@code @LSTM} and {@code @GRU}: one kernel call per direction into
 * {@code Recurrent}, which keeps every step's gates and states in this layer's arrays for
 * backpropagation through time. Weights in Keras' layouts: kernel {@code [features, gates]},
 * recurrent kernel {@code [units, gates]} (orthogonal), bias {@code [gates]} ({@code [2, gates]}
 * for a GRU; an LSTM's forget-gate biases start at 1).
 */
record RecurrentKind(RecurrentLayer layer) implements LayerKind {
  private static final ClassName RECURRENT = ClassName.get(Names.RUNTIME, "Recurrent");

  @Override
  public String describe() {
    String activations = layer.cell() == Cell.SIMPLE_RNN
        ? layer.cellActivation().kerasName()
        : layer.cellActivation().kerasName() + "/" + layer.recurrentActivation().kerasName();
    return layer.name() + ": " + layer.kerasType() + " " + layer.input() + " -> "
        + layer.output() + ", " + activations + (layer.returnSequences() ? ", sequences" : "")
        + (layer.useBias() ? "" : ", no bias");
  }

  /**
   * Per step: 2 per multiply-add of the input and recurrent products, 1 per bias and 1 per gate
   * activation, and the cell's own element-wise work (LSTM 5, GRU 6 per unit).
   */
  @Override
  public long flops() {
    long gates = layer.gateWidth();
    long cell = switch (layer.cell()) {
      case SIMPLE_RNN -> 0;
      case LSTM -> 5;
      case GRU -> 6;
    };
    long perStep = 2L * (layer.features() + layer.units()) * gates
        + (layer.useBias() ? gates : 0) + gates + cell * layer.units();
    return layer.steps() * perStep;
  }

  @Override
  public List<Constant> constants(Site site) {
    String p = site.prefix();
    return List.of(
        new Constant(p + "_STEPS", layer.steps(), "Steps of the series " + layer.name() + " reads."),
        new Constant(p + "_FEATURES", layer.features(), "Features per step into " + layer.name()
            + "."),
        new Constant(p + "_UNITS", layer.units(), "Units of " + layer.name() + "."),
        new Constant(p + "_GATES", layer.gateWidth(), "Gate values per step of " + layer.name()
            + ": " + layer.cell().gates() + " per unit."));
  }

  @Override
  public List<Parameter> parameters(Site site) {
    String p = site.prefix();
    String name = layer.name();
    int gates = layer.gateWidth();
    List<Parameter> list = new ArrayList<>();
    list.add(Parameter.kernel(name, p + "_FEATURES, " + p + "_GATES", null,
        layer.features() + "x" + gates, p + "_FEATURES", p + "_GATES"));
    list.add(new Parameter(name, site.field("RecurrentKernel"), name + ".recurrentKernel",
        p + "_UNITS, " + p + "_GATES", null, layer.units() + "x" + gates + " recurrent kernel",
        null, null));
    if (layer.useBias()) {
      list.add(layer.cell() == Cell.GRU
          ? new Parameter(name, site.field("Bias"), name + ".bias", "2, " + p + "_GATES", null,
              "2x" + gates + " biases", null, null)
          : Parameter.bias(name, p + "_GATES", gates));
    }
    return list;
  }

  /** Orthogonal recurrent kernel; an LSTM's forget-gate biases at 1. */
  @Override
  public CodeBlock initialize(Site site) {
    CodeBlock.Builder code = CodeBlock.builder()
        .add(call(RECURRENT, "orthogonal", site.field("RecurrentKernel"), "init"));
    if (layer.cell() == Cell.LSTM && layer.useBias()) {
      code.add(call(RECURRENT, "unitForgetBias", site.field("Bias")));
    }
    return code.build();
  }

  /**
   * Every step's gates and states (an LSTM's cells, a GRU's recurrent projections), the output,
   * and for the backward pass the gates' gradients and the state (and cell) gradient carried
   * from step to step.
   */
  @Override
  public List<BufferPlan.Buffer> buffers(Site site) {
    String p = site.prefix();
    long steps = layer.steps();
    String gates = "n, " + p + "_STEPS, " + p + "_GATES";
    String units = "n, " + p + "_STEPS, " + p + "_UNITS";
    int i = site.index();
    List<BufferPlan.Buffer> list = new ArrayList<>();
    list.add(BufferPlan.allocated(i, site.field("Gates"), gates, steps * layer.gateWidth()));
    list.add(BufferPlan.allocated(i, site.field("States"), units, steps * layer.units()));
    if (layer.cell() == Cell.LSTM) {
      list.add(BufferPlan.allocated(i, site.field("Cells"), units, steps * layer.units()));
    }
    if (layer.cell() == Cell.GRU) {
      list.add(BufferPlan.allocated(i, site.field("Projections"), gates,
          steps * layer.gateWidth()));
    }
    list.addAll(site.outputBuffers());
    list.add(BufferPlan.allocated(i, site.field("GatesGrad"), gates, steps * layer.gateWidth()));
    if (layer.cell() == Cell.GRU) {
      list.add(BufferPlan.allocated(i, site.field("ProjectionsGrad"), gates,
          steps * layer.gateWidth()));
    }
    list.add(BufferPlan.allocated(i, site.field("StateGrad"), "n, " + p + "_UNITS",
        layer.units()));
    if (layer.cell() == Cell.LSTM) {
      list.add(BufferPlan.allocated(i, site.field("CellGrad"), "n, " + p + "_UNITS",
          layer.units()));
    }
    return list;
  }

  @Override
  public CodeBlock forward(Site site) {
    String bias = layer.useBias() ? site.field("Bias") : "null";
    return switch (layer.cell()) {
      case SIMPLE_RNN -> call(RECURRENT, "simpleRnn", site.in(), site.field("Kernel"),
          site.field("RecurrentKernel"), bias, site.buffer("Gates"), site.buffer("States"),
          site.out(), activation(layer.cellActivation()));
      case LSTM -> call(RECURRENT, "lstm", site.in(), site.field("Kernel"),
          site.field("RecurrentKernel"), bias, site.buffer("Gates"), site.buffer("Cells"),
          site.buffer("States"), site.out(), activation(layer.cellActivation()),
          activation(layer.recurrentActivation()));
      case GRU -> call(RECURRENT, "gru", site.in(), site.field("Kernel"),
          site.field("RecurrentKernel"), bias, site.buffer("Gates"), site.buffer("Projections"),
          site.buffer("States"), site.out(), activation(layer.cellActivation()),
          activation(layer.recurrentActivation()));
    };
  }

  @Override
  public CodeBlock backward(Site site) {
    String biasGrad = layer.useBias() ? site.field("BiasGrad") : "null";
    return switch (layer.cell()) {
      case SIMPLE_RNN -> call(RECURRENT, "simpleRnnBackward", site.in(), site.field("Kernel"),
          site.field("RecurrentKernel"), site.buffer("States"), site.outGrad(),
          site.buffer("GatesGrad"), site.buffer("StateGrad"), site.field("KernelGrad"),
          site.field("RecurrentKernelGrad"), biasGrad, site.inGrad(),
          activation(layer.cellActivation()));
      case LSTM -> call(RECURRENT, "lstmBackward", site.in(), site.field("Kernel"),
          site.field("RecurrentKernel"), site.buffer("Gates"), site.buffer("Cells"),
          site.buffer("States"), site.outGrad(), site.buffer("GatesGrad"),
          site.buffer("StateGrad"), site.buffer("CellGrad"), site.field("KernelGrad"),
          site.field("RecurrentKernelGrad"), biasGrad, site.inGrad(),
          activation(layer.cellActivation()), activation(layer.recurrentActivation()));
      case GRU -> call(RECURRENT, "gruBackward", site.in(), site.field("Kernel"),
          site.field("RecurrentKernel"), site.buffer("Gates"), site.buffer("Projections"),
          site.buffer("States"), site.outGrad(), site.buffer("GatesGrad"),
          site.buffer("ProjectionsGrad"), site.buffer("StateGrad"), site.field("KernelGrad"),
          site.field("RecurrentKernelGrad"), biasGrad, site.inGrad(),
          activation(layer.cellActivation()), activation(layer.recurrentActivation()));
    };
  }

  private static CodeBlock activation(Activation a) {
    return CodeBlock.of("$T.$L", Activation.class, a.name());
  }
}
