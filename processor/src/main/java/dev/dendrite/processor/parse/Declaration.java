package dev.dendrite.processor.parse;

import dev.dendrite.Model;
import dev.dendrite.processor.model.Origin;
import java.lang.annotation.Annotation;
import java.util.List;

/**
 * A model class as written, before any checks on values or shapes.
 *
 * @param layers the layer fields in source order
 */
public record Declaration(String packageName, String baseName, String modelName, Model model,
    Origin origin, List<LayerField> layers) {

  public Declaration {
    layers = List.copyOf(layers);
  }

  /** One annotated layer field: its name and its layer annotation. */
  public record LayerField(String name, Annotation annotation, Origin origin) {}
}
