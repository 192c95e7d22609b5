package dev.dendrite.processor.layer;

import dev.dendrite.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;

/** The per-channel scale and offset that both normalization layers train. */
final class NormalizationWeights {
  private NormalizationWeights() {}

  /** {@code gamma} when {@code scale}, then {@code beta} when {@code center}: Keras' order. */
  static List<Parameter> of(Site site, Shape input, boolean scale, boolean center) {
    String layer = site.name();
    String shape = channels(site, input);
    int count = input.dims().get(input.dims().size() - 1);
    List<Parameter> list = new ArrayList<>();
    if (scale) {
      list.add(new Parameter(layer, site.field("Gamma"), layer + ".gamma", shape, null,
          count + " scales", null, null));
    }
    if (center) {
      list.add(new Parameter(layer, site.field("Beta"), layer + ".beta", shape, null,
          count + " offsets", null, null));
    }
    return list;
  }

  /** The constant naming the last axis' size: the flat width, or the channels. */
  static String channels(Site site, Shape input) {
    return input.isFlat() ? site.size() : site.channels();
  }
}
