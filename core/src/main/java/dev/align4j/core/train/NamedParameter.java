package dev.align4j.core.train;

import ai.djl.ndarray.NDArray;

/** A trainable tensor with its stable name (the key in checkpoints and in trainable-subset filters). */
public record NamedParameter(String name, NDArray array) {}
