package dev.align4j.rewards.manifest;

/** How a reward model's graphs fit together. */
public enum Kind {
  /** A text tower and an image tower (CLIP score, PickScore, HPSv2): the score compares the two embeddings. */
  TWO_TOWER("two_tower"),
  /** One graph taking the prompt's tokens and the image together (ImageReward): it outputs the score. */
  FUSED("fused"),
  /** An MLP on the L2-normalised CLIP image embedding, no text (LAION aesthetic predictor). */
  MLP_ON_IMAGE("mlp_on_image"),
  /**
   * A text reward model: one graph reading the tokens of a prompt followed by a response and outputting a
   * scalar score per sequence (a Bradley-Terry reward model; no image).
   */
  TEXT_SCALAR("text_scalar"),
  /**
   * A sentence encoder scoring text against text (all-MiniLM-L6-v2, bge-small-en-v1.5, e5-small-v2): one
   * BERT-family graph reading {@code input_ids}, {@code attention_mask} and {@code token_type_ids} and outputting
   * {@code last_hidden_state}; the embedding is its pooling ({@code text.pooling}: the mean over the attention mask
   * or the CLS row), L2-normalised, and the score compares the prompt's embedding with the candidate text's, each
   * after its prefix ({@code text.prompt_prefix}, {@code text.candidate_prefix}; no image).
   */
  TEXT_EMBEDDING("text_embedding"),
  /**
   * An image classifier (nsfwjs's MobileNetV2): one graph from {@code pixel_values} to the softmax
   * {@code probabilities} {@code [batch, classes]} over the manifest's {@code classes}; the score is the summed
   * probability of the classes {@code score.classes} names (no prompt).
   */
  IMAGE_CLASSIFIER("image_classifier"),
  /**
   * Optical character recognition (PP-OCR): a DB text detector graph ({@code files.det_model}, image to text
   * probability map), a CTC text recogniser graph ({@code files.rec_model}, a line of text 48 pixels high to
   * per-step character probabilities) and its character list ({@code files.keys}). The score compares the text
   * read in the image with the text the prompt quotes (Flow-GRPO's OCR reward); no tokenizer, fixed
   * preprocessing.
   */
  OCR("ocr");

  private final String id;

  Kind(String id) {
    this.id = id;
  }

  /** The manifest spelling. */
  public String id() {
    return id;
  }
}
