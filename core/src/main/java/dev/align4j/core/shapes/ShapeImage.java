package dev.align4j.core.shapes;

import dev.align4j.core.media.Image;

/** A rendered image kept with the scene it truly shows and the seed that drew it. */
public record ShapeImage(Scene scene, Image pixels, long seed) {}
