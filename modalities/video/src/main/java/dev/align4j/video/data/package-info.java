/**
 * Video preference data: VideoDPO's {@code pair.json} + {@code metadata.json} directories and Pick-a-Pic-style
 * JSON lines of (caption, video_0, video_1, label_0), read into pairs of clip files with optional weights (ties and
 * bad rows counted), then decoded and fitted to a model's clips as training pairs; and built pairs written back
 * in the JSONL layout with their MP4 files.
 */
package dev.align4j.video.data;
