/**
 * Reward-model data sources: the image pairs of a Pick-a-Pic v2 parquet file, streamed through DuckDB and
 * decoded, and their scoring ({@link dev.align4j.rewards.data.PairScores}, shared by {@code align4j score} and
 * the Spark score job).
 */
package dev.align4j.rewards.data;
