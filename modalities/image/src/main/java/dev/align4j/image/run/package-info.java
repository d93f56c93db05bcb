/**
 * {@code align4j train image}: the image run's configuration sections, model loading, on-policy or online
 * data, and the held-out samples and grids that show what training did.
 */
package dev.align4j.image.run;
