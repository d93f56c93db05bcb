/**
 * Diffusion and flow matching for samples of any rank after the batch axis (images {@code [B, C, H, W]},
 * videos {@code [B, C, F, H, W]}, audio {@code [B, C, T]}), shared by the image, video and audio modalities.
 *
 * <ul>
 *   <li>Networks: {@link dev.align4j.diffusion.Denoiser} (integer or float timesteps, a
 *       {@link dev.align4j.diffusion.Conditioning} of caption embeddings, frame features or both),
 *       {@link dev.align4j.diffusion.CaptionEncoder}, {@link dev.align4j.diffusion.LatentCodec}.
 *   <li>DDPM schedules and the forward process ({@link dev.align4j.diffusion.NoiseSchedule}), timestep
 *       spacings, single DDIM and DDPM steps as Gaussians ({@link dev.align4j.diffusion.Ddim#step},
 *       {@link dev.align4j.diffusion.Ddim#logProb} for SPO/D3PO, {@link dev.align4j.diffusion.Ddpm#step}), DDIM
 *       inversion ({@link dev.align4j.diffusion.Ddim#invert}, InPO), classifier-free guidance
 *       ({@link dev.align4j.diffusion.GuidedModel}) and samplers ({@link dev.align4j.diffusion.Sampler}).
 *   <li>Flow matching: {@link dev.align4j.diffusion.RectifiedFlow} ({@code x_t = (1 - t) x0 + t eps}, velocity
 *       target {@code eps - x0}), {@link dev.align4j.diffusion.FlowDraw}, the Euler
 *       {@link dev.align4j.diffusion.FlowSampler}.
 *   <li>Terms: per-example {@link dev.align4j.diffusion.DenoisingErrors} (mean over every non-batch axis),
 *       {@link dev.align4j.diffusion.PairTerms} (Diffusion-DPO's negative errors) and
 *       {@link dev.align4j.diffusion.FlowDpo}.
 * </ul>
 *
 * <p>Randomness is per sample: initial and step noise come from {@link dev.align4j.diffusion.SeededNoise}
 * (java.util.Random per (seed, stream)), so a (condition, seed) gives the same sample whatever shares its batch.
 * Checked against numpy in {@code tools/golden/diffusion_golden.py} and {@code tools/golden/flow_golden.py}.
 */
package dev.align4j.diffusion;
