/**
 * The Spark jobs: reward-model work over datasets that outgrow one machine, on Apache Spark 4. {@code score}
 * adds per-image scores to a Pick-a-Pic parquet, {@code reward-accuracy} runs the Pick-a-Pic protocol as a Spark
 * aggregation; both give bit for bit the results of the single-machine commands ({@code align4j score},
 * {@code align4j bench reward-accuracy}), whose scoring and accuracy code they share; {@code pairs} builds
 * Pick-a-Pic pairs from many candidates per prompt with the pair SPI's strategy. Each executor JVM opens a
 * reward model once ({@link dev.align4j.distributed.ModelCache}); bad rows go to a rejects table; outputs appear
 * whole or not at all. Entry point: {@link dev.align4j.distributed.Align4jSpark} (docs/spark.md).
 */
package dev.align4j.distributed;
