package dev.dendrite;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keras' {@code GlobalMaxPooling2D}: each channel's maximum over the image, to a flat vector; the
 * gradient goes to the first maximum.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
@KerasLayer(value = "GlobalMaxPooling2D",
    fixed = "{"
        + KerasJson.CHANNELS_LAST
        + ", \"keepdims\": false}")
public @interface GlobalMaxPooling2D {}
