/**
 * A reward model's {@code manifest.json}: its schema as records (graphs, preprocessing, score formula),
 * read and validated with one clear line per mistake.
 */
package dev.align4j.rewards.manifest;
