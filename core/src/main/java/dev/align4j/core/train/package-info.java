/**
 * The one training engine: a modality turns batches into preference terms (reward-model training brings an
 * objective of its own), and the {@link dev.align4j.core.train.Trainer} does the rest for all of them alike:
 * AdamW, schedules, clipping, reference models, checkpoints with exact resume, metrics and progress.
 */
package dev.align4j.core.train;
