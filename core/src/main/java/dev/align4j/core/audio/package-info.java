/**
 * Audio signal processing, written once and checked against torchaudio (golden values from
 * {@code tools/golden/audio_golden.py}): window functions, the short-time Fourier transform as
 * {@code torch.stft} computes it, power and magnitude spectrograms, mel filterbanks in the HTK and Slaney
 * conventions (torchaudio's {@code melscale_fbanks}), mel and log-mel spectrograms, Kaldi filterbank features
 * ({@code torchaudio.compliance.kaldi.fbank}, with ImageBind's settings as a preset), windowed-sinc resampling
 * ({@code torchaudio.functional.resample}'s default) and channel mixing of {@link dev.align4j.core.media.Audio}.
 * The FFTs come from JTransforms. It lives in core because reward-model preprocessing (rewards) and the audio
 * modality both need it, and rewards sits below the modalities.
 */
package dev.align4j.core.audio;
