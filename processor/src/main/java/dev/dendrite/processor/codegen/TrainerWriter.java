package dev.dendrite.processor.codegen;

import static dev.dendrite.processor.codegen.Names.*;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import dev.dendrite.processor.model.ModelIR;
import javax.lang.model.element.Modifier;

/** Writes {@code <Name>Trainer}: a {@code main} that trains the network from the command line. */
public final class TrainerWriter {
  private final ModelIR model;

  public TrainerWriter(ModelIR model) {
    this.model = model;
  }

  public JavaFile write() {
    ClassName network = ClassName.get(model.packageName(), network(model.baseName()));
    TypeSpec type = TypeSpec.classBuilder(trainer(model.baseName()))
        .addAnnotation(generated())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Trains {@link $T} from the command line; run with {@code --help}.\n", network)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("main")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(String[].class, "args")
            .addStatement("int status = $T.main(args, $T.SPEC, $T::new)", TRAINER_CLI, network,
                network)
            .beginControlFlow("if (status != 0)")
            .addStatement("$T.exit(status)", System.class)
            .endControlFlow()
            .build())
        .build();
    return JavaFile.builder(model.packageName(), type).indent("  ").build();
  }
}
