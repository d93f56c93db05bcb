/**
 * Reward-model data sources: the image pairs of a Pick-a-Pic v2 parquet file, streamed through DuckDB and
 * decoded.
 */
package dev.align4j.rewards.data;
