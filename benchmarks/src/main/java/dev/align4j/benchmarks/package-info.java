/**
 * The benchmark harness's measures: reward accuracy under the Pick-a-Pic protocol
 * ({@link dev.align4j.benchmarks.RewardAccuracy}) and paired win rates of one system's samples against
 * another's by a judge ({@link dev.align4j.benchmarks.WinRate}).
 */
package dev.align4j.benchmarks;
