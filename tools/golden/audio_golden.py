#!/usr/bin/env python3
"""Independent reference for the audio signal processing in core (dev.align4j.core.audio).

Runs torchaudio (Debian's python3-torchaudio 0.13.1 on torch 1.13.1) and torch on three fixed float32 signals
and writes what the Java code must reproduce:
  windows      torch.hann_window / hamming_window (periodic and symmetric), Kaldi's povey and blackman
  stft         torch.stft (centre padding reflect or constant, win_length < n_fft), power, magnitude, complex
  mel scales   torchaudio.functional.melscale_fbanks, HTK and Slaney scales, norm None and "slaney"
  melspec      torchaudio.transforms.MelSpectrogram: Synchformer's settings (and its log normalisation),
               and a Slaney/magnitude variant
  fbank        torchaudio.compliance.kaldi.fbank: ImageBind's settings, the defaults, energy and snip_edges
               variants; and ImageBind's waveform2melspec + Normalize (first frames only)
  resample     torchaudio.functional.resample (default sinc_interpolation, and kaiser_window), down and up
Everything runs in float64 (torch.set_default_dtype), so the values are the exact reference the Java code
(double inside, float out) is checked against at float32 tolerance. Layouts are [frame][bin], torchaudio's
(freq, time) transposed. Run with /usr/bin/python3; writes
core/src/test/resources/golden/audio_dsp.json.
"""
import json
import os

import numpy as np
import torch
import torchaudio
import torchaudio.compliance.kaldi as kaldi
import torchaudio.functional as F

torch.set_default_dtype(torch.float64)
SR = 16000
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "src", "test",
                   "resources", "golden", "audio_dsp.json")


def signals():
    n = np.arange(2000)
    t = n / SR
    chord = (0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 1000 * t + 0.5)
             + 0.25 * np.exp(-40 * t) * np.sin(2 * np.pi * 3000 * t) + 0.01)
    noise = np.random.default_rng(7).uniform(-0.5, 0.5, size=2000)
    m = np.arange(1501)
    tm = m / SR
    clicks = 0.1 * np.sin(2 * np.pi * (200 + 3000 * tm) * tm)
    clicks[::300] += 0.9
    return {k: v.astype(np.float32) for k, v in {"chord": chord, "noise": noise, "clicks": clicks}.items()}


SIG = signals()


def x64(name):
    return torch.from_numpy(SIG[name].astype(np.float64))


def rows(tensor):
    return np.asarray(tensor, dtype=np.float64).tolist()


def windows():
    out = []
    for n in (8, 9):
        for periodic in (True, False):
            out.append({"type": "hann", "length": n, "periodic": periodic,
                        "values": rows(torch.hann_window(n, periodic=periodic))})
            out.append({"type": "hamming", "length": n, "periodic": periodic,
                        "values": rows(torch.hamming_window(n, periodic=periodic, alpha=0.54, beta=0.46))})
        out.append({"type": "povey", "length": n, "periodic": False,
                    "values": rows(torch.hann_window(n, periodic=False).pow(0.85))})
        a = 2 * np.pi / (n - 1)
        k = np.arange(n)
        out.append({"type": "blackman", "length": n, "periodic": False,
                    "values": (0.42 - 0.5 * np.cos(a * k) + 0.08 * np.cos(2 * a * k)).tolist()})
    return out


def stft_cases():
    cases = [
        dict(signal="chord", n_fft=512, win_length=400, hop_length=160, center=True, pad_mode="reflect", power=2),
        dict(signal="clicks", n_fft=256, win_length=256, hop_length=64, center=False, pad_mode="reflect", power=1),
        dict(signal="noise", n_fft=63, win_length=48, hop_length=50, center=True, pad_mode="constant", power=2),
    ]
    for c in cases:
        window = torch.hann_window(c["win_length"], periodic=True)
        spec = torch.stft(x64(c["signal"]), c["n_fft"], hop_length=c["hop_length"], win_length=c["win_length"],
                          window=window, center=c["center"], pad_mode=c["pad_mode"], normalized=False,
                          onesided=True, return_complex=True)
        c["out"] = rows(spec.abs().pow(c["power"]).T)
        if c["signal"] == "noise":
            c["re"] = rows(spec.real.T)
            c["im"] = rows(spec.imag.T)
    return cases


def fbank_cases():
    cases = [
        dict(n_freqs=129, f_min=0.0, f_max=8000.0, n_mels=24, sample_rate=16000, norm=None, mel_scale="htk"),
        dict(n_freqs=129, f_min=60.0, f_max=7000.0, n_mels=20, sample_rate=16000, norm="slaney", mel_scale="slaney"),
        dict(n_freqs=257, f_min=0.0, f_max=11025.0, n_mels=16, sample_rate=22050, norm="slaney", mel_scale="htk"),
        dict(n_freqs=65, f_min=30.0, f_max=4000.0, n_mels=10, sample_rate=8000, norm=None, mel_scale="slaney"),
    ]
    for c in cases:
        c["out"] = rows(F.melscale_fbanks(c["n_freqs"], c["f_min"], c["f_max"], c["n_mels"], c["sample_rate"],
                                          c["norm"], c["mel_scale"]))
    return cases


def mel_scales():
    hz = [0.0, 100.0, 700.0, 999.0, 1000.0, 1001.0, 4000.0, 8000.0, 22050.0]
    out = {"hz": hz}
    for scale in ("htk", "slaney"):
        mels = [F.functional._hz_to_mel(h, scale) for h in hz]
        out[scale] = mels
        out[scale + "_back"] = rows(F.functional._mel_to_hz(torch.tensor(mels), scale))
    return out


def melspec_cases():
    out = []
    sync = torchaudio.transforms.MelSpectrogram(SR, win_length=400, hop_length=160, n_fft=1024, n_mels=128)
    mel = sync(x64("chord"))
    out.append(dict(name="synchformer", signal="chord", out=rows(mel.T),
                    log_normalised=rows(((torch.log(mel + 1e-6) - (-4.2677393)) / (2 * 4.5689974)).T)))
    slaney = torchaudio.transforms.MelSpectrogram(SR, n_fft=512, win_length=512, hop_length=128, f_min=0.0,
                                                  f_max=8000.0, n_mels=40, power=1.0, norm="slaney",
                                                  mel_scale="slaney")
    out.append(dict(name="slaney_magnitude", signal="noise", out=rows(slaney(x64("noise")).T)))
    return out


def kaldi_cases():
    x = x64("chord")[None]
    imagebind = dict(htk_compat=True, sample_frequency=SR, use_energy=False, window_type="hanning",
                     num_mel_bins=128, dither=0.0, frame_length=25, frame_shift=10)
    cases = [
        dict(name="imagebind", signal="chord", out=rows(kaldi.fbank(x, **imagebind))),
        dict(name="defaults", signal="noise", out=rows(kaldi.fbank(x64("noise")[None]))),
        dict(name="energy_first_no_snip", signal="clicks",
             out=rows(kaldi.fbank(x64("clicks")[None], use_energy=True, snip_edges=False, num_mel_bins=30,
                                  window_type="hamming"))),
        dict(name="energy_last_windowed_blackman", signal="noise",
             out=rows(kaldi.fbank(x64("noise")[None], use_energy=True, htk_compat=True, raw_energy=False,
                                  window_type="blackman", low_freq=100, high_freq=-400, num_mel_bins=12))),
    ]
    # ImageBind's waveform2melspec (mean removed, fbank, zero-padded to 204 frames) and Normalize(-4.268, 9.138).
    w = x - x.mean()
    fb = kaldi.fbank(w, **imagebind).T
    fb = torch.nn.functional.pad(fb, (0, 204 - fb.shape[1]), mode="constant", value=0)
    normalised = (fb - (-4.268)) / 9.138
    cases.append(dict(name="imagebind_input_first_frames", signal="chord", frames=204,
                      padded_value=float((0 - (-4.268)) / 9.138), out=rows(normalised.T[:12])))
    return cases


def resample_cases():
    cases = [
        dict(signal="chord", length=1200, orig=48000, new=16000, method="sinc_interpolation"),
        dict(signal="noise", length=1103, orig=44100, new=16000, method="sinc_interpolation"),
        dict(signal="chord", length=400, orig=16000, new=22050, method="sinc_interpolation"),
        dict(signal="clicks", length=300, orig=8000, new=16000, method="sinc_interpolation"),
        dict(signal="noise", length=400, orig=16000, new=8000, method="kaiser_window"),
    ]
    for c in cases:
        x = x64(c["signal"])[: c["length"]]
        c["out"] = rows(F.resample(x, c["orig"], c["new"], resampling_method=c["method"]))
    return cases


def main():
    golden = {
        "versions": {"torch": torch.__version__, "torchaudio": torchaudio.__version__},
        "signals": {k: [float(v) for v in s] for k, s in SIG.items()},
        "windows": windows(),
        "stft": stft_cases(),
        "mel_scales": mel_scales(),
        "melscale_fbanks": fbank_cases(),
        "melspectrogram": melspec_cases(),
        "kaldi_fbank": kaldi_cases(),
        "resample": resample_cases(),
    }
    text = json.dumps(golden, separators=(",", ":"), default=float)
    # Nine significant digits: every float32 and every output at float32 precision round-trips.
    import re
    text = re.sub(r"-?\d+\.\d{10,}(e-?\d+)?", lambda m: "%.9g" % float(m.group(0)), text)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text + "\n")
    print("wrote", os.path.normpath(OUT), len(text), "bytes")


if __name__ == "__main__":
    main()
