package dev.align4j.audio.shapes;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the checker measured in one waveform against one clip's events.
 *
 * @param sync onset sync: the share of events with a detected onset within one video frame of their time,
 *     in [0, 1]
 * @param onsetPrecision the share of detected onsets that are an event's (1 when there are none), in [0, 1]
 * @param onsetF1 the harmonic mean of sync (onset recall over event times) and precision, in [0, 1]
 * @param meanOffset DeSync-lite: the mean |onset - event time| in seconds over events in sync (one frame's
 *     duration when none is)
 * @param avAlignIou AV-Align's IoU of event times and onsets matched within a frame:
 *     {@code matched / (times + onsets - matched)}, in [0, 1]
 * @param pitch the share of events whose colour's pitch is heard at their onset, in [0, 1]
 * @param timbre the share of events whose kind's timbre is heard at their onset, in [0, 1]
 * @param spuriousEnergy the share of the waveform's energy outside every event's window (from a frame before
 *     its time to a frame after its note ends), in [0, 1]; 0 for silence
 * @param spuriousOnsets the number of detected onsets no event accounts for
 * @param events the number of events
 * @param onsets the number of detected onsets
 */
public record SoundScore(
    @JsonProperty("sync") double sync,
    @JsonProperty("onset_precision") double onsetPrecision,
    @JsonProperty("onset_f1") double onsetF1,
    @JsonProperty("mean_offset") double meanOffset,
    @JsonProperty("av_align_iou") double avAlignIou,
    @JsonProperty("pitch") double pitch,
    @JsonProperty("timbre") double timbre,
    @JsonProperty("spurious_energy") double spuriousEnergy,
    @JsonProperty("spurious_onsets") int spuriousOnsets,
    @JsonProperty("events") int events,
    @JsonProperty("onsets") int onsets) {

  /**
   * AudioScore-lite, the analogue of V2A-DPO's AudioScore: the mean of sync, pitch, timbre and
   * {@code 1 - spuriousEnergy}, in [0, 1].
   */
  public double combined() {
    return (sync + pitch + timbre + (1 - spuriousEnergy)) / 4;
  }
}
