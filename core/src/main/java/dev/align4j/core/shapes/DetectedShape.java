package dev.align4j.core.shapes;

/**
 * One shape {@link SceneDetector} found in an image: what it is, where its centre lies (pixels, y down, the
 * centre of the fitted template) and the fitted radius in pixels.
 */
public record DetectedShape(ShapeSpec shape, double x, double y, double radius) {}
