package dev.align4j.core.shapes;

/** An image with the caption of the scene it shows. */
public record CaptionedImage(String caption, ShapeImage image) {}
