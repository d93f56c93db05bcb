/**
 * Every preference loss as pure NDArray math on {@link dev.align4j.losses.PreferenceTerms} (paired,
 * unpaired, listwise, per-token and diffusion families), named as TRL names them, found by name in
 * {@link dev.align4j.losses.LossRegistry}, and returning TRL's metrics.
 */
package dev.align4j.losses;
