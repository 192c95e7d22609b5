package dev.dendrite.processor.parse;

import dev.dendrite.From;
import dev.dendrite.Layer;
import dev.dendrite.Model;
import dev.dendrite.processor.diagnostic.Message;
import dev.dendrite.processor.diagnostic.Report;
import dev.dendrite.processor.model.Origin;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;

/** Reads a {@code @Model} class: where it is, its annotation and its layer fields in order. */
public final class ModelParser {
  /** The annotations that declare a layer on a field. */
  public static final List<Class<? extends Annotation>> LAYER_ANNOTATIONS = Layer.ANNOTATIONS;

  private ModelParser() {}

  /** The declaration, or empty when the class cannot be a model (reported in {@code report}). */
  public static Optional<Declaration> parse(TypeElement type, Report report) {
    AnnotationMirror modelMirror = mirror(type, Model.class);
    Origin origin = Origin.of(type, modelMirror);
    String name = type.getSimpleName().toString();
    if (type.getKind() != ElementKind.CLASS) {
      report.add(Message.MODEL_NOT_A_CLASS, origin, name, kindInWords(type.getKind()));
      return Optional.empty();
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      report.add(Message.MODEL_PRIVATE, origin, name, baseName(type));
    }
    if (type.getNestingKind() == NestingKind.MEMBER
        && !type.getModifiers().contains(Modifier.STATIC)) {
      report.add(Message.MODEL_INNER, origin, name, name);
    }
    if (type.getNestingKind() == NestingKind.LOCAL
        || type.getNestingKind() == NestingKind.ANONYMOUS) {
      report.add(Message.MODEL_INNER, origin, name, name);
    }
    List<Declaration.LayerField> layers = new ArrayList<>();
    List<Declaration.LayerField> extraAnnotations = new ArrayList<>();
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      layerField(field, extraAnnotations, report).ifPresent(layers::add);
    }
    return Optional.of(new Declaration(packageOf(type), baseName(type), name,
        type.getAnnotation(Model.class), origin, layers, extraAnnotations));
  }

  /**
   * The layer field that {@code field} declares, or empty when it declares none (neither a layer
   * annotation nor the type {@code Layer}). A malformed one is reported and still returned, not
   * well formed, so that the checker judges what does not depend on it; its second and later
   * layer annotations go to {@code extraAnnotations}.
   */
  private static Optional<Declaration.LayerField> layerField(VariableElement field,
      List<Declaration.LayerField> extraAnnotations, Report report) {
    String name = field.getSimpleName().toString();
    Annotation layer = null;
    AnnotationMirror layerMirror = null;
    boolean wellFormed = true;
    for (Class<? extends Annotation> kind : LAYER_ANNOTATIONS) {
      Annotation annotation = field.getAnnotation(kind);
      if (annotation == null) {
        continue;
      }
      AnnotationMirror mirror = mirror(field, kind);
      if (layer != null) {
        report.add(Message.TWO_LAYER_ANNOTATIONS, Origin.of(field, mirror), name,
            layer.annotationType().getSimpleName(), kind.getSimpleName());
        extraAnnotations.add(new Declaration.LayerField(name, annotation,
            Origin.of(field, mirror), false));
        wellFormed = false;
        continue;
      }
      layer = annotation;
      layerMirror = mirror;
    }
    boolean layerTyped = isLayerType(field);
    if (layer == null) {
      From stray = field.getAnnotation(From.class);
      if (!layerTyped && stray != null) {
        report.add(Message.FROM_WITHOUT_LAYER,
            Origin.of(field, mirror(field, From.class)), name, stray.value(), name);
      }
      if (!layerTyped) {
        return Optional.empty();
      }
      report.add(Message.LAYER_WITHOUT_ANNOTATION, Origin.of(field), name);
      return Optional.of(new Declaration.LayerField(name, null, Origin.of(field), false));
    }
    if (!layerTyped) {
      report.add(Message.NOT_LAYER_TYPE, Origin.of(field), name, field.asType(), name);
      wellFormed = false;
    }
    if (field.getModifiers().contains(Modifier.STATIC)) {
      report.add(Message.STATIC_LAYER, Origin.of(field), name);
      wellFormed = false;
    }
    From from = field.getAnnotation(From.class);
    return Optional.of(new Declaration.LayerField(name, layer, Origin.of(field, layerMirror),
        wellFormed, from == null ? null : from.value(),
        from == null ? null : Origin.of(field, mirror(field, From.class)).member("value")));
  }

  private static boolean isLayerType(VariableElement field) {
    return field.asType().getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) field.asType()).asElement()).getQualifiedName()
            .contentEquals(Layer.class.getCanonicalName());
  }

  /** The mirror of {@code kind} on {@code element}. */
  public static AnnotationMirror mirror(Element element, Class<? extends Annotation> kind) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(kind.getCanonicalName())) {
        return mirror;
      }
    }
    return null;
  }

  private static String packageOf(Element element) {
    Element e = element;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }

  /** {@code MnistMlp} for a top-level class, {@code Outer_Inner} for a nested one. */
  private static String baseName(TypeElement type) {
    String name = type.getSimpleName().toString();
    Element outer = type.getEnclosingElement();
    while (outer instanceof TypeElement enclosing) {
      name = enclosing.getSimpleName() + "_" + name;
      outer = enclosing.getEnclosingElement();
    }
    return name;
  }

  private static String kindInWords(ElementKind kind) {
    return switch (kind) {
      case INTERFACE -> "an interface";
      case ENUM -> "an enum";
      case ANNOTATION_TYPE -> "an annotation type";
      case RECORD -> "a record";
      default -> "a " + kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
