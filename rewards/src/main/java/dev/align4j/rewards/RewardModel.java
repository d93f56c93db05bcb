package dev.align4j.rewards;

import dev.align4j.core.media.ContentPart;
import dev.align4j.core.media.ContentPart.Kind;
import dev.align4j.core.util.UserError;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A reward model: scores items (images, videos, audio clips, or text responses) for a prompt; higher is
 * better. One method scores every kind: an item is a {@link ContentPart}, and {@link #kinds} says which kinds a
 * model accepts. Implementations: ONNX two-tower scorers (CLIP score, PickScore, HPSv2, aesthetic), fused ONNX
 * graphs (ImageReward), text scalar reward models, and generative judges behind an HTTP API (UnifiedReward).
 */
public interface RewardModel extends AutoCloseable {
  /** The registry name, e.g. {@code pickscore}. */
  String name();

  /** The kinds of items this model scores (images only, unless it says otherwise). */
  default Set<Kind> kinds() {
    return Set.of(Kind.IMAGE);
  }

  /**
   * Scores many (prompt, item) pairs at once: {@code prompts.get(i)} goes with {@code items.get(i)}, in the
   * model's own scale (see its manifest). The scoring service batches concurrent requests through this.
   *
   * @throws UserError when an item is of a kind the model does not score
   */
  float[] scoreBatch(List<String> prompts, List<? extends ContentPart> items);

  /**
   * Throws a one-line {@link UserError} when the model can score nothing for {@code prompt} (the OCR reward needs
   * text in double quotes), before anything is queued or run; the default accepts every prompt. The scoring
   * service calls it per request, from the request's thread, so one bad prompt fails its own request, not the
   * batch it would have joined: it must be cheap and safe to call concurrently with scoring.
   */
  default void checkPrompt(String prompt) {}

  /** Pointwise scores, one per item, for one prompt. */
  default float[] score(String prompt, List<? extends ContentPart> items) {
    return scoreBatch(Collections.nCopies(items.size(), prompt), items);
  }

  /**
   * Which of two items is better for the prompt: probabilities of each being preferred and the preferred
   * index. The default is the Bradley-Terry softmax over the two scores (PickScore's convention).
   */
  default Comparison compare(String prompt, ContentPart first, ContentPart second) {
    float[] s = score(prompt, List.of(first, second));
    return Comparison.fromScores(s[0], s[1]);
  }

  /** Throws a one-line {@link UserError} unless every item is of a kind this model scores. */
  default void requireKinds(List<? extends ContentPart> items) {
    for (ContentPart item : items) {
      if (!kinds().contains(item.kind())) {
        String accepted = kinds().stream().sorted().map(Kind::plural).collect(Collectors.joining(" and "));
        throw new UserError("reward model " + name() + " scores " + accepted + ", not " + item.kind().plural());
      }
    }
  }

  @Override
  default void close() {}

  /** The outcome of a pairwise comparison. */
  record Comparison(double[] probabilities, int preferred) {
    /** softmax([a, b]) computed stably; ties prefer the first. */
    public static Comparison fromScores(double a, double b) {
      double m = Math.max(a, b);
      double ea = Math.exp(a - m);
      double eb = Math.exp(b - m);
      double pa = ea / (ea + eb);
      return new Comparison(new double[] {pa, 1 - pa}, pa >= 0.5 ? 0 : 1);
    }
  }
}
