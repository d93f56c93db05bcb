/**
 * Reward accuracy against human preference labels: the Pick-a-Pic protocol (tie-aware accuracy with a tie
 * threshold chosen on a validation split, and plain accuracy over untied labels), as partial sums that merge in
 * any order with exact results, so one machine ({@code align4j bench reward-accuracy}) and a Spark aggregation
 * ({@code align4j spark reward-accuracy}) give the same numbers.
 */
package dev.align4j.rewards.accuracy;
