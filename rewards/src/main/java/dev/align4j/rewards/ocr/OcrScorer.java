package dev.align4j.rewards.ocr;

import static dev.align4j.rewards.manifest.RewardManifest.DET_MAP;
import static dev.align4j.rewards.manifest.RewardManifest.DET_MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.DET_PIXELS;
import static dev.align4j.rewards.manifest.RewardManifest.KEYS;
import static dev.align4j.rewards.manifest.RewardManifest.REC_MODEL;
import static dev.align4j.rewards.manifest.RewardManifest.REC_PIXELS;
import static dev.align4j.rewards.manifest.RewardManifest.REC_PROBS;

import com.google.common.base.Preconditions;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.Image;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.manifest.Kind;
import dev.align4j.rewards.manifest.RewardManifest;
import dev.align4j.rewards.onnx.OnnxSession;
import dev.align4j.rewards.onnx.SessionConfig;
import dev.align4j.rewards.scoring.OnnxRewardModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The OCR reward (kind {@code ocr}, formula {@code edit_distance}): {@link PpOcr} reads the image, and
 * {@link OcrReward} compares what it read with the text the prompt puts in double quotes, as Flow-GRPO does. A
 * prompt without quoted text is a one-line {@link dev.align4j.core.util.UserError} (also from
 * {@link #checkPrompt}, before any image is read). Images are read one at a time (their sizes differ), so
 * {@link SessionConfig#batchSize()} does not apply and a score never depends on the rest of the batch. Owns its
 * two sessions: close it. Safe for concurrent use.
 */
public final class OcrScorer implements RewardModel {
  private final RewardManifest m;
  private final OnnxSession det;
  private final OnnxSession rec;
  private final PpOcr ocr;

  private OcrScorer(RewardManifest m, OnnxSession det, OnnxSession rec, PpOcr ocr) {
    this.m = m;
    this.det = det;
    this.rec = rec;
    this.ocr = ocr;
  }

  /** Opens the graphs and character list an {@code ocr} manifest names, checking input and output names. */
  public static OcrScorer open(RewardManifest m, SessionConfig config) {
    Preconditions.checkArgument(m.kind() == Kind.OCR, "%s is %s", m.name(), m.kind());
    CtcDecoder decoder = CtcDecoder.fromKeys(m.file(KEYS));
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      OnnxSession det = OnnxSession.open(m.file(DET_MODEL), config);
      opened.add(det);
      OnnxSession rec = OnnxSession.open(m.file(REC_MODEL), config);
      opened.add(rec);
      m.requireInput(det, DET_PIXELS);
      m.requireOutput(det, DET_MAP);
      m.requireInput(rec, REC_PIXELS);
      m.requireOutput(rec, REC_PROBS);
      PpOcr ocr = new PpOcr(det, m.input(DET_PIXELS), m.output(DET_MAP), rec, m.input(REC_PIXELS),
          m.output(REC_PROBS), decoder);
      return new OcrScorer(m, det, rec, ocr);
    } catch (RuntimeException e) {
      throw OnnxRewardModel.closeAll(opened, e);
    }
  }

  @Override
  public String name() {
    return m.name();
  }

  /** The manifest this model was opened from. */
  public RewardManifest manifest() {
    return m;
  }

  /** The detector and recogniser, for reading images without scoring them. */
  public PpOcr ocr() {
    return ocr;
  }

  /** Throws the one-line error {@link #scoreBatch} would give for a prompt without quoted text. */
  @Override
  public void checkPrompt(String prompt) {
    OcrReward.target(prompt);
  }

  /**
   * Scores images by how well the text read in them matches each prompt's quoted text, in [0, 1]. Every prompt
   * is checked before any image is read.
   */
  @Override
  public float[] scoreBatch(List<String> prompts, List<? extends ContentPart> items) {
    Preconditions.checkArgument(prompts.size() == items.size(), "%s prompts for %s images", prompts.size(),
        items.size());
    requireKinds(items);
    List<String> targets = new ArrayList<>(prompts.size());
    for (String p : prompts) targets.add(OcrReward.target(p));
    float[] out = new float[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) OcrReward.score(ocr.text((Image) items.get(i)), targets.get(i));
    }
    return out;
  }

  @Override
  public void close() {
    OnnxRewardModel.closeEach(List.of(rec, det));
  }
}
