package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Keras' {@code GlobalAveragePooling1D}: each channel's mean over the series, to a flat vector. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "GlobalAveragePooling1D",
    fixed = "{"
        + KerasJson.CHANNELS_LAST
        + ", \"keepdims\": false}")
public @interface GlobalAveragePooling1D {}
