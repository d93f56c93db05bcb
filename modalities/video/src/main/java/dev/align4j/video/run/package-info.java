/**
 * {@code align4j train video}: the {@code video} modality's provider (found through {@code META-INF/services}),
 * its config sections, the base model it loads, the on-policy pairs it builds and the held-out clips it scores
 * and writes before and after training.
 */
package dev.align4j.video.run;
