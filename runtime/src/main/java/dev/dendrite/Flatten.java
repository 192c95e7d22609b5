package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Keras' {@code Flatten}: reshapes each sample to one dimension, row-major (channels last). */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "Flatten", fixed = "{" + KerasJson.CHANNELS_LAST + "}")
public @interface Flatten {}
