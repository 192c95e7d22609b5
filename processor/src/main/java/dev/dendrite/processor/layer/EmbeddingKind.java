package dev.dendrite.processor.layer;

import static dev.dendrite.processor.layer.LayerKind.call;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.dendrite.processor.model.EmbeddingLayer;
import java.util.List;

/**
 * {@code @Embedding}: each token id of the input to its row of {@code embeddings}
 * {@code [inputDim, outputDim]} (uniform in [-0.05, 0.05], Keras' default), one kernel call each
 * way into {@code Embeddings}; the backward pass adds each step's output gradient to its id's
 * row and gives the ids none.
 */
record EmbeddingKind(EmbeddingLayer layer) implements LayerKind {
  private static final ClassName EMBEDDINGS = ClassName.get(Names.RUNTIME, "Embeddings");
  /** Keras' {@code "uniform"} embeddings initializer: {@code RandomUniform(-0.05, 0.05)}. */
  private static final double INIT_LIMIT = 0.05;

  @Override
  public String describe() {
    return layer.name() + ": Embedding " + layer.input() + " ids in [0, " + layer.inputDim()
        + ") -> " + layer.output();
  }

  /** 1 per value copied. */
  @Override
  public long flops() {
    return layer.output().size();
  }

  @Override
  public List<Constant> constants(Site site) {
    return List.of(new Constant(site.prefix() + "_INPUT_DIM", layer.inputDim(),
        "Token ids of " + layer.name() + ": the rows of its embeddings."));
  }

  @Override
  public List<Parameter> parameters(Site site) {
    String p = site.prefix();
    String name = layer.name();
    return List.of(new Parameter(name, site.field("Embeddings"), name + ".embeddings",
        p + "_INPUT_DIM, " + p + "_CHANNELS", null,
        layer.inputDim() + "x" + layer.outputDim() + " embeddings", null, null));
  }

  /** Every row uniform in [-0.05, 0.05]. */
  @Override
  public CodeBlock initialize(Site site) {
    return call(EMBEDDINGS, "uniform", site.field("Embeddings"), -INIT_LIMIT, INIT_LIMIT,
        "init");
  }

  @Override
  public CodeBlock forward(Site site) {
    return call(EMBEDDINGS, "embedding", site.in(), site.field("Embeddings"), site.out());
  }

  @Override
  public CodeBlock backward(Site site) {
    return call(EMBEDDINGS, "embeddingBackward", site.in(), site.outGrad(),
        site.field("EmbeddingsGrad"));
  }
}
