/**
 * The one launcher: {@link dev.align4j.core.launch.ModalityProvider}s, found with {@link java.util.ServiceLoader}
 * through {@code META-INF/services} (as DJL finds its engines), bind their own config sections and load data
 * and model; {@link dev.align4j.core.launch.Launcher} does what every run shares: the shared sections,
 * trainable selection (full / LoRA / filter), the reference (frozen copy, adapters disabled, precomputed,
 * TR-DPO sync), the banner, the trainer and {@code --resume}.
 */
package dev.align4j.core.launch;
