/**
 * Diffusion machinery over any {@link dev.align4j.diffusion.Denoiser}: noise schedules and the forward process
 * ({@link dev.align4j.diffusion.NoiseSchedule}), timestep spacings, single DDIM and DDPM steps as Gaussians
 * ({@link dev.align4j.diffusion.Ddim#step}, {@link dev.align4j.diffusion.Ddim#logProb} for SPO/D3PO,
 * {@link dev.align4j.diffusion.Ddpm#step}), DDIM inversion ({@link dev.align4j.diffusion.Ddim#invert},
 * InPO), classifier-free guidance ({@link dev.align4j.diffusion.GuidedModel}), full samplers
 * ({@link dev.align4j.diffusion.Sampler}) and text-to-image generation
 * ({@link dev.align4j.diffusion.ImageGenerator}).
 *
 * <p>Randomness is per image: initial and step noise come from {@link dev.align4j.diffusion.SeededNoise}
 * (java.util.Random per (seed, stream)), so a (caption, seed) gives the same image whatever shares its batch.
 * Checked against numpy in {@code tools/golden/diffusion_golden.py}.
 */
package dev.align4j.diffusion;
