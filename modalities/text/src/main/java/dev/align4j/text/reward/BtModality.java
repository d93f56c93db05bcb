package dev.align4j.text.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.align4j.core.data.Message;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.Text;
import dev.align4j.core.train.Modality;
import dev.align4j.core.train.Reference;
import dev.align4j.core.util.UserError;
import dev.align4j.losses.Need;
import dev.align4j.losses.PreferenceTerms;
import dev.align4j.rewards.scoring.TextPairTokenizer;
import dev.align4j.rewards.scoring.TokenBatch;
import dev.align4j.text.ChatTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bradley-Terry reward modelling as a modality: a batch of pairs becomes the reward model's scores of the
 * chosen and the rejected sequences, passed to the loss as the policy terms (no reference). With a
 * reference-free {@code -log sigmoid(pc - pr)} loss ({@code cpo}, beta 1, no NLL term) that is the
 * Bradley-Terry loss, and {@code rewards/accuracies} is the pair accuracy. Sequences are laid out by
 * {@link TextPairTokenizer}, exactly as the exported model's scorer lays them out.
 */
public final class BtModality implements Modality<PreferenceExample, RewardGpt> {
  private final TextPairTokenizer tokenizer;
  private final ChatTemplate template;
  private final int vocabSize;
  private final ConcurrentHashMap<List<Text>, long[]> cache = new ConcurrentHashMap<>();

  public BtModality(TextPairTokenizer tokenizer, ChatTemplate template, int vocabSize) {
    this.tokenizer = tokenizer;
    this.template = template;
    this.vocabSize = vocabSize;
  }

  @Override
  public String name() {
    return "bt_text";
  }

  @Override
  public PreferenceTerms terms(RewardGpt model, Reference<RewardGpt> reference, List<PreferenceExample> batch,
      Set<Need> needs, boolean training) {
    int n = batch.size();
    List<long[]> rows = new ArrayList<>();
    for (PreferenceExample e : batch) rows.add(ids(paired(e), true));
    for (PreferenceExample e : batch) rows.add(ids(paired(e), false));
    NDManager m = model.parameters().get(0).array().getManager();
    NDArray scores = scores(model, m, rows, training);
    return PreferenceTerms.builder()
        .policy(scores.get(new NDIndex("0:" + n)), scores.get(new NDIndex(n + ":")))
        .lengths(m.ones(new Shape(n)), m.ones(new Shape(n)))
        .build();
  }

  /** Scores of token rows, right-padded into one batch: {@code [rows]}. Scope the call. */
  static NDArray scores(RewardGpt model, NDManager m, List<long[]> rows, boolean training) {
    TokenBatch b = TextPairTokenizer.pad(rows, 0);
    Shape shape = new Shape(b.rows(), b.length());
    return model.scores(m.create(b.ids(), shape), m.create(b.mask(), shape), training);
  }

  @Override
  public long tokens(List<PreferenceExample> batch) {
    long n = 0;
    for (PreferenceExample e : batch) n += ids(paired(e), true).length + ids(paired(e), false).length;
    return n;
  }

  /** The token ids of an example's chosen or rejected sequence (cached). */
  long[] ids(PreferenceExample.Paired p, boolean chosen) {
    Text completion = chosen ? p.chosen() : p.rejected();
    return cache.computeIfAbsent(List.of(p.prompt(), completion), k -> {
      long[] ids = tokenizer.encode(promptText(p.prompt()), completionText(completion));
      for (long id : ids) {
        if (id < 0 || id >= vocabSize) {
          throw new UserError(p.source() + ": row " + p.row() + ": token id " + id + " of tokenizer "
              + tokenizer.file() + " is outside the model's vocabulary (" + vocabSize + " ids); use the model's own "
              + "tokenizer");
        }
      }
      return ids;
    });
  }

  /** The prompt as the text the tokenizer reads: raw text as is, messages through the chat template. */
  public String promptText(Text prompt) {
    return prompt.isMessages() ? template.renderPrompt(prompt.messages()) : prompt.raw();
  }

  /** A response as the text the tokenizer reads: raw text as is, assistant turns through the chat template. */
  public String completionText(Text completion) {
    if (!completion.isMessages()) return completion.raw();
    StringBuilder text = new StringBuilder();
    for (Message m : completion.messages()) text.append(template.renderCompletion(m.content()));
    return text.toString();
  }

  static PreferenceExample.Paired paired(PreferenceExample e) {
    if (e instanceof PreferenceExample.Paired p) return p;
    throw new UserError(e.source() + ": row " + e.row() + ": a Bradley-Terry reward model trains on paired data "
        + "(prompt, chosen, rejected)");
  }
}
