package dev.align4j.rewards.judge;

import com.google.common.base.Preconditions;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.ContentPart.Kind;
import dev.align4j.core.media.Image;
import dev.align4j.core.media.Video;
import dev.align4j.core.util.UserError;
import dev.align4j.rewards.RewardModel;
import dev.align4j.rewards.judge.JudgementParser.Verdict;
import dev.align4j.rewards.judge.UnifiedRewardPrompts.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 *       the template's 1..5 scale; a {@link Video}: its frames in one request, 1..10.
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

  @Override
  public Set<Kind> kinds() {
    return Set.of(Kind.IMAGE, Kind.VIDEO);
  }

  /** Pointwise scores, one request per item: images on the 1..5 scale, videos (all frames at once) on 1..10. */
  @Override
  public float[] scoreBatch(List<String> prompts, List<? extends ContentPart> items) {
    Preconditions.checkArgument(prompts.size() == items.size(), "%s prompts for %s items", prompts.size(),
        items.size());
    requireKinds(items);
    List<Supplier<Float>> tasks = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String prompt = prompts.get(i);
      ContentPart item = items.get(i);
      tasks.add(() -> item instanceof Video v ? scoreVideo(prompt, v) : scoreImage(prompt, (Image) item));
    }
    return inParallel(tasks);
  }

  /**
   * Pairwise verdict on two images, or on two videos (each video's frames labelled "Video k frames:"): [1, 0],
   * [0, 1], or [0.5, 0.5] for a tie.
   */
  @Override
  public Comparison compare(String prompt, ContentPart first, ContentPart second) {
    requireKinds(List.of(first, second));
    if (first instanceof Image a && second instanceof Image b) {
      return compareParts(templates.imagePairwise(), prompt, List.of(a), List.of(b));
    }
    if (first instanceof Video a && second instanceof Video b) {
      return compareParts(templates.videoPairwise(), prompt, video(1, a), video(2, b));
    }
    throw new UserError("reward model " + name + " compares two images or two videos, not " + first.kind().label()
        + " with " + second.kind().label());
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  private float scoreImage(String prompt, Image image) {
    List<ContentPart> parts = List.of(image,
        ContentPart.text(UnifiedRewardPrompts.fill(templates.imagePointwise(), prompt)));
    return ask(parts, a -> (float) JudgementParser.pointwise(a, UnifiedRewardPrompts.IMAGE_MIN,
        UnifiedRewardPrompts.IMAGE_MAX));
  }

  private float scoreVideo(String prompt, Video video) {
    List<ContentPart> parts = new ArrayList<>(video.frames());
    parts.add(ContentPart.text(UnifiedRewardPrompts.fill(templates.videoPointwise(), prompt)));
    return ask(parts, a -> (float) JudgementParser.pointwise(a, UnifiedRewardPrompts.VIDEO_MIN,
        UnifiedRewardPrompts.VIDEO_MAX));
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

  private static List<ContentPart> video(int k, Video video) {
    List<ContentPart> parts = new ArrayList<>();
    parts.add(ContentPart.text("Video " + k + " frames:"));
    parts.addAll(video.frames());
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
