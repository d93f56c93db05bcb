/**
 * Preference datasets: JSON lines and Parquet files read row by row, mapped to examples by format or preset
 * (hh-rlhf, UltraFeedback), with every bad row reported by file, row and column or skipped on request; and the
 * bad-row policy ({@code BadRows}, {@code BadField}, {@code JsonFields}) the modalities' own layouts share.
 */
package dev.align4j.core.data;
