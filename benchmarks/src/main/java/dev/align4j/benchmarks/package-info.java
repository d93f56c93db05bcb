/**
 * The benchmark harness's measures: paired win rates of one system's samples against another's by a judge
 * ({@link dev.align4j.benchmarks.WinRate}); reward accuracy under the Pick-a-Pic protocol lives with the reward
 * models ({@code dev.align4j.rewards.accuracy.RewardAccuracy}).
 */
package dev.align4j.benchmarks;
