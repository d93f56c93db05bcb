package dev.align4j.rewards.judge;

import com.google.common.base.Preconditions;

/**
 * Prompt templates for judging generated images and videos in UnifiedReward's style, with the caption in place of
 * {@code {caption}}. They follow the structure of the UnifiedReward inference scripts
 * (github.com/CodeGoat24/UnifiedReward: {@code benchmark_evaluation/Qwen_evaluation/test_qwen_genAI_bench_image.py},
 * {@code inference_qwen/image_generation/qwen_point_score_image_generation.py}, {@code
 * inference_qwen/video_generation/qwen_pair_rank_video_generation.py}, {@code qwen_point_score_video_generation.py}):
 * the media first, then the text; two criteria (caption alignment, visual quality); the caption as {@code Text
 * Caption: [...]}; the answer forms the models were trained to give ("Image 1 is better.", "Image 2 is better.",
 * "Both images are equally good.", "Final Score: n") and the same scales (images 1..5, videos 1..10). The wording
 * here is our paraphrase; to use the scripts' exact text, pass it as a custom {@link Templates}.
 */
public final class UnifiedRewardPrompts {
  public static final double IMAGE_MIN = 1, IMAGE_MAX = 5, VIDEO_MIN = 1, VIDEO_MAX = 10;

  /** Two images, then this text. */
  public static final String IMAGE_PAIRWISE = "You are given a text caption and two images generated from it."
      + " Evaluate and compare the two images on two criteria:\n"
      + "1. Alignment with the Caption: how faithfully each image depicts the objects, attributes and relationships"
      + " described in the caption.\n"
      + "2. Overall Image Quality: clarity, preserved detail, color accuracy and aesthetic appeal of each image.\n"
      + "Considering both criteria, choose the image that better matches the caption with better visual quality.\n"
      + "End with a clear conclusion: \"Image 1 is better.\", \"Image 2 is better.\" or \"Both images are equally"
      + " good.\"\n"
      + "Your task is provided as follows:\nText Caption: [{caption}]";

  /** One image, then this text; the answer ends with "Final Score: n", n in 1..5. */
  public static final String IMAGE_POINTWISE = "You are given a text caption and an image generated from it."
      + " Evaluate the image on two criteria:\n"
      + "1. Alignment with the Caption: how faithfully the image depicts the objects, attributes and relationships"
      + " described in the caption.\n"
      + "2. Overall Image Quality: clarity, preserved detail, color accuracy and aesthetic appeal.\n"
      + "List the key elements of the caption as 'element (type): value', with value 1 if the image shows it and 0"
      + " if not, then give a score from 1 to 5 after 'Final Score:'.\n"
      + "Your task is provided as follows:\nText Caption: [{caption}]";

  /** The frames of two videos (each group preceded by a "Video k frames:" label), then this text. */
  public static final String VIDEO_PAIRWISE = "You are an expert in evaluating AI-generated videos. You are given a"
      + " text caption and two videos generated from it, each shown as a sequence of frames. Compare the videos on"
      + " two factors:\n"
      + "1. Caption Alignment: how closely each video matches the objects, attributes and relationships described in"
      + " the caption.\n"
      + "2. Overall Video Quality: clarity, level of detail, color accuracy and aesthetic appeal of each video.\n"
      + "Decide which video reflects the caption better with better visual quality, and give your final judgment as"
      + " 'Video 1 is better.', 'Video 2 is better.' or 'Both videos are equally good.'\n"
      + "Your task is as follows:\nText Caption: [{caption}]";

  /** The frames of one video, then this text; the answer ends with "Final Score: n", n in 1..10. */
  public static final String VIDEO_POINTWISE = "You are an expert in evaluating AI-generated videos. Watch the"
      + " frames of the given video and read the text prompt it was generated from. Rate it from 1 (bad) to 4"
      + " (perfect, like a real video) on five dimensions: visual quality, temporal consistency, dynamic degree,"
      + " text-to-video alignment and factual consistency, one line each as 'dimension: n'. Then, based on these,"
      + " give an overall score from 1 to 10 after 'Final Score:'.\n"
      + "Your task is provided as follows: Text Prompt: [{caption}]";

  private UnifiedRewardPrompts() {}

  /** The template with the caption filled in (literal replacement: {@code %} and {@code $} in captions are safe). */
  public static String fill(String template, String caption) {
    return template.replace("{caption}", caption);
  }

  /** The four templates a {@link UnifiedRewardJudge} uses, each with a {@code {caption}} placeholder. */
  public record Templates(String imagePairwise, String imagePointwise, String videoPairwise, String videoPointwise) {
    public Templates {
      for (String t : new String[] {imagePairwise, imagePointwise, videoPairwise, videoPointwise}) {
        Preconditions.checkArgument(t != null && t.contains("{caption}"), "a judge template lacks {caption}: %s", t);
      }
    }

    /** The templates above. */
    public static Templates defaults() {
      return new Templates(IMAGE_PAIRWISE, IMAGE_POINTWISE, VIDEO_PAIRWISE, VIDEO_POINTWISE);
    }
  }
}
