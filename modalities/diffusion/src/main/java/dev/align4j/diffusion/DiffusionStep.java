package dev.align4j.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * One reverse step x_t -> x_prev as a Gaussian: {@code sample = mean + std * noise}. {@code std} is
 * [B, 1, ..., 1] (zero for deterministic DDIM); {@code x0} and {@code eps} are the predictions the step used.
 */
public record DiffusionStep(NDArray mean, NDArray std, NDArray sample, NDArray x0, NDArray eps) {}
