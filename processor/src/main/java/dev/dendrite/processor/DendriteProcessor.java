package dev.dendrite.processor;

import com.google.auto.service.AutoService;
import com.squareup.javapoet.JavaFile;
import dev.dendrite.Model;
import dev.dendrite.processor.check.ModelChecker;
import dev.dendrite.processor.codegen.NetworkWriter;
import dev.dendrite.processor.codegen.TrainerWriter;
import dev.dendrite.processor.cost.ModelCost;
import dev.dendrite.processor.cost.OverBudget;
import dev.dendrite.processor.diagnostic.Message;
import dev.dendrite.processor.diagnostic.Report;
import dev.dendrite.processor.model.Origin;
import dev.dendrite.processor.parse.ModelParser;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * Dendrite's annotation processor: for each {@code @Model} class, parse, check and infer shapes,
 * count its cost once (and hold it to its budgets), then generate {@code <Name>Network} and
 * {@code <Name>Trainer}. Each model is processed on its
 * own; any unexpected failure becomes an error on that model, never a javac crash.
 */
@AutoService(Processor.class)
public final class DendriteProcessor extends AbstractProcessor {

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> types = new LinkedHashSet<>();
    types.add(Model.class.getCanonicalName());
    for (Class<? extends Annotation> layer : ModelParser.LAYER_ANNOTATIONS) {
      types.add(layer.getCanonicalName());
    }
    return types;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (Element element : round.getElementsAnnotatedWith(Model.class)) {
      processModel((TypeElement) element);
    }
    for (Class<? extends Annotation> layer : ModelParser.LAYER_ANNOTATIONS) {
      for (Element field : round.getElementsAnnotatedWith(layer)) {
        checkEnclosedByModel(field, layer);
      }
    }
    return false;
  }

  private void processModel(TypeElement type) {
    Report report = new Report();
    try {
      // a malformed field or class is reported and the checker still judges what does not
      // depend on it, as javac reports every independent error of a class
      Optional<ModelCost> cost = ModelParser.parse(type, report)
          .flatMap(declaration -> ModelChecker.check(declaration, report))
          .map(ModelCost::of);
      cost.ifPresent(c -> OverBudget.check(c, report));
      report.printTo(processingEnv.getMessager());
      if (cost.isPresent() && !report.hasErrors()) {
        write(new NetworkWriter(cost.get()).write(), type);
        write(new TrainerWriter(cost.get().model()).write(), type);
      }
    } catch (RuntimeException | IOException e) {
      processingEnv.getMessager().printMessage(Kind.ERROR,
          Message.PROCESSOR_FAILED.format(type.getSimpleName(), e), type);
    }
  }

  private void write(JavaFile file, TypeElement origin) throws IOException {
    JavaFile withOrigin = file.toBuilder().build();
    // A model in the unnamed package has no package prefix (".Name" is no valid name).
    String name = file.packageName.isEmpty()
        ? file.typeSpec.name
        : file.packageName + "." + file.typeSpec.name;
    javax.tools.JavaFileObject source = processingEnv.getFiler().createSourceFile(name, origin);
    try (java.io.Writer writer = source.openWriter()) {
      withOrigin.writeTo(writer);
    }
  }

  private void checkEnclosedByModel(Element field, Class<? extends Annotation> layer) {
    Element owner = field.getEnclosingElement();
    if (owner.getAnnotation(Model.class) == null) {
      Report report = new Report();
      report.add(Message.LAYER_OUTSIDE_MODEL,
          Origin.of(field, ModelParser.mirror(field, layer)), layer.getSimpleName(),
          field.getSimpleName(), owner.getSimpleName());
      report.printTo(processingEnv.getMessager());
    }
  }
}
