/**
 * The image modality's data: Pick-a-Pic v2 parquet and paired or labelled JSON lines with image files,
 * decoded and fitted to the model's resolution, ties and bad rows counted.
 */
package dev.align4j.image.data;
