package dev.align4j.losses;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The per-example quantities every preference loss consumes. For a causal LM the terms are summed
 * completion log-probs; for a diffusion model they are negative denoising errors (Diffusion-DPO's ELBO
 * surrogate). Only the policy terms are mandatory; a loss states the rest in {@link PreferenceLoss#needs()}.
 *
 * <p>Unpaired data (KTO, BCO) puts each completion's terms in the chosen slots and marks it with a label.
 *
 * <p>Beyond the universal slots, terms are open: a module defines a {@link TermKey} next to the loss that reads
 * it, the loss declares it in {@link PreferenceLoss#keys()}, and the modality puts the value under it
 * ({@link Builder#put}); structured terms (levels, segments, an alternative condition, corrected tokens) come
 * this way.
 */
public final class PreferenceTerms {
  private final NDArray policyChosen;
  private final NDArray policyRejected;
  private final NDArray refChosen;
  private final NDArray refRejected;
  private final NDArray chosenLengths;
  private final NDArray rejectedLengths;
  private final TokenTerms chosenTokens;
  private final TokenTerms rejectedTokens;
  private final NDArray labels;
  private final NDArray mismatchedPolicy;
  private final NDArray mismatchedReference;
  private final NDArray chosenScores;
  private final NDArray rejectedScores;
  private final NDArray policyGold;
  private final NDArray goldLengths;
  private final ListTerms lists;
  private final DenoisingTerms denoising;
  private final NDArray weights;
  private final Map<String, Keyed<?>> keyed;

  private PreferenceTerms(Builder b) {
    policyChosen = b.policyChosen;
    policyRejected = b.policyRejected;
    refChosen = b.refChosen;
    refRejected = b.refRejected;
    chosenLengths = b.chosenLengths;
    rejectedLengths = b.rejectedLengths;
    chosenTokens = b.chosenTokens;
    rejectedTokens = b.rejectedTokens;
    labels = b.labels;
    mismatchedPolicy = b.mismatchedPolicy;
    mismatchedReference = b.mismatchedReference;
    chosenScores = b.chosenScores;
    rejectedScores = b.rejectedScores;
    policyGold = b.policyGold;
    goldLengths = b.goldLengths;
    lists = b.lists;
    denoising = b.denoising;
    weights = b.weights;
    keyed = ImmutableMap.copyOf(b.keyed);
  }

  /** A value with the key it was put under. */
  private record Keyed<T>(TermKey<T> key, T value) {}

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this object's values, to replace some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.policyChosen = policyChosen;
    b.policyRejected = policyRejected;
    b.refChosen = refChosen;
    b.refRejected = refRejected;
    b.chosenLengths = chosenLengths;
    b.rejectedLengths = rejectedLengths;
    b.chosenTokens = chosenTokens;
    b.rejectedTokens = rejectedTokens;
    b.labels = labels;
    b.mismatchedPolicy = mismatchedPolicy;
    b.mismatchedReference = mismatchedReference;
    b.chosenScores = chosenScores;
    b.rejectedScores = rejectedScores;
    b.policyGold = policyGold;
    b.goldLengths = goldLengths;
    b.lists = lists;
    b.denoising = denoising;
    b.weights = weights;
    b.keyed.putAll(keyed);
    return b;
  }

  /** Throws with a message naming the loss and every missing quantity. */
  public void checkHas(Set<Need> needs, String lossName, boolean paired) {
    checkHas(needs, Set.of(), lossName, paired);
  }

  /** Throws with a message naming the loss and every missing quantity and key. */
  public void checkHas(Set<Need> needs, Set<TermKey<?>> keys, String lossName, boolean paired) {
    List<String> missing = new ArrayList<>();
    boolean listwise = needs.contains(Need.LISTS);
    if (!listwise && policyChosen == null) missing.add("policy_chosen");
    if (paired && policyRejected == null) missing.add("policy_rejected");
    for (Need n : needs) {
      switch (n) {
        case REFERENCE -> {
          if (!listwise && refChosen == null) missing.add("ref_chosen");
          if (paired && refRejected == null) missing.add("ref_rejected");
        }
        case LABELS -> { if (labels == null) missing.add("label"); }
        case TOKENS -> {
          if (chosenTokens == null || rejectedTokens == null) missing.add("chosen_tokens/rejected_tokens");
        }
        case VOCAB_KL -> {
          if (chosenTokens == null || chosenTokens.kl() == null || rejectedTokens == null
              || rejectedTokens.kl() == null) {
            missing.add("per-token kl");
          }
        }
        case SQUARED_MASS -> {
          if (chosenTokens == null || chosenTokens.logSquaredMass() == null
              || rejectedTokens == null || rejectedTokens.logSquaredMass() == null) {
            missing.add("per-token log_sq_mass");
          }
        }
        case LISTS -> { if (lists == null) missing.add("listwise policy/ref/scores"); }
        case SCORES -> { if (chosenScores == null || rejectedScores == null) missing.add("chosen/rejected scores"); }
        case GOLD -> { if (policyGold == null) missing.add("policy_gold"); }
        case DENOISING -> { if (denoising == null) missing.add("denoising vectors"); }
        case LENGTHS -> { }  // lengths default to 1
      }
    }
    missing.addAll(missingKeys(keys));
    if (!missing.isEmpty()) {
      throw new InvalidLossException("loss '" + lossName + "' needs " + String.join(", ", missing));
    }
  }

  /** For a loss that reads keyed terms only: throws naming the loss and every key the batch lacks. */
  public void checkKeys(Set<TermKey<?>> keys, String lossName) {
    List<String> missing = missingKeys(keys);
    if (!missing.isEmpty()) {
      throw new InvalidLossException("loss '" + lossName + "' needs " + String.join(", ", missing));
    }
  }

  private List<String> missingKeys(Set<TermKey<?>> keys) {
    List<String> missing = new ArrayList<>();
    for (TermKey<?> key : keys) {
      if (!has(key)) missing.add("'" + key.name() + "' terms (" + key.type().getSimpleName() + ")");
    }
    return missing;
  }

  /** Number of examples (completions for unpaired data, lists for listwise data). */
  public long batchSize() {
    return anchor().getShape().get(0);
  }

  /** Any array of the batch, to reach its manager and data type. */
  public NDArray anchor() {
    Preconditions.checkState(policyChosen != null || lists != null,
        "preference terms have no policy terms or lists (only keyed terms %s)", keyed.keySet());
    return policyChosen != null ? policyChosen : lists.policy();
  }

  /** The value under {@code key}; fails naming the key when the batch has none. */
  public <T> T get(TermKey<T> key) {
    return find(key).orElseThrow(() -> new IllegalStateException("preference terms have no '" + key.name()
        + "' terms; has " + (keyed.isEmpty() ? "no keyed terms" : keyed.keySet())));
  }

  /** The value under {@code key}, if the batch has one. */
  public <T> Optional<T> find(TermKey<T> key) {
    Keyed<?> k = keyed.get(key.name());
    if (k == null) return Optional.empty();
    Preconditions.checkState(k.key().equals(key), "term '%s' was put as %s, read as %s", key.name(), k.key(), key);
    return Optional.of(key.cast(k.value()));
  }

  /** Whether the batch has a value under {@code key}. */
  public boolean has(TermKey<?> key) {
    Keyed<?> k = keyed.get(key.name());
    return k != null && k.key().equals(key);
  }

  /** The keys of every keyed term of the batch, in insertion order. */
  public Set<TermKey<?>> keys() {
    Set<TermKey<?>> out = new java.util.LinkedHashSet<>();
    keyed.values().forEach(k -> out.add(k.key()));
    return out;
  }

  public NDArray policyChosen() { return need(policyChosen, "policy_chosen"); }
  public NDArray policyRejected() { return need(policyRejected, "policy_rejected"); }
  public NDArray refChosen() { return need(refChosen, "ref_chosen"); }
  public NDArray refRejected() { return need(refRejected, "ref_rejected"); }
  public boolean hasReference() { return refChosen != null; }
  /** Unpaired data: labelled completions in the chosen slots, no rejected terms. */
  public boolean isUnpaired() { return labels != null && policyRejected == null; }

  /** Chosen lengths clamped to at least 1 (all ones when absent). */
  public NDArray chosenLengths() { return lengthsOrOnes(chosenLengths); }

  /** Rejected lengths clamped to at least 1 (all ones when absent). */
  public NDArray rejectedLengths() { return lengthsOrOnes(rejectedLengths); }

  public TokenTerms chosenTokens() { return need(chosenTokens, "chosen_tokens"); }
  public TokenTerms rejectedTokens() { return need(rejectedTokens, "rejected_tokens"); }
  public boolean hasTokens() { return chosenTokens != null && rejectedTokens != null; }

  /** Unpaired labels, 1 desirable and 0 undesirable, [B]. */
  public NDArray labels() { return need(labels, "label"); }
  public Optional<NDArray> mismatchedPolicy() { return Optional.ofNullable(mismatchedPolicy); }
  public Optional<NDArray> mismatchedReference() { return Optional.ofNullable(mismatchedReference); }
  public NDArray chosenScores() { return need(chosenScores, "chosen scores"); }
  public NDArray rejectedScores() { return need(rejectedScores, "rejected scores"); }
  public NDArray policyGold() { return need(policyGold, "policy_gold"); }
  public NDArray goldLengths() { return lengthsOrOnes(goldLengths); }
  public ListTerms lists() { return need(lists, "listwise terms"); }
  public DenoisingTerms denoising() { return need(denoising, "denoising vectors"); }
  public Optional<NDArray> weights() { return Optional.ofNullable(weights); }

  private NDArray lengthsOrOnes(NDArray lengths) {
    if (lengths == null) {
      NDArray a = anchor();
      return a.getManager().ones(new ai.djl.ndarray.types.Shape(batchSize()), a.getDataType());
    }
    return lengths.maximum(Ops.k(1));
  }

  private static <T> T need(T value, String what) {
    Preconditions.checkState(value != null, "preference terms have no %s", what);
    return value;
  }

  /** Builds {@link PreferenceTerms}; set what the data has, leave the rest out. */
  public static final class Builder {
    private NDArray policyChosen;
    private NDArray policyRejected;
    private NDArray refChosen;
    private NDArray refRejected;
    private NDArray chosenLengths;
    private NDArray rejectedLengths;
    private TokenTerms chosenTokens;
    private TokenTerms rejectedTokens;
    private NDArray labels;
    private NDArray mismatchedPolicy;
    private NDArray mismatchedReference;
    private NDArray chosenScores;
    private NDArray rejectedScores;
    private NDArray policyGold;
    private NDArray goldLengths;
    private ListTerms lists;
    private DenoisingTerms denoising;
    private NDArray weights;
    private final Map<String, Keyed<?>> keyed = new LinkedHashMap<>();

    private Builder() {}

    /** Policy terms of chosen and rejected completions, [B]. */
    public Builder policy(NDArray chosen, NDArray rejected) {
      policyChosen = chosen; policyRejected = rejected; return this;
    }
    /** Reference terms of chosen and rejected completions, [B]. */
    public Builder reference(NDArray chosen, NDArray rejected) {
      refChosen = chosen; refRejected = rejected; return this;
    }
    /** Completion lengths in tokens, [B]. */
    public Builder lengths(NDArray chosen, NDArray rejected) {
      chosenLengths = chosen; rejectedLengths = rejected; return this;
    }
    /** Per-token terms of both sides. */
    public Builder tokens(TokenTerms chosen, TokenTerms rejected) {
      chosenTokens = chosen; rejectedTokens = rejected; return this;
    }
    /** Unpaired labels (1 desirable, 0 undesirable), [B]. */
    public Builder labels(NDArray value) { labels = value; return this; }
    /** Policy and reference terms of mismatched (prompt, completion) pairs, for KTO's KL estimate. */
    public Builder mismatched(NDArray policy, NDArray reference) {
      mismatchedPolicy = policy; mismatchedReference = reference; return this;
    }
    /** Scores of chosen and rejected completions, [B] or [B, K]. */
    public Builder scores(NDArray chosen, NDArray rejected) {
      chosenScores = chosen; rejectedScores = rejected; return this;
    }
    /** The gold completion's summed log-prob and length (TPO), [B]. */
    public Builder gold(NDArray policy, NDArray lengths) { policyGold = policy; goldLengths = lengths; return this; }
    public Builder lists(ListTerms value) { lists = value; return this; }
    public Builder denoising(DenoisingTerms value) { denoising = value; return this; }
    /** Per-example weights multiplying the per-example loss, [B]. */
    public Builder weights(NDArray value) { weights = value; return this; }

    /**
     * Puts a keyed term, replacing any value under the same name; {@code null} removes it. One name holds
     * one type: putting a value under a key of the same name and another type fails.
     */
    public <T> Builder put(TermKey<T> key, T value) {
      Preconditions.checkNotNull(key, "term key");
      Keyed<?> old = keyed.get(key.name());
      Preconditions.checkArgument(old == null || old.key().equals(key),
          "term '%s' is already a %s, cannot put a %s", key.name(), old == null ? null : old.key(), key);
      if (value == null) keyed.remove(key.name());
      else keyed.put(key.name(), new Keyed<>(key, key.cast(value)));
      return this;
    }

    public PreferenceTerms build() {
      Preconditions.checkState(policyChosen != null || lists != null || !keyed.isEmpty(),
          "preference terms need policy terms, lists or keyed terms");
      return new PreferenceTerms(this);
    }
  }
}
