package dev.align4j.video.pairs;

import dev.align4j.core.media.Video;
import dev.align4j.video.shapes.ClipScore;

/**
 * A video preference pair for training: the caption, the preferred and the dispreferred clip, the pair's weight
 * in the loss (VideoDPO's dupfactor; 1 when not re-weighted), what the checker said about each clip (null when
 * it did not score them: a pair read from data whose caption is not a moving-shapes caption) and where the pair
 * came from.
 */
public record ClipPair(String caption, Video winner, Video loser, double weight, ClipScore winnerScore,
    ClipScore loserScore, PairOrigin origin) {}
