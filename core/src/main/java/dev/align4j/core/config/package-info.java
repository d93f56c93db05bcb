/**
 * Run configuration: YAML mapped onto records, with {@code --set} overrides and unknown keys reported with
 * the nearest valid one; the sections every modality shares ({@code trainer}, {@code loss},
 * {@code trainable}, {@code reference}).
 */
package dev.align4j.core.config;
