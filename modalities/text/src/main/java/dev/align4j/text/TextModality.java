package dev.align4j.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.Text;
import dev.align4j.core.train.Modality;
import dev.align4j.core.train.Reference;
import dev.align4j.core.train.ReferenceTable;
import dev.align4j.losses.ListTerms;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceTerms;
import dev.align4j.losses.TokenTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Causal LMs: a batch's completions are scored by summed token log-probs under the policy and the
 * reference, all sequences of a batch in one forward pass each. Paired, unpaired (with KTO's mismatched
 * pairs) and listwise data.
 */
public class TextModality<M extends TextPolicy> implements Modality<PreferenceExample, M> {
  private final TextEncoder encoder;

  public TextModality(TextEncoder encoder) {
    this.encoder = encoder;
  }

  public TextEncoder encoder() {
    return encoder;
  }

  @Override
  public String name() {
    return "text";
  }

  @Override
  public PreferenceTerms terms(M policy, Reference<M> reference, List<PreferenceExample> batch, Set<Need> needs,
      boolean training) {
    if (batch.get(0) instanceof PreferenceExample.Listwise) return listwise(policy, reference, batch, training);
    if (batch.get(0) instanceof PreferenceExample.Unpaired) return unpaired(policy, reference, batch, training);
    List<EncodedExample> seqs = new ArrayList<>();
    for (PreferenceExample e : batch) {
      PreferenceExample.Paired p = paired(e);
      seqs.add(encoder.encode(p.prompt(), p.chosen()));
    }
    for (PreferenceExample e : batch) {
      PreferenceExample.Paired p = paired(e);
      seqs.add(encoder.encode(p.prompt(), p.rejected()));
    }
    int n = batch.size();
    boolean tokens = needs.contains(Need.TOKENS) || needs.contains(Need.VOCAB_KL) || needs.contains(Need.SQUARED_MASS);
    Scored s = score(policy, reference, seqs, needs, training);
    PreferenceTerms.Builder b = PreferenceTerms.builder()
        .policy(s.policySums.get(new NDIndex("0:" + n)), s.policySums.get(new NDIndex(n + ":")))
        .reference(s.refSums.get(new NDIndex("0:" + n)), s.refSums.get(new NDIndex(n + ":")))
        .lengths(s.lengths.get(new NDIndex("0:" + n)), s.lengths.get(new NDIndex(n + ":")));
    if (tokens) b.tokens(s.side(0, n), s.side(n, 2 * n));
    return b.build();
  }

  private PreferenceTerms unpaired(M policy, Reference<M> reference, List<PreferenceExample> batch, boolean training) {
    int n = batch.size();
    List<EncodedExample> seqs = new ArrayList<>();
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
      PreferenceExample.Unpaired u = (PreferenceExample.Unpaired) batch.get(i);
      seqs.add(encoder.encode(u.prompt(), u.completion()));
      labels[i] = u.label() ? 1 : 0;
    }
    // KTO's KL estimate: prompt i with the completion of example i+1 (a mismatched pair), as TRL does.
    for (int i = 0; i < n; i++) {
      PreferenceExample.Unpaired u = (PreferenceExample.Unpaired) batch.get(i);
      PreferenceExample.Unpaired other = (PreferenceExample.Unpaired) batch.get((i + 1) % n);
      seqs.add(encoder.encode(u.prompt(), other.completion()));
    }
    Scored s = score(policy, reference, seqs, Set.of(), training);
    NDManager m = s.policySums.getManager();
    return PreferenceTerms.builder()
        .policy(s.policySums.get(new NDIndex("0:" + n)), null)
        .reference(s.refSums.get(new NDIndex("0:" + n)), null)
        .lengths(s.lengths.get(new NDIndex("0:" + n)), null)
        .labels(m.create(labels))
        .mismatched(s.policySums.get(new NDIndex(n + ":")).stopGradient(), s.refSums.get(new NDIndex(n + ":")))
        .build();
  }

  private PreferenceTerms listwise(M policy, Reference<M> reference, List<PreferenceExample> batch, boolean training) {
    int k = 0;
    for (PreferenceExample e : batch) k = Math.max(k, ((PreferenceExample.Listwise) e).completions().size());
    List<EncodedExample> seqs = new ArrayList<>();
    float[] scores = new float[batch.size() * k];
    float[] mask = new float[batch.size() * k];
    for (int i = 0; i < batch.size(); i++) {
      PreferenceExample.Listwise l = (PreferenceExample.Listwise) batch.get(i);
      for (int j = 0; j < k; j++) {
        int c = Math.min(j, l.completions().size() - 1);  // padding repeats the last candidate, masked out
        seqs.add(encoder.encode(l.prompt(), l.completions().get(c)));
        if (j < l.completions().size()) {
          scores[i * k + j] = l.scores().get(j).floatValue();
          mask[i * k + j] = 1;
        }
      }
    }
    Scored s = score(policy, reference, seqs, Set.of(), training);
    NDManager m = s.policySums.getManager();
    Shape shape = new Shape(batch.size(), k);
    ListTerms lists = new ListTerms(s.policySums.reshape(shape), s.refSums.reshape(shape),
        m.create(scores, shape), m.create(mask, shape));
    return PreferenceTerms.builder().lists(lists).build();
  }

  /** Real (unpadded) tokens of every sequence the batch feeds the policy. */
  @Override
  public long tokens(List<PreferenceExample> batch) {
    long n = 0;
    for (PreferenceExample e : batch) {
      if (e instanceof PreferenceExample.Paired p) {
        n += encoder.encode(p.prompt(), p.chosen()).ids().length
            + encoder.encode(p.prompt(), p.rejected()).ids().length;
      } else if (e instanceof PreferenceExample.Unpaired u) {
        n += 2L * encoder.encode(u.prompt(), u.completion()).ids().length;  // with its mismatched pair
      } else {
        for (Text c : ((PreferenceExample.Listwise) e).completions()) n += encoder.encode(promptOf(e), c).ids().length;
      }
    }
    return n;
  }

  /** Summed completion log-probs (and per-token terms) under policy and reference. */
  private Scored score(M policy, Reference<M> reference, List<EncodedExample> seqs, Set<Need> needs, boolean training) {
    // Arrays live in the parameters' manager; the engine's per-step NDScope frees them.
    NDManager scope = NDManager.subManagerOf(policy.parameters().get(0).array());
    Batch batch = Batch.of(scope, seqs);
    NDArray policyLogProbs = SequenceLogProbs.logSoftmax(
        policy.lm().logits(new ParameterStore(scope, false), batch.ids, batch.attention, training));
    NDArray targetMask = SequenceLogProbs.targetMask(batch.completion);
    NDArray policyTokens = SequenceLogProbs.perToken(policyLogProbs, batch.ids, targetMask);
    NDArray policySums = policyTokens.sum(new int[] {1});
    NDArray lengths = targetMask.sum(new int[] {1});
    NDArray sq = needs.contains(Need.SQUARED_MASS)
        ? SequenceLogProbs.logSquaredMass(policyLogProbs.stopGradient(), targetMask) : null;
    if (reference != null && reference.mode() == Reference.Mode.PRECOMPUTED) {
      if (needs.contains(Need.TOKENS) || needs.contains(Need.VOCAB_KL)) {
        throw new IllegalStateException("precomputed reference terms hold sequence sums, not per-token terms");
      }
      float[] sums = new float[seqs.size()];
      for (int i = 0; i < sums.length; i++) sums[i] = reference.lookup(seqs.get(i).key());
      return new Scored(policySums, scope.create(sums), lengths, policyTokens, null, targetMask, null, sq);
    }
    // No reference (a loss that needs none, e.g. SFT): the policy's own detached values stand in.
    NDArray refLogProbs = reference == null ? policyLogProbs.stopGradient()
        : reference.apply(policy, model -> SequenceLogProbs.logSoftmax(
            model.lm().logits(new ParameterStore(scope, false), batch.ids, batch.attention, false)).stopGradient());
    NDArray refTokens = SequenceLogProbs.perToken(refLogProbs, batch.ids, targetMask);
    NDArray kl = needs.contains(Need.VOCAB_KL) ? SequenceLogProbs.vocabKl(refLogProbs, policyLogProbs, targetMask)
        : null;
    return new Scored(policySums, refTokens.sum(new int[] {1}), lengths, policyTokens, refTokens, targetMask, kl, sq);
  }

  /**
   * Computes the reference's summed log-prob of every sequence the examples will ever present (paired and
   * listwise data), for {@link Reference#precomputed}.
   */
  public ReferenceTable precompute(M reference, List<PreferenceExample> examples, int batchSize, String fingerprint) {
    ReferenceTable table = new ReferenceTable(fingerprint);
    List<EncodedExample> all = new ArrayList<>();
    for (PreferenceExample e : examples) {
      if (e instanceof PreferenceExample.Paired p) {
        all.add(encoder.encode(p.prompt(), p.chosen()));
        all.add(encoder.encode(p.prompt(), p.rejected()));
      } else if (e instanceof PreferenceExample.Listwise l) {
        for (Text c : l.completions()) all.add(encoder.encode(l.prompt(), c));
      } else {
        throw new IllegalArgumentException("precomputed reference terms need paired or listwise data: KTO's "
            + "mismatched pairs change with every batch");
      }
    }
    NDManager m = NDManager.subManagerOf(reference.parameters().get(0).array());
    for (int start = 0; start < all.size(); start += batchSize) {
      List<EncodedExample> slice = all.subList(start, Math.min(all.size(), start + batchSize));
      try (NDScope ignored = new NDScope()) {
        Batch batch = Batch.of(m, slice);
        NDArray logProbs = SequenceLogProbs.logSoftmax(
            reference.lm().logits(new ParameterStore(m, false), batch.ids, batch.attention, false));
        NDArray sums = SequenceLogProbs.perToken(logProbs, batch.ids, SequenceLogProbs.targetMask(batch.completion))
            .sum(new int[] {1});
        float[] values = sums.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < slice.size(); i++) table.put(slice.get(i).key(), values[i]);
      }
    }
    return table;
  }

  private static PreferenceExample.Paired paired(PreferenceExample e) {
    if (e instanceof PreferenceExample.Paired p) return p;
    throw new IllegalArgumentException(e.source() + ": row " + e.row() + ": a paired loss needs paired data");
  }

  /** Right-padded token ids with attention and completion masks, [N, T]. */
  record Batch(NDArray ids, NDArray attention, NDArray completion) {
    static Batch of(NDManager m, List<EncodedExample> seqs) {
      int t = 0;
      for (EncodedExample e : seqs) t = Math.max(t, e.ids().length);
      long[] ids = new long[seqs.size() * t];
      float[] attention = new float[ids.length];
      float[] completion = new float[ids.length];
      for (int i = 0; i < seqs.size(); i++) {
        EncodedExample e = seqs.get(i);
        for (int j = 0; j < e.ids().length; j++) {
          ids[i * t + j] = e.ids()[j];
          attention[i * t + j] = 1;
          if (j >= e.promptLength()) completion[i * t + j] = 1;
        }
      }
      Shape shape = new Shape(seqs.size(), t);
      return new Batch(m.create(ids, shape), m.create(attention, shape), m.create(completion, shape));
    }
  }

  /** Scores of N sequences; {@link #side} slices rows into per-token terms. */
  private record Scored(NDArray policySums, NDArray refSums, NDArray lengths, NDArray policyTokens,
      NDArray refTokens, NDArray mask, NDArray kl, NDArray squaredMass) {
    TokenTerms side(int from, int to) {
      NDIndex rows = new NDIndex(from + ":" + to);
      return new TokenTerms(policyTokens.get(rows), refTokens.get(rows), mask.get(rows),
          kl == null ? null : kl.get(rows), null, squaredMass == null ? null : squaredMass.get(rows));
    }
  }


  /** No generation-based evaluation by default; tasks with a checker override {@link #evaluate}. */
  @Override
  public Map<String, Double> evaluate(M policy, List<PreferenceExample> eval, long seed) {
    return Map.of();
  }

  /** The prompt of any example. */
  public static Text promptOf(PreferenceExample e) {
    if (e instanceof PreferenceExample.Paired p) return p.prompt();
    if (e instanceof PreferenceExample.Unpaired u) return u.prompt();
    return ((PreferenceExample.Listwise) e).prompt();
  }
}
