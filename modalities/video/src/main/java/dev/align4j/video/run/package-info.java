/**
 * {@code align4j train video}: the {@code video} modality's provider (found through {@code META-INF/services}),
 * its config sections, the base model it loads, the pairs it builds or reads ({@code pairs:} or {@code data:})
 * and the held-out clips it scores and writes before and after training; and {@code align4j pairs video}, which
 * writes the pairs a {@code pairs:} section builds as a dataset.
 */
package dev.align4j.video.run;
