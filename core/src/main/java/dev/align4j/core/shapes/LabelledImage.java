package dev.align4j.core.shapes;

/** A caption and one image labelled desirable or not (unpaired data: KTO, BCO). */
public record LabelledImage(String caption, ShapeImage image, boolean desirable) {}
