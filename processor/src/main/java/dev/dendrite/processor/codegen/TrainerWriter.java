package dev.dendrite.processor.codegen;

import static dev.dendrite.processor.layer.Names.TRAINER_CLI;
import static dev.dendrite.processor.layer.Names.network;
import static dev.dendrite.processor.layer.Names.trainer;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import dev.dendrite.processor.model.ModelIR;
import javax.lang.model.element.Modifier;

/** Writes {@code <Name>Trainer}: a {@code main} that trains the network from the command line. */
public final class TrainerWriter extends SourceWriter {

  public TrainerWriter(ModelIR model) {
    super(model);
  }

  @Override
  public JavaFile write() {
    ClassName network = ClassName.get(model.packageName(), network(model.baseName()));
    TypeSpec type = publicClass(ClassName.get(model.packageName(), trainer(model.baseName())))
        .addJavadoc("Trains {@link $T} from the command line;\nrun with {@code --help}.\n", network)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("main")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(String[].class, "args")
            .addStatement("int status = $T.main(args,$W$T.SPEC,$W$T::new)", TRAINER_CLI, network,
                network)
            .beginControlFlow("if (status != 0)")
            .addStatement("$T.exit(status)", System.class)
            .endControlFlow()
            .build())
        .build();
    return file(type);
  }
}
