/**
 * Results people look at: a self-contained HTML report per run directory (settings, sample images,
 * tables) and line charts rendered to PNG from a run's JSON-lines metrics.
 */
package dev.align4j.core.report;
