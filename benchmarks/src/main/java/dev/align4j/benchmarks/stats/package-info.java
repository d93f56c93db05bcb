/**
 * Statistics for benchmark numbers: paired bootstrap confidence intervals drawn from a SplitMix64 stream
 * that the numpy golden script replays exactly.
 */
package dev.align4j.benchmarks.stats;
