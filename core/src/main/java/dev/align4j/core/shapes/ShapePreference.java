package dev.align4j.core.shapes;

/**
 * A caption with a preferred and a dispreferred image. {@code labelFlipped} marks the pairs whose labels the
 * dataset's label noise swapped (the chosen image is then the worse one under the {@link Checker}).
 */
public record ShapePreference(String caption, ShapeImage chosen, ShapeImage rejected, boolean labelFlipped) {}
