/** Statistics that runs and tests share: whether a held-out change is told from noise. */
package dev.align4j.core.stats;
