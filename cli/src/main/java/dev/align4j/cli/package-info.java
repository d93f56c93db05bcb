/**
 * The one {@code align4j} command (picocli): a subcommand per job (training, reward models, pairs, scoring
 * and serving, losses, datasets, benchmarks, the demo) that parses options and hands the work to the modules
 * below.
 */
package dev.align4j.cli;
