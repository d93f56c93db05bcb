package dev.align4j.rewards.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import dev.align4j.core.shapes.Relation;
import dev.align4j.core.shapes.ShapeColor;
import dev.align4j.core.shapes.ShapeKind;
import dev.align4j.core.shapes.ShapeSize;
import dev.align4j.core.util.TokenizerJson;
import dev.align4j.rewards.manifest.RewardManifest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code tokenizer.json} of the shapes reward models: a Hugging Face WordLevel model over the shapes
 * world's caption words (one token per word, so a caption's tokens are its words), a lowercase normalizer,
 * a whitespace pre-tokenizer, {@code <unk>} for words outside the world, and CLIP's start and end tokens
 * added by a {@code TemplateProcessing} post-processor. Prompts pad with the end token, as CLIP's do.
 * The same file tokenises training captions and, through the registry's {@code ClipTokenizer}, prompts at
 * scoring time.
 */
public final class ShapesTokenizer {
  public static final String START = "<|startoftext|>";
  public static final String END = "<|endoftext|>";
  public static final String UNKNOWN = "<unk>";
  /** Longest caption: "a small red circle to the right of a large blue square" is 12 words, plus start and end. */
  public static final int MAX_LENGTH = 16;

  private ShapesTokenizer() {}

  /** Every token, in id order: specials, then the world's words. */
  public static List<String> vocabulary() {
    Set<String> words = new LinkedHashSet<>(List.of(UNKNOWN, START, END, "a", "an"));
    for (ShapeSize s : ShapeSize.values()) words.add(s.word());
    for (ShapeColor c : ShapeColor.values()) words.add(c.word());
    for (ShapeKind k : ShapeKind.values()) words.add(k.word());
    for (Relation r : Relation.values()) words.addAll(List.of(r.words().split(" ")));
    return ImmutableList.copyOf(words);
  }

  /** The manifest's {@code text} section for this tokenizer. */
  public static RewardManifest.Text text() {
    return new RewardManifest.Text(MAX_LENGTH, END);
  }

  /** The {@code tokenizer.json} bytes. */
  public static byte[] json() {
    List<String> vocab = vocabulary();
    ObjectNode root = TokenizerJson.document();
    TokenizerJson.addedTokens(root, List.of(UNKNOWN, START, END), vocab::indexOf, false);
    root.putObject("normalizer").put("type", "Lowercase");
    root.putObject("pre_tokenizer").put("type", "Whitespace");
    root.set("post_processor", TokenizerJson.template(START, END, vocab::indexOf, 0));
    root.putNull("decoder");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    ObjectNode v = model.putObject("vocab");
    for (int i = 0; i < vocab.size(); i++) v.put(vocab.get(i), i);
    model.put("unk_token", UNKNOWN);
    return TokenizerJson.text(root).getBytes(StandardCharsets.UTF_8);
  }
}
