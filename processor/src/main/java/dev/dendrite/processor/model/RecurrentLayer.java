package dev.dendrite.processor.model;

import dev.dendrite.Activation;
import java.lang.annotation.Annotation;

/**
 * {@code @SimpleRNN}, {@code @LSTM} or {@code @GRU}: a series {@code steps x features} to the
 * state at every step ({@code steps x units}) or at the last ({@code units}).
 *
 * @param cellActivation the activation inside the cell (the layer's output has none of its own)
 * @param recurrentActivation the gates' activation; unused by SimpleRNN
 */
public record RecurrentLayer(String name, Shape input, Cell cell, int units,
    Activation cellActivation, Activation recurrentActivation, boolean useBias,
    boolean returnSequences, Annotation annotation, Origin origin) implements LayerIR {

  /** The three cells, with Keras' class names and their number of gates. */
  public enum Cell {
    SIMPLE_RNN("SimpleRNN", 1),
    LSTM("LSTM", 4),
    GRU("GRU", 3);

    private final String kerasType;
    private final int gates;

    Cell(String kerasType, int gates) {
      this.kerasType = kerasType;
      this.gates = gates;
    }

    public int gates() {
      return gates;
    }
  }

  public int steps() {
    return input.dims().get(0);
  }

  public int features() {
    return input.dims().get(1);
  }

  /** Gate values per step: units times the cell's gates. */
  public int gateWidth() {
    return cell.gates * units;
  }

  @Override
  public Shape output() {
    return returnSequences ? Shape.of(steps(), units) : Shape.of(units);
  }

  /** Kernel and recurrent kernel, and the bias (two rows for a GRU: input, recurrent). */
  @Override
  public long parameters() {
    long g = gateWidth();
    return (features() + units) * g + (useBias ? (cell == Cell.GRU ? 2 : 1) * g : 0);
  }

  @Override
  public String kerasType() {
    return cell.kerasType;
  }
}
