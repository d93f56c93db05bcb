/**
 * Text-to-image diffusion as a modality: images and captions become negative denoising errors of the policy
 * and the reference at a shared timestep and noise (Diffusion-DPO's surrogate), paired or unpaired, for any
 * denoiser (the Java UNet or a TorchScript one) in pixel or latent space.
 */
package dev.align4j.image;
