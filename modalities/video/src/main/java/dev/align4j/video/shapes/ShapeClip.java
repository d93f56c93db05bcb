package dev.align4j.video.shapes;

import dev.align4j.core.media.Video;

/** A rendered clip kept with the truth it shows and the seed that drew it. */
public record ShapeClip(MovingScene truth, Video video, long seed) {}
