package dev.dendrite.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * Where something was declared, for diagnostics only: an element, optionally one of its
 * annotations and that annotation's value. The only {@code javax.lang.model} handle in the IR.
 */
public record Origin(Element element, AnnotationMirror annotation, AnnotationValue value) {

  public static Origin of(Element element) {
    return new Origin(element, null, null);
  }

  public static Origin of(Element element, AnnotationMirror annotation) {
    return new Origin(element, annotation, null);
  }

  /**
   * The same annotation, narrowed to the value of {@code member} when the source spells it out;
   * otherwise the whole annotation.
   */
  public Origin member(String member) {
    if (annotation == null) {
      return this;
    }
    for (var entry : annotation.getElementValues().entrySet()) {
      ExecutableElement key = entry.getKey();
      if (key.getSimpleName().contentEquals(member)) {
        return new Origin(element, annotation, entry.getValue());
      }
    }
    return new Origin(element, annotation, null);
  }
}
