package dev.align4j.core.media;

/** A media item: an {@link Image}, a {@link Video} or an {@link Audio} clip. */
public sealed interface Media extends ContentPart permits Image, Video, Audio {}
