package dev.align4j.rewards.judge;

import com.google.common.base.Preconditions;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.RgbImage;
import dev.align4j.rewards.judge.JudgementParser.Verdict;
import dev.align4j.rewards.judge.UnifiedRewardPrompts.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * UnifiedReward (a generative VLM judge) as a {@link RewardModel}: it asks the model behind a {@link JudgeClient}
 * with {@link UnifiedRewardPrompts} and reads the answer with {@link JudgementParser}.
 *
 * <ul>
 *   <li>{@link #score}: one pointwise request per image (in parallel, up to the client's concurrency), scores on
 *       the template's 1..5 scale. {@link #scoreVideo}: the frames of one video in one request, 1..10.
 *   <li>{@link #compare}: one pairwise request. The judge gives a hard verdict, so the probabilities are [1, 0] or
 *       [0, 1]. A tie ("Both images are equally good", or the two orders disagreeing when {@code bothOrders} is on)
 *       gives [0.5, 0.5] with preferred 0, as {@link Comparison#fromScores} does for equal scores; code that builds
 *       preference pairs should skip those.
 *   <li>An answer with no usable verdict is asked again up to {@code answerAttempts} times in all (useful with a
 *       temperature above 0), then {@link UnparseableJudgementException} is thrown.
 * </ul>
 *
 * <p>{@link #close} stops the judge's worker threads; the client needs no closing.
 */
public final class UnifiedRewardJudge implements RewardModel {
  private final JudgeClient client;
  private final String name;
  private final Templates templates;
  private final boolean bothOrders;
  private final int answerAttempts;
  private final ExecutorService workers;

  private UnifiedRewardJudge(Builder b) {
    this.client = b.client;
    this.name = b.name;
    this.templates = b.templates;
    this.bothOrders = b.bothOrders;
    this.answerAttempts = b.answerAttempts;
    this.workers = Executors.newFixedThreadPool(client.maxConcurrency(),
        new ThreadFactoryBuilder().setDaemon(true).setNameFormat(name + "-judge-%d").build());
  }

  public static Builder builder(JudgeClient client) {
    return new Builder(client);
  }

  @Override
  public String name() {
    return name;
  }

  /** Pointwise 1..5 scores, one request per image. */
  @Override
  public float[] score(String prompt, List<RgbImage> images) {
    List<Supplier<Float>> tasks = new ArrayList<>();
    for (RgbImage image : images) tasks.add(() -> scoreOne(prompt, image));
    return inParallel(tasks);
  }

  @Override
  public float[] scoreBatch(List<String> prompts, List<RgbImage> images) {
    Preconditions.checkArgument(prompts.size() == images.size(), "%s prompts for %s images", prompts.size(),
        images.size());
    List<Supplier<Float>> tasks = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      String prompt = prompts.get(i);
      RgbImage image = images.get(i);
      tasks.add(() -> scoreOne(prompt, image));
    }
    return inParallel(tasks);
  }

  /** Pairwise verdict on two images: [1, 0], [0, 1], or [0.5, 0.5] for a tie. */
  @Override
  public Comparison compare(String prompt, RgbImage first, RgbImage second) {
    return compareParts(templates.imagePairwise(), prompt, List.of(ContentPart.image(first)),
        List.of(ContentPart.image(second)));
  }

  /** Pairwise verdict on two videos given as frames (each group labelled "Video k frames:"). */
  public Comparison compareVideos(String prompt, List<RgbImage> firstFrames, List<RgbImage> secondFrames) {
    return compareParts(templates.videoPairwise(), prompt, video(1, firstFrames), video(2, secondFrames));
  }

  /** Pointwise 1..10 score of one video given as frames. */
  public float scoreVideo(String prompt, List<RgbImage> frames) {
    Preconditions.checkArgument(!frames.isEmpty(), "a video needs at least one frame");
    List<ContentPart> parts = new ArrayList<>();
    frames.forEach(f -> parts.add(ContentPart.image(f)));
    parts.add(ContentPart.text(UnifiedRewardPrompts.fill(templates.videoPointwise(), prompt)));
    return ask(parts, a -> (float) JudgementParser.pointwise(a, UnifiedRewardPrompts.VIDEO_MIN,
        UnifiedRewardPrompts.VIDEO_MAX));
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  private float scoreOne(String prompt, RgbImage image) {
    List<ContentPart> parts = List.of(ContentPart.image(image),
        ContentPart.text(UnifiedRewardPrompts.fill(templates.imagePointwise(), prompt)));
    return ask(parts, a -> (float) JudgementParser.pointwise(a, UnifiedRewardPrompts.IMAGE_MIN,
        UnifiedRewardPrompts.IMAGE_MAX));
  }

  private Comparison compareParts(String template, String prompt, List<ContentPart> a, List<ContentPart> b) {
    Verdict v = pairwise(template, prompt, a, b);
    if (bothOrders && v != Verdict.TIE) {
      Verdict swapped = pairwise(template, prompt, b, a);
      if (swapped != (v == Verdict.FIRST ? Verdict.SECOND : Verdict.FIRST)) v = Verdict.TIE;
    }
    return switch (v) {
      case FIRST -> new Comparison(new double[] {1, 0}, 0);
      case SECOND -> new Comparison(new double[] {0, 1}, 1);
      case TIE -> new Comparison(new double[] {0.5, 0.5}, 0);
    };
  }

  private Verdict pairwise(String template, String prompt, List<ContentPart> a, List<ContentPart> b) {
    List<ContentPart> parts = new ArrayList<>(a);
    parts.addAll(b);
    parts.add(ContentPart.text(UnifiedRewardPrompts.fill(template, prompt)));
    return ask(parts, JudgementParser::pairwise);
  }

  private static List<ContentPart> video(int k, List<RgbImage> frames) {
    Preconditions.checkArgument(!frames.isEmpty(), "video %s has no frames", k);
    List<ContentPart> parts = new ArrayList<>();
    parts.add(ContentPart.text("Video " + k + " frames:"));
    frames.forEach(f -> parts.add(ContentPart.image(f)));
    return parts;
  }

  private <T> T ask(List<ContentPart> parts, Function<String, T> parse) {
    for (int attempt = 1; ; attempt++) {
      try {
        return parse.apply(client.complete(parts));
      } catch (UnparseableJudgementException e) {
        if (attempt >= answerAttempts) throw e;
      }
    }
  }

  private float[] inParallel(List<Supplier<Float>> tasks) {
    float[] out = new float[tasks.size()];
    if (tasks.size() == 1) {
      out[0] = tasks.get(0).get();
      return out;
    }
    List<CompletableFuture<Float>> futures = new ArrayList<>();
    for (Supplier<Float> t : tasks) futures.add(CompletableFuture.supplyAsync(t, workers));
    try {
      for (int i = 0; i < out.length; i++) out[i] = futures.get(i).join();
    } catch (CompletionException e) {
      futures.forEach(f -> f.cancel(true));
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw e;
    }
    return out;
  }

  /** Settings for a {@link UnifiedRewardJudge}. */
  public static final class Builder {
    private final JudgeClient client;
    private String name = "unifiedreward";
    private Templates templates = Templates.defaults();
    private boolean bothOrders = false;
    private int answerAttempts = 1;

    private Builder(JudgeClient client) {
      this.client = Preconditions.checkNotNull(client, "client");
    }

    /** The registry name (default {@code unifiedreward}). */
    public Builder name(String name) {
      Preconditions.checkArgument(name != null && !name.isBlank(), "judge name is empty");
      this.name = name;
      return this;
    }

    /** Prompt templates (default {@link Templates#defaults()}). */
    public Builder templates(Templates templates) {
      this.templates = Preconditions.checkNotNull(templates, "templates");
      return this;
    }

    /**
     * Also ask with the two swapped and call it a tie unless both orders agree (against position bias; twice the
     * requests for decisive pairs). Default off.
     */
    public Builder bothOrders(boolean bothOrders) {
      this.bothOrders = bothOrders;
      return this;
    }

    /** Requests per judgement when answers are unparseable (default 1: no re-asking). */
    public Builder answerAttempts(int answerAttempts) {
      Preconditions.checkArgument(answerAttempts >= 1, "answerAttempts must be >= 1: %s", answerAttempts);
      this.answerAttempts = answerAttempts;
      return this;
    }

    public UnifiedRewardJudge build() {
      return new UnifiedRewardJudge(this);
    }
  }
}
