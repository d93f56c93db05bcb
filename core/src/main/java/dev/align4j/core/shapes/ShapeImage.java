package dev.align4j.core.shapes;

/** A rendered image kept with the scene it truly shows and the seed that drew it. */
public record ShapeImage(Scene scene, RgbPixels pixels, long seed) {}
