/**
 * Media: one {@link dev.align4j.core.media.Image} (8-bit RGB), {@link dev.align4j.core.media.Video} (frames and
 * a frame rate) and {@link dev.align4j.core.media.Audio} (float PCM), the chat content parts that carry them,
 * and {@link dev.align4j.core.media.MediaCodec}, the one place that decodes and encodes them (through JavaCV).
 */
package dev.align4j.core.media;
