/**
 * Video preference data people already have: VideoDPO's {@code pair.json} + {@code metadata.json}
 * directories and Pick-a-Pic-style JSON lines of (caption, video_0, video_1, label_0), read into pairs of clip
 * files with optional weights; ties and bad rows counted.
 */
package dev.align4j.video.data;
