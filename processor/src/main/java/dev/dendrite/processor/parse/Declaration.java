package dev.dendrite.processor.parse;

import dev.dendrite.Model;
import dev.dendrite.processor.model.Origin;
import java.lang.annotation.Annotation;
import java.util.List;

/**
 * A model class as written, before any checks on values or shapes.
 *
 * @param layers the layer fields in source order, those the parser reported as malformed
 *     included
 * @param extraAnnotations the second and later layer annotations of fields that have several
 *     (reported by the parser), each as a field of its own whose values are still checked
 */
public record Declaration(String packageName, String baseName, String modelName, Model model,
    Origin origin, List<LayerField> layers, List<LayerField> extraAnnotations) {

  public Declaration {
    layers = List.copyOf(layers);
    extraAnnotations = List.copyOf(extraAnnotations);
  }

  /** A declaration without a field of several layer annotations. */
  public Declaration(String packageName, String baseName, String modelName, Model model,
      Origin origin, List<LayerField> layers) {
    this(packageName, baseName, modelName, model, origin, layers, List.of());
  }

  /**
   * One field of the model's layer sequence: its name and its layer annotation.
   *
   * @param annotation null for a {@code Layer} field without one
   * @param wellFormed false when the parser reported the field (another type, static, several
   *     layer annotations, none): its values are still checked, but what layer it will become,
   *     and so every shape after it, is unknown
   * @param from the layer named by its {@code @From}, whose output it reads in place of the
   *     layer above; null without one
   * @param fromOrigin where that {@code @From} is written; null without one
   */
  public record LayerField(String name, Annotation annotation, Origin origin,
      boolean wellFormed, String from, Origin fromOrigin) {

    /** A field without {@code @From}. */
    public LayerField(String name, Annotation annotation, Origin origin, boolean wellFormed) {
      this(name, annotation, origin, wellFormed, null, null);
    }

    /** A well-formed field without {@code @From}. */
    public LayerField(String name, Annotation annotation, Origin origin) {
      this(name, annotation, origin, true);
    }
  }
}
